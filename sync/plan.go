package sync

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// Op is the kind of a change.
type Op string

// The operations a plan is made of.
const (
	OpCreateItem   Op = "create-item"          // a draft issue (or an issue in issue-repository)
	OpAddItem      Op = "add-item"             // an existing issue or pull request put on the board
	OpAddNote      Op = "add-note"             // a meeting's note: a comment, or a section of a draft body
	OpUpdateNote   Op = "update-note"          // the minutes were edited: the note is rewritten in place
	OpSetField     Op = "set-field"            // Status or Last discussed
	OpCreateStatus Op = "create-status-update" // the meeting's summary of a board
	OpUpdateStatus Op = "update-status-update"
	OpArchive      Op = "archive-item"     // a card moved off the default board
	OpDeduplicate  Op = "remove-duplicate" // a card or comment two runs at once made twice
)

// Options steer planning and applying.
type Options struct {
	Config *Config
	// MinutesURL returns the link to a place in a meeting's minutes; nil
	// links to the file name and anchor.
	MinutesURL func(m *minutes.Meeting, anchor string) string
	// Repo is the minutes' repository, owner/name: its owner is in scope
	// (notes may be written on its issues), and it names the group in notes
	// unless the configuration's group does.
	Repo string
	// Owners, when not nil, are the only owners whose boards and linked
	// issues are read: a pull request's plan must not reveal what else the
	// token can see. Boards of other owners are skipped, with a warning.
	Owners []string
	// Logger receives progress; nil discards it.
	Logger Logger
}

// inScope says whether an owner's boards and issues may be read.
func (o Options) inScope(owner string) bool {
	if o.Owners == nil {
		return true
	}
	for _, x := range o.Owners {
		if strings.EqualFold(x, owner) {
			return true
		}
	}
	return false
}

func (o Options) config() *Config {
	if o.Config == nil {
		return DefaultConfig()
	}
	return o.Config
}

func (o Options) link(m *minutes.Meeting, anchor string) string {
	if o.MinutesURL != nil {
		return o.MinutesURL(m, anchor)
	}
	// The file's path, escaped as a link: a file name cannot open an HTML
	// comment, end the link, or mention anyone.
	segs := strings.Split(m.File, "/")
	for i, seg := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(seg), "@", "%40")
	}
	if anchor == "" {
		return strings.Join(segs, "/")
	}
	return strings.Join(segs, "/") + "#" + url.PathEscape(anchor)
}

// Plan is the list of changes that brings the boards in line with the
// minutes. It is a value: computing it reads nothing and writes nothing,
// and as JSON (a plan file) it holds every step, to be inspected or applied
// later.
type Plan struct {
	Changes    []Change      `json:"changes"`
	NearMisses []NearMiss    `json:"near-misses"`
	Unplaced   []Unplaced    `json:"unplaced"`
	Warnings   []PlanWarning `json:"warnings"`
	Counts     Counts        `json:"counts"`
	// Offline says the plan was made against EmptyBoards: it shows every
	// change as new, and Apply refuses it.
	Offline bool `json:"offline"`
	// Boards names the boards the plan touches: owner/number -> title.
	Boards map[string]string `json:"boards"`
}

// Change is one change to a board, as people read it (Op, Detail and where
// in the minutes it comes from), with the Step that makes it.
type Change struct {
	Op      Op     `json:"op"`
	Board   string `json:"board"` // owner/number
	Item    string `json:"item"`  // the work item's title
	Meeting string `json:"meeting"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Detail  string `json:"detail"`
	Step    Step   `json:"step"` // see planfile.go for its JSON
	// Match says why the work item landed on an existing card when that
	// was not certain: similar words, or an alias.
	Match string `json:"match,omitempty"`
	// Preview is the first line of what the meeting's note says.
	Preview string `json:"preview,omitempty"`
	// Card links the card the change is made on, when it exists already.
	Card string `json:"card,omitempty"`
}

// NearMiss is a work item that resembles a card, but not clearly enough to
// be matched: the plan makes a new card, and a person may confirm the match
// by linking the card in the minutes or with an alias.
type NearMiss struct {
	Board   string   `json:"board"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
	Meeting string   `json:"meeting"`
	Title   string   `json:"title"` // the work item's
	Card    string   `json:"card"`  // the card's title
	URL     string   `json:"url,omitempty"`
	Score   float64  `json:"score"`
	Shared  []string `json:"shared"`
}

// Unplaced is a work item that belongs to no board.
type Unplaced struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Meeting string `json:"meeting"`
	Section string `json:"section"`
	Title   string `json:"title"`
}

// PlanWarning is something a person should know about a plan.
type PlanWarning struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Board   string `json:"board,omitempty"`
	Message string `json:"message"`
}

// Counts sums up a plan or what Apply did.
type Counts struct {
	Changes       int `json:"changes"`
	ItemsCreated  int `json:"items-created"`
	ItemsAdded    int `json:"items-added"`
	NotesAdded    int `json:"notes-added"`
	NotesUpdated  int `json:"notes-updated"`
	FieldsSet     int `json:"fields-set"`
	StatusUpdates int `json:"status-updates"`
	ItemsArchived int `json:"items-archived"`
	Duplicates    int `json:"duplicates-removed"`
	Unplaced      int `json:"unplaced"`
}

func (c *Counts) add(op Op) {
	c.Changes++
	switch op {
	case OpCreateItem:
		c.ItemsCreated++
	case OpAddItem:
		c.ItemsAdded++
	case OpAddNote:
		c.NotesAdded++
	case OpUpdateNote:
		c.NotesUpdated++
	case OpSetField:
		c.FieldsSet++
	case OpCreateStatus, OpUpdateStatus:
		c.StatusUpdates++
	case OpArchive:
		c.ItemsArchived++
	case OpDeduplicate:
		c.Duplicates++
	}
}

// GitHub's limits on what it stores, with room for our markers.
const (
	maxBody  = 65536 // characters in an issue, comment, draft or status body
	maxTitle = 256   // characters in an issue or draft title
)

// NewPlan computes the changes that bring boards in line with meetings.
// Meetings are taken oldest first, and each work item is matched to its
// card, seeing the cards earlier meetings of the same plan create. Then each
// card is written once per kind of change: a new draft is created with the
// notes of every meeting in its body, an issue gets one comment with the
// run's new notes, and Status and Last discussed are set once, to their
// final values. Boards that could not be read are skipped with a warning.
func NewPlan(meetings []*minutes.Meeting, boards *Boards, opts Options) *Plan {
	p := newPlanner(boards, opts)
	ms := append([]*minutes.Meeting(nil), meetings...)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Date != ms[j].Date {
			return ms[i].Date < ms[j].Date
		}
		return ms[i].File < ms[j].File
	})
	p.plan.Warnings = append(p.plan.Warnings, boards.Warnings...)
	for _, ref := range sortedKeys(boards.Errors) {
		p.plan.Warnings = append(p.plan.Warnings, PlanWarning{Board: ref, Message: fmt.Sprintf("board %s was not read, nothing planned for it: %v", ref, boards.Errors[ref])})
	}
	p.heal()
	p.run(ms)
	for _, c := range p.plan.Changes {
		p.plan.Counts.add(c.Op)
		if _, ok := p.plan.Boards[c.Board]; !ok {
			p.plan.Boards[c.Board] = boardTitle(c.Board, boards, ms)
		}
	}
	p.plan.Counts.Unplaced = len(p.plan.Unplaced)
	p.plan.nonNil()
	return p.plan
}

// nonNil makes the plan's lists empty rather than nil, so that its JSON has
// [] for an empty list, never null.
func (p *Plan) nonNil() {
	if p.Changes == nil {
		p.Changes = []Change{}
	}
	if p.NearMisses == nil {
		p.NearMisses = []NearMiss{}
	}
	if p.Unplaced == nil {
		p.Unplaced = []Unplaced{}
	}
	if p.Warnings == nil {
		p.Warnings = []PlanWarning{}
	}
}

// newPlanner returns a planner working on a copy of the snapshot.
func newPlanner(boards *Boards, opts Options) *planner {
	snap := boards.clone()
	return &planner{
		opts:   opts,
		cfg:    opts.config(),
		boards: snap,
		plan:   &Plan{Offline: boards.Offline, Boards: map[string]string{}},
		warned: map[string]bool{},
		cards:  map[*Board][]*card{},
		match:  newMatcher(opts.config(), snap),
		titles: map[*Board]*titleSet{},
	}
}

// planner computes a plan in two passes: meeting by meeting it matches each
// work item to its card, on a copy of the snapshot where the cards it will
// create already stand; then it writes the steps of each card and each
// status update.
type planner struct {
	opts   Options
	cfg    *Config
	boards *Boards
	plan   *Plan
	next   int // placeholder counter
	warned map[string]bool

	order    []*Board           // boards in the order meetings report on them
	cards    map[*Board][]*card // the cards the meetings report on, by board, in order
	statuses []*statusPlan      // the status updates, in meeting order
	match    *matcher
	taken    map[string]bool      // the cards the meeting being planned has matched, by item ID
	moves    []move               // cards moved off the default board
	statusOf []*group             // topic statuses, noted once every meeting's cards are known
	reported []reported           // every group and the card it landed on, in meeting order
	unplaced []*group             // loose groups no board took at their meeting
	titles   map[*Board]*titleSet // the titles of each board's cards, as new cards are named
}

// placeLate places the loose groups no board took at their meeting against
// every card the run knows; those still without a board are unplaced.
func (p *planner) placeLate() {
	p.taken = map[string]bool{}
	p.match.meeting()
	for _, g := range p.unplaced {
		if b, ok := place(p.match, p.boards, g, p.taken); ok {
			p.report(g.m, b, g)
			continue
		}
		p.plan.Unplaced = append(p.plan.Unplaced, g.unplaced()...)
	}
}

// run plans the meetings, oldest first: their work items, then the topic
// statuses and status updates once every card is known, then the steps.
func (p *planner) run(ms []*minutes.Meeting) {
	for _, m := range ms {
		p.meeting(m)
	}
	p.placeLate()
	p.topicStatuses()
	p.statusUpdates(ms)
	p.emit()
}

// deferStatuses keeps the topic statuses of a meeting ("No progress") for
// after the last meeting: a card a later meeting of the same run makes is
// then there to note them on, as it is on the next run.
func (p *planner) deferStatuses(groups []*group) []*group {
	var kept []*group
	for _, g := range groups {
		if g.status != "" {
			p.statusOf = append(p.statusOf, g)
			continue
		}
		kept = append(kept, g)
	}
	return kept
}

// topicStatuses notes each topic status on the card its topic has, if it
// has one.
func (p *planner) topicStatuses() {
	p.match.meeting()
	var m *minutes.Meeting
	for _, g := range p.statusOf {
		if g.m != m { // a card one meeting took is free for the next
			m, p.taken = g.m, map[string]bool{}
		}
		var b *Board
		if g.loose {
			b, _ = place(p.match, p.boards, g, p.taken)
		} else {
			b = p.boards.ByRef[g.board.String()]
		}
		if b != nil {
			p.report(g.m, b, g)
		}
	}
}

// meeting matches one meeting's work items to their cards and plans its
// status update on each board it reported something on. Work items outside
// every board section are placed first (see place).
func (p *planner) meeting(m *minutes.Meeting) {
	p.taken = map[string]bool{}
	p.match.meeting()
	groups, boards := groupsOf(m, p.cfg)
	groups = p.deferStatuses(groups)
	boards = p.unlinkMissing(groups, boards)
	groups, boards = p.placeLoose(groups, boards)
	for _, ref := range boards {
		b := p.boards.ByRef[ref.String()]
		if b == nil {
			continue // not read: warned once already
		}
		if _, seen := p.cards[b]; !seen {
			p.cards[b] = nil
			p.order = append(p.order, b)
		}
		for _, g := range groups {
			if g.board == ref {
				p.report(m, b, g)
			}
		}
	}
}

// placeLoose places the loose groups, lists those no board takes as
// unplaced, and returns the groups to plan with the boards they are on.
func (p *planner) placeLoose(groups []*group, boards []BoardRef) ([]*group, []BoardRef) {
	var kept []*group
	for _, g := range groups {
		if g.loose {
			b, ok := place(p.match, p.boards, g, p.taken)
			if !ok {
				// Tried again once every meeting's cards are known: a later
				// run finds them all from the start.
				p.unplaced = append(p.unplaced, g)
				continue
			}
			g.board = b.Ref
			if !slices.Contains(boards, b.Ref) {
				boards = append(boards, b.Ref)
			}
		}
		kept = append(kept, g)
	}
	return kept, boards
}

// unlinkMissing gives back to their heading's board the groups a card's
// link put on another board when the link names no card there (deleted
// since, or mistyped), and returns the boards the groups are on. A board
// that could not be read says nothing: its work waits for it (its error is
// reported), rather than make a card elsewhere.
func (p *planner) unlinkMissing(groups []*group, boards []BoardRef) []BoardRef {
	for _, g := range groups {
		if g.byCard == nil {
			continue
		}
		b := p.boards.ByRef[g.board.String()]
		if b == nil {
			continue
		}
		if _, ok := p.match.index(b).card(b, g.byCard); !ok {
			g.board, g.byCard = g.heading, nil
			if !slices.Contains(boards, g.board) {
				boards = append(boards, g.board)
			}
		}
	}
	return boards
}

// emit writes the steps: for each board, its cards in the order they were
// first reported, then its status updates in meeting order.
func (p *planner) emit() {
	for _, b := range p.order {
		for _, c := range p.cards[b] {
			p.emitCard(c)
		}
		for _, st := range p.statuses {
			if st.board == b {
				p.emitStatus(st)
			}
		}
	}
	p.emitMoves()
}

// add appends a change made by step s to the plan.
func (p *planner) add(base Change, op Op, detail string, s Step) {
	c := base
	c.Op, c.Detail, c.Step = op, detail, s
	p.plan.Changes = append(p.plan.Changes, c)
}

// placeholder returns a new placeholder ID, "new:N".
func (p *planner) placeholder() string {
	p.next++
	return placeholderPrefix + strconv.Itoa(p.next)
}

// field finds a board field by name (case-insensitively) and type; a missing
// one is a warning, once per board, that lists what the board has.
func (p *planner) field(b *Board, name string, t FieldType) *Field {
	if name == "" {
		return nil
	}
	var names []string
	for i, f := range b.Fields {
		if strings.EqualFold(f.Name, name) {
			if f.DataType == t {
				return &b.Fields[i]
			}
			p.warnOnce(b, "type "+name, fmt.Sprintf("board %s: field %q is %s, not %s; it is left alone", b.Ref, f.Name, f.DataType, t))
			return nil
		}
		if f.DataType == t {
			names = append(names, strconv.Quote(f.Name))
		}
	}
	have := "none"
	if len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	p.warnOnce(b, "field "+name, fmt.Sprintf("board %s has no %s field named %q (its %s fields: %s); it is left alone", b.Ref, strings.ToLower(strings.ReplaceAll(string(t), "_", "-")), name, strings.ToLower(strings.ReplaceAll(string(t), "_", "-")), have))
	return nil
}

// option finds a single-select option by name (case-insensitively); a
// missing one is a warning, once per board.
func (p *planner) option(b *Board, f *Field, name string) *Option {
	var names []string
	for i, o := range f.Options {
		if strings.EqualFold(o.Name, name) {
			return &f.Options[i]
		}
		names = append(names, strconv.Quote(o.Name))
	}
	p.warnOnce(b, "option "+name, fmt.Sprintf("board %s: field %q has no option %q (options: %s); done items keep their status", b.Ref, f.Name, name, strings.Join(names, ", ")))
	return nil
}

func (p *planner) warnOnce(b *Board, what, msg string) {
	k := b.Ref.String() + "\x00" + what
	if p.warned[k] {
		return
	}
	p.warned[k] = true
	p.plan.Warnings = append(p.plan.Warnings, PlanWarning{Board: b.Ref.String(), Message: msg})
}

// boardTitle is a board's title as GitHub has it, else as the minutes gave it.
func boardTitle(ref string, boards *Boards, ms []*minutes.Meeting) string {
	if b := boards.ByRef[ref]; b != nil && !boards.Offline && b.Title != "" {
		return b.Title
	}
	for i := len(ms) - 1; i >= 0; i-- { // the newest minutes' name for it
		for _, r := range ms[i].Boards {
			if r.Board.Key() == ref && r.Board.Title != "" {
				return r.Board.Title
			}
		}
	}
	return ""
}

func kindName(t ContentType) string {
	switch t {
	case ContentPullRequest:
		return "Pull request"
	case ContentDraft:
		return "Draft"
	}
	return "Issue"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package sync

import (
	"fmt"
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
)

// Options steer planning and applying.
type Options struct {
	Config *Config
	// MinutesURL returns the link to a place in a meeting's minutes; nil
	// links to the file name and anchor.
	MinutesURL func(m *minutes.Meeting, anchor string) string
	// Logger receives progress; nil discards it.
	Logger Logger
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
	if anchor == "" {
		return m.File
	}
	return m.File + "#" + anchor
}

// Plan is the list of changes that brings the boards in line with the
// minutes. It is a value: computing it reads nothing and writes nothing,
// and as JSON (a plan file) it holds every step, to be inspected or applied
// later.
type Plan struct {
	Changes  []Change      `json:"changes"`
	Unplaced []Unplaced    `json:"unplaced"`
	Warnings []PlanWarning `json:"warnings"`
	Counts   Counts        `json:"counts"`
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
	}
}

// GitHub's limits on what it stores, with room for our markers.
const (
	maxBody  = 65536 // characters in an issue, comment, draft or status body
	maxTitle = 256   // characters in an issue or draft title
)

// NewPlan computes the changes that bring boards in line with meetings.
// Meetings are taken oldest first; later meetings see what earlier ones in
// the same plan create. Boards that could not be read are skipped with a
// warning.
func NewPlan(meetings []*minutes.Meeting, boards *Boards, opts Options) *Plan {
	p := &planner{
		opts:   opts,
		cfg:    opts.config(),
		boards: boards.clone(),
		plan:   &Plan{Offline: boards.Offline, Boards: map[string]string{}},
		warned: map[string]bool{},
	}
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
	for _, m := range ms {
		p.meeting(m)
	}
	for _, c := range p.plan.Changes {
		p.plan.Counts.add(c.Op)
		if _, ok := p.plan.Boards[c.Board]; !ok {
			p.plan.Boards[c.Board] = boardTitle(c.Board, boards, ms)
		}
	}
	p.plan.Counts.Unplaced = len(p.plan.Unplaced)
	return p.plan
}

// planner computes a plan meeting by meeting, on a copy of the snapshot
// that it changes as the plan would, so that later groups and meetings see
// what earlier ones create.
type planner struct {
	opts   Options
	cfg    *Config
	boards *Boards
	plan   *Plan
	next   int // placeholder counter
	warned map[string]bool
}

// meeting plans one meeting: each board's groups, then its status update.
func (p *planner) meeting(m *minutes.Meeting) {
	groups, boards, unplaced := groupsOf(m, p.cfg)
	p.plan.Unplaced = append(p.plan.Unplaced, unplaced...)
	for _, ref := range boards {
		b := p.boards.ByRef[ref.String()]
		if b == nil {
			continue // not read: warned once already
		}
		var bgroups []*group
		for _, g := range groups {
			if g.board == ref {
				bgroups = append(bgroups, g)
				p.item(m, b, g)
			}
		}
		p.status(m, b, bgroups)
	}
}

// origin is what the changes for one group share: the meeting, the board
// and the group they come from, and the fields of a Change that say so.
type origin struct {
	m    *minutes.Meeting
	b    *Board
	g    *group
	base Change
}

// add appends a change made by step s to the plan.
func (p *planner) add(o origin, op Op, detail string, s Step) {
	c := o.base
	c.Op, c.Detail, c.Step = op, detail, s
	p.plan.Changes = append(p.plan.Changes, c)
}

// placeholder returns a new placeholder ID, "new:N".
func (p *planner) placeholder() string {
	p.next++
	return placeholderPrefix + strconv.Itoa(p.next)
}

// item plans one group: find or create its card, write the meeting's note,
// and set the fields.
func (p *planner) item(m *minutes.Meeting, b *Board, g *group) {
	first := g.items[0]
	o := origin{m: m, b: b, g: g, base: Change{Board: b.Ref.String(), Item: first.Title, Meeting: m.Date, File: m.File, Line: first.Line}}
	note := p.noteText(m, g, p.opts.link(m, first.Anchor))
	g.sum = checksum(p.noteText(m, g, ""))
	mt := match(b, p.boards, g.key, g.items)
	target := mt.Item
	switch {
	case mt.Reason == MatchLinkedNotOnBoard:
		target = p.addLinked(o, mt.Linked)
	case target == nil && p.cfg.IssueRepository != "":
		target = p.createIssue(o)
	case target == nil:
		target = p.createDraft(o, note)
	}
	created := mt.Item == nil
	if !created || target.Type != ContentDraft {
		p.note(o, target, note)
	}
	// A card this tool made that has no status yet was cut short (a run
	// stopped between creating it and setting its fields): it is still new.
	fresh := mt.Reason == MatchMarker && target.Status == ""
	p.fields(o, target, created || fresh)
}

// newCard puts a card the plan makes on the board the planner keeps, so
// that later groups and meetings see it; it returns the board's copy.
func newCard(b *Board, it Item) *Item {
	b.Items = append(b.Items, it)
	return &b.Items[len(b.Items)-1]
}

// addLinked plans putting a linked issue or pull request on the board.
func (p *planner) addLinked(o origin, c Content) *Item {
	item := p.placeholder()
	p.add(o, OpAddItem, fmt.Sprintf("add %s %s#%d to the board", strings.ToLower(kindName(c.Type)), c.Repo, c.Number),
		AddItem{Project: o.b.ID, Content: c.ID, Item: item})
	comments := append([]Comment(nil), p.boards.linkedComments[c.ID]...)
	return newCard(o.b, Item{ID: item, Type: c.Type, Content: c, Comments: comments})
}

// createIssue plans a new card that is an issue in the issue repository.
func (p *planner) createIssue(o origin) *Item {
	first, repo := o.g.items[0], p.cfg.IssueRepository
	issue, item := p.placeholder(), p.placeholder()
	title := clipTitle(p.text(first.Title), maxTitle)
	body := p.itemBody(o.m, o.g, first)
	p.add(o, OpCreateItem, "create an issue in "+repo,
		CreateIssue{Repo: repo, Title: title, Body: body, Marker: itemMarker(o.g.key), Issue: issue})
	p.add(o, OpAddItem, "add the new issue to the board", AddItem{Project: o.b.ID, Content: issue, Item: item})
	c := Content{ID: issue, Type: ContentIssue, Title: title, Body: body, Repo: repo}
	return newCard(o.b, Item{ID: item, Type: ContentIssue, Content: c})
}

// createDraft plans a new card that is a draft issue, with the meeting's
// note in its body.
func (p *planner) createDraft(o origin, note string) *Item {
	first := o.g.items[0]
	draft, item := p.placeholder(), p.placeholder()
	title := clipTitle(p.text(first.Title), maxTitle)
	body := p.fitDraft(p.itemBody(o.m, o.g, first), o.m, o.g, note)
	p.add(o, OpCreateItem, "create a draft issue", CreateDraft{Project: o.b.ID, Title: title, Body: body, Item: item, Draft: draft})
	p.add(o, OpAddNote, "the meeting's note, in the new draft's body", NoteInNewDraft{Draft: draft})
	c := Content{ID: draft, Type: ContentDraft, Title: title, Body: body}
	return newCard(o.b, Item{ID: item, Type: ContentDraft, Content: c})
}

// note plans the meeting's note on an existing card.
func (p *planner) note(o origin, target *Item, note string) {
	switch target.Type {
	case ContentDraft:
		p.draftNote(o, target, note)
	case ContentIssue, ContentPullRequest:
		p.commentNote(o, target, note)
	}
}

// draftNote plans the meeting's note as a section of a draft's body.
func (p *planner) draftNote(o origin, target *Item, note string) {
	m, g := o.m, o.g
	op, detail := OpAddNote, "append the meeting's note to the draft"
	if sum, found := markerSum(target.Content.Body, notePrefix(m.Date, g.key)); found {
		if sum == g.sum {
			return
		}
		op, detail = OpUpdateNote, "rewrite the meeting's note in the draft (the minutes changed)"
	}
	body := withDraftNote(target.Content.Body, m.Date, g.key, p.fitDraftNote(target.Content.Body, m, g, note))
	p.add(o, op, detail, UpdateDraft{Draft: target.Content.ID, Title: target.Content.Title, Body: body})
	target.Content.Body = body
}

// commentNote plans the meeting's note as a comment on an issue or pull
// request: a new one, or the one already there rewritten.
func (p *planner) commentNote(o origin, target *Item, note string) {
	m, g := o.m, o.g
	body := p.fitComment(m, g, note)
	for i, c := range target.Comments {
		if sum, found := markerSum(c.Body, notePrefix(m.Date, g.key)); found {
			if sum == g.sum {
				return
			}
			p.add(o, OpUpdateNote, "edit the meeting's comment (the minutes changed)", UpdateComment{Comment: c.ID, Body: body})
			target.Comments[i].Body = body
			return
		}
	}
	comment := p.placeholder()
	p.add(o, OpAddNote, "comment with the meeting's note", AddComment{Subject: target.Content.ID, Body: body, Comment: comment})
	target.Comments = append(target.Comments, Comment{ID: comment, Body: body})
}

// fields plans Status and Last discussed.
func (p *planner) fields(o origin, target *Item, created bool) {
	m, b, names := o.m, o.b, p.cfg.Fields
	notOlder := target.LastDate == "" || m.Date >= target.LastDate
	if status := p.field(b, names.Status, FieldSingleSelect); status != nil && len(status.Options) > 0 {
		var want *Option
		if o.g.state() == minutes.StateDone && notOlder {
			want = p.option(b, status, names.DoneOption)
		} else if created {
			want = &status.Options[0]
		}
		if want != nil && !strings.EqualFold(target.Status, want.Name) {
			p.add(o, OpSetField, fmt.Sprintf("%s: %s", status.Name, want.Name),
				SetStatus{Project: b.ID, Item: target.ID, Field: status.ID, Option: want.ID})
			target.Status = want.Name
		}
	}
	if date := p.field(b, names.LastDiscussed, FieldDate); date != nil && (target.LastDate == "" || target.LastDate < m.Date) {
		p.add(o, OpSetField, fmt.Sprintf("%s: %s", date.Name, m.Date),
			SetDate{Project: b.ID, Item: target.ID, Field: date.ID, Date: m.Date})
		target.LastDate = m.Date
	}
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

// status plans the board's status update for the meeting.
func (p *planner) status(m *minutes.Meeting, b *Board, groups []*group) {
	body, sum := p.statusText(m, b, groups)
	o := origin{m: m, b: b, base: Change{Board: b.Ref.String(), Meeting: m.Date, File: m.File, Item: "(status update)"}}
	for _, r := range m.Boards {
		if RefOf(r.Board) == b.Ref {
			o.base.Line = r.Line
			break
		}
	}
	for i, su := range b.StatusUpdates {
		if old, found := markerSum(su.Body, statusPrefix(m.Date)); found {
			if old == sum {
				return
			}
			p.add(o, OpUpdateStatus, "rewrite the meeting's status update (the minutes changed)", UpdateStatusUpdate{StatusUpdate: su.ID, Body: body})
			b.StatusUpdates[i].Body = body
			return
		}
	}
	id := p.placeholder()
	p.add(o, OpCreateStatus, "post the meeting's status update", CreateStatusUpdate{Project: b.ID, Body: body, StartDate: m.Date, StatusUpdate: id})
	b.StatusUpdates = append(b.StatusUpdates, StatusUpdate{ID: id, Body: body, StartDate: m.Date})
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

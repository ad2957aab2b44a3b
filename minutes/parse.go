package minutes

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Options change how minutes are read. The zero Options use the defaults.
type Options struct {
	// Housekeeping lists the section-title patterns that are never read as
	// work items (see DefaultHousekeeping for the syntax). Nil means
	// DefaultHousekeeping(); an empty, non-nil list turns housekeeping off.
	Housekeeping []string

	// Buckets lists more section-title patterns (the syntax of
	// Housekeeping) of headings that collect unrelated work: the heading is
	// no work item, each of its top-level bullets is one, owner-led or not.
	// They add to the built-in ones ("Ongoing vulnerabilities", "Operating
	// changes", "Other", "AOB", …).
	Buckets []string

	// Handles maps a handle as written in the minutes to the GitHub login
	// it stands for ("stigsp" -> "stigtsp"), with or without "@", case
	// insensitively. It applies to owners, attendees and regrets. It maps
	// names too ("Eric Huss" -> "ehuss"): an owner or attendee written as a
	// name that Handles maps is a login.
	Handles map[string]string

	// Repo is the repository the minutes belong to, "owner/name" (the
	// action's repository, or the CLI's --repo). A bare "#12" outside any
	// repository heading refers to it, and "name#12" with no owner takes
	// its owner. Empty means unknown: such references are then resolved
	// only from the minutes themselves.
	Repo string
}

// Parse reads minutes with the default Options. name is the file's name;
// it is used in errors and may carry the meeting's date.
func Parse(name string, src []byte) (*Meeting, error) {
	return Options{}.Parse(name, src)
}

// Parse reads the minutes in src. name is the file's name; it is used in
// errors and warnings and may carry the meeting's date. Input that cannot
// be minutes (binary, not UTF-8, larger than MaxFileSize, empty, or with no
// date anywhere) is a *ParseError; everything else that looks wrong is a
// Warning in the Meeting.
func (o Options) Parse(name string, src []byte) (*Meeting, error) {
	return o.parseWith(markdown.Parser(), name, src)
}

// parseWith is Parse reading Markdown with md; tests compare markdown with
// goldmark's own GFM through it.
func (o Options) parseWith(md gmparser.Parser, name string, src []byte) (m *Meeting, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, &ParseError{File: name, Err: fmt.Errorf("internal error reading minutes: %v", r)}
		}
	}()
	src = normalizeCR(src)
	if err := checkInput(src); err != nil {
		return nil, &ParseError{File: name, Line: err.line, Err: err.err}
	}
	p := newParser(o, name, src)
	p.md = md
	return p.parse()
}

type inputError struct {
	line int
	err  error
}

// checkInput rejects what cannot be Markdown minutes.
func checkInput(src []byte) *inputError {
	if len(src) > MaxFileSize {
		return &inputError{err: fmt.Errorf("file is larger than %d bytes (1 MiB); minutes files are smaller", MaxFileSize)}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return &inputError{line: 1 + bytes.Count(src[:i], []byte("\n")), err: errors.New("binary file (it contains NUL bytes), not Markdown")}
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return &inputError{line: 1 + bytes.Count(src[:i], []byte("\n")), err: errors.New("not UTF-8 text")}
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, bom))) == 0 {
		return &inputError{err: errors.New("empty file: no minutes in it")}
	}
	return guard(src)
}

var bom = []byte("\uFEFF")

// section is a heading and the blocks up to the next heading.
type section struct {
	heading  *ast.Heading // nil for the text before the first heading
	level    int
	title    string
	words    []string
	mask     uint32 // the sets its title matches (setHousekeeping, …)
	anchor   string
	line     int
	board    *Board // the board the heading links, or nil
	blocks   []ast.Node
	children []*section
	parent   *section
}

// scope is what a section inherits from the sections around it.
type scope struct {
	board    int    // index into Meeting.Boards, or -1
	section  string // the title items are filed under
	covered  bool   // inside a housekeeping section
	repo     string // "owner/repo" of the repository heading it is under
	deferred string // the title of the section of topics not discussed it is under
}

type parser struct {
	opts        Options
	md          gmparser.Parser
	sets        patterns // housekeeping and the other kinds of section title
	handles     map[string]string
	name        string
	src         []byte // the whole file
	base        int    // where the Markdown body starts in src
	body        []byte
	lineStarts  []int
	m           *Meeting
	boardIndex  map[string]int
	boardPtr    []*Board // one copy of each board, shared by its items
	owned       []ownerUse
	firstH1     *section
	headingDate struct {
		date string
		line int
	}
	startTime string
	scratch   bytes.Buffer
	rc        refContext
	roster    []person // the people the attendance lists name
	names     rosterIndex
	leads     map[ast.Node]int32 // what readLead read, by list item: an index into leadStore
	leadStore []lead
	itemMeta  []itemMeta
	// contentItems counts the bullets outside housekeeping, the title and
	// agendas; titleMinutes is set while the title section, with no other
	// content in the file, is read as the minutes.
	contentItems int
	titleMinutes bool
	refDefs      bool // the minutes define reference links ("[#12]: https://…")
}

// ownerUse records where an owner was named, to check the spelling later.
type ownerUse struct {
	login string
	line  int
}

func newParser(o Options, name string, src []byte) *parser {
	sets := defaultSets
	if o.Housekeeping != nil && !slices.Equal(o.Housekeeping, defaultHousekeepingList) || len(o.Buckets) > 0 {
		hk := o.Housekeeping
		if hk == nil {
			hk = defaultHousekeepingList
		}
		sets = sectionSets(hk, o.Buckets)
	}
	p := &parser{
		opts:       o,
		sets:       sets,
		name:       name,
		src:        src,
		boardIndex: map[string]int{},
	}
	if len(o.Handles) > 0 {
		p.handles = make(map[string]string, len(o.Handles))
		for k, v := range o.Handles {
			p.handles[strings.ToLower(strings.TrimPrefix(k, "@"))] = strings.TrimPrefix(v, "@")
		}
	}
	p.lineStarts = make([]int, 1, bytes.Count(src, []byte("\n"))+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		p.lineStarts = append(p.lineStarts, off)
	}
	return p
}

// line returns the 1-based line of an offset into the body.
func (p *parser) line(bodyOff int) int {
	off := p.base + bodyOff
	return sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off })
}

// lineEnd returns the offset in src after line to (1-based).
func (p *parser) lineEnd(to int) int {
	if to < len(p.lineStarts) {
		return p.lineStarts[to]
	}
	return len(p.src)
}

// lineText returns lines from..to (1-based, inclusive) of the file.
func (p *parser) lineText(from, to int) string {
	if from < 1 {
		from = 1
	}
	if to > len(p.lineStarts) {
		to = len(p.lineStarts)
	}
	if from > to {
		return ""
	}
	end := len(p.src)
	if to < len(p.lineStarts) {
		end = p.lineStarts[to]
	}
	return string(p.src[p.lineStarts[from-1]:end])
}

func (p *parser) warn(line int, format string, args ...any) {
	p.m.Warnings = append(p.m.Warnings, Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

// lintf records advice for the minutes' author (Meeting.Lint).
func (p *parser) lintf(line int, format string, args ...any) {
	p.m.Lint = append(p.m.Lint, Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) parse() (*Meeting, error) {
	p.m = &Meeting{File: p.name, Attendees: []string{}, Regrets: []string{}, Boards: []Report{}, Items: make([]Item, 0, 8), Warnings: []Warning{}}
	start := 0
	if bytes.HasPrefix(p.src, bom) {
		start = len(bom)
	}
	fm := readFrontMatter(p.src, start)
	p.base = start
	if fm.end > 0 {
		p.base = fm.end
	}
	p.body = p.src[p.base:]

	pc := gmparser.NewContext()
	doc := p.md.Parse(text.NewReader(p.body), gmparser.WithContext(pc))
	p.refDefs = len(pc.References()) > 0
	p.rc = newRefContext(p.opts.Repo, p.src)
	root := p.sections(doc)

	top := root.blocks
	if p.firstH1 != nil {
		top = append(slices.Clip(top), p.firstH1.blocks...)
	}
	if err := p.date(fm, top); err != nil {
		return nil, err
	}
	p.m.Title = fm.values["title"]
	if p.m.Title == "" && p.firstH1 != nil {
		p.m.Title = p.firstH1.title
	}
	if p.m.Title == "" {
		p.m.Title = "Minutes " + p.m.Date
	}
	if t := findClock(fm.values["meeting_time"], true); t != "" {
		p.startTime = t
	}

	p.prepass(root, false)
	p.walk(root, scope{board: -1})
	p.finishNotes()
	p.m.StartTime = p.startTime
	p.checkOwners()
	if len(p.m.Items) == 0 {
		p.lintf(1, "no work items found: put each topic under a heading, or as a bullet under a heading such as \"Minutes\" or \"Discussion\"")
	}
	sort.SliceStable(p.m.Warnings, func(i, j int) bool { return p.m.Warnings[i].Line < p.m.Warnings[j].Line })
	sort.SliceStable(p.m.Lint, func(i, j int) bool { return p.m.Lint[i].Line < p.m.Lint[j].Line })
	return p.m, nil
}

// sections splits the document at its headings into a tree of sections.
// The blocks of a section are a run of the document's children, so all
// the sections' blocks share one array, each with its own capacity.
func (p *parser) sections(doc ast.Node) *section {
	root := &section{}
	stack := []*section{root}
	seen := anchors{}
	sawH1 := false
	all := make([]ast.Node, 0, doc.ChildCount())
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			s := &section{heading: n, level: n.Level, title: p.titleOf(n)}
			s.words = headingWords(s.title)
			s.mask = matchMask(p.sets, s.words)
			s.anchor = seen.next(p.text(n)) // GitHub's, from all the heading's text
			s.line = p.line(p.start(n))
			s.board = p.headingBoard(n)
			for len(stack) > 1 && stack[len(stack)-1].level >= n.Level {
				stack = stack[:len(stack)-1]
			}
			s.parent = stack[len(stack)-1]
			s.parent.children = append(s.parent.children, s)
			stack = append(stack, s)
			if n.Level == 1 && !sawH1 {
				sawH1 = true
				if s.board == nil && s.mask&setHousekeeping == 0 {
					p.firstH1 = s // the meeting's title, unless it names housekeeping or a board
				}
			}
			if p.headingDate.date == "" && datedHeading(s.words) {
				if d := findDate(s.title); d != "" {
					p.headingDate.date, p.headingDate.line = d, s.line
				}
			}
		default:
			cur := stack[len(stack)-1]
			all = append(all, n)
			cur.blocks = all[len(all)-len(cur.blocks)-1 : len(all) : len(all)]
		}
	}
	return root
}

// text returns the plain text of block or inline n (see plainText).
func (p *parser) text(n ast.Node) string { return inlineText(n, p.body, &p.scratch, false) }

// titleOf is n's text as a title: without links to cards (see textOf).
func (p *parser) titleOf(n ast.Node) string { return inlineText(n, p.body, &p.scratch, true) }

// datedHeading reports whether a heading with these words may carry the
// meeting's date: "Minutes 2024-02-10", "Agenda & Meeting Details
// 2025-03-12", "Meeting of 6 January 2024" or a bare date; a topic such as
// "FOSDEM 2025-02-01" may not.
func datedHeading(w []string) bool {
	if len(w) == 0 {
		return true
	}
	for _, x := range w {
		switch x {
		case "minutes", "meeting", "agenda", "notes", "call", "sync":
			return true
		}
	}
	return false
}

// start returns the body offset where block n starts.
func (p *parser) start(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if pos := n.Pos(); pos >= 0 {
		return pos
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := p.start(c); s >= 0 {
			return s
		}
	}
	return -1
}

// end returns the body offset where block n's last line of text ends.
func (p *parser) end(n ast.Node) int {
	if n.Type() != ast.TypeBlock {
		return -1
	}
	if l := n.Lines(); l.Len() > 0 { // a leaf block: its lines say it all
		stop := l.At(l.Len() - 1).Stop
		if _, fenced := n.(*ast.FencedCodeBlock); fenced {
			// The closing fence is not among the lines.
			if nl := bytes.IndexByte(p.body[min(stop, len(p.body)):], '\n'); nl >= 0 {
				stop += nl + 1
			}
		}
		return stop
	}
	e := n.Pos()
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if ce := p.end(c); ce > e {
			e = ce
			if c.Type() == ast.TypeBlock {
				break // later blocks end later
			}
		}
	}
	return e
}

// lastLine returns the line of n's last text.
func (p *parser) lastLine(n ast.Node) int {
	e := p.end(n)
	if e <= 0 {
		return p.line(max(p.start(n), 0))
	}
	return p.line(e - 1)
}

// kind is what a section is.
type kind int

const (
	kindNone         kind = iota // no content of its own
	kindTitle                    // the text before the first heading, or the first H1
	kindHousekeeping             // meeting housekeeping; never items
	kindBoard                    // a heading that links a board
	kindContainer                // each top-level bullet is an item
	kindTopic                    // the heading is one item; its content is the notes
	kindDeferred                 // topics not discussed: each is a topic status
)

// classify decides what a section is, from its title and the shape of its
// content: a heading (outside a board, with no reference of its own) whose
// bullets are mostly separate topics is a container, like a section named
// "Minutes" or "Status reports"; any other heading with content is a topic.
func (p *parser) classify(s *section, sc scope) kind {
	switch {
	case s.heading == nil:
		return kindTitle
	case s.board != nil:
		return kindBoard
	case s.mask&setDeferred != 0 || sc.deferred != "":
		return kindDeferred
	case s.mask&setHousekeeping != 0 || sc.covered || timedStep(s.title):
		return kindHousekeeping
	case s == p.firstH1:
		return kindTitle
	case repoHeading(s.title) != "", s.mask&setContainer != 0, p.hasBoardEntry(s.blocks):
		return kindContainer
	case len(s.blocks) > 0 && sc.board < 0 && !p.headingRef(s, sc) && p.topicHeading(s.blocks):
		return kindContainer
	case len(s.blocks) > 0 || p.headingRef(s, sc) && (len(s.children) == 0 || len(p.notesKids(s)) > 0):
		return kindTopic // an empty heading is none, unless it links its issue
	}
	return kindNone
}

// topicHeading reports whether the bullets under a heading are separate
// topics (see topicList), or its one bullet is about an issue of its own
// ("### Requests for help" over one bullet that links an issue).
func (p *parser) topicHeading(blocks []ast.Node) bool {
	n, t := p.topicShape(blocks, true)
	if n == 1 && t == 1 {
		for _, b := range blocks {
			if l, ok := b.(*ast.List); ok && l.ChildCount() == 1 {
				return p.leadRef(p.readLead(l.FirstChild()))
			}
		}
	}
	return topicList(n, t)
}

// headingRef reports whether a heading refers to an issue itself:
// `### "Title" leadership-council#103`, "## Threat model (#51)", even when
// the reference cannot be resolved.
func (p *parser) headingRef(s *section, sc scope) bool {
	head := strings.TrimLeft(p.lineText(s.line, s.line), "# \t")
	if !strings.Contains(head, "#") && !strings.Contains(head, "/issues/") && !strings.Contains(head, "/pull/") {
		return false
	}
	any := refContext{owner: "o", repo: "r", owners: p.rc.owners}
	return len(any.scanRefs(nil, head, 0, "")) > 0
}

// notesKids returns the sub-headings of a topic that are its notes:
// "#### NOTES", "### Discussion".
func (p *parser) notesKids(s *section) []*section {
	var out []*section
	for _, c := range s.children {
		if c.board == nil && c.mask&setNotes != 0 && len(c.children) == 0 {
			out = append(out, c)
		}
	}
	return out
}

// prepass reads the attendance before any item, so that owners written as
// names can be matched against it, and counts the bullets outside
// housekeeping, the title and agendas (see agendaIsPlan).
func (p *parser) prepass(s *section, covered bool) {
	title := s.heading == nil || s == p.firstH1
	hk := !title && s.board == nil && (s.mask&setHousekeeping != 0 || covered)
	if s.mask&(setAttendee|setRegret) != 0 || hk || title {
		p.attendance(s)
	}
	if title || s.mask&setContainer != 0 {
		p.ritualAttendance(s.blocks)
	}
	if !hk && !title && s.mask&setAgenda == 0 {
		for _, b := range s.blocks {
			p.contentItems += countItems(b)
		}
	}
	if hk {
		covered = s.mask&setCover != 0
	}
	for _, c := range s.children {
		p.prepass(c, covered)
	}
}

// containsFold reports whether b holds the lower-case ASCII word w in any
// case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(w)], []byte(w)) {
			return true
		}
	}
	return false
}

// ritualAttendance reads the attendance recorded under a bullet such as
// "Record attendance in minutes".
func (p *parser) ritualAttendance(blocks []ast.Node) {
	for li, lead := range leadsOf(blocks) {
		if raw := p.rawStart(lead); !labelStart(raw) && !containsFold(raw[:min(len(raw), 40)], "attendance") {
			continue
		}
		if w := headingWords(p.text(lead)); len(w) <= maxLabelWords && (slices.Contains(w, "attendance") || matchMask(p.sets, w)&setAttendee != 0) {
			for _, nl := range nestedLists(li) {
				p.attendanceList(nl, attendPresent)
			}
		}
	}
}

func (p *parser) walk(s *section, sc scope) {
	k := p.classify(s, sc)
	if p.startTime == "" && (k == kindTitle || (k == kindHousekeeping || k == kindContainer) && s.mask&setDetail != 0) {
		for _, b := range s.blocks {
			if t := findClock(p.lineText(p.line(max(p.start(b), 0)), p.lastLine(b)), false); t != "" {
				p.startTime = t
				break
			}
		}
	}
	child := sc
	switch k {
	case kindTitle:
		p.titleMinutes = p.contentItems == 0 && len(s.blocks) > 0
		p.container(s, sc, true)
		p.titleMinutes = false
	case kindHousekeeping:
		// Sub-sections of events and format help are housekeeping too;
		// those of other housekeeping are read on their own, as heading
		// levels in minutes are often not nested with care.
		child.covered = s.mask&setCover != 0
	case kindBoard:
		child.board = p.report(*s.board, s.line, s.anchor)
		child.section = p.m.Boards[child.board].Board.Title
		p.boardContent(s, child)
	case kindDeferred:
		p.deferredSection(s, sc)
		child.deferred = s.title
	case kindContainer:
		if r := repoHeading(s.title); r != "" {
			sc.repo, child.repo = r, r
		}
		p.container(s, sc, false)
		child.section = s.title
	case kindTopic:
		kids := p.notesKids(s)
		p.topic(s, sc, kids)
		for _, c := range s.children {
			if !slices.Contains(kids, c) {
				p.walk(c, child)
			}
		}
		return
	case kindNone:
		child.section = s.title
	}
	for _, c := range s.children {
		p.walk(c, child)
	}
}

// deferredSection reads a section of topics not discussed ("Topics we
// didn't get to"): each bullet, and the heading itself under another such
// section, is a topic status.
func (p *parser) deferredSection(s *section, sc scope) {
	bs := bulletScope{board: sc.board, anchor: s.anchor, repo: sc.repo}
	label := s.title
	if sc.deferred != "" {
		label = sc.deferred
		p.status(s.title, label, s.line, bs, nil)
	}
	for _, b := range s.blocks {
		l, ok := b.(*ast.List)
		if !ok {
			continue
		}
		for li := l.FirstChild(); li != nil; li = li.NextSibling() {
			if cl := p.readLead(li); cl.text != "" {
				p.status(cl.names.rest, label, cl.line, bs, p.leadSubject(cl, bs))
			}
		}
	}
}

package minutes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Options change how minutes are read. The zero Options use the defaults.
type Options struct {
	// Housekeeping lists the section-title patterns that are never read as
	// work items (see DefaultHousekeeping for the syntax). Nil means
	// DefaultHousekeeping(); an empty, non-nil list turns housekeeping off.
	Housekeeping []string

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

// markdown is the one goldmark instance; its parser is safe for concurrent
// use.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Parse reads minutes with the default Options. name is the file's name;
// it is used in errors and may carry the meeting's date.
func Parse(name string, src []byte) (*Meeting, error) {
	return Options{}.Parse(name, src)
}

// ParseFile reads and parses the minutes file at path with the default
// Options.
func ParseFile(path string) (*Meeting, error) {
	return Options{}.ParseFile(path)
}

// ParseFile reads and parses the minutes file at path. A file that cannot be
// read, or is a directory or larger than MaxFileSize, is a *ParseError.
func (o Options) ParseFile(path string) (*Meeting, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &ParseError{File: path, Err: fmt.Errorf("cannot open: %w", err)}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &ParseError{File: path, Err: errors.New("is a directory, not a minutes file")}
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &ParseError{File: path, Err: fmt.Errorf("cannot read: %w", err)}
	}
	return o.Parse(path, src)
}

// Parse reads the minutes in src. name is the file's name; it is used in
// errors and warnings and may carry the meeting's date. Input that cannot
// be minutes (binary, not UTF-8, larger than MaxFileSize, empty, or with no
// date anywhere) is a *ParseError; everything else that looks wrong is a
// Warning in the Meeting.
func (o Options) Parse(name string, src []byte) (m *Meeting, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, &ParseError{File: name, Err: fmt.Errorf("internal error reading minutes: %v", r)}
		}
	}()
	if err := checkInput(src); err != nil {
		return nil, &ParseError{File: name, Line: err.line, Err: err.err}
	}
	p := newParser(o, name, src)
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
	return nil
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
	board   int    // index into Meeting.Boards, or -1
	section string // the title items are filed under
	covered bool   // inside a housekeeping section
	repo    string // "owner/repo" of the repository heading it is under
}

type parser struct {
	opts        Options
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
	refDefs   bool     // the minutes define reference links ("[#12]: https://…")
}

// ownerUse records where an owner was named, to check the spelling later.
type ownerUse struct {
	login string
	line  int
}

func newParser(o Options, name string, src []byte) *parser {
	sets := defaultSets
	if o.Housekeeping != nil && !slices.Equal(o.Housekeeping, defaultHousekeepingList) {
		sets = sectionSets(o.Housekeeping)
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
	p.m = &Meeting{File: p.name, Attendees: []string{}, Regrets: []string{}, Boards: []Report{}, Items: make([]Item, 0, 32), Warnings: []Warning{}}
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
	doc := markdown.Parser().Parse(text.NewReader(p.body), gmparser.WithContext(pc))
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

	p.walk(root, scope{board: -1})
	p.m.StartTime = p.startTime
	p.checkOwners()
	sort.SliceStable(p.m.Warnings, func(i, j int) bool { return p.m.Warnings[i].Line < p.m.Warnings[j].Line })
	return p.m, nil
}

// sections splits the document at its headings into a tree of sections.
func (p *parser) sections(doc ast.Node) *section {
	root := &section{}
	stack := []*section{root}
	seen := anchors{}
	sawH1 := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n == doc {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			s := &section{heading: n, level: n.Level, title: p.text(n)}
			s.words = headingWords(s.title)
			s.mask = matchMask(p.sets, s.words)
			s.anchor = seen.next(s.title)
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
			cur.blocks = append(cur.blocks, n)
		}
		return ast.WalkSkipChildren, nil
	})
	return root
}

// text returns the plain text of block or inline n (see plainText).
func (p *parser) text(n ast.Node) string { return inlineText(n, p.body, &p.scratch) }

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
)

func (p *parser) classify(s *section, sc scope) kind {
	switch {
	case s.heading == nil:
		return kindTitle
	case s.board != nil:
		return kindBoard
	case s.mask&setHousekeeping != 0 || sc.covered:
		return kindHousekeeping
	case s == p.firstH1:
		return kindTitle
	case s.mask&setContainer != 0 || p.hasBoardEntry(s.blocks):
		return kindContainer
	case len(s.blocks) > 0 || len(s.children) == 0:
		return kindTopic // an empty heading with no subsections is a topic with no notes
	}
	return kindNone
}

func (p *parser) walk(s *section, sc scope) {
	k := p.classify(s, sc)
	if s.mask&(setAttendee|setRegret) != 0 || k == kindHousekeeping || k == kindTitle {
		p.attendance(s)
	}
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
		p.container(s, sc, true)
	case kindHousekeeping:
		// Sub-sections of events and format help are housekeeping too;
		// those of other housekeeping are read on their own, as heading
		// levels in minutes are often not nested with care.
		child.covered = s.mask&setCover != 0
	case kindBoard:
		child.board = p.report(*s.board, s.line, s.anchor)
		child.section = p.m.Boards[child.board].Board.Title
		p.boardContent(s, child)
	case kindContainer:
		p.container(s, sc, false)
		child.section = s.title
	case kindTopic:
		p.topic(s, sc)
	case kindNone:
		child.section = s.title
	}
	for _, c := range s.children {
		p.walk(c, child)
	}
}

// parseBoard reads a Projects (v2) board link,
// http(s)://HOST/(orgs|users)/OWNER/projects/N with an optional /views/K;
// it returns nil when url is not one.
func parseBoard(url, title string) *Board {
	i := strings.Index(url, "/projects/")
	if i < 0 {
		return nil
	}
	scheme, rest, ok := strings.Cut(url[:i], "://")
	if !ok || scheme != "https" && scheme != "http" {
		return nil
	}
	host, path, _ := strings.Cut(rest, "/")
	seg, owner, _ := strings.Cut(path, "/")
	if host == "" || owner == "" || !isAlnum(owner[0]) {
		return nil
	}
	var kind OwnerKind
	switch seg {
	case "orgs":
		kind = KindOrg
	case "users":
		kind = KindUser
	default:
		return nil
	}
	for j := 0; j < len(owner); j++ {
		if !isAlnum(owner[j]) && owner[j] != '-' {
			return nil
		}
	}
	tail := url[i+len("/projects/"):]
	j := 0
	for j < len(tail) && tail[j] >= '0' && tail[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(tail[:j])
	if err != nil || n <= 0 {
		return nil
	}
	switch after := tail[j:]; {
	case after == "", after == "/", after[0] == '?', after[0] == '#':
	case strings.HasPrefix(after, "/views/"):
		v := strings.TrimRight(after[len("/views/"):], "/")
		if _, err := strconv.Atoi(v); err != nil {
			return nil
		}
	default:
		return nil
	}
	return &Board{
		Owner:  owner,
		Kind:   kind,
		Number: n,
		URL:    url[:i+len("/projects/")+j], // without a view
		Title:  title,
	}
}

// leadBoard returns the board linked at the start of an inline container
// (after a check box or white space), or nil.
func (p *parser) leadBoard(n ast.Node) *Board {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *extast.TaskCheckBox:
			continue
		case *ast.Text:
			if isBlank(c.Segment.Value(p.body)) {
				continue
			}
			return nil
		case *ast.Link:
			b := parseBoard(string(c.Destination), "")
			if b != nil {
				b.Title = p.text(c)
				if b.Title == "" {
					b.Title = b.Key()
				}
			}
			return b
		case *ast.AutoLink:
			u := string(c.URL(p.body))
			return parseBoard(u, "")
		default:
			return nil
		}
	}
	return nil
}

// headingBoard returns the board a heading links, anywhere in its text
// ("### [Build](…/projects/1)", "### Board: [Build](…)"), or nil.
func (p *parser) headingBoard(h *ast.Heading) *Board {
	b := p.leadBoard(h)
	for c := h.FirstChild(); c != nil && b == nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok && bytes.Contains(l.Destination, []byte("/projects/")) {
			if b = parseBoard(string(l.Destination), ""); b != nil {
				b.Title = p.text(l)
			}
		}
	}
	if b != nil && b.Title == "" {
		b.Title = b.Key()
	}
	return b
}

// report records that the meeting reported on board b and returns its
// index in Meeting.Boards. A board reported twice is a warning.
func (p *parser) report(b Board, line int, anchor string) int {
	if i, ok := p.boardIndex[b.Key()]; ok {
		p.warn(line, "board %q (%s) is reported on twice; the first time is at line %d", b.Title, b.URL, p.m.Boards[i].Line)
		return i
	}
	p.m.Boards = append(p.m.Boards, Report{Board: b, Line: line, Anchor: anchor})
	p.boardPtr = append(p.boardPtr, &b)
	p.boardIndex[b.Key()] = len(p.m.Boards) - 1
	return len(p.m.Boards) - 1
}

func (p *parser) setStatus(board, line int, status string) {
	if board < 0 {
		return
	}
	r := &p.m.Boards[board]
	if r.Status == "" {
		r.Status = status
	} else if r.Status != status {
		p.warn(line, "board %q already has the status %q; %q is not used", r.Board.Title, r.Status, status)
	}
}

// hasBoardEntry reports whether a list among blocks has an entry that
// starts with a board link (the "Quick summary" format).
func (p *parser) hasBoardEntry(blocks []ast.Node) bool {
	for _, b := range blocks {
		if l, ok := b.(*ast.List); ok {
			for li := l.FirstChild(); li != nil; li = li.NextSibling() {
				if lead := li.FirstChild(); lead != nil && p.leadBoard(lead) != nil {
					return true
				}
			}
		}
	}
	return false
}

// bulletScope is the context of a bullet that may become an item.
type bulletScope struct {
	board   int // index into Meeting.Boards, or -1
	section string
	anchor  string
	owners  []string // given by an owner-only bullet above
	depth   int      // 0 for a top-level bullet of its section or board entry
	agenda  bool     // plain bullets are meeting details
	repo    string   // the repository of bare "#N" references
}

// container reads a section whose top-level bullets are items. In the
// title section, text that is not a list is meeting details.
func (p *parser) container(s *section, sc scope, title bool) {
	anchor := s.anchor
	if s.heading == nil {
		anchor = ""
	}
	// Items are filed under the container, or under the board or section
	// around it when the container is part of a board or the title.
	section := s.title
	if (sc.board >= 0 || title) && sc.section != "" {
		section = sc.section
	}
	bs := bulletScope{board: sc.board, section: section, anchor: anchor, agenda: title || s.mask&setAgenda != 0, repo: sc.repo}
	for _, b := range s.blocks {
		switch b := b.(type) {
		case *ast.List:
			for li := b.FirstChild(); li != nil; li = li.NextSibling() {
				if lead := li.FirstChild(); lead != nil {
					if board := p.leadBoard(lead); board != nil {
						p.boardEntry(li, *board, anchor)
						continue
					}
				}
				p.bullet(li, bs)
			}
		case *ast.Paragraph:
			if !title && !IsPlaceholder(p.text(b)) && !bs.agenda {
				p.warn(p.line(p.start(b)), "text under %q is not a list item, so it is not read as a work item", s.title)
			}
		}
	}
}

// boardEntry reads a "Quick summary" entry: a bullet that links a board,
// with the board's items (or its status) nested under it.
func (p *parser) boardEntry(li ast.Node, b Board, anchor string) {
	lead := li.FirstChild()
	line := p.line(p.start(lead))
	i := p.report(b, line, anchor)
	// Text after the link: "[Board](…) – stalled".
	full := p.text(lead)
	if rest := strings.TrimSpace(strings.TrimPrefix(full, b.Title)); rest != "" && rest != full {
		rest = strings.TrimSpace(rest[skipSep(rest, 0):])
		if IsPlaceholder(rest) || isRemark(rest) {
			p.setStatus(i, line, rest)
		}
	}
	bs := bulletScope{board: i, section: b.Title, anchor: anchor}
	for c := lead.NextSibling(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.List:
			for nli := c.FirstChild(); nli != nil; nli = nli.NextSibling() {
				p.bullet(nli, bs)
			}
		case *ast.Paragraph:
			if t := p.text(c); IsPlaceholder(t) || isRemark(t) {
				p.setStatus(i, p.line(p.start(c)), t)
			} else {
				p.warn(p.line(p.start(c)), "text under board %q is not a list item, so it is not read as a work item", b.Title)
			}
		}
	}
}

// boardContent reads the blocks right under a board heading: each
// top-level bullet is an item of the board, or its status.
func (p *parser) boardContent(s *section, sc scope) {
	bs := bulletScope{board: sc.board, section: sc.section, anchor: s.anchor, repo: sc.repo}
	for _, b := range s.blocks {
		switch b := b.(type) {
		case *ast.List:
			for li := b.FirstChild(); li != nil; li = li.NextSibling() {
				p.bullet(li, bs)
			}
		case *ast.Paragraph:
			if t := p.text(b); IsPlaceholder(t) || isRemark(t) {
				p.setStatus(sc.board, p.line(p.start(b)), t)
			} else {
				p.warn(p.line(p.start(b)), "text under board %q is not a list item, so it is not read as a work item", sc.section)
			}
		}
	}
}

// lead is the first block of a list item: its text and what it says.
type lead struct {
	node    ast.Node // the TextBlock or Paragraph, or nil
	text    string
	box     bool
	checked bool
	owners  ownerLead
	line    int
	endLine int
}

func (p *parser) readLead(li ast.Node) lead {
	var l lead
	first := li.FirstChild()
	switch first.(type) {
	case *ast.TextBlock, *ast.Paragraph:
		l.node = first
		l.text = p.text(first)
		if cb, ok := first.FirstChild().(*extast.TaskCheckBox); ok {
			l.box, l.checked = true, cb.IsChecked
		}
		l.line = p.line(p.start(first))
		l.endLine = p.lastLine(first)
	default:
		l.line = p.line(max(p.start(li), 0))
		l.endLine = l.line - 1
	}
	l.owners = splitOwners(l.text)
	return l
}

// firstNested returns the first list item of the lists nested in li, or
// nil; nextNested returns the one after n, across lists.
func firstNested(li ast.Node) ast.Node {
	for c := li.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok && l.FirstChild() != nil {
			return l.FirstChild()
		}
	}
	return nil
}

func nextNested(n ast.Node) ast.Node {
	if next := n.NextSibling(); next != nil {
		return next
	}
	for c := n.Parent().NextSibling(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok && l.FirstChild() != nil {
			return l.FirstChild()
		}
	}
	return nil
}

// bullet reads one bullet as a work item, a board status, or a group of
// items, and adds what it finds to the meeting.
func (p *parser) bullet(li ast.Node, bs bulletScope) {
	l := p.readLead(li)
	nested := firstNested(li)
	switch {
	case l.node == nil && nested == nil:
		return
	case IsPlaceholder(l.text) && l.text != "":
		status := l.text
		if l.owners.sep {
			status = l.owners.rest // "@ann – no update" is the status "no update"
		}
		p.setStatus(bs.board, l.line, status)
		return
	case isRemark(l.text) && len(l.owners.owners) == 0:
		if bs.board >= 0 {
			p.setStatus(bs.board, l.line, l.text)
		} else {
			p.item(li, l, l.text, bs.owners, bs)
		}
		return
	case l.owners.only || l.node == nil:
		owners := l.owners.owners
		if len(owners) == 0 {
			owners = bs.owners
		}
		if nested == nil {
			if len(owners) > 0 {
				p.warn(l.line, "bullet names only owners (@%s) and no work, so it is not an item", strings.Join(owners, ", @"))
			}
			return
		}
		if bs.depth == 0 {
			// "- @timlegge" with the person's items nested under it.
			inner := bs
			inner.owners, inner.depth = owners, 1
			for n := nested; n != nil; n = nextNested(n) {
				p.bullet(n, inner)
			}
			return
		}
		// An owner-only bullet inside a group: one item, titled by its
		// first nested bullet.
		fl := p.readLead(nested)
		title := fl.text
		if fl.owners.sep {
			title = fl.owners.rest
		}
		if title == "" {
			p.warn(l.line, "bullet names only owners (@%s) and no work, so it is not an item", strings.Join(owners, ", @"))
			return
		}
		l.endLine = fl.endLine
		p.item(li, l, title, owners, bs)
		return
	case nested != nil && bs.depth == 0 && len(l.owners.owners) == 0 && matchMask(p.sets, headingWords(l.text))&setContainer != 0:
		// "- AOB" with the items nested under it.
		inner := bs
		inner.depth = 1
		for n := nested; n != nil; n = nextNested(n) {
			p.bullet(n, inner)
		}
		return
	case bs.agenda && !l.box && len(l.owners.owners) == 0:
		return // meeting details in an agenda, not work
	}
	title := l.owners.rest
	owners := l.owners.owners
	if len(owners) == 0 {
		owners = bs.owners
	}
	p.item(li, l, title, owners, bs)
}

// item adds a work item read from list item li.
func (p *parser) item(li ast.Node, l lead, title string, owners []string, bs bulletScope) {
	title, cut := cleanTitle(title)
	if title == "" {
		p.warn(l.line, "bullet has no text, so it is not an item")
		return
	}
	if cut {
		p.warn(l.line, "title is longer than %d characters; it was shortened", MaxTitleLen)
	}
	last := p.lastLine(li)
	raw := p.lineText(l.line, last) // the item as written, for its refs
	notes := ""
	leadLen := len(raw)
	if l.endLine < last {
		leadLen = p.lineStarts[l.endLine] - p.lineStarts[l.line-1]
		notes = dedent(raw[leadLen:])
	}
	refs, subject := p.itemRefs(li, raw, leadLen, bs.repo)
	it := Item{
		Section: bs.section,
		Title:   title,
		Owners:  p.logins(owners, l.line),
		State:   boxState(li),
		Notes:   notes,
		Refs:    refs,
		Subject: subject,
		Line:    l.line,
		Anchor:  bs.anchor,
	}
	if bs.board >= 0 {
		it.Board = p.boardPtr[bs.board]
	}
	p.m.Items = append(p.m.Items, it)
}

// logins maps handles to logins (Options.Handles), drops duplicates and
// records each use for the spelling check.
func (p *parser) logins(handles []string, line int) []string {
	out := make([]string, 0, len(handles))
	for _, h := range handles {
		if to, ok := p.handles[strings.ToLower(h)]; ok {
			h = to
		}
		if slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, h) }) {
			continue
		}
		out = append(out, h)
		p.owned = append(p.owned, ownerUse{h, line})
	}
	return out
}

// boxState returns the state of the task-list check boxes in n, at any
// depth.
func boxState(n ast.Node) State {
	st := StateNone
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *extast.TaskCheckBox:
			if !c.IsChecked {
				st = StateOpen
				return ast.WalkStop, nil
			}
			st = StateDone
		case *ast.Paragraph, *ast.TextBlock:
			// A task list's box is the first inline of its item's text.
			if _, ok := c.FirstChild().(*extast.TaskCheckBox); !ok {
				return ast.WalkSkipChildren, nil
			}
		case *ast.List, *ast.ListItem, *ast.Document, *ast.Blockquote:
		default:
			if c.Type() == ast.TypeBlock {
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return st
}

// topic reads a heading that is one work item; its content is the notes.
func (p *parser) topic(s *section, sc scope) {
	// Content that only says nothing happened is not an item.
	placeholder := len(s.blocks) > 0
	for _, b := range s.blocks {
		if !p.onlyPlaceholders(b) {
			placeholder = false
			break
		}
	}
	if placeholder {
		return
	}
	hl := splitOwners(s.title)
	title := s.title
	if hl.sep {
		title = hl.rest
	}
	title, cut := cleanTitle(title)
	if title == "" {
		p.warn(s.line, "heading has no text, so it is not an item")
		return
	}
	if cut {
		p.warn(s.line, "title is longer than %d characters; it was shortened", MaxTitleLen)
	}
	owners := hl.owners
	st := StateNone
	first, last := 0, 0
	for _, b := range s.blocks {
		if l, ok := b.(*ast.List); ok {
			for li := l.FirstChild(); li != nil; li = li.NextSibling() {
				switch lead := li.FirstChild(); lead.(type) {
				case *ast.Paragraph, *ast.TextBlock:
					if raw := p.rawStart(lead); len(raw) > 0 && (raw[0] == '@' || raw[0] == '-') {
						owners = append(owners, splitOwners(p.text(lead)).owners...)
					}
				}
			}
		}
		switch bst := boxState(b); {
		case bst == StateOpen:
			st = StateOpen
		case bst == StateDone && st == StateNone:
			st = StateDone
		}
		if first == 0 {
			first = p.line(max(p.start(b), 0))
		}
		last = max(last, p.lastLine(b))
	}
	notes := ""
	if first > 0 {
		notes = strings.Trim(p.lineText(first, last), "\n")
		notes = strings.TrimRight(dedent(notes), "\n")
	}
	section := sc.section
	if section == "" {
		section = s.title
	}
	refs, subject := p.topicRefs(s, notes, sc.repo)
	it := Item{
		Section: section,
		Title:   title,
		Owners:  p.logins(owners, s.line),
		State:   st,
		Notes:   notes,
		Refs:    refs,
		Subject: subject,
		Line:    s.line,
		Anchor:  s.anchor,
	}
	if sc.board >= 0 {
		it.Board = p.boardPtr[sc.board]
	}
	p.m.Items = append(p.m.Items, it)
}

// rawStart returns the start of a text block's first line as written,
// without a task-list box, emphasis markers or leading white space.
func (p *parser) rawStart(b ast.Node) []byte {
	if b.Lines().Len() == 0 {
		return nil
	}
	seg := b.Lines().At(0)
	raw := bytes.TrimLeft(seg.Value(p.body), " \t")
	if len(raw) >= 3 && raw[0] == '[' && raw[2] == ']' {
		raw = bytes.TrimLeft(raw[3:], " \t")
	}
	return bytes.TrimLeft(raw, "*_( ")
}

// onlyPlaceholders reports whether block b says nothing but placeholders.
func (p *parser) onlyPlaceholders(b ast.Node) bool {
	switch b := b.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		if raw := p.rawStart(b); len(raw) == 0 || raw[0] != '@' && !placeholderStart(string(raw[:min(len(raw), 16)])) {
			return len(raw) == 0 && IsPlaceholder(p.text(b))
		}
		return IsPlaceholder(p.text(b))
	case *ast.List:
		for li := b.FirstChild(); li != nil; li = li.NextSibling() {
			for c := li.FirstChild(); c != nil; c = c.NextSibling() {
				if !p.onlyPlaceholders(c) {
					return false
				}
			}
		}
		return true
	case *ast.ThematicBreak, *ast.HTMLBlock:
		return true
	}
	return false
}

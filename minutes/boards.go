package minutes

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// parseBoard reads a Projects (v2) board link,
// http(s)://HOST/(orgs|users)/OWNER/projects/N with an optional /views/K;
// it returns nil when url is not one.
// ParseBoardURL reads the address of a Projects (v2) board, such as
// https://github.com/orgs/O/projects/N or .../users/U/projects/N/views/2,
// on github.com or a GitHub Enterprise Server; ok is false for anything
// else. Minutes and the configuration read boards with it alike.
func ParseBoardURL(url string) (b Board, ok bool) {
	p := parseBoard(strings.TrimSpace(url), "")
	if p == nil {
		return Board{}, false
	}
	return *p, true
}

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
	if strings.Contains(tail[j:], "itemId=") {
		return nil // one card of the board: see ParseCardURL
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
				if lead := li.FirstChild(); lead != nil && p.entryBoardOf(lead) != nil {
					return true
				}
			}
		}
	}
	return false
}

// boardEntry reads a "Quick summary" entry: a bullet that links a board,
// with the board's items (or its status) nested under it.
func (p *parser) boardEntry(li ast.Node, b Board, anchor string, names []string) {
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
	bs := bulletScope{board: i, section: b.Title, anchor: anchor, names: names}
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

// entryBoard returns the board a bullet's lead links at its start, with
// no owners, or after its owners' names: "Benny & Matt: [Interns'
// board](https://github.com/orgs/o/projects/8)".
func (p *parser) entryBoard(lead ast.Node) (*Board, []string) {
	if b := p.leadBoard(lead); b != nil {
		return b, nil
	}
	if lead.Lines().Len() == 0 {
		return nil, nil
	}
	if seg := lead.Lines().At(0); !bytes.Contains(seg.Value(p.body), []byte("/projects/")) {
		return nil, nil
	}
	var before strings.Builder
	for c := lead.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			before.Write(c.Segment.Value(p.body))
			continue
		case *ast.Link:
			b := parseBoard(string(c.Destination), p.text(c))
			if b == nil {
				return nil, nil
			}
			if b.Title == "" {
				b.Title = b.Key()
			}
			label := strings.TrimSpace(before.String())
			if !strings.HasSuffix(label, ":") {
				return nil, nil
			}
			names := nameList(strings.TrimSuffix(label, ":"), true, p.known)
			if names == nil {
				return nil, nil
			}
			return b, names
		}
		return nil, nil
	}
	return nil, nil
}

// entryBoardOf is entryBoard without the owners.
func (p *parser) entryBoardOf(lead ast.Node) *Board {
	b, _ := p.entryBoard(lead)
	return b
}

package minutes

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

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

package minutes

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

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

package minutes

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// topic reads a heading that is one work item; its content, and that of
// its notes sub-headings (kids: "#### NOTES"), is the notes. A heading
// whose content only says nothing happened is a topic status instead.
func (p *parser) topic(s *section, sc scope, kids []*section) {
	p.topicAs(s, sc, kids, true)
}

// topicAs is topic; without lint, a heading with many topic-like bullets
// is read as one item without advice (a discussion written as spoken).
func (p *parser) topicAs(s *section, sc scope, kids []*section, lint bool) {
	blocks := s.blocks
	for _, k := range kids {
		blocks = append(slices.Clip(blocks), k.blocks...)
	}
	bs := bulletScope{board: sc.board, section: sc.section, anchor: s.anchor, repo: sc.repo}
	if p.placeholderOnly(blocks) {
		_, subject := p.topicRefs(s, "", sc.repo)
		p.status(p.topicTitle(s).rest, statusText(p.text(blocks[0])), s.line, bs, subject)
		return
	}
	nl := p.topicTitle(s)
	title, cut := cleanTitle(issueTitle(nl.rest))
	if title == "" {
		p.warn(s.line, "heading has no text, so it is not an item")
		return
	}
	if cut {
		p.warn(s.line, "title is longer than %d characters; it was shortened", MaxTitleLen)
	}
	owners, st := p.topicOwners(blocks, nl.owners)
	names := appendNames(slices.Clone(nl.names), p.actionNames(blocks))
	logins, ownerNames := p.ownerNames(names, s.line)
	notes := p.topicNotes(s, kids)
	if bs.section == "" {
		bs.section = s.title
	}
	refs, subject := p.topicRefs(s, notes, sc.repo)
	it := Item{
		Section:    bs.section,
		Title:      title,
		Owners:     p.logins(append(owners, logins...), s.line),
		OwnerNames: ownerNames,
		State:      st,
		Notes:      notes,
		Refs:       refs,
		Subject:    subject,
		Card:       p.topicCard(s, notes),
		Line:       s.line,
		Anchor:     s.anchor,
	}
	if nl.action {
		it.Kind = KindAction
	}
	if sc.board >= 0 {
		it.Board = p.boardPtr[sc.board]
	}
	p.m.Items = append(p.m.Items, it)
	p.itemMeta = append(p.itemMeta, itemMeta{notesFrom: s.line + 1, repo: sc.repo})
	p.topicActions(title, blocks, bs)
	if !lint || sc.board >= 0 || p.headingRef(s, sc) {
		return
	}
	if loose := p.looseTopics(s.blocks); loose >= 4 {
		p.lintf(s.line, "heading %q holds %d bullets that look like topics of their own, but it was read as one item; make each a heading, or put them under a heading such as \"Discussion\"", title, loose)
	}
}

// titleOwners is what a topic heading's title says about its owners.
type titleOwners struct {
	nameLead
	owners []string // handles
}

// topicTitle reads the owners in a topic heading: "@ann - Title",
// "(Jenn) Title", "Title (*Ryan*, 5 Minutes)".
func (p *parser) topicTitle(s *section) titleOwners {
	hl := splitOwners(s.title)
	if len(hl.owners) > 0 {
		t := titleOwners{nameLead: nameLead{rest: s.title}, owners: hl.owners}
		if hl.sep {
			t.rest = hl.rest
		}
		return t
	}
	return titleOwners{nameLead: splitNames(s.title, p.known)}
}

// placeholderOnly reports whether blocks say nothing but that nothing
// happened.
func (p *parser) placeholderOnly(blocks []ast.Node) bool {
	for _, b := range blocks {
		if !p.onlyPlaceholders(b) && !p.remarkOnly(b) {
			return false
		}
	}
	return len(blocks) > 0
}

// remarkOnly reports whether a block is a remark in parentheses or a
// blockquote: "(Not minuted.)", "(Meeting attendees, feel free to add
// items here!)", a template's instructions.
func (p *parser) remarkOnly(b ast.Node) bool {
	switch b.(type) {
	case *ast.Paragraph:
		return isRemark(p.text(b))
	case *ast.Blockquote:
		return true
	}
	return false
}

// topicOwners returns the owners of a topic: those of its title and of
// its top-level bullets that start with handles, and its state from the
// boxes in blocks.
func (p *parser) topicOwners(blocks []ast.Node, owners []string) ([]string, State) {
	st := StateNone
	for _, b := range blocks {
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
	}
	return owners, st
}

// topicNotes returns a topic's notes: its content and that of its notes
// sub-headings, as written.
func (p *parser) topicNotes(s *section, kids []*section) string {
	first, last := 0, 0
	for _, b := range s.blocks {
		if first == 0 {
			first = p.line(max(p.start(b), 0))
		}
		last = max(last, p.lastLine(b))
	}
	for _, k := range kids {
		if first == 0 {
			first = k.line
		}
		last = max(last, k.line)
		for _, b := range k.blocks {
			last = max(last, p.lastLine(b))
		}
	}
	if first == 0 {
		return ""
	}
	return strings.TrimRight(dedent(strings.Trim(p.lineText(first, last), "\n")), "\n")
}

// actionNames returns the names of the owners of the bullets in blocks
// that are actions written with names ("Marco will create a PR", "LT: will
// reach out"), two levels deep at most.
func (p *parser) actionNames(blocks []ast.Node) []string {
	var out []string
	var visit func(n ast.Node, depth int)
	visit = func(n ast.Node, depth int) {
		for li := n.FirstChild(); li != nil; li = li.NextSibling() {
			if lead, ok := textLead(li); ok && mayBeAction(p.rawStart(lead)) {
				if l := p.readLead(li); l.names.action && len(l.owners.owners) == 0 {
					out = appendNames(out, l.names.names)
				}
			}
			for _, nl := range nestedLists(li) {
				if depth < 2 {
					visit(nl, depth+1)
				}
			}
		}
	}
	for _, b := range blocks {
		if l, ok := b.(*ast.List); ok {
			visit(l, 1)
		}
	}
	return out
}

// mayBeAction is a quick test that a bullet's raw text may be an action
// written with a name: capitalized words, perhaps a colon, then "will",
// "to" or "I'll" near its start.
func mayBeAction(raw []byte) bool {
	if handleLed(raw) {
		return false // "@ann will …": handles, not names
	}
	head := raw[:min(len(raw), 48)] // the names come first: at most four words
	// Only the first verb counts: the words before a later one include it.
	for i := bytes.IndexByte(head, ' '); i > 0; {
		if w := head[i+1:]; hasVerb(w) {
			return capitalWords(head[:i])
		}
		j := bytes.IndexByte(head[i+1:], ' ')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// hasVerb reports whether b starts with "will", "Will", "to", "I'll" or
// "I’ll" and a space.
func hasVerb(b []byte) bool {
	if len(b) == 0 || b[0] != 'w' && b[0] != 'W' && b[0] != 't' && b[0] != 'I' {
		return false
	}
	for _, verb := range []string{"will ", "Will ", "to ", "I'll ", "I’ll "} {
		if len(b) >= len(verb) && string(b[:len(verb)]) == verb {
			return true
		}
	}
	return false
}

// capitalWords reports whether every word of b starts with a capital (or
// a marker such as "**", "[", "("): the names before an action's verb.
func capitalWords(b []byte) bool {
	start := true
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t':
			start = true
		case start && (c == '*' || c == '_' || c == '[' || c == '('):
		case start:
			if c >= 'a' && c <= 'z' {
				return false
			}
			start = false
		}
	}
	return true
}

// topicActions adds the actions in a topic's notes as items of their own:
// each box whose owner is written as a name ("- [ ] **Ned**: review"),
// outside a board, and each paragraph or bullet a label makes an action
// ("AI: …"). Boxes led by @handles stay the topic's state and owners.
func (p *parser) topicActions(title string, blocks []ast.Node, bs bulletScope) {
	inner := bs
	inner.topic, inner.actions = title, true
	for _, b := range blocks {
		_ = ast.Walk(b, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.ListItem:
				if bs.board >= 0 || !hasBox(n) || handleLed(p.rawStart(n.FirstChild())) {
					return ast.WalkContinue, nil // boxes led by handles are the topic's own
				}
				if l := p.readLead(n); l.box && l.names.rest != "" && len(l.names.names) > 0 {
					p.item(n, l, l.names.rest, l.owners.owners, inner)
					return ast.WalkSkipChildren, nil
				}
			case *ast.Paragraph, *ast.TextBlock:
				p.noteAction(n, title, bs)
				return ast.WalkSkipChildren, nil
			case *ast.List, *ast.Document, *ast.Blockquote:
			default:
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}
}

// rawStart returns the start of a text block's first line as written,
// without a task-list box, emphasis markers or leading white space.
func (p *parser) rawStart(b ast.Node) []byte {
	if b.Lines().Len() == 0 {
		return nil
	}
	seg := b.Lines().At(0)
	raw := trimLeftBytes(seg.Value(p.body), " \t")
	if len(raw) >= 3 && raw[0] == '[' && raw[2] == ']' {
		raw = trimLeftBytes(raw[3:], " \t")
	}
	return trimLeftBytes(raw, "*_( ")
}

// trimLeftBytes is bytes.TrimLeft for a short ASCII cutset, without
// building a set on every call.
func trimLeftBytes(b []byte, cutset string) []byte {
	for len(b) > 0 && strings.IndexByte(cutset, b[0]) >= 0 {
		b = b[1:]
	}
	return b
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

// statusText returns a placeholder without the owners in front of it:
// "@sjn – No progress" says "No progress".
func statusText(t string) string {
	if o := splitOwners(t); o.sep && o.rest != "" {
		return o.rest
	}
	return t
}

// handleLed reports whether raw text starts with a handle: "@ann - …".
func handleLed(raw []byte) bool { return len(raw) > 0 && raw[0] == '@' }

// hasBox reports whether list item li starts with a task-list box.
func hasBox(li ast.Node) bool {
	first := li.FirstChild()
	if first == nil {
		return false
	}
	_, ok := first.FirstChild().(*extast.TaskCheckBox)
	return ok
}

// looseTopics counts, for lint, the top-level bullets under a heading that
// look like topics of their own: with a box, or with notes of their own
// and no speaker in front ("Ann: …").
func (p *parser) looseTopics(blocks []ast.Node) int {
	n := 0
	for li, lead := range leadsOf(blocks) {
		seg := lead.Lines().At(0)
		raw := seg.Value(p.body)
		switch {
		case hasBox(li):
			n++
		case lead.NextSibling() != nil:
			if c := bytes.IndexByte(raw, ':'); c < 0 || c > 24 {
				n++
			}
		}
	}
	return n
}

// topicCard is the card a topic heading names by its link: in the heading,
// else by a link standing alone first under it.
func (p *parser) topicCard(s *section, notes string) *CardLink {
	if c := cardIn(p.lineText(s.line, s.line)); c != nil {
		return c
	}
	first, _, _ := strings.Cut(notes, "\n")
	if l := loneLink(first); l != "" {
		return cardIn(l)
	}
	return nil
}

package minutes

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// bulletScope is the context of a bullet that may become an item.
type bulletScope struct {
	board   int // index into Meeting.Boards, or -1
	section string
	anchor  string
	owners  []string // given by an owner-only bullet above
	names   []string // owner names given by a board entry ("Ann & Bo: [Board](…)")
	depth   int      // 0 for a top-level bullet of its section or board entry
	agenda  bool     // plain bullets are meeting details
	repo    string   // the repository of bare "#N" references
	actions bool     // the list is a list of actions
	topic   string   // the title of the item whose notes the bullet is in
}

// container reads a section whose top-level bullets are items. In the
// title section, text that is not a list is meeting details. A paragraph
// that is a label followed by a list ("Agenda:", "Apologies:") is the
// heading of that list; a paragraph or raw HTML right after a list is the
// notes of the list's last item.
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
	bs := bulletScope{board: sc.board, section: section, anchor: anchor, repo: sc.repo,
		agenda: title && !p.titleMinutes || s.mask&setAgenda != 0 && p.agendaIsPlan(s.blocks), actions: s.mask&setActions != 0}
	if !title && s.mask&setReports == 0 {
		for _, b := range s.blocks {
			if l, ok := b.(*ast.List); ok && p.transcript(l) {
				p.topicAs(s, sc, nil, false) // a discussion as spoken: one topic
				return
			}
		}
	}
	p.containerBlocks(s, bs, title)
}

// containerBlocks reads the blocks of a container section.
func (p *parser) containerBlocks(s *section, bs bulletScope, title bool) {
	base, skip, attach, prose := bs, false, -1, false
	lists := false // text before the first list introduces it: no warning
	for i, b := range s.blocks {
		switch b := b.(type) {
		case *ast.List:
			lists = true
			if skip {
				continue
			}
			if prose && attach >= 0 && !p.topicsAfterProse(b) {
				p.extendNotes(attach, b) // the list goes on about the item the text is about
				continue
			}
			attach, prose = -1, false
			before := len(p.m.Items)
			p.list(b, bs, bs.anchor)
			if len(p.m.Items) > before && p.m.Items[len(p.m.Items)-1].Board == nil {
				attach = len(p.m.Items) - 1 // not on a board, where text is the board's
			}
		case *ast.Paragraph:
			if mode, ok := p.pseudoHeading(b, s.blocks[i+1:]); ok {
				bs, skip, attach = base, false, -1
				p.applyMode(&bs, &skip, mode)
				continue
			}
			if attach >= 0 {
				p.extendNotes(attach, b)
				prose = true
				continue
			}
			if !title && lists && !bs.agenda && !p.quietText(b) {
				p.warn(p.line(p.start(b)), "text under %q is not a list item, so it is not read as a work item", s.title)
			}
		case *ast.HTMLBlock:
			if attach >= 0 {
				p.extendNotes(attach, b)
				prose = true
			}
		}
	}
}

// topicsAfterProse reports whether a list that follows the text under an
// item holds new topics (references, owners, boxes) rather than more notes
// on the item.
func (p *parser) topicsAfterProse(list ast.Node) bool {
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		if l := p.readLead(li); l.box || len(l.owners.owners) > 0 || p.leadRef(l) || l.names.tagged || l.names.marked {
			return true
		}
	}
	return false
}

// quietText reports whether a paragraph in a section of bullets is no
// cause for a warning: a placeholder, an attendance line ("Attendance:
// all"), or a note in emphasis ("*Relating to the docs*").
func (p *parser) quietText(b ast.Node) bool {
	t := p.text(b)
	if IsPlaceholder(t) || isRemark(t) || ritualOpening(strings.TrimLeft(t, "*_ ")) {
		return true
	}
	if k, _ := attendanceLabel(t); k != 0 {
		return true
	}
	only := b.FirstChild()
	if only == nil || only.NextSibling() != nil {
		return false
	}
	_, em := only.(*ast.Emphasis)
	return em
}

// list reads the items of a list in a container.
func (p *parser) list(l ast.Node, bs bulletScope, anchor string) {
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		if lead := li.FirstChild(); lead != nil {
			if board, names := p.entryBoard(lead); board != nil {
				p.boardEntry(li, *board, anchor, names)
				continue
			}
		}
		p.bullet(li, bs)
	}
}

func isList(n ast.Node) bool { _, ok := n.(*ast.List); return ok }

// pseudoHeading reports what a label paragraph followed by a list names
// ("Agenda:", "Attendance (please add yourself)", "Regrets:"), as the sets
// its words match.
func (p *parser) pseudoHeading(b *ast.Paragraph, after []ast.Node) (uint32, bool) {
	if len(after) == 0 || !isList(after[0]) || b.Lines().Len() != 1 {
		return 0, false
	}
	t := strings.TrimSpace(p.text(b))
	if len(t) > 80 || strings.Contains(strings.TrimRight(t, ":"), ":") {
		return 0, false
	}
	w := headingWords(t)
	if len(w) == 0 || len(w) > 8 {
		return 0, false
	}
	mask := matchMask(p.sets, w)
	return mask, mask != 0
}

// applyMode sets how the list after a label paragraph is read.
func (p *parser) applyMode(bs *bulletScope, skip *bool, mask uint32) {
	switch {
	case mask&(setHousekeeping|setAttendee|setRegret|setDeferred) != 0:
		*skip = true
	case mask&setAgenda != 0:
		bs.agenda = p.agendaIsPlan(nil)
	case mask&setContainer != 0:
		bs.agenda = false
	}
	bs.actions = bs.actions || mask&setActions != 0
}

// agendaIsPlan reports whether an agenda is only the plan of the meeting,
// whose plain bullets are details, because other sections hold at least as
// many bullets; otherwise the agenda holds the minutes.
func (p *parser) agendaIsPlan(blocks []ast.Node) bool {
	own := 0
	for _, b := range blocks {
		own += countItems(b)
	}
	return p.contentItems > 0 && p.contentItems-own >= own
}

// countItems counts the list items in n, at any depth.
func countItems(n ast.Node) int {
	c := 0
	switch n.(type) {
	case *ast.ListItem:
		c++
	case *ast.List, *ast.Blockquote:
	default:
		return 0
	}
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		c += countItems(k)
	}
	return c
}

// lead is the first block of a list item: its text and what it says.
type lead struct {
	node    ast.Node // the TextBlock or Paragraph, or nil
	text    string
	box     bool
	checked bool
	struck  bool // the text is struck through (~~…~~): done
	owners  ownerLead
	names   nameLead // owners written as names, when no handle leads
	line    int
	endLine int
	nested  bool     // the item has more than its lead: nested lists or paragraphs
	ref     bool     // the lead refers to an issue or pull request
	words   []string // the words of a short lead, for matching against the section sets
}

func (p *parser) readLead(li ast.Node) lead {
	if i, ok := p.leads[li]; ok {
		return p.leadStore[i]
	}
	l := p.readLeadOnce(li)
	if p.leads == nil {
		p.leads = make(map[ast.Node]int32, len(p.lineStarts)/4)
		p.leadStore = make([]lead, 0, len(p.lineStarts)/4)
	}
	p.leads[li] = int32(len(p.leadStore))
	p.leadStore = append(p.leadStore, l)
	return l
}

// readLeadOnce reads a list item's lead; readLead remembers what it read.
func (p *parser) readLeadOnce(li ast.Node) lead {
	var l lead
	first := li.FirstChild()
	switch first.(type) {
	case *ast.TextBlock, *ast.Paragraph:
		l.node = first
		l.text = p.titleOf(first)
		if cb, ok := first.FirstChild().(*extast.TaskCheckBox); ok {
			l.box, l.checked = true, cb.IsChecked
		}
		l.struck = p.struckThrough(first)
		l.line = p.line(p.start(first))
		l.endLine = p.lastLine(first)
		l.nested = first.NextSibling() != nil
		if t, ok := p.firstLine(first); ok { // "Title  \n**Decide**: …": the title is the first line
			l.text, l.endLine, l.nested = t, l.line, true
		}
	default:
		l.line = p.line(max(p.start(li), 0))
		l.endLine = l.line - 1
		l.nested = first != nil
	}
	if l.node != nil {
		l.ref = p.hasRef(l.line, l.endLine)
	}
	l.owners = splitOwners(l.text)
	switch {
	case len(l.owners.owners) > 0:
		l.names = nameLead{rest: l.owners.rest, action: handleAction(l.text, l.owners)}
		p.fullNameHandles(l.text, l.owners.owners)
	case l.owners.sep: // "@all - Everyone reviews the roadmap"
		l.names = nameLead{rest: l.owners.rest}
	default:
		l.names = splitNames(l.text, p.known)
	}
	l.words = p.labelWordsOf(l)
	return l
}

// firstLine returns the text of a lead's first line when a hard line
// break ends it and more text follows.
func (p *parser) firstLine(n ast.Node) (string, bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && t.HardLineBreak() && c.NextSibling() != nil {
			var b bytes.Buffer
			for k := n.FirstChild(); k != c.NextSibling(); k = k.NextSibling() {
				switch k := k.(type) {
				case *ast.Text:
					writeUnescaped(&b, k.Segment.Value(p.body))
				case *extast.TaskCheckBox, *ast.RawHTML:
				case *ast.AutoLink:
					b.Write(k.Label(p.body))
				default:
					plainText(&b, k, p.body)
				}
			}
			return collapseSpace(b.String()), true
		}
	}
	return "", false
}

// fullNameHandles replaces a handle written as the first word of a name
// ("@marco ippolito will …") by the login the attendance list gives that
// name ("Marco Ippolito (@marco-ippolito)"); without one, the handle
// stands as written.
func (p *parser) fullNameHandles(text string, owners []string) {
	for i, o := range owners {
		at := strings.Index(text, "@"+o+" ")
		if at < 0 {
			continue
		}
		next := firstFields(text[at+len(o)+2:], 1)
		if len(next) == 0 || !startsUpper(next[0]) && !startsLower(next[0]) {
			continue
		}
		if who, ok := p.lookup(o + " " + strings.Trim(next[0], ",.:;")); ok && who.login != "" && strings.Contains(who.name, " ") {
			owners[i] = who.login
		}
	}
}

// handleAction reports whether text led by handles is an action: "@ann
// will …", "@ann to …", "@ann: will …".
func handleAction(text string, o ownerLead) bool {
	r := o.rest
	if !o.sep {
		i := strings.LastIndex(r, "@"+o.owners[len(o.owners)-1])
		if i < 0 {
			return false
		}
		r = strings.TrimSpace(r[i+1+len(o.owners[len(o.owners)-1]):])
	}
	if strings.HasPrefix(r, "will ") || strings.HasPrefix(r, "to ") {
		return true
	}
	// "@marco ippolito to backport …": the rest of a name, then the verb.
	if w := firstFields(r, 2); len(w) == 2 && !o.sep && (w[1] == "will" || w[1] == "to") {
		return true
	}
	return false
}

// struckThrough reports whether all the text of a block is struck through:
// "[x] ~~Create the drive~~".
func (p *parser) struckThrough(n ast.Node) bool {
	struck := false
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *extast.TaskCheckBox:
		case *extast.Strikethrough:
			struck = true
		case *ast.Text:
			if !isBlank(c.Segment.Value(p.body)) {
				return false
			}
		default:
			return false
		}
	}
	return struck
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

// bullet reads one bullet as a work item, a board status, a topic status,
// a ritual, or a group of items, and adds what it finds to the meeting.
func (p *parser) bullet(li ast.Node, bs bulletScope) {
	l := p.readLead(li)
	nested := firstNested(li)
	switch {
	case l.node == nil && nested == nil:
		return
	case !bs.actions && p.ritual(l): // in a list of actions, "Welcome the new members" is work
		p.ritualBullet(l, li)
		return
	case nested == nil && isSocial(l.text): // "@ann - Happy holidays!"
		return
	case IsPlaceholder(l.text) && l.text != "":
		status := l.text
		if l.owners.sep {
			status = l.owners.rest // "@ann – no update" is the status "no update"
		}
		p.setStatus(bs.board, l.line, status)
		return
	case isRemark(l.text) && len(l.owners.owners) == 0 && !l.names.marked:
		if bs.board >= 0 {
			p.setStatus(bs.board, l.line, l.text)
		} else {
			p.item(li, l, l.text, bs.owners, bs)
		}
		return
	case l.owners.only || l.node == nil:
		p.ownerOnly(li, l, nested, bs)
		return
	case nested != nil && p.labelled(l, setDeferred):
		p.deferred(li, l.text, bs)
		return
	case p.labelled(l, setContainer) && (nested != nil || !l.box):
		if nested != nil {
			p.group(li, bs, p.labelled(l, setActions)) // "- AOB" with the items nested under it
		}
		return // without: an agenda step with nothing under it
	case nested != nil && p.labelled(l, setReports) && len(leadWords(l)) <= 4:
		p.group(li, bs, false) // "- Administrative updates" with the updates under it
		return
	case bs.agenda && !l.box && len(l.owners.owners) == 0:
		return // meeting details in an agenda, not work
	}
	p.work(li, l, nested, bs)
}

// work reads a bullet that is neither housekeeping nor a label: a link, a
// group of topics, a topic that only says nothing happened, or an item.
func (p *parser) work(li ast.Node, l lead, nested ast.Node, bs bulletScope) {
	switch {
	case nested == nil && !l.nested && p.linkOnly(l):
		return // a link for the reader, not a topic
	case nested != nil && !p.marked(l) && p.bulletTopics(li):
		p.shapedGroup(li, bs) // a bullet whose children are topics
		return
	case l.nested && len(l.owners.owners) == 0 && p.onlyPlaceholderNotes(li):
		p.status(l.names.rest, p.notesText(li), l.line, bs, p.leadSubject(l, bs))
		return
	}
	title := l.names.rest
	owners := l.owners.owners
	if len(owners) == 0 {
		owners = bs.owners
	}
	p.item(li, l, title, owners, bs)
}

// group reads the bullets nested in li as bullets of their own.
func (p *parser) group(li ast.Node, bs bulletScope, actions bool) {
	inner := bs
	inner.depth++
	inner.actions = bs.actions || actions
	for n := firstNested(li); n != nil; n = nextNested(n) {
		if !p.metadata(n) {
			p.bullet(n, inner)
		}
	}
}

// metadata reports whether a bullet only labels something about its
// parent: "**Goal**: …", "Notes:", "Context: …".
func (p *parser) metadata(li ast.Node) bool {
	lead := li.FirstChild()
	if lead == nil || lead.Type() != ast.TypeBlock || lead.Lines().Len() == 0 {
		return false
	}
	seg := lead.Lines().At(0)
	v := seg.Value(p.body)
	if c := bytes.IndexByte(v, ':'); c < 0 || c > 40 {
		if len(v) > 40 || !upperInvariant(v) {
			return false // neither "Goal: …" nor "NOTES"
		}
	}
	raw := cleanInline(string(v))
	if raw = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(raw, "[ ]"), "[x]")); raw == "" {
		return false
	}
	label, _, ok := strings.Cut(raw, ":")
	if !ok {
		label = raw
	}
	return len(label) < 32 && metadataLabels[strings.ToLower(strings.TrimSpace(label))] && (ok || strings.ToUpper(label) == label)
}

// upperInvariant reports whether bytes.ToUpper(v) equals v, without
// allocating: no letter in v has an upper case of its own, and v is valid
// UTF-8 (ToUpper turns invalid bytes into U+FFFD).
func upperInvariant(v []byte) bool {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(v[i:])
		if r == utf8.RuneError && n == 1 || unicode.ToUpper(r) != r {
			return false
		}
		i += n
	}
	return true
}

// metadataLabels label what a bullet says about its parent.
var metadataLabels = map[string]bool{
	"goal": true, "goals": true, "notes": true, "note": true, "summary": true, "context": true, "previous discussion": true,
	"proposal": true, "alt proposal": true, "background": true, "link": true, "links": true, "labels": true,
	"time": true, "decision": true, "outcome": true, "result": true, "results": true,
}

// shapedGroup reads the children of a bullet that its shape made a group:
// the children that are topics are items; a plain remark among them
// ("More generally, we want …") is not.
func (p *parser) shapedGroup(li ast.Node, bs bulletScope) {
	inner := bs
	inner.depth++
	for n := firstNested(li); n != nil; n = nextNested(n) {
		if l := p.readLead(n); l.node != nil && !p.metadata(n) && (p.marked(l) || l.nested) {
			p.bullet(n, inner)
		}
	}
}

// ownerOnly reads a bullet that names only owners ("- @timlegge").
func (p *parser) ownerOnly(li ast.Node, l lead, nested ast.Node, bs bulletScope) {
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
}

// ritualBullet reads a ritual bullet: nothing in it is work, but the
// attendance it records ("Record attendance", with "Council: …" nested)
// is read.
func (p *parser) ritualBullet(l lead, li ast.Node) {
	w := leadWords(l)
	if matchMask(p.sets, w)&setAttendee == 0 && !slicesContains(w, "attendance") {
		return
	}
	for _, nl := range nestedLists(li) {
		p.attendanceList(nl, attendPresent)
	}
}

func slicesContains(w []string, s string) bool { return slices.Contains(w, s) }

// deferred reads a label of topics not discussed ("DID NOT GET TO:"): each
// bullet under it is a topic status.
func (p *parser) deferred(li ast.Node, label string, bs bulletScope) {
	label = strings.TrimRight(strings.TrimSpace(label), ":")
	for n := firstNested(li); n != nil; n = nextNested(n) {
		cl := p.readLead(n)
		if cl.text == "" {
			continue
		}
		p.status(cl.names.rest, label, cl.line, bs, p.leadSubject(cl, bs))
	}
}

// leadSubject returns the first reference in a bullet's lead.
func (p *parser) leadSubject(l lead, bs bulletScope) *Ref {
	if l.node == nil {
		return nil
	}
	found := p.rc.scanRefs(nil, p.lineText(l.line, l.endLine), 0, bs.repo)
	if len(found) == 0 {
		return nil
	}
	r := sortRefs(found)[0]
	return &r
}

// status records a topic that brought no work, with what was said of it.
func (p *parser) status(title, status string, line int, bs bulletScope, subject *Ref) {
	title, _ = cleanTitle(issueTitle(title))
	if title == "" {
		return
	}
	ts := TopicStatus{Title: title, Status: status, Subject: subject, Line: line, Anchor: bs.anchor}
	if bs.board >= 0 {
		ts.Board = p.boardPtr[bs.board]
	}
	p.m.Statuses = append(p.m.Statuses, ts)
}

// onlyPlaceholderNotes reports whether everything under a bullet's lead
// says that nothing happened ("No update this week", "Skipped due to
// time").
func (p *parser) onlyPlaceholderNotes(li ast.Node) bool {
	any := false
	for c := li.FirstChild().NextSibling(); c != nil; c = c.NextSibling() {
		if !p.onlyPlaceholders(c) && !p.onlyRituals(c) {
			return false
		}
		any = true
	}
	return any
}

// onlyRituals reports whether a list holds nothing but placeholders and
// rituals ("None this week", "Please flag issues for the next meeting").
func (p *parser) onlyRituals(n ast.Node) bool {
	l, ok := n.(*ast.List)
	if !ok {
		return false
	}
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		if cl := p.readLead(li); cl.nested || !IsPlaceholder(cl.text) && !p.ritual(cl) {
			return false
		}
	}
	return true
}

// notesText returns the text of the first block under a bullet's lead: the
// placeholder it says.
func (p *parser) notesText(li ast.Node) string {
	c := li.FirstChild().NextSibling()
	for c != nil {
		if l, ok := c.(*ast.List); ok && l.FirstChild() != nil {
			if first := l.FirstChild().FirstChild(); first != nil { // an empty bullet has no text
				return p.text(first)
			}
			return ""
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return p.text(c)
		}
		c = c.NextSibling()
	}
	return ""
}

// item adds a work item read from list item li and returns its index in
// Meeting.Items, or -1.
func (p *parser) item(li ast.Node, l lead, title string, owners []string, bs bulletScope) int {
	title, cut := cleanTitle(issueTitle(title))
	if title == "" {
		p.warn(l.line, "bullet has no text, so it is not an item")
		return -1
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
	names := l.names.names
	if len(l.owners.owners) > 0 || len(names) == 0 {
		names = append(names, bs.names...)
	}
	if bs.topic == "" {
		names = appendNames(slices.Clip(names), p.actionNames(nestedLists(li)))
	}
	logins, ownerNames := p.ownerNames(names, l.line)
	it := Item{
		Section:    bs.section,
		Title:      title,
		Owners:     p.logins(append(slices.Clip(owners), logins...), l.line),
		OwnerNames: ownerNames,
		State:      boxState(li),
		Notes:      notes,
		Refs:       refs,
		Subject:    subject,
		Card:       cardIn(raw[:leadLen]),
		Topic:      bs.topic,
		Line:       l.line,
		Anchor:     bs.anchor,
	}
	if l.struck {
		it.State = StateDone
	}
	if l.names.action || bs.actions && (l.box || l.hasOwner()) {
		it.Kind = KindAction
	}
	if bs.board >= 0 {
		it.Board = p.boardPtr[bs.board]
	}
	p.m.Items = append(p.m.Items, it)
	idx := len(p.m.Items) - 1
	p.itemMeta = append(p.itemMeta, itemMeta{notesFrom: l.endLine + 1, repo: bs.repo})
	if bs.topic == "" {
		p.noteActions(li, l.node, title, bs)
	}
	return idx
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

// itemMeta is what the parser keeps about an item it may still extend.
type itemMeta struct {
	notesFrom int    // the first line of its notes
	notesTo   int    // the last line of its notes when blocks after it extend them, or 0
	repo      string // the repository of its bare references
}

// extendNotes makes block b, written after the list an item ends, part of
// the item's notes: a paragraph or a table that goes on about the item.
// The notes themselves are cut once, by finishNotes, however many blocks
// extend them.
func (p *parser) extendNotes(i int, b ast.Node) {
	it, meta := &p.m.Items[i], &p.itemMeta[i]
	last := p.lastLine(b)
	meta.notesTo = last
	from := p.line(max(p.start(b), 0))
	if from > last || noRefs(p.src[p.lineStarts[from-1]:p.lineEnd(last)]) {
		if it.Refs == nil {
			it.Refs = []Ref{} // what sortRefs makes of no references
		}
		return // no reference in the block: scanRefs would find none
	}
	extra := p.lineText(from, last)
	found := make([]foundRef, 0, len(it.Refs)+2)
	for k, r := range it.Refs {
		found = append(found, foundRef{r, k})
	}
	it.Refs = sortRefs(p.rc.scanRefs(found, extra, len(it.Refs), meta.repo))
}

// noRefs reports whether raw text cannot hold a reference that scanRefs
// finds: it needs a "#" or a github.com URL.
func noRefs(raw []byte) bool {
	return bytes.IndexByte(raw, '#') < 0 && !bytes.Contains(raw, []byte("github.com/"))
}

// finishNotes cuts the notes of the items that blocks after them extended
// (see extendNotes), from their first line to the last line of the last
// such block.
func (p *parser) finishNotes() {
	for i, meta := range p.itemMeta {
		if meta.notesTo > 0 {
			p.m.Items[i].Notes = strings.TrimRight(dedent(p.lineText(meta.notesFrom, meta.notesTo)), "\n")
		}
	}
}

// noteActions adds an action item for each paragraph or bullet in the
// notes of item li (not its lead) that a label makes an action: "AI: …",
// "**ACTION**: Jenn to …", "Action item: Khio will …". The action keeps
// the item's title as its Topic.
func (p *parser) noteActions(li, leadNode ast.Node, title string, bs bulletScope) {
	_ = ast.Walk(li, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n == leadNode {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			p.noteAction(n, title, bs)
			return ast.WalkSkipChildren, nil
		case *ast.List, *ast.ListItem, *ast.Blockquote, *ast.Document:
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, nil
	})
}

// noteAction adds the action item that block n states, if it is one.
func (p *parser) noteAction(n ast.Node, title string, bs bulletScope) {
	if n.Lines().Len() == 0 {
		return
	}
	seg := n.Lines().At(0)
	if !mayBeLabel(seg.Value(p.body)) {
		return
	}
	t := p.text(n)
	if len(t) > 400 {
		return
	}
	if _, ok := actionLabel(strings.TrimSpace(stripEmoji(t))); !ok {
		return
	}
	owner := n
	if li, ok := n.Parent().(*ast.ListItem); ok && li.FirstChild() == n {
		owner = li
	}
	l := p.readLead(owner)
	if owner == n { // a paragraph of its own
		l = p.readLeadOf(n)
	}
	if !l.names.action || l.names.rest == "" {
		return
	}
	inner := bs
	inner.topic, inner.actions = title, true
	owners := l.owners.owners
	if rest := l.names.rest; strings.HasPrefix(rest, "@") { // "AI: @ann to …"
		owners = splitOwners(rest).owners
	}
	p.item(owner, l, l.names.rest, owners, inner)
}

// mayBeLabel is a quick test that a raw line may start with an action
// label ("**ACTION**:", "AI:", "Next steps:", "TODO:").
func mayBeLabel(raw []byte) bool {
	raw = bytes.TrimLeft(raw, " \t*_[]x")
	if len(raw) == 0 {
		return false
	}
	switch raw[0] | 0x20 { // lower case
	case 'a', 't', 'n':
		for _, l := range []string{"ai:", "ar:", "ai*", "ar*", "action", "todo", "to do", "next step", "next action"} {
			if len(raw) >= len(l) && bytes.EqualFold(raw[:len(l)], []byte(l)) {
				return true
			}
		}
		return false
	}
	return raw[0] >= 0x80 // an emoji before the label
}

// readLeadOf reads a paragraph that is not in a list as a lead.
func (p *parser) readLeadOf(n ast.Node) lead {
	l := lead{node: n, text: p.titleOf(n), line: p.line(p.start(n)), endLine: p.lastLine(n)}
	l.ref = p.hasRef(l.line, l.endLine)
	l.owners = splitOwners(l.text)
	l.names = splitNames(l.text, p.known)
	l.words = p.labelWordsOf(l)
	return l
}

// ownerNames maps owner names to logins through Options.Handles and the
// attendance list ("Sam Roberts (@sam-github)"); it returns the logins and
// the names it could not map, as written.
func (p *parser) ownerNames(names []string, line int) (logins, rest []string) {
	for _, n := range names {
		if isGroupMention(n) {
			continue
		}
		if to, ok := p.handles[strings.ToLower(n)]; ok {
			logins = append(logins, to)
			continue
		}
		if who, ok := p.lookup(n); ok && who.login != "" {
			logins = append(logins, who.login)
			continue
		}
		rest = appendUnique(rest, n)
	}
	return logins, rest
}

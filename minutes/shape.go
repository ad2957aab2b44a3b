package minutes

import (
	"bytes"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// This file decides, from the shape of the Markdown tree, what a heading or
// a bullet is: a container whose children are separate topics, one topic
// with notes, a ritual of the meeting, or a list of topics not discussed.

// maxLabelWords is the most words a bullet may have to be read as a label
// ("Agenda items", "Check-in", "DID NOT GET TO:") rather than as work.
const maxLabelWords = 8

// leadWords returns the words of a bullet's text for matching against the
// section sets, or nil when the bullet is too long to be a label.
func leadWords(l lead) []string { return l.words }

// labelWordsOf computes leadWords, once per lead.
func (p *parser) labelWordsOf(l lead) []string {
	if len(l.text) > 120 || strings.Count(l.names.rest, " ") > maxLabelWords+2 || !p.sets.mayMatch(l.names.rest) {
		return nil
	}
	w := headingWords(l.names.rest)
	if len(w) == 0 || len(w) > maxLabelWords {
		return nil
	}
	return w
}

// hasOwner reports whether the lead names an owner, by handle or by name.
func (l lead) hasOwner() bool { return len(l.owners.owners) > 0 || len(l.names.names) > 0 }

// ritual reports whether a bullet is a ritual of the meeting ("Check-in",
// "Turn on recording", "Request volunteer for scribe", "👋 Introductions"):
// a short bullet with no owner and no reference whose words match the
// housekeeping patterns or the fixed rituals.
func (p *parser) ritual(l lead) bool {
	subject := len(l.names.names) > 0 && l.names.rest == strings.TrimSpace(l.text) // "Consent to agenda" is no one's
	if len(l.owners.owners) > 0 || len(l.names.names) > 0 && !subject || l.names.action && !subject {
		return false
	}
	w := leadWords(l)
	if w == nil { // long: only a ritual's opening words count ("Extracted from … labelled issues …")
		return ritualOpening(l.names.rest) && !p.leadRef(l)
	}
	return matchMask(p.sets, w)&(setHousekeeping|setRitual) != 0 && !p.leadRef(l)
}

// ritualOpening reports whether a long text opens like a ritual of the
// meeting's template: "Extracted from the agenda-labelled issues …".
func ritualOpening(t string) bool {
	if !defaultSets.mayMatch(t[:min(len(t), 40)]) {
		return false // no word of the opening starts a pattern
	}
	w := headingWords(t[:min(len(t), 40)])
	return len(w) > 3 && matchMask(defaultSets, w[:3])&setRitual != 0
}

// labelled reports whether a bullet is only a label of one of the sets in
// mask ("Agenda items", "AOB", "DID NOT GET TO:").
func (p *parser) labelled(l lead, mask uint32) bool {
	if len(l.owners.owners) > 0 || len(l.names.names) > 0 && !l.names.speaker {
		return false
	}
	w := leadWords(l)
	return w != nil && matchMask(p.sets, w)&mask != 0
}

// leadRef reports whether a bullet's lead refers to an issue or pull
// request.
func (p *parser) leadRef(l lead) bool { return l.ref }

// hasRef reports whether the text of lines from..to refers to an issue or
// pull request.
func (p *parser) hasRef(from, to int) bool {
	raw := p.src[p.lineStarts[from-1]:p.lineEnd(to)]
	if bytes.IndexByte(raw, '#') < 0 && !bytes.Contains(raw, []byte("/issues/")) && !bytes.Contains(raw, []byte("/pull/")) {
		return false
	}
	return len(p.rc.scanRefs(nil, string(raw), 0, "")) > 0
}

// marked reports whether a bullet shows by itself that it is a topic of its
// own: a box, an owner, a tag, a presenter, an action or a reference.
func (p *parser) marked(l lead) bool {
	return l.box && l.text != "" || l.hasOwner() || l.names.tagged || l.names.marked || l.names.action || p.leadRef(l)
}

// separate reports whether a child bullet looks like a topic of its own
// among its siblings. Under a bullet: a box, a tag, a presenter, an action,
// a reference, or an owner and notes of its own. Under a heading the same,
// except that boxes with owners are actions of the heading's topic, and
// bullets led by @handles are the topic's owners and notes, as they have
// always been; a link of its own counts, and notes of its own count with
// an owner written as a name ("[Hugo] …", "Ann: …").
func (p *parser) separate(l lead, heading bool) bool {
	switch {
	case l.box && l.text != "":
		return !heading || !l.hasOwner()
	case l.names.tagged || l.names.marked || l.names.action && !l.box:
		return true
	case p.leadRef(l):
		return true
	case !heading:
		return l.hasOwner() && (l.nested || p.leadLink(l))
	case len(l.owners.owners) > 0:
		return false
	}
	return l.nested && len(l.names.names) > 0 || p.leadLink(l)
}

// leadLink reports whether a bullet's lead holds a link.
func (p *parser) leadLink(l lead) bool {
	if l.node == nil {
		return false
	}
	for c := l.node.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Link, *ast.AutoLink:
			return true
		}
	}
	return false
}

// topicShape counts the children of lists that look like separate topics:
// n children that say something, t of them separate. It stops once too
// many children are not separate for the list to be a list of topics (see
// topicList), as most lists of notes show at once.
func (p *parser) topicShape(blocks []ast.Node, heading bool) (n, t int) {
	total := 0
	for _, b := range blocks {
		if isList(b) {
			total += b.ChildCount()
		}
	}
	for _, b := range blocks {
		l, ok := b.(*ast.List)
		if !ok {
			continue
		}
		for li := l.FirstChild(); li != nil; li = li.NextSibling() {
			if p.metadata(li) {
				continue
			}
			switch {
			case l.IsOrdered() && len(nestedLists(li)) > 0:
				// A numbered entry with notes of its own: one of a bucket
				// heading's pieces of work ("### Vulnerabilities / 1. …").
				n, t = n+1, t+1
				continue
			case heading && p.handleBox(li):
				n++ // "- [ ] @ann - …" under a heading: the topic's own box
			default:
				if text, plain := p.plainLead(li); plain {
					// Plain text: no owner, box, tag, link or reference, so
					// not a separate topic; it counts unless it says nothing.
					if text != "" && !IsPlaceholder(text) && !p.ritualText(text) {
						n++
					}
					break
				}
				cl := p.readLead(li)
				if cl.text == "" || IsPlaceholder(cl.text) || p.ritual(cl) {
					continue // nothing, or only more notes under an empty bullet
				}
				n++
				if p.separate(cl, heading) {
					t++
				}
			}
			if 4*(n-t) > total {
				return n, t
			}
		}
	}
	return n, t
}

// plainLead returns the text of a list item's lead when it is plain: a
// line or two of words with none of the marks that a topic of its own, an
// owner, a tag, a link or a reference would need ("[", "(", "@", "#", ":",
// " - ", "will", "to", emphasis, a box, capitals). The parser then need not
// read it in full to know that it is not a separate topic.
func (p *parser) plainLead(li ast.Node) (string, bool) {
	if _, cached := p.leads[li]; cached {
		return "", false
	}
	lead := li.FirstChild()
	if lead == nil || lead.Type() != ast.TypeBlock || lead.Lines().Len() == 0 || lead.Lines().Len() > 2 {
		return "", false
	}
	if _, ok := lead.FirstChild().(*extast.TaskCheckBox); ok {
		return "", false
	}
	first, last := lead.Lines().At(0), lead.Lines().At(lead.Lines().Len()-1)
	raw := p.body[first.Start:last.Stop]
	if bytes.ContainsAny(raw, "[]()*_`#@:<>~\\&|") || bytes.Contains(raw, []byte("http")) || bytes.Contains(raw, []byte(" - ")) ||
		bytes.Contains(raw, []byte(" will ")) || bytes.Contains(raw, []byte(" to ")) || bytes.Contains(raw, []byte(" Will ")) {
		return "", false
	}
	text := collapseSpace(string(raw))
	if w, _, _ := strings.Cut(text, " "); len(w) > 1 && strings.ToUpper(w) == w {
		return "", false // "INFORM …", "TODO …": a tag
	}
	if text != "" && text[len(text)-1] >= utf8.RuneSelf {
		return "", false
	}
	return text, true
}

// handleBox reports whether a list item is a box led by a handle with
// some work after it ("- [ ] @ann - write the guide"), not read yet.
func (p *parser) handleBox(li ast.Node) bool {
	if _, cached := p.leads[li]; cached || !hasBox(li) {
		return false
	}
	lead := li.FirstChild()
	if lead.Lines().Len() == 0 {
		return false
	}
	seg := lead.Lines().At(0)
	raw := seg.Value(p.body)
	rest, _ := lineContent(raw)
	return handleLed(rest) && !IsPlaceholder(string(raw))
}

// lineContent returns a line's text after its task-list box, and whether
// it had one.
func lineContent(line []byte) ([]byte, bool) {
	s := bytes.TrimLeft(line, " \t")
	box := false
	if len(s) >= 3 && s[0] == '[' && s[2] == ']' && (s[1] == ' ' || s[1] == 'x' || s[1] == 'X') {
		s, box = bytes.TrimLeft(s[3:], " \t"), true
	}
	return s, box
}

// ritualText reports whether plain text is a ritual of the meeting (see
// ritual).
func (p *parser) ritualText(text string) bool {
	if len(text) > 120 || strings.Count(text, " ") > maxLabelWords+2 || !p.sets.mayMatch(text) {
		return ritualOpening(text)
	}
	w := headingWords(text)
	if len(w) > maxLabelWords {
		return ritualOpening(text)
	}
	return len(w) > 0 && matchMask(p.sets, w)&(setHousekeeping|setRitual) != 0
}

// topicList reports whether n children, t of them separate topics, make a
// list of topics: at least two, and three in four of them separate.
func topicList(n, t int) bool { return n >= 2 && 4*t >= 3*n }

// bulletTopics reports whether the children of a bullet are topics of their
// own: a list of topics, or one child that names its presenter or has a
// tag ("TAC updates" over "Supply chain WG - Ann Lee").
func (p *parser) bulletTopics(li ast.Node) bool {
	lists := nestedLists(li)
	n, t := p.topicShape(lists, false)
	if n == 1 && t == 1 {
		for _, l := range lists {
			for c := l.FirstChild(); c != nil; c = c.NextSibling() {
				if cl := p.readLead(c); cl.names.marked || cl.names.tagged {
					return true
				}
			}
		}
	}
	return topicList(n, t)
}

// nestedLists returns the lists nested in list item li.
func nestedLists(li ast.Node) []ast.Node {
	var out []ast.Node
	for c := li.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.List); ok {
			out = append(out, c)
		}
	}
	return out
}

// transcript reports whether a list is a discussion written as it was
// spoken: four or more flat "Name: remark" bullets, at least half of the
// list, with speakers taking turns (someone speaks again after another, at
// least three times). Such a list is the notes of one topic, not a list of
// work items.
func (p *parser) transcript(list ast.Node) bool {
	total := list.ChildCount()
	if total < 4 {
		return false
	}
	n, speakers, flat, returns := 0, 0, 0, 0
	var last string
	seen := map[string]bool{}
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		n++
		l := p.readLead(li)
		if !l.names.label || len(l.names.names) == 0 {
			if 2*(n-speakers) > total {
				return false // more than half are not remarks
			}
			continue
		}
		speakers++
		if !l.nested {
			flat++
		}
		who := strings.ToLower(l.names.names[0])
		if seen[who] && who != last {
			returns++
		}
		seen[who], last = true, who
	}
	return speakers >= 4 && 2*speakers >= n && 4*flat >= 3*speakers && returns >= 3
}

// timedStep reports whether a heading is a time-boxed step of the
// meeting's programme: "⚡ (5 minutes) Lightning intros", "(all the
// minutes) Hack together!".
func timedStep(title string) bool {
	t := stripEmoji(title)
	if !strings.HasPrefix(t, "(") {
		return false
	}
	end := strings.IndexByte(t, ')')
	return end > 0 && timeBox(t[1:end])
}

// linkOnly reports whether a bullet's lead is only a link, or a label and a
// link ("Slides: https://…", "[Join us on Zoom](…)"), to anything but an
// issue or pull request: a reference for the reader, not a topic.
func (p *parser) linkOnly(l lead) bool {
	n := l.node
	if n == nil || p.leadRef(l) {
		return false
	}
	links, other := 0, 0
	var before strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Link, *ast.AutoLink:
			links++
		case *ast.Text:
			t := string(c.Segment.Value(p.body))
			switch {
			case strings.HasPrefix(strings.TrimSpace(t), "http://") || strings.HasPrefix(strings.TrimSpace(t), "https://"):
				links++ // a bare URL the autolink extension did not mark
			case links == 0:
				before.WriteString(t)
			case strings.Trim(t, " .") != "":
				other++
			}
		case *ast.Emphasis:
			if links == 0 {
				before.WriteString(p.text(c))
			} else {
				other++
			}
		default:
			other++
		}
	}
	label := strings.TrimSpace(before.String())
	return links == 1 && other == 0 && (label == "" || strings.HasSuffix(label, ":") && countFields(label, 4) <= 4)
}

// issueTitle returns the title of a topic written as a quoted issue title
// and its reference, `"Council budget planning" leadership-council#103`:
// the quoted words. Other titles are returned as they are.
func issueTitle(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || t[0] != '"' && !strings.HasPrefix(t, "“") {
		return s
	}
	open, closer := 1, `"`
	if t[0] != '"' {
		open, closer = len("“"), "”"
	}
	end := strings.LastIndex(t, closer)
	if end <= open {
		return s
	}
	rest := strings.TrimSpace(t[end+len(closer):])
	if rest != "" && (strings.ContainsAny(rest, " \t") || !strings.Contains(rest, "#")) {
		return s
	}
	return strings.TrimSpace(t[open:end])
}

// textLead returns the block that leads list item li when it holds text;
// ok is false for an empty item, or one that starts with a list or a code
// block.
func textLead(li ast.Node) (lead ast.Node, ok bool) {
	lead = li.FirstChild()
	if lead == nil || lead.Type() != ast.TypeBlock || lead.Lines().Len() == 0 {
		return nil, false
	}
	return lead, true
}

// leadsOf yields each top-level item of the lists among blocks whose lead
// holds text, with that lead.
func leadsOf(blocks []ast.Node) iter.Seq2[ast.Node, ast.Node] {
	return func(yield func(li, lead ast.Node) bool) {
		for _, b := range blocks {
			l, ok := b.(*ast.List)
			if !ok {
				continue
			}
			for li := l.FirstChild(); li != nil; li = li.NextSibling() {
				if lead, ok := textLead(li); ok && !yield(li, lead) {
					return
				}
			}
		}
	}
}

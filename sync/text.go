package sync

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// bodyRoom is what a note may take of GitHub's body limit: the rest is kept
// for markers and the note about a cut.
const bodyRoom = maxBody - 1024

// noteText is a meeting's note on an item, without markers: the date and a
// link to the place in the minutes, owners, state, and the notes as written.
func (p *planner) noteText(m *minutes.Meeting, g *group, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Meeting %s**%s · [minutes](%s)\n", m.Date, p.groupName(), link)
	own := g.links()
	p.noteBody(&b, g, func(s string) string { return sanitize(s, p.cfg.Mentions, own) })
	return b.String()
}

// legacySum is the checksum a note had before notes named the group: a note
// an earlier version wrote that says the same is left as it is.
func (p *planner) legacySum(m *minutes.Meeting, g *group) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Meeting %s** · [minutes](%s)\n", m.Date, "")
	p.noteBody(&b, g, func(s string) string { return legacySanitize(s, p.cfg.Mentions) })
	return checksum(b.String())
}

// groupName is " · GROUP" for the head of a note: the configuration's group,
// else the minutes' repository's name; "" when neither is known.
func (p *planner) groupName() string {
	name := p.cfg.Group
	if name == "" && p.opts.Repo != "" {
		_, name, _ = strings.Cut(p.opts.Repo, "/")
	}
	if name == "" {
		return ""
	}
	return " · " + p.text(name)
}

// noteBody writes what the work items of a group say: owners, state and
// notes as written.
func (p *planner) noteBody(b *strings.Builder, g *group, clean func(string) string) {
	if g.status != "" {
		if g.renamed {
			fmt.Fprintf(b, "\n**%s**\n", clean(g.items[0].Title))
		}
		fmt.Fprintf(b, "\nReported: %s\n", clean(g.status))
		return
	}
	for _, it := range g.items {
		b.WriteString("\n")
		if len(g.items) > 1 || g.renamed {
			fmt.Fprintf(b, "**%s**\n", clean(it.Title))
		}
		var meta []string
		if len(it.Owners)+len(it.OwnerNames) > 0 {
			var os []string
			for _, o := range it.Owners {
				os = append(os, clean("@"+o))
			}
			for _, o := range it.OwnerNames {
				os = append(os, clean(o))
			}
			meta = append(meta, "Owners: "+strings.Join(os, ", "))
		}
		switch it.State {
		case minutes.StateDone:
			meta = append(meta, "State: done")
		case minutes.StateOpen:
			meta = append(meta, "State: open")
		}
		if len(meta) > 0 {
			b.WriteString(strings.Join(meta, " · ") + "\n")
		}
		if notes := strings.TrimSpace(it.Notes); notes != "" {
			b.WriteString("\n" + clean(notes) + "\n")
		}
	}
}

// text makes text from the minutes safe to write (see sanitize), with no
// reference of its own.
func (p *planner) text(s string) string { return sanitize(s, p.cfg.Mentions, nil) }

// itemBody is the body of an item this tool creates: its marker and where
// it came from.
func (p *planner) itemBody(m *minutes.Meeting, g *group, first minutes.Item) string {
	where := ""
	if first.Section != "" {
		where = fmt.Sprintf(", under %q", p.text(first.Section))
	}
	return fmt.Sprintf("%s\n_Reported in the [minutes of %s](%s)%s. minutes-sync adds what each meeting says about it._",
		itemMarker(g.key), m.Date, p.opts.link(m, first.Anchor), where)
}

// section is a report's note with its markers, cut to fit in body beside
// what body holds already (a draft's body or a comment).
func (p *planner) section(r *report, body string) string {
	rest := len(body)
	if s, e, _, ok := r.id.find(body); ok {
		rest -= e - s
	}
	room := bodyRoom - rest
	full := sectionText(r.id, r.g.sum, r.note)
	if len(full) <= room {
		return full
	}
	overhead := len(full) - len(r.note)
	return sectionText(r.id, r.g.sum, cut(r.note, room-overhead, p.opts.link(r.m, r.g.items[0].Anchor)))
}

// sectionText wraps a note in its markers.
func sectionText(id noteID, sum, note string) string {
	return id.marker(sum) + "\n\n---\n\n" + strings.TrimRight(note, "\n") + "\n\n" + noteEnd
}

// statusText is a board's status update for a meeting, and its checksum.
// The notes of cards that get no comment (an issue in a repository outside
// the owners in scope) are written here in full.
func (p *planner) statusText(m *minutes.Meeting, b *Board, groups []*group) (string, string) {
	var s strings.Builder
	anchor, status := "", ""
	for _, r := range m.Boards {
		if RefOf(r.Board) == b.Ref {
			anchor, status = r.Anchor, r.Status
			break
		}
	}
	if anchor == "" && len(groups) > 0 {
		anchor = groups[0].items[0].Anchor
	}
	link := p.opts.link(m, anchor)
	for _, g := range groups {
		if g.quiet {
			fmt.Fprintf(&s, "\n%s\n", strings.TrimSpace(p.noteText(m, g, link)))
			continue
		}
		own := g.links()
		for _, it := range g.items {
			line := "- " + sanitize(it.Title, p.cfg.Mentions, own)
			var meta []string
			for _, o := range it.Owners {
				meta = append(meta, p.text("@"+o))
			}
			if it.State != minutes.StateNone {
				meta = append(meta, string(it.State))
			}
			if g.status != "" {
				meta = append(meta, p.text(g.status))
			}
			if len(meta) > 0 {
				line += " (" + strings.Join(meta, ", ") + ")"
			}
			s.WriteString(line + "\n")
		}
	}
	if status != "" {
		fmt.Fprintf(&s, "\nReported status: %s\n", p.text(status))
	}
	sum := checksum(s.String())
	head := fmt.Sprintf("%s\n**Meeting %s**%s · [minutes](%s)\n\n", statusMarker(m.Date, m.File, sum), m.Date, p.groupName(), link)
	return cut(head+s.String(), bodyRoom, link), sum
}

// cut shortens s to at most n bytes, at a line or word boundary when one is
// near, and says where the rest is.
func cut(s string, n int, link string) string {
	if len(s) <= n {
		return s
	}
	note := fmt.Sprintf("\n\n… _(cut to fit GitHub's size limit: the rest is in [the minutes](%s))_\n", link)
	n -= len(note)
	if n < 0 {
		n = 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	head := s[:n]
	if i := strings.LastIndexByte(head, '\n'); i > n*3/4 {
		head = head[:i]
	} else if i := strings.LastIndexByte(head, ' '); i > n*3/4 {
		head = head[:i]
	}
	return head + note
}

// clipTitle shortens a title to at most n characters, ending in "…".
func clipTitle(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// maxCardTitle is the longest title a card gets from a sentence: the full
// text is in the note.
const maxCardTitle = 80

// cardTitle is the title of a card made for a work item: plain text, people
// named without "@" (a title is not Markdown: an entity would show as
// written), and for a sentence its first clause, at most maxCardTitle
// characters, cut on a word boundary.
func cardTitle(title string) string { return cardTitleOf(title, true) }

// cardTitleOf is cardTitle, with the first clause only when clause is set.
func cardTitleOf(title string, clause bool) string {
	t := strings.Join(strings.Fields(title), " ")
	t = strings.NewReplacer("@", "", "`", "", "**", "", "__", "", "<!--", "‹!--").Replace(t)
	if first := firstClause(t); first != "" && clause {
		t = first
	}
	if utf8.RuneCountInString(t) <= maxCardTitle {
		return t
	}
	r := []rune(t)[:maxCardTitle-1]
	if i := strings.LastIndexByte(string(r), ' '); i > maxCardTitle/2 {
		return strings.TrimRight(string(r)[:i], " ,;:-–") + "…"
	}
	return string(r) + "…"
}

// firstClause returns the first clause of a sentence: up to a sentence's
// end, " - ", ";" or ": " (not the "::" of an identifier), when at least two
// words come before it; "" when the title is no sentence.
func firstClause(t string) string {
	best := -1
	for _, sep := range []string{". ", "! ", "? ", " - ", " – ", " — ", "; ", ": "} {
		i := strings.Index(t, sep)
		if i < 0 || (sep == ": " && i > 0 && t[i-1] == ':') {
			continue
		}
		min := 2
		if strings.TrimSpace(sep) == "-" || strings.TrimSpace(sep) == "–" || strings.TrimSpace(sep) == "—" {
			min = 3 // "Proposal: 2024 – the year of…" is not cut after the year
		}
		if len(strings.Fields(t[:i])) >= min && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return strings.TrimRight(t, ".")
	}
	return strings.TrimSpace(t[:best])
}

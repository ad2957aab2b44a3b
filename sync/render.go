package sync

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
)

// MaxCommentSize is the size RenderMarkdown is usually asked to stay under:
// a pull-request comment may hold 65,536 characters, and this leaves room.
const MaxCommentSize = 60000

// RenderMarkdown shows a plan to people, as the action posts it on a pull
// request and in the job summary: counts per board first, then each board's
// changes in a collapsible section, the work items no board takes, and the
// warnings. When done is not nil it shows what Apply did instead of what the
// plan would do. The text stays under limit bytes; details that do not fit
// are cut with a note saying how many were left out.
func RenderMarkdown(p *Plan, done *Result, heading string, limit int) string {
	changes, counts := p.Changes, p.Counts
	if done != nil {
		changes, counts = done.Done, done.Counts
		counts.Unplaced = p.Counts.Unplaced
	}
	perBoard := map[string]*Counts{}
	var order []string
	for _, c := range changes {
		if perBoard[c.Board] == nil {
			perBoard[c.Board] = &Counts{}
			order = append(order, c.Board)
		}
		perBoard[c.Board].add(c.Op)
	}
	head := renderHead(p, done != nil, heading, changes, counts, order, perBoard)
	tail := renderTail(p, done, len(changes))
	// Details fill what room is left, board by board.
	room := limit - len(head) - len(tail) - len(cutNote(len(changes)))
	details, shown := renderDetails(p, changes, order, perBoard, room)
	out := head + details
	if shown < len(changes) {
		out += cutNote(len(changes) - shown)
	}
	out += tail
	if len(out) > limit { // the tail alone is too long: cut it hard
		out = cut(out, limit, "the job log")
	}
	return out
}

// renderHead is the heading, the offline note, the sum of the changes and
// the table of counts per board.
func renderHead(p *Plan, applied bool, heading string, changes []Change, counts Counts, order []string, perBoard map[string]*Counts) string {
	var head strings.Builder
	if heading != "" {
		fmt.Fprintf(&head, "### %s\n\n", heading)
	}
	if p.Offline {
		head.WriteString("> [!NOTE]\n> Planned offline, against empty boards: nothing was read from GitHub, so changes that are already made show up again here.\n\n")
	}
	verb := "would make"
	if applied {
		verb = "made"
	}
	fmt.Fprintf(&head, "minutes-sync %s **%d %s** to %d %s: %s.\n\n", verb, counts.Changes, Plural(counts.Changes, "change", "changes"),
		len(boardsOf(changes)), Plural(len(boardsOf(changes)), "board", "boards"), countsLine(counts))
	if len(order) > 0 {
		head.WriteString("| Board | Items created | Items added | Notes added | Notes updated | Fields set | Status updates |\n|---|--:|--:|--:|--:|--:|--:|\n")
		for _, b := range order {
			n := perBoard[b]
			fmt.Fprintf(&head, "| %s | %d | %d | %d | %d | %d | %d |\n", boardLabel(p, b), n.ItemsCreated, n.ItemsAdded, n.NotesAdded, n.NotesUpdated, n.FieldsSet, n.StatusUpdates)
		}
		head.WriteString("\n")
	}
	return head.String()
}

// renderTail is the failed changes, the work items no board takes, the
// warnings, or that there is nothing to sync.
func renderTail(p *Plan, done *Result, changes int) string {
	var tail strings.Builder
	if done != nil && len(done.Errors) > 0 {
		fmt.Fprintf(&tail, "#### Failed (%d)\n\n", len(done.Errors))
		for _, e := range done.Errors {
			fmt.Fprintf(&tail, "- `%s` %s on %s (%s:%d): %s\n", e.Change.Op, inline(e.Change.Item), inline(e.Change.Board), inline(e.Change.File), e.Change.Line, inline(e.Error))
		}
		tail.WriteString("\n")
	}
	tail.WriteString(renderNearMisses(p.NearMisses))
	if len(p.Unplaced) > 0 {
		fmt.Fprintf(&tail, "#### Not placed on any board (%d)\n\nThese work items are outside every board section; set `default-project` or a route to place them.\n\n", len(p.Unplaced))
		for _, u := range p.Unplaced {
			fmt.Fprintf(&tail, "- %s:%d: %s\n", inline(u.File), u.Line, inline(u.Title))
		}
		tail.WriteString("\n")
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(&tail, "#### Warnings (%d)\n\n", len(p.Warnings))
		for _, w := range p.Warnings {
			where := ""
			if w.File != "" {
				where = fmt.Sprintf("%s:%d: ", inline(w.File), w.Line)
			}
			fmt.Fprintf(&tail, "- %s%s\n", where, inline(w.Message))
		}
		tail.WriteString("\n")
	}
	if changes == 0 && len(p.Unplaced) == 0 {
		tail.WriteString("Nothing to sync: the boards already say what the minutes say.\n")
	}
	return tail.String()
}

// renderNearMisses lists the work items that nearly matched a card: each
// gets a new card unless a person confirms the match.
func renderNearMisses(ms []NearMiss) string {
	if len(ms) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#### Near misses (%d)\n\nThese work items resemble a card, but not clearly enough: each gets a new card. If one is the same work, put the card's link in the work item's title line (or add an alias to the configuration).\n\n", len(ms))
	for _, m := range ms {
		card := inline(m.Card)
		if m.URL != "" {
			card = "[" + card + "](" + m.URL + ")"
		}
		fmt.Fprintf(&b, "- %s:%d: %s resembles %s on %s (%.2f: %s)\n", inline(m.File), m.Line, inline(m.Title), card, inline(m.Board), m.Score, inline(strings.Join(m.Shared, ", ")))
	}
	b.WriteString("\n")
	return b.String()
}

// cutNote says how many changes the details leave out.
func cutNote(n int) string {
	return fmt.Sprintf("\n_… %d more %s not shown here to stay within GitHub's size limit; the full plan is in the job log and the plan file._\n\n", n, Plural(n, "change", "changes"))
}

// renderDetails is each board's changes in a collapsible section, one line
// per work item, as many as fit in room bytes; shown is how many changes
// the lines cover.
func renderDetails(p *Plan, changes []Change, order []string, perBoard map[string]*Counts, room int) (details string, shown int) {
	var out strings.Builder
	for _, b := range order {
		var sec strings.Builder
		fmt.Fprintf(&sec, "<details><summary>%s: %d %s</summary>\n\n", boardLabel(p, b), perBoard[b].Changes, Plural(perBoard[b].Changes, "change", "changes"))
		n := 0
		for _, r := range rows(changes, b) {
			line := fmt.Sprintf("- **%s** (%s, %s:%d): %s\n", cardLink(r), inline(r.meeting), inline(r.file), r.line, inline(strings.Join(r.details, "; ")))
			if out.Len()+sec.Len()+len(line)+len("\n</details>\n\n") > room {
				if n > 0 {
					sec.WriteString("\n</details>\n\n")
					out.WriteString(sec.String())
				}
				return out.String(), shown + n
			}
			sec.WriteString(line)
			n += r.changes
		}
		sec.WriteString("\n</details>\n\n")
		out.WriteString(sec.String())
		shown += n
	}
	return out.String(), shown
}

func countsLine(c Counts) string {
	parts := []string{
		fmt.Sprintf("%d %s created", c.ItemsCreated, Plural(c.ItemsCreated, "item", "items")),
		fmt.Sprintf("%d %s added", c.ItemsAdded, Plural(c.ItemsAdded, "item", "items")),
		fmt.Sprintf("%d %s added", c.NotesAdded, Plural(c.NotesAdded, "note", "notes")),
		fmt.Sprintf("%d %s updated", c.NotesUpdated, Plural(c.NotesUpdated, "note", "notes")),
		fmt.Sprintf("%d %s set", c.FieldsSet, Plural(c.FieldsSet, "field", "fields")),
		fmt.Sprintf("%d status %s", c.StatusUpdates, Plural(c.StatusUpdates, "update", "updates")),
	}
	if c.ItemsArchived > 0 {
		parts = append(parts, fmt.Sprintf("%d %s archived", c.ItemsArchived, Plural(c.ItemsArchived, "item", "items")))
	}
	if c.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d %s removed", c.Duplicates, Plural(c.Duplicates, "duplicate", "duplicates")))
	}
	if c.Unplaced > 0 {
		parts = append(parts, fmt.Sprintf("%d not placed", c.Unplaced))
	}
	return strings.Join(parts, ", ")
}

func boardsOf(changes []Change) []string {
	seen := map[string]bool{}
	for _, c := range changes {
		seen[c.Board] = true
	}
	out := make([]string, 0, len(seen))
	for b := range seen {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

// Plural returns one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// inline makes text safe on one Markdown line of the plan: no line breaks,
// no HTML or Markdown that could hide the rest of the comment or break a
// table, no notifications, no references (see escapeInline). Every piece of
// text in the plan goes through it: titles, file paths, messages.
func inline(s string) string { return escapeInline(s) }

// cardLink is a row's work item, linked to its card when the card exists.
func cardLink(r row) string {
	title := inline(r.item)
	if r.card == "" || strings.ContainsAny(r.card, " ()<>\"\n") || !strings.HasPrefix(r.card, "https://") {
		return title
	}
	return "[" + title + "](" + r.card + ")"
}

// row is the changes a plan makes for one work item of one meeting.
type row struct {
	card                string // the card's link, when it exists
	item, meeting, file string
	line, changes       int
	details             []string
}

// rows groups a board's changes by work item, in plan order.
func rows(changes []Change, board string) []row {
	var out []row
	for _, c := range changes {
		if c.Board != board {
			continue
		}
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.item == c.Item && last.meeting == c.Meeting && last.file == c.File && last.line == c.Line {
				last.details = append(last.details, c.Detail)
				last.changes++
				last.card = cmp.Or(last.card, c.Card)
				continue
			}
		}
		details := []string{c.Detail}
		if c.Match != "" {
			details = []string{c.Match, c.Detail}
		}
		if c.Preview != "" && c.Preview != c.Item {
			details = append(details, "“"+c.Preview+"”")
		}
		out = append(out, row{card: c.Card, item: c.Item, meeting: c.Meeting, file: c.File, line: c.Line, changes: 1, details: details})
	}
	return out
}

// boardLabel names a board by its title and owner/number.
func boardLabel(p *Plan, ref string) string {
	if t := p.Boards[ref]; t != "" {
		return inline(t) + " (" + ref + ")"
	}
	return ref
}

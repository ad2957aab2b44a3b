package sync

import (
	"cmp"
	"slices"
	"strings"
)

// Self-healing: two runs at once (a push and a dispatch, two workflows)
// can both make the same card or write the same note. Every run looks for
// what this tool wrote twice and mends it before it plans: of two cards
// with one item marker it keeps the oldest, moves to it the notes only the
// other holds, and removes the other; of two copies of one note it keeps
// the first.

// heal plans the mending of every board of the snapshot.
func (p *planner) heal() {
	for _, key := range sortedKeys(p.boards.ByRef) {
		b := p.boards.ByRef[key]
		p.healCards(b)
		for i := range b.Items {
			p.healComments(b, &b.Items[i])
		}
		p.healStatusUpdates(b)
	}
}

// healCards merges the cards of b that carry the same item marker into the
// oldest one.
func (p *planner) healCards(b *Board) {
	byKey := map[string][]int{}
	for i := range b.Items {
		it := &b.Items[i]
		if it.Archived || !it.ByViewer {
			continue
		}
		if k, ok := markerKey(trustedBody(it)); ok {
			byKey[k] = append(byKey[k], i)
		}
	}
	for _, k := range sortedKeys(byKey) {
		if idx := byKey[k]; len(idx) > 1 {
			slices.SortStableFunc(idx, func(x, y int) int { return cmp.Compare(b.Items[x].DatabaseID, b.Items[y].DatabaseID) })
			p.mergeCards(b, idx[0], idx[1:])
		}
	}
}

// mergeCards moves into the card keep the notes only the duplicates hold
// (a draft's sections; an issue keeps its comments), then removes the
// duplicates: a draft is deleted, an issue's card archived.
func (p *planner) mergeCards(b *Board, keep int, dups []int) {
	k := &b.Items[keep]
	base := Change{Board: b.Ref.String(), Item: k.Content.Title}
	body := k.Content.Body
	for _, d := range dups {
		for _, sec := range sections(b.Items[d].Content.Body) {
			if id, ok := sectionID(sec); ok && !strings.Contains(body, id) {
				body = strings.TrimRight(body, "\n") + "\n\n" + sec
			}
		}
	}
	if body != k.Content.Body && k.Type == ContentDraft {
		p.add(base, OpUpdateNote, "take in the notes a duplicate card holds (two runs at once)", UpdateDraft{Draft: k.Content.ID, Title: k.Content.Title, Body: body})
		k.Content.Body = body
	}
	for _, d := range dups {
		dup := &b.Items[d]
		if dup.Type == ContentDraft {
			p.add(base, OpDeduplicate, "delete the duplicate card two runs at once made", DeleteItem{Project: b.ID, Item: dup.ID})
		} else {
			p.add(base, OpDeduplicate, "archive the duplicate card two runs at once made", ArchiveItem{Project: b.ID, Item: dup.ID})
		}
		dup.Archived = true
	}
}

// healComments deletes the comments of a card that repeat a note another
// comment of the token's user holds already.
func (p *planner) healComments(b *Board, it *Item) {
	seen := map[string]bool{}
	for i := range it.Comments {
		c := &it.Comments[i]
		if !c.ByViewer {
			continue
		}
		ids, fresh := noteIDs(c.Body), 0
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				fresh++
			}
		}
		if len(ids) > 0 && fresh == 0 {
			p.add(Change{Board: b.Ref.String(), Item: it.Content.Title}, OpDeduplicate, "delete a comment that repeats a note (two runs at once)", DeleteComment{Comment: c.ID})
			c.ByViewer = false // no longer ours to find notes in
		}
	}
}

// healStatusUpdates deletes the status updates of b that repeat a
// meeting's another one of the token's user posted before.
func (p *planner) healStatusUpdates(b *Board) {
	seen := map[string]bool{}
	var kept []StatusUpdate
	for _, su := range b.StatusUpdates {
		id := statusID(su.Body)
		if su.ByViewer && id != "" && seen[id] {
			p.add(Change{Board: b.Ref.String(), Item: "(status update)", Meeting: su.StartDate}, OpDeduplicate,
				"delete a status update that repeats a meeting's (two runs at once)", DeleteStatusUpdate{StatusUpdate: su.ID})
			continue
		}
		if su.ByViewer && id != "" {
			seen[id] = true
		}
		kept = append(kept, su)
	}
	b.StatusUpdates = kept
}

// statusID is the marker of a status update without its checksum.
func statusID(body string) string {
	i := strings.Index(body, "<!-- minutes-sync:status ")
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], " sum=")
	if j < 0 {
		return ""
	}
	return body[i : i+j]
}

// sections splits a body into its note sections (marker to end marker).
func sections(body string) []string {
	var out []string
	for {
		i := strings.Index(body, "<!-- minutes-sync:note ")
		if i < 0 {
			return out
		}
		rest := body[i:]
		end := strings.Index(rest, noteEnd)
		if end < 0 {
			return append(out, rest)
		}
		out = append(out, rest[:end+len(noteEnd)])
		body = rest[end+len(noteEnd):]
	}
}

// sectionID is the marker of a note section without its checksum: what
// names the note.
func sectionID(sec string) (string, bool) {
	i := strings.Index(sec, " sum=")
	if i < 0 {
		return "", false
	}
	return sec[:i], true
}

// noteIDs lists the notes a body holds, by their markers without checksum.
func noteIDs(body string) []string {
	var out []string
	for _, sec := range sections(body) {
		if id, ok := sectionID(sec); ok {
			out = append(out, id)
		}
	}
	return out
}

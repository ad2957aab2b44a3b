package sync

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// boardIndex is what matching looks cards up by, built once per board and
// grown as the plan makes cards: item positions by ID, linked issue,
// marker key and title key, and the words of every card for similarity.
type boardIndex struct {
	n      int            // b.Items[:n] are indexed
	id     map[string]int // by item ID
	dbid   map[int64]int  // by database ID: the itemId of the card's link
	ref    map[string]int // by "owner/repo#N", lower case
	marker map[string]int // by the key of the item marker in the body
	title  map[string][]int
	notes  map[string]int      // by note: "date file key" (or "date key", before markers named the file)
	named  map[string][]naming // by the keys of the notes a card holds: the names meetings gave it
	words  *Index
}

// index returns the board's index, bringing it up to date with the cards
// the plan made for earlier meetings. The cards the meeting being planned
// makes are not indexed until the next one: a meeting's work items do not
// match each other (those that should are grouped by title already).
func (mr *matcher) index(b *Board) *boardIndex {
	bi := mr.boards[b]
	if bi == nil {
		bi = &boardIndex{id: map[string]int{}, dbid: map[int64]int{}, ref: map[string]int{}, marker: map[string]int{}, title: map[string][]int{}, notes: map[string]int{}, named: map[string][]naming{}, words: NewIndex(nil)}
		mr.boards[b] = bi
	}
	end, ok := mr.upto[b]
	if !ok {
		end = len(b.Items)
		if mr.upto != nil {
			mr.upto[b] = end
		}
	}
	for ; bi.n < end; bi.n++ {
		bi.add(bi.n, &b.Items[bi.n])
	}
	return bi
}

// add indexes one card. Hidden cards are left out; archived ones are
// found by title only.
func (bi *boardIndex) add(i int, it *Item) {
	if it.Type == ContentRedacted {
		return
	}
	bi.id[it.ID] = i
	key := itemKey(it.Content.Title)
	bi.title[key] = append(bi.title[key], i)
	if it.Archived {
		return
	}
	if it.DatabaseID > 0 {
		bi.dbid[it.DatabaseID] = i
	}
	if it.Content.Number > 0 {
		if _, dup := bi.ref[refKey(it.Content.Repo, it.Content.Number)]; !dup {
			bi.ref[refKey(it.Content.Repo, it.Content.Number)] = i
		}
	}
	if k, ok := markerKey(trustedBody(it)); ok {
		if _, dup := bi.marker[k]; !dup {
			bi.marker[k] = i
		}
	}
	bi.addNotes(i, trustedBody(it))
	for _, c := range it.Comments {
		if c.ByViewer {
			bi.addNotes(i, c.Body)
		}
	}
	bi.words.Add(cardDoc(it))
}

// noteRE finds the notes in a body, with or without the file.
var noteRE = regexp.MustCompile(`<!-- minutes-sync:note meeting=(\S+) (?:file=(\S+) )?key=(\S+) `)

func (bi *boardIndex) addNotes(i int, body string) {
	if !strings.Contains(body, "minutes-sync:note") {
		return
	}
	for _, m := range noteRE.FindAllStringSubmatch(body, -1) {
		k := m[1] + " " + m[2] + " " + m[3]
		if m[2] == "" {
			k = m[1] + " " + m[3]
		}
		if _, dup := bi.notes[k]; !dup {
			bi.notes[k] = i
		}
		bi.named[m[3]] = append(bi.named[m[3]], naming{card: i, date: m[1]})
	}
}

// naming is a card holding a meeting's note on a work item of some key.
type naming struct {
	card int
	date string // the meeting's
}

// namedOnce returns the one card holding notes on work items of key from
// meetings before date: a name an earlier meeting gave the work. Two cards
// holding such notes say nothing. Later meetings' notes are left out, so
// that a rerun decides for each meeting as the first run did.
func (bi *boardIndex) namedOnce(b *Board, key, date string) (int, bool) {
	found := -1
	for _, n := range bi.named[key] {
		switch {
		case n.date >= date || n.card == found:
		case found >= 0:
			return 0, false
		default:
			found = n.card
		}
	}
	if found < 0 || b.Items[found].Archived {
		return 0, false
	}
	return found, true
}

// titled returns the first card whose title normalises to key, preferring
// cards that are not archived.
func (bi *boardIndex) titled(b *Board, key string) (int, bool) {
	archived := -1
	for _, i := range bi.title[key] {
		if !b.Items[i].Archived {
			return i, true
		}
		if archived < 0 {
			archived = i
		}
	}
	return archived, archived >= 0
}

// holding returns the card that holds the note id, in its body or in the
// comments read of it.
func (bi *boardIndex) holding(id noteID) (int, bool) {
	if i, ok := bi.notes[id.date+" "+fileSum(id.file)+" "+id.key]; ok {
		return i, true
	}
	i, ok := bi.notes[id.date+" "+id.key]
	return i, ok
}

// trustedBody is a card's body when the token's user wrote it (a draft it
// made, an issue it opened): only there are markers to be trusted. A
// marker pasted into someone else's issue claims nothing.
func trustedBody(it *Item) string {
	if !it.Content.ByViewer {
		return ""
	}
	return it.Content.Body
}

func refKey(repo string, n int) string { return strings.ToLower(repo) + "#" + strconv.Itoa(n) }

// markerRE finds the item marker in a body.
var markerRE = regexp.MustCompile(`<!-- minutes-sync:item key=(\S*) -->`)

// markerKey returns the key of the item marker in body.
func markerKey(body string) (string, bool) {
	if !strings.Contains(body, "minutes-sync:item") {
		return "", false
	}
	m := markerRE.FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// cardDoc is a card as similarity compares it: its title, and its body
// with only the first of the notes minutes-sync wrote there (what the card
// was made for), the owners that note names, and its own link. Later notes
// are left out, and so are comments: the doc is then the same on every run,
// however many meetings have reported on the card since, so that a second
// run decides as the first did.
func cardDoc(it *Item) Doc {
	d := Doc{ID: it.ID, Title: it.Content.Title, Text: firstNoteOnly(it.Content.Body)}
	d.Owners = noteOwners(d.Text)
	if it.Content.Number > 0 {
		d.Links = append(d.Links, it.Content.Repo+"#"+strconv.Itoa(it.Content.Number))
	}
	return d
}

// firstNoteOnly is a body with its note sections after the first left out.
func firstNoteOnly(body string) string {
	secs := sections(body)
	for _, sec := range secs[min(len(secs), 1):] {
		body = strings.Replace(body, sec, "", 1)
	}
	return body
}

// ownersLine finds the owners a note names: "Owners: @&#8203;sjn, @tux".
var ownersLine = regexp.MustCompile(`(?m)^Owners: (.*?)(?: · |$)`)

// noteOwners lists the owners the notes in text name.
func noteOwners(text string) []string {
	var out []string
	for _, m := range ownersLine.FindAllStringSubmatch(text, -1) {
		for _, o := range strings.Split(m[1], ",") {
			o = strings.TrimSpace(strings.NewReplacer("@&#8203;", "", "\u200b", "", "@", "").Replace(o))
			if o != "" {
				out = append(out, o)
			}
		}
	}
	return out
}

// card finds the card a card's link names, when it is a card of board b
// that is not archived.
func (bi *boardIndex) card(b *Board, c *minutes.CardLink) (int, bool) {
	if c == nil || c.Board.Number != b.Ref.Number || !strings.EqualFold(c.Board.Owner, b.Ref.Owner) {
		return 0, false
	}
	i, ok := bi.dbid[c.ItemID]
	return i, ok && !b.Items[i].Archived
}

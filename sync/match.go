package sync

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// MatchReason says why a work item landed on the card it did.
type MatchReason string

// The reasons for a match, strongest first: matching tries them in this
// order.
const (
	// MatchLinked: the issue or pull request the work item links, on the
	// board.
	MatchLinked MatchReason = "linked"
	// MatchLinkedNotOnBoard: the issue or pull request the work item links
	// exists but is not on the board yet; it is to be added.
	MatchLinkedNotOnBoard MatchReason = "linked-not-on-board"
	// MatchMarker: the card minutes-sync made for a work item of this
	// title; its body carries the item marker.
	MatchMarker MatchReason = "marker"
	// MatchNote: the card already holds this meeting's note on the work
	// item (an earlier run put it there).
	MatchNote MatchReason = "note"
	// MatchAlias: the configuration's aliases pin the title to the card.
	MatchAlias MatchReason = "alias"
	// MatchTitle: a card whose title normalises to the work item's key.
	MatchTitle MatchReason = "title"
	// MatchNamed: the one card holding an earlier meeting's note on a work
	// item of this key: the title a topic was renamed to finds its card.
	MatchNamed MatchReason = "named"
	// MatchSimilar: the card whose title and notes are clearly the most
	// like what the meeting reports (see Index).
	MatchSimilar MatchReason = "similar"
	// MatchMoved: the work sat on the default board; a card on the board
	// the minutes now name takes over from it.
	MatchMoved MatchReason = "moved"
	// MatchNone: no card; one is to be made.
	MatchNone MatchReason = "none"
)

// Match is what matching decided for the work items of one meeting that
// land on one card of a board: which card, and why.
type Match struct {
	// Item is the card on the board; nil for MatchNone and
	// MatchLinkedNotOnBoard.
	Item *Item
	// Reason says why Item (or Linked) was chosen.
	Reason MatchReason
	// Ref is the link that decided, for MatchLinked and
	// MatchLinkedNotOnBoard.
	Ref minutes.Ref
	// Card is the link to the card that decided, for MatchLinked by a
	// card's link rather than an issue's.
	Card *minutes.CardLink
	// Linked is the issue or pull request to put on the board, for
	// MatchLinkedNotOnBoard.
	Linked Content
	// Score is how sure the match is, from 0 to 1: 1 for every reason but
	// MatchSimilar, which gives its similarity, and MatchNone (0).
	Score float64
	// Shared are the words, owners and links a similar card shares with
	// the work item, weightiest first.
	Shared []string
	// NearMiss is, when no card was similar enough, the best one, for
	// people to confirm (by linking it in the minutes, or with an alias).
	NearMiss *Candidate
}

// String says why, as people read it: "marker", "linked issue
// acme/tool#7", "similar (0.62: purl, cpan::meta::spec)", "none".
func (m Match) String() string {
	switch m.Reason {
	case MatchLinked:
		if m.Card != nil {
			return fmt.Sprintf("linked card %s (item %d)", m.Card.Board.Key(), m.Card.ItemID)
		}
		return "linked " + strings.ToLower(kindName(m.Item.Type)) + " " + m.Ref.String()
	case MatchLinkedNotOnBoard:
		return "linked " + strings.ToLower(kindName(m.Linked.Type)) + " " + m.Ref.String() + ", not on the board yet"
	case MatchSimilar:
		return fmt.Sprintf("similar (%.2f: %s)", m.Score, strings.Join(m.Shared, ", "))
	case MatchNamed:
		return "named so by an earlier meeting"
	}
	return string(m.Reason)
}

// workItem is what matching knows of the work items of one meeting that
// land on one card: their key, the items, and the meeting's note.
type workItem struct {
	key   string
	items []minutes.Item
	id    noteID
}

// doc is the work item as similarity compares it.
func (w workItem) doc() Doc {
	var d Doc
	var notes []string
	for _, it := range w.items {
		if d.Title == "" {
			d.Title = it.Title
		} else {
			notes = append(notes, it.Title)
		}
		notes = append(notes, it.Notes)
		d.Owners = append(d.Owners, it.Owners...)
		for _, r := range it.Refs {
			d.Links = append(d.Links, r.String())
		}
	}
	d.Text = strings.Join(notes, "\n")
	return d
}

// matcher matches work items to the cards of boards: it indexes each
// board's cards once (by key, link, marker and words), so that matching a
// work item costs the same however many cards a board holds, and it sees
// the cards a plan makes as they are made.
type matcher struct {
	cfg    *Config
	snap   *Boards
	boards map[*Board]*boardIndex
	upto   map[*Board]int // how many cards each board had when the meeting being planned began
}

// meeting starts matching a meeting's work items: cards made from here on
// are matched from the next meeting on.
func (mr *matcher) meeting() { mr.upto = map[*Board]int{} }

func newMatcher(cfg *Config, snap *Boards) *matcher {
	return &matcher{cfg: cfg, snap: snap, boards: map[*Board]*boardIndex{}}
}

// match finds the card of board b for w, in this order of evidence: a
// linked issue or pull request (on the board, or to be put there), the
// card that already holds this meeting's note (where an earlier run put it:
// what keeps every later run's answer the same), the card minutes-sync made
// for a work item of this title (its marker), an alias of the
// configuration, a card whose title normalises alike, and a card clearly
// the most similar. Cards hidden from the token are never matched; archived
// ones only by title when nothing else matches, and never by similarity.
// taken are the cards other work items of the same meeting matched: a
// meeting's two topics are two cards unless their titles agree. It reads
// nothing and changes nothing on the board.
func (mr *matcher) match(b *Board, w workItem, taken map[string]bool) Match {
	bi := mr.index(b)
	if m, ok := mr.linked(b, bi, w); ok {
		return m
	}
	if i, ok := bi.holding(w.id); ok && !b.Items[i].Archived {
		return Match{Item: &b.Items[i], Reason: MatchNote, Score: 1}
	}
	if i, ok := bi.marker[w.key]; ok && !b.Items[i].Archived {
		return Match{Item: &b.Items[i], Reason: MatchMarker, Score: 1}
	}
	if i, ok := mr.alias(b, bi, w); ok {
		if i < 0 {
			return Match{Reason: MatchNone} // a card of its own
		}
		return Match{Item: &b.Items[i], Reason: MatchAlias, Score: 1}
	}
	if i, ok := bi.titled(b, w.key); ok {
		return Match{Item: &b.Items[i], Reason: MatchTitle, Score: 1}
	}
	if i, ok := bi.namedOnce(b, w.key, w.id.date); ok {
		return Match{Item: &b.Items[i], Reason: MatchNamed, Score: 1}
	}
	return mr.similar(b, bi, w, taken)
}

// linked matches by the issue or pull request a work item is about (its
// subject: a link in its title line, or standing first under its heading).
func (mr *matcher) linked(b *Board, bi *boardIndex, w workItem) (Match, bool) {
	for _, wi := range w.items {
		if i, ok := bi.card(b, wi.Card); ok {
			return Match{Item: &b.Items[i], Reason: MatchLinked, Card: wi.Card, Score: 1}, true
		}
	}
	for _, wi := range w.items {
		if ref := wi.Subject; ref != nil {
			if i, ok := bi.ref[refKey(ref.Owner+"/"+ref.Repo, ref.Number)]; ok && !b.Items[i].Archived {
				return Match{Item: &b.Items[i], Reason: MatchLinked, Ref: *ref, Score: 1}, true
			}
		}
	}
	if ref, c, ok := mr.snap.linked(w.items); ok {
		return Match{Reason: MatchLinkedNotOnBoard, Ref: ref, Linked: c, Score: 1}, true
	}
	return Match{}, false
}

// alias matches by the configuration's aliases: the first whose title or
// pattern fits names the card, by its title, by a link to its issue, or by
// the card's own link; -1 when it says the work is a card of its own
// (AliasNew).
func (mr *matcher) alias(b *Board, bi *boardIndex, w workItem) (int, bool) {
	title := w.items[0].Title
	for _, a := range mr.cfg.Aliases {
		if !(a.Title != "" && itemKey(a.Title) == w.key || a.Pattern != nil && a.Pattern.MatchString(title)) {
			continue
		}
		if strings.EqualFold(a.Card, AliasNew) {
			return -1, true
		}
		if c, ok := minutes.ParseCardURL(a.Card); ok {
			if i, ok := bi.card(b, &c); ok {
				return i, true
			}
			continue // a card of another board
		}
		if m := issueURL.FindStringSubmatch(a.Card); m != nil {
			var n int
			fmt.Sscan(m[2], &n)
			if i, ok := bi.ref[refKey(m[1], n)]; ok {
				return i, true
			}
		}
		if i, ok := bi.titled(b, itemKey(a.Card)); ok {
			return i, true
		}
	}
	return 0, false
}

// issueURL reads owner/repo and the number of an issue or pull request
// link.
var issueURL = regexp.MustCompile(`^https?://[^/]+/([^/]+/[^/]+)/(?:issues|pull)/(\d+)`)

// similar matches by similarity, and keeps the best card as a near miss
// when it was not clear enough.
func (mr *matcher) similar(b *Board, bi *boardIndex, w workItem, taken map[string]bool) Match {
	year := yearOf(w.id.date)
	ranked := bi.words.Rank(w.doc(), func(id string) bool {
		i, ok := bi.id[id]
		return taken[id] || !ok || b.Items[i].Archived || pastYear(b.Items[i].Content.Title, year)
	})
	d := Decide(ranked, mr.cfg.Matching.Threshold, mr.cfg.Matching.Margin)
	if d.Match != nil {
		if i, ok := bi.id[d.Match.ID]; ok {
			return Match{Item: &b.Items[i], Reason: MatchSimilar, Score: d.Match.Score, Shared: d.Match.Shared}
		}
	}
	return Match{Reason: MatchNone, NearMiss: d.NearMiss}
}

// linked returns the first subject of items (the issue or pull request an
// item is about) that the snapshot could read, and what it links. Links
// deeper in an item's notes are references, not its identity.
func (bs *Boards) linked(items []minutes.Item) (minutes.Ref, Content, bool) {
	for _, wi := range items {
		if ref := wi.Subject; ref != nil {
			if c, ok := bs.Refs[ref.String()]; ok && c.ID != "" {
				return *ref, c, true
			}
		}
	}
	return minutes.Ref{}, Content{}, false
}

// pastYear says whether a card's title names a year before year: a card
// for "Perl Toolchain Summit 2025" does not take what a 2026 meeting says
// of the summit unless it says so in its title. A year is four digits
// standing alone, starting a date or ending at punctuation ("2025",
// "2024-04-25", "PTS 2025: topics"), not part of an identifier
// ("CVE-2023-7101") or a version ("1999.1").
func pastYear(title string, year int) bool {
	for i := 0; i+4 <= len(title); i++ {
		if i > 0 && partOfWord(title[i-1]) {
			continue
		}
		y := yearOf(title[i:])
		if y == 0 || y >= year {
			continue
		}
		if rest := title[i+4:]; rest != "" && (isASCIIAlnum(rune(rest[0])) || rest[0] == '_' ||
			strings.IndexByte(".:", rest[0]) >= 0 && len(rest) > 1 && isASCIIDigit(rest[1])) {
			continue // "2025a", "1999.1": part of a word or a version
		}
		return true
	}
	return false
}

// partOfWord says whether c, before a number, joins it to a word or
// identifier.
func partOfWord(c byte) bool {
	return isASCIIAlnum(rune(c)) || strings.IndexByte("-_:/.", c) >= 0
}

// yearOf reads a year (1990 to 2100) at the start of s: "2025-03-12" or
// "2025"; 0 when there is none.
func yearOf(s string) int {
	if len(s) < 4 {
		return 0
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1990 || y > 2100 || len(s) > 4 && s[4] >= '0' && s[4] <= '9' {
		return 0
	}
	return y
}

package sync

import (
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// MatchReason says why a work item landed on the card it did.
type MatchReason string

// The reasons for a match, strongest first: match tries them in this order.
const (
	// MatchMarker: the card minutes-sync made for the work item; its body
	// carries the item marker.
	MatchMarker MatchReason = "marker"
	// MatchLinked: the issue or pull request the work item links, on the
	// board.
	MatchLinked MatchReason = "linked"
	// MatchLinkedNotOnBoard: the issue or pull request the work item links
	// exists but is not on the board yet; it is to be added.
	MatchLinkedNotOnBoard MatchReason = "linked-not-on-board"
	// MatchTitle: a card whose title normalises to the work item's key.
	MatchTitle MatchReason = "title"
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
	// Linked is the issue or pull request to put on the board, for
	// MatchLinkedNotOnBoard.
	Linked Content
	// Score is how sure the match is, from 0 to 1: every reason so far is
	// certain (1), and MatchNone scores 0. It leaves room for matching by
	// similarity.
	Score float64
}

// String says why, as people read it: "marker", "linked issue
// acme/tool#7", "linked issue acme/tool#7, not on the board yet", "title"
// or "none".
func (m Match) String() string {
	switch m.Reason {
	case MatchLinked:
		return "linked " + strings.ToLower(kindName(m.Item.Type)) + " " + m.Ref.String()
	case MatchLinkedNotOnBoard:
		return "linked " + strings.ToLower(kindName(m.Linked.Type)) + " " + m.Ref.String() + ", not on the board yet"
	}
	return string(m.Reason)
}

// match finds the card of board b for a group of work items whose titles
// normalise to key: one this tool created (its marker), else a linked issue
// or pull request on the board, else a linked one that snap could read but
// that is not on the board yet, else a card with the same normalised title.
// Cards hidden from the token are never matched; archived ones only when
// nothing else matches. It reads and changes nothing.
func match(b *Board, snap *Boards, key string, items []minutes.Item) Match {
	marker := itemMarker(key)
	for i, it := range b.Items {
		if it.Type != ContentRedacted && strings.Contains(it.Content.Body, marker) {
			return Match{Item: &b.Items[i], Reason: MatchMarker, Score: 1}
		}
	}
	for _, wi := range items {
		for _, ref := range wi.Refs {
			if it := b.itemFor(ref); it != nil {
				return Match{Item: it, Reason: MatchLinked, Ref: ref, Score: 1}
			}
		}
	}
	if ref, c, ok := snap.linked(items); ok {
		return Match{Reason: MatchLinkedNotOnBoard, Ref: ref, Linked: c, Score: 1}
	}
	if it := b.titled(key); it != nil {
		return Match{Item: it, Reason: MatchTitle, Score: 1}
	}
	return Match{Reason: MatchNone}
}

// itemFor returns the card holding the linked issue or pull request.
func (b *Board) itemFor(ref minutes.Ref) *Item {
	repo := ref.Owner + "/" + ref.Repo
	for i, it := range b.Items {
		if it.Type != ContentRedacted && it.Content.Number == ref.Number && strings.EqualFold(it.Content.Repo, repo) {
			return &b.Items[i]
		}
	}
	return nil
}

// titled returns the first card whose title normalises to key, preferring
// cards that are not archived.
func (b *Board) titled(key string) *Item {
	var archived *Item
	for i, it := range b.Items {
		if it.Type == ContentRedacted || itemKey(it.Content.Title) != key {
			continue
		}
		if !it.Archived {
			return &b.Items[i]
		}
		if archived == nil {
			archived = &b.Items[i]
		}
	}
	return archived
}

// linked returns the first link of items that the snapshot could read, and
// what it links.
func (bs *Boards) linked(items []minutes.Item) (minutes.Ref, Content, bool) {
	for _, wi := range items {
		for _, ref := range wi.Refs {
			if c, ok := bs.Refs[ref.String()]; ok && c.ID != "" {
				return ref, c, true
			}
		}
	}
	return minutes.Ref{}, Content{}, false
}

package sync

import (
	"fmt"
	"strings"
)

// move is a card the minutes moved off the catch-all default board: work
// that sat there (reported outside any board section) and that a meeting
// now reports under a real board. The new card carries the history; the old
// one is archived with a line saying where the work went.
type move struct {
	from *Board
	idx  int // the old card in from.Items
	to   *card
	base Change
}

// fromDefault finds the card the default board holds for a work item the
// minutes put under board b, when b has none for it.
func (p *planner) fromDefault(b *Board, g *group) (*Board, int, bool) {
	ref, ok := p.cfg.DefaultBoard()
	if !ok || g.loose || ref == b.Ref {
		return nil, 0, false
	}
	d := p.boards.ByRef[ref.String()]
	if d == nil {
		return nil, 0, false
	}
	mt := p.match.match(d, g.work(), p.taken)
	if mt.Item == nil || mt.Item.Archived || mt.Item.Type == ContentRedacted {
		g.near = closer(g.near, d, mt.NearMiss) // shown if b has no closer card
		return nil, 0, false
	}
	return d, itemIndex(d, mt.Item), true
}

// moveCard plans the card on board b that takes over from the default
// board's card old: a draft is made anew with the old one's notes (and its
// title, which people may have edited), an issue or pull request is put on
// b, where its comments go with it.
func (p *planner) moveCard(b *Board, g *group, r *report, d *Board, i int) *card {
	old := d.Items[i]
	c := &card{board: b, idx: len(b.Items), key: g.key, match: Match{Reason: MatchMoved, Score: 1}}
	if old.Type == ContentDraft {
		if k, ok := markerKey(trustedBody(&old)); ok {
			c.key = k
		}
		c.kind = cardNewDraft
		body := itemMarker(c.key) + "\n" + strings.TrimSpace(strings.Replace(trustedBody(&old), itemMarker(c.key), "", 1))
		content := Content{ID: p.placeholder(), Type: ContentDraft, Title: old.Content.Title, Body: body, ByViewer: true}
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: ContentDraft, Content: content, ByViewer: true})
	} else {
		c.kind = cardLinked
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: old.Type, Content: old.Content, Comments: old.Comments, ByViewer: true})
	}
	d.Items[i].Archived = true // the default board's card is matched no more
	p.cards[b] = append(p.cards[b], c)
	p.moves = append(p.moves, move{from: d, idx: i, to: c, base: r.base})
	return c
}

// emitMoves archives the cards that moved, a draft first saying where the
// work went.
func (p *planner) emitMoves() {
	for _, mv := range p.moves {
		old := &mv.from.Items[mv.idx]
		base := mv.base
		base.Board, base.Item = mv.from.Ref.String(), old.Content.Title
		base.Card = cardURL(mv.from, old) // the card that moved: its history goes with the work
		if old.Type == ContentDraft && old.Content.ByViewer {
			ref := mv.to.board.Ref.String()
			if u := mv.to.board.URL; u != "" {
				ref = "[" + ref + "](" + u + ")" // the board: the new card's own link is known once it is made
			}
			where := fmt.Sprintf("\n\n_Moved to %s (%s) by the minutes of %s: the notes go on there._\n", p.text(boardName(mv.to.board)), ref, base.Meeting)
			body := strings.TrimRight(old.Content.Body, "\n") + where
			p.add(base, OpUpdateNote, "say where the work moved", UpdateDraft{Draft: old.Content.ID, Title: old.Content.Title, Body: body})
			old.Content.Body = body
		}
		p.add(base, OpArchive, "archive: the minutes moved the work to "+mv.to.board.Ref.String(), ArchiveItem{Project: mv.from.ID, Item: old.ID})
	}
}

// boardName is a board's title, else its owner/number.
func boardName(b *Board) string {
	if b.Title != "" {
		return b.Title
	}
	return b.Ref.String()
}

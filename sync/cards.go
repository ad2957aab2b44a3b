package sync

import (
	"fmt"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// cardKind says how the plan comes by a card.
type cardKind int

const (
	cardOnBoard  cardKind = iota // already on the board
	cardLinked                   // a linked issue or pull request, to be put on the board
	cardNewDraft                 // a draft issue the plan creates
	cardNewIssue                 // an issue the plan creates in issue-repository
)

// card is a card the meetings of a plan report on: one on the board, or one
// the plan makes. The planner's copy of the board holds it (new ones with
// placeholder IDs), so that later meetings find it as they would find it on
// GitHub.
type card struct {
	board   *Board
	idx     int // in board.Items: only ever appended to, so the index stays
	kind    cardKind
	key     string // the item marker's key of a card the plan makes
	match   Match  // how the first report found it
	fresh   bool   // made by an earlier run that stopped before its fields
	reports []*report
}

// item is the card as the plan leaves it.
func (c *card) item() *Item { return &c.board.Items[c.idx] }

// created says the plan makes the card (or, fresh, finishes making it).
func (c *card) created() bool { return c.kind != cardOnBoard || c.fresh }

// report is what one meeting says about a card: the work items of the
// meeting that landed on it, and the note that says so.
type report struct {
	m    *minutes.Meeting
	g    *group
	id   noteID
	note string // the note, with its link, without markers
	base Change // where in the minutes it comes from
}

// report matches a group of one meeting's work items to its card on board b
// and records the meeting's note there. A topic status ("No progress") is
// recorded only on a card the topic has: false says it has none.
func (p *planner) report(m *minutes.Meeting, b *Board, g *group) bool {
	first := g.items[0]
	mt := p.match.match(b, g.work(), p.taken)
	if g.status != "" && mt.Item == nil {
		return false
	}
	g.noted = mt.Reason == MatchNote
	// A card found by another wording: the note says what the meeting
	// called it (the card's title is left as people made it).
	title := p.titleOfCard(b, mt, g)
	// Work the default board has a card for, and b has not, moves here.
	var d *Board
	var i int
	moved := false
	if mt.Item == nil && mt.Reason != MatchLinkedNotOnBoard {
		if d, i, moved = p.fromDefault(b, g); moved {
			title = d.Items[i].Content.Title // the card moving off the default board keeps its title
		}
	}
	g.renamed = itemKey(title) != itemKey(first.Title)
	g.sum = checksum(p.noteText(m, g, ""))
	g.legacySum = p.legacySum(m, g)
	r := &report{
		m: m, g: g,
		id:   noteID{date: m.Date, file: m.File, key: g.key},
		note: p.noteText(m, g, p.opts.link(m, first.Anchor)),
		base: Change{Board: b.Ref.String(), Item: first.Title, Meeting: m.Date, File: m.File, Line: first.Line},
	}
	r.base.Preview = preview(g)
	if mt.Item != nil {
		r.base.Card = cardURL(b, mt.Item)
	}
	switch {
	case mt.Reason == MatchSimilar || mt.Reason == MatchAlias || mt.Reason == MatchNamed:
		r.base.Match = fmt.Sprintf("%s: %q", mt, mt.Item.Content.Title)
	default:
		// The closest card, on this board or, for loose work no board
		// took, on any board in scope, or on the default board.
		if near := closer(g.near, b, mt.NearMiss); near != nil && mt.Item == nil && !moved {
			p.nearMiss(r, near.board, near.cand)
		}
	}
	var c *card
	if moved {
		r.base.Match = fmt.Sprintf("moved off the default board %s: %q", d.Ref, d.Items[i].Content.Title)
		c = p.moveCard(b, g, r, d, i)
	} else {
		c = p.cardFor(b, g, r, mt, title)
	}
	p.taken[c.item().ID] = true
	p.reported = append(p.reported, reported{m: m, g: g, c: c})
	c.reports = append(c.reports, r)
	if it := c.item(); it.Type != ContentDraft && !p.mayComment(it.Content) {
		g.quiet = true // no comment there: the note goes into the status update
	}
	p.grow(c, r)
	return true
}

// cardFor returns the card a match names, making the plan's card for it the
// first time; with no card on the board, the plan makes one, titled title.
func (p *planner) cardFor(b *Board, g *group, r *report, mt Match, title string) *card {
	if mt.Item != nil {
		idx := itemIndex(b, mt.Item)
		for _, c := range p.cards[b] {
			if c.idx == idx {
				return c
			}
		}
		c := &card{board: b, idx: idx, kind: cardOnBoard, match: mt}
		// A card this tool made that has no status yet was cut short (a
		// run stopped between creating it and setting its fields): it is
		// still new.
		c.fresh = mt.Reason == MatchMarker && mt.Item.Status == ""
		p.cards[b] = append(p.cards[b], c)
		return c
	}
	c := &card{board: b, idx: len(b.Items), key: g.key, match: mt}
	switch {
	case mt.Reason == MatchLinkedNotOnBoard:
		c.kind = cardLinked
		comments := append([]Comment(nil), p.boards.linkedComments[mt.Linked.ID]...)
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: mt.Linked.Type, Content: mt.Linked, Comments: comments, ByViewer: true})
	case p.cfg.IssueRepository != "" && p.createdEarlier(g.key):
		// The issue was made by an earlier run that lost its card: put it
		// on the board. Its comments were not read: its notes are written
		// again only if they are not there (a lost card has none).
		c.kind = cardLinked
		issue := p.boards.Created[g.key]
		delete(p.boards.Created, g.key)
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: ContentIssue, Content: issue, ByViewer: true})
	case p.cfg.IssueRepository != "":
		c.kind = cardNewIssue
		content := Content{ID: p.placeholder(), Type: ContentIssue, Title: title, Body: p.itemBody(r.m, g, g.items[0]), Repo: p.cfg.IssueRepository, ByViewer: true}
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: ContentIssue, Content: content, ByViewer: true})
	default:
		c.kind = cardNewDraft
		content := Content{ID: p.placeholder(), Type: ContentDraft, Title: title, Body: p.itemBody(r.m, g, g.items[0]), ByViewer: true}
		b.Items = append(b.Items, Item{ID: p.placeholder(), Type: ContentDraft, Content: content, ByViewer: true})
	}
	p.cards[b] = append(p.cards[b], c)
	return c
}

// newCardTitle is the title of a new card on b for a work item titled
// title: its first clause (cardTitle), or, when a card of b has that title
// already, the whole title, so that two cards do not read alike ("Other
// work: …").
func (p *planner) newCardTitle(b *Board, title string) string {
	t := cardTitle(title)
	if p.titleTaken(b, itemKey(t)) {
		t = cardTitleOf(title, false)
	}
	return clipTitle(t, maxTitle)
}

// titleTaken says whether a card of b not archived has a title of key,
// reading each card once however many cards the plan makes.
func (p *planner) titleTaken(b *Board, key string) bool {
	ts := p.titles[b]
	if ts == nil {
		ts = &titleSet{keys: map[string]bool{}}
		p.titles[b] = ts
	}
	for ; ts.n < len(b.Items); ts.n++ {
		if it := &b.Items[ts.n]; !it.Archived {
			ts.keys[itemKey(it.Content.Title)] = true
		}
	}
	return ts.keys[key]
}

// titleSet is the title keys of a board's first n cards.
type titleSet struct {
	n    int
	keys map[string]bool
}

// createdEarlier says an earlier run made the issue for key in the issue
// repository.
func (p *planner) createdEarlier(key string) bool {
	_, ok := p.boards.Created[key]
	return ok
}

// grow puts the report's note on the planner's copy of a new draft, so that
// the body later meetings see (and the size they measure) is the one the
// plan creates.
func (p *planner) grow(c *card, r *report) {
	if c.kind != cardNewDraft {
		return
	}
	it := c.item()
	it.Content.Body = withNote(it.Content.Body, r.id, p.section(r, c.item().Content.Body))
}

// nearMiss records a card that resembles a work item but not clearly
// enough: the plan makes a new card, and says which one it nearly took.
func (p *planner) nearMiss(r *report, b *Board, cand *Candidate) {
	i, ok := p.match.index(b).id[cand.ID]
	if !ok {
		return
	}
	it := &b.Items[i]
	p.plan.NearMisses = append(p.plan.NearMisses, NearMiss{
		Board: b.Ref.String(), File: r.m.File, Line: r.base.Line, Meeting: r.m.Date, Title: r.base.Item,
		Card: it.Content.Title, URL: cardURL(b, it), Score: cand.Score, Shared: cand.Shared,
	})
}

// titleOfCard is the title of the card a match names: the card's, the
// linked issue's, or the one a new card gets. It is the same in every run,
// so that whether a note names the work item does not change.
func (p *planner) titleOfCard(b *Board, mt Match, g *group) string {
	switch {
	case mt.Item != nil:
		return mt.Item.Content.Title
	case mt.Reason == MatchLinkedNotOnBoard:
		return mt.Linked.Title
	}
	return p.newCardTitle(b, g.items[0].Title)
}

// preview is the first line of what a group's note says: its status, else
// the first line of its notes, else its title.
func preview(g *group) string {
	if g.status != "" {
		return g.status
	}
	for _, it := range g.items {
		for _, line := range strings.Split(it.Notes, "\n") {
			line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*+>"))
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "[ ]"), "[x]"))
			if line != "" {
				return clipTitle(line, maxCardTitle)
			}
		}
	}
	return clipTitle(g.items[0].Title, maxCardTitle)
}

// cardURL links a card on its board: its issue or pull request, else the
// board's own link to the item (what GitHub shows as ?pane=issue&itemId=).
func cardURL(b *Board, it *Item) string {
	switch {
	case it.Content.URL != "":
		return it.Content.URL
	case it.DatabaseID > 0 && b.URL != "":
		return fmt.Sprintf("%s?pane=issue&itemId=%d", b.URL, it.DatabaseID)
	}
	return ""
}

// itemIndex is the index of it in b.Items.
func itemIndex(b *Board, it *Item) int {
	for i := range b.Items {
		if &b.Items[i] == it {
			return i
		}
	}
	return -1
}

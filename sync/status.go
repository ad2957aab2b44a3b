package sync

import (
	"cmp"
	"slices"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// statusPlan is a board's status update for one meeting.
type statusPlan struct {
	m     *minutes.Meeting
	board *Board
	body  string
	sum   string
	base  Change
}

// planStatus plans the board's status update for the meeting, when the
// meeting reported something on the board: work items, or a status of the
// board as a whole ("stalled"). Notes of cards that get no comment are
// written here.
func (p *planner) planStatus(m *minutes.Meeting, b *Board, groups []*group) {
	status := ""
	base := Change{Board: b.Ref.String(), Meeting: m.Date, File: m.File, Item: "(status update)"}
	for _, r := range m.Boards {
		if RefOf(r.Board) == b.Ref {
			base.Line, status = r.Line, r.Status
			break
		}
	}
	if len(groups) == 0 && status == "" {
		return // nothing reported: no status update saying so
	}

	body, sum := p.statusText(m, b, groups)
	p.statuses = append(p.statuses, &statusPlan{m: m, board: b, body: body, sum: sum, base: base})
}

// emitStatus writes a status update: a new one, or the meeting's rewritten
// when the minutes changed.
func (p *planner) emitStatus(st *statusPlan) {
	b := st.board
	for i, su := range b.StatusUpdates {
		if !su.ByViewer {
			continue // a marker in someone else's status update is not ours
		}
		if old, found := statusSum(su.Body, st.m.Date, st.m.File); found {
			if old == st.sum {
				return
			}
			p.add(st.base, OpUpdateStatus, "rewrite the meeting's status update (the minutes changed)", UpdateStatusUpdate{StatusUpdate: su.ID, Body: st.body})
			b.StatusUpdates[i].Body = st.body
			return
		}
	}
	id := p.placeholder()
	p.add(st.base, OpCreateStatus, "post the meeting's status update", CreateStatusUpdate{Project: b.ID, Body: st.body, StartDate: st.m.Date, StatusUpdate: id})
	b.StatusUpdates = append(b.StatusUpdates, StatusUpdate{ID: id, Body: st.body, StartDate: st.m.Date, ByViewer: true})
}

// reported is a group of a meeting's work items and the card it landed on.
type reported struct {
	m *minutes.Meeting
	g *group
	c *card
}

// finalBoard is the board a card ends on: the board it moved to, if the
// minutes moved it off the default board.
func (p *planner) finalBoard(c *card) *Board {
	for _, mv := range p.moves {
		if mv.from == c.board && mv.idx == c.idx {
			return mv.to.board
		}
	}
	return c.board
}

// statusUpdates plans each meeting's status update on each board its work
// items end on (after every move of the run, so that a later run, which
// finds them there, plans the same), and on each board it gave a status.
func (p *planner) statusUpdates(ms []*minutes.Meeting) {
	for _, m := range ms {
		var order []*Board
		groups := map[*Board][]*group{}
		for _, r := range p.reported {
			if r.m != m {
				continue
			}
			b := p.finalBoard(r.c)
			if _, seen := groups[b]; !seen {
				order = append(order, b)
			}
			groups[b] = append(groups[b], r.g)
		}
		for _, rep := range m.Boards {
			if b := p.boards.ByRef[RefOf(rep.Board).String()]; b != nil && rep.Status != "" {
				if _, seen := groups[b]; !seen {
					order = append(order, b)
					groups[b] = nil
				}
			}
		}
		for _, b := range order {
			// In the minutes' order, whatever order matching took them
			// in: a later run, which matches differently, writes the same.
			slices.SortStableFunc(groups[b], func(x, y *group) int { return cmp.Compare(x.items[0].Line, y.items[0].Line) })
			p.planStatus(m, b, groups[b])
			if _, seen := p.cards[b]; !seen {
				p.cards[b] = nil
				p.order = append(p.order, b)
			}
		}
	}
}

package sync

import (
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

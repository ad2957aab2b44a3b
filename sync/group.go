package sync

import (
	"github.com/minutes-sync/minutes-sync/minutes"
)

// group is the work items of one meeting that land on one board item: those
// whose titles normalise alike.
type group struct {
	key       string
	sum       string // checksum of the group's note in the meeting being planned
	legacySum string // the same, as notes were written before they named the group
	quiet     bool   // its card gets no comment: the note goes into the status update
	m         *minutes.Meeting
	board     BoardRef
	items     []minutes.Item
}

// state is the group's state: open when any item is, else done when any
// is, else none.
func (g *group) state() minutes.State {
	st := minutes.StateNone
	for _, it := range g.items {
		switch it.State {
		case minutes.StateOpen:
			return minutes.StateOpen
		case minutes.StateDone:
			st = minutes.StateDone
		}
	}
	return st
}

// groupsOf groups a meeting's work items by the board item they land on,
// in the order they appear, and lists the boards the meeting reports on and
// the items that belong to none.
func groupsOf(m *minutes.Meeting, cfg *Config) (groups []*group, boards []BoardRef, unplaced []Unplaced) {
	index := map[string]*group{}
	seen := map[string]bool{}
	see := func(ref BoardRef) {
		if !seen[ref.String()] {
			seen[ref.String()] = true
			boards = append(boards, ref)
		}
	}
	for _, r := range m.Boards {
		see(RefOf(r.Board))
	}
	for _, it := range m.Items {
		ref, ok := cfg.route(it)
		if !ok {
			unplaced = append(unplaced, Unplaced{File: m.File, Line: it.Line, Meeting: m.Date, Section: it.Section, Title: it.Title})
			continue
		}
		see(ref)
		key := itemKey(it.Title)
		if key == "" {
			key = contentKey(it.Title, it.Notes)
		}
		gk := ref.String() + "\x00" + key
		g := index[gk]
		if g == nil {
			g = &group{key: key, board: ref, m: m}
			index[gk] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, it)
	}
	return groups, boards, unplaced
}

// groupsOfAll groups the work items of every meeting (see groupsOf) and
// lists every board the meetings report on, each once.
func groupsOfAll(meetings []*minutes.Meeting, cfg *Config) (groups []*group, boards []BoardRef) {
	seen := map[string]bool{}
	for _, m := range meetings {
		gs, order, _ := groupsOf(m, cfg)
		groups = append(groups, gs...)
		for _, ref := range order {
			if !seen[ref.String()] {
				seen[ref.String()] = true
				boards = append(boards, ref)
			}
		}
	}
	return groups, boards
}

// work is the group as matching sees it.
func (g *group) work() workItem {
	return workItem{key: g.key, items: g.items, id: noteID{date: g.m.Date, file: g.m.File, key: g.key}}
}

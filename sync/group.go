package sync

import (
	"github.com/minutes-sync/minutes-sync/minutes"
)

// group is the work items of one meeting that land on one board item: those
// whose titles normalise alike.
type group struct {
	key       string
	sum       string  // checksum of the group's note in the meeting being planned
	legacySum string  // the same, as notes were written before they named the group
	quiet     bool    // its card gets no comment: the note goes into the status update
	loose     bool    // outside every board section of the minutes: placed by identity
	fallback  bool    // a loose group's board is a route's or the default board
	status    string  // a topic that brought no work ("No progress"): noted on its card, never a new card
	renamed   bool    // its card has another title: the note names the work item as the meeting did
	noted     bool    // its card holds the meeting's note already (an earlier run wrote it)
	near      *nearOn // a loose group's closest card on any board, when no board took it
	m         *minutes.Meeting
	board     BoardRef
	items     []minutes.Item
	// byCard is the card whose link put the group on board, away from its
	// heading's board (heading); nil when the heading's board is its own.
	byCard  *minutes.CardLink
	heading BoardRef
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

// groupsOf groups a meeting's work items by the card they land on, in the
// order they appear, and lists the boards the meeting names. Items under a
// board of the minutes go to it. Items outside every board section are
// loose: the planner places them by identity (see place), and their board
// here is only the fallback, the first matching route or the default board
// (none when there is neither).
func groupsOf(m *minutes.Meeting, cfg *Config) (groups []*group, boards []BoardRef) {
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
		if ok {
			see(ref)
		}
		key := ItemKey(it.Title, it.Notes)
		gk := ref.String() + "\x00" + key
		if it.Board == nil {
			gk = "loose\x00" + key
		}
		g := index[gk]
		if g == nil {
			g = &group{key: key, board: ref, m: m, loose: it.Board == nil, fallback: ok}
			if it.Board != nil && ref != RefOf(*it.Board) {
				g.byCard, g.heading = it.Card, RefOf(*it.Board)
			}
			index[gk] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, it)
	}
	return append(groups, statusGroups(m, index)...), boards
}

// statusGroups are the topics a meeting reported as bringing no work ("No
// progress", "N/A"): each is noted, in one line, on the card the topic
// already has, and makes no card. A topic that also has work items in the
// meeting needs no such note.
func statusGroups(m *minutes.Meeting, index map[string]*group) []*group {
	var out []*group
	for _, st := range m.Statuses {
		it := minutes.Item{Board: st.Board, Title: st.Title, Subject: st.Subject, Line: st.Line, Anchor: st.Anchor}
		key := ItemKey(st.Title, st.Status)
		if index["loose\x00"+key] != nil || st.Board != nil && index[RefOf(*st.Board).String()+"\x00"+key] != nil {
			continue
		}
		g := &group{key: key, m: m, items: []minutes.Item{it}, status: st.Status, loose: st.Board == nil}
		if st.Board != nil {
			g.board = RefOf(*st.Board)
		}
		out = append(out, g)
	}
	return out
}

// unplaced is the group's items as the plan lists those no board takes.
func (g *group) unplaced() []Unplaced {
	var out []Unplaced
	for _, it := range g.items {
		out = append(out, Unplaced{File: g.m.File, Line: it.Line, Meeting: g.m.Date, Section: it.Section, Title: it.Title})
	}
	return out
}

// groupsOfAll groups the work items of every meeting (see groupsOf) and
// lists every board the meetings report on, each once.
func groupsOfAll(meetings []*minutes.Meeting, cfg *Config) (groups []*group, boards []BoardRef) {
	seen := map[string]bool{}
	for _, ref := range cfg.Boards { // the boards in scope, read for placement
		seen[ref.String()] = true
		boards = append(boards, ref)
	}
	for _, m := range meetings {
		gs, order := groupsOf(m, cfg)
		groups = append(groups, gs...)
		for _, ref := range order {
			if !seen[ref.String()] {
				seen[ref.String()] = true
				boards = append(boards, ref)
			}
		}
	}
	// The default board is read whenever there is work: a card there moves
	// to the board the minutes now name.
	if ref, ok := cfg.DefaultBoard(); ok && len(groups) > 0 && !seen[ref.String()] {
		boards = append(boards, ref)
	}
	return groups, boards
}

// work is the group as matching sees it.
func (g *group) work() workItem {
	return workItem{key: g.key, items: g.items, id: noteID{date: g.m.Date, file: g.m.File, key: g.key}}
}

// links are the issues and pull requests the group's work items are about
// (their subjects), as "owner/repo#N": references to them are the work
// item's own, left as links in its note; every other reference is defused,
// so that a note makes no timeline event on someone else's issue.
func (g *group) links() []string {
	var out []string
	for _, it := range g.items {
		if it.Subject != nil {
			out = append(out, it.Subject.String())
		}
	}
	return out
}

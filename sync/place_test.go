package sync

import (
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// twoBoards is the test board (acme/1) with a card "Signing keys for
// uploads", and an empty catch-all board (acme/9) as the default.
func twoBoards() (*Boards, *Config) {
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I1", Type: ContentDraft, Content: Content{ID: "D1", Type: ContentDraft, Title: "Signing keys for uploads", Body: itemMarker("signing-keys-for-uploads")}},
		{ID: "I2", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "Crash on empty files", Repo: "acme/tool", Number: 7}},
		{ID: "I3", Type: ContentDraft, DatabaseID: 333, Content: Content{ID: "D3", Type: ContentDraft, Title: "Website redesign"}},
	}
	catchAll := emptyBoard()
	catchAll.Ref, catchAll.ID, catchAll.Title = BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: 9}, "P9", "Everything else"
	snap := boardsWith(b)
	snap.ByRef[catchAll.Ref.String()] = catchAll
	cfg := DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/acme/projects/9"); err != nil {
		panic(err)
	}
	return snap, cfg
}

// loose is a meeting that names no board: its work items are placed.
func loose(items ...minutes.Item) *minutes.Meeting {
	for i := range items {
		items[i].Section = "loose"
	}
	m := meeting("2025-04-02", items...)
	m.Boards = nil
	return m
}

func TestPlaceLooseWorkItems(t *testing.T) {
	t.Parallel()
	tool7 := minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}
	card3, _ := minutes.ParseCardURL("https://github.com/orgs/acme/projects/1/views/2?pane=issue&itemId=333")
	tests := []struct {
		name      string
		item      minutes.Item
		noDefault bool
		board     string // "" for unplaced
	}{
		{"the board of the card it matches by title", minutes.Item{Title: "Signing keys for uploads"}, false, "acme/1"},
		{"the board of the card it resembles", minutes.Item{Title: "Upload signing keys rotated", Notes: "keys for uploads"}, false, "acme/1"},
		{"the board its linked issue is on", minutes.Item{Title: "Fix it", Refs: []minutes.Ref{tool7}, Subject: &tool7}, false, "acme/1"},
		{"the board of the card it links", minutes.Item{Title: "New colours", Card: &card3}, false, "acme/1"},
		{"else the default board", minutes.Item{Title: "Happy new year party planning"}, false, "acme/9"},
		{"else nowhere", minutes.Item{Title: "Happy new year party planning"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			snap, cfg := twoBoards()
			if tt.noDefault {
				cfg = DefaultConfig()
			}
			p := NewPlan([]*minutes.Meeting{loose(tt.item)}, snap, Options{Config: cfg})
			got := ""
			for _, c := range p.Changes {
				if c.Item == tt.item.Title {
					got = c.Board
					break
				}
			}
			if got != tt.board || (tt.board == "") != (len(p.Unplaced) == 1) {
				t.Errorf("placed on %q (unplaced %v), want %q", got, p.Unplaced, tt.board)
			}
		})
	}
}

// Work that sat on the default board moves to the board the minutes now
// put it under: a new card there carries the old one's notes and title, the
// old one says where the work went and is archived; later meetings, inside
// a board section or not, find the new card.
func TestPlanMovesWorkOffTheDefaultBoard(t *testing.T) {
	t.Parallel()
	snap, cfg := twoBoards()
	before := loose(minutes.Item{Title: "Funding drive", Notes: "- ask sponsors"})
	first := NewPlan([]*minutes.Meeting{before}, snap, Options{Config: cfg})
	if first.Changes[0].Board != "acme/9" {
		t.Fatalf("the loose item went to %s, want the default board", first.Changes[0].Board)
	}
	after := appliedAll(snap, Options{Config: cfg}, before)
	under := meeting("2025-05-07", minutes.Item{Title: "Funding drive", Notes: "- two sponsors said yes"})
	p := NewPlan([]*minutes.Meeting{under}, after, Options{Config: cfg})
	var created *CreateDraft
	archived := false
	for _, c := range p.Changes {
		switch s := c.Step.(type) {
		case CreateDraft:
			created = &s
		case ArchiveItem:
			archived = s.Project == "P9"
		}
	}
	if created == nil || created.Project != "P1" || !strings.Contains(created.Body, "ask sponsors") || !strings.Contains(created.Body, "two sponsors said yes") || !archived {
		t.Fatalf("move: created %+v, archived %v:\n%+v", created, archived, ops(p))
	}
	moved := appliedAll(after, Options{Config: cfg}, under)
	later := NewPlan([]*minutes.Meeting{loose(minutes.Item{Title: "Funding drive", Notes: "- paid"})}, moved, Options{Config: cfg})
	if c := later.Changes[0]; c.Board != "acme/1" || c.Op == OpCreateItem {
		t.Errorf("a later loose report went to %s (%s), want the moved card on acme/1", c.Board, c.Op)
	}
}

// appliedAll returns the boards as they would be after planning meetings
// and making every change: what the next run reads.
func appliedAll(snap *Boards, opts Options, meetings ...*minutes.Meeting) *Boards {
	p := newPlanner(snap, opts)
	p.run(meetings)
	return p.boards
}

// The same words on two boards: an item under a board's section is matched
// on that board only, however alike a card of another board is; a loose
// item goes to the board whose card it resembles most, and words are
// weighed by how rare they are on each board.
func TestSameWordsOnDifferentBoards(t *testing.T) {
	t.Parallel()
	snap, cfg := twoBoards()
	other := snap.ByRef["acme/9"]
	other.Items = []Item{
		{ID: "I9a", Type: ContentDraft, Content: Content{ID: "D9a", Type: ContentDraft, Title: "Signing keys for uploads"}},
		{ID: "I9b", Type: ContentDraft, Content: Content{ID: "D9b", Type: ContentDraft, Title: "Website redesign: new colours"}},
	}
	inSection := minutes.Item{Title: "Signing keys for uploads, rotated", Notes: "- new key published"}
	looseItem := minutes.Item{Title: "New colours for the website redesign", Section: "loose"}
	m := meeting("2025-04-02", inSection, looseItem)
	p := NewPlan([]*minutes.Meeting{m}, snap, Options{Config: cfg})
	got := map[string]string{}
	for _, c := range p.Changes {
		if c.Op == OpAddNote || c.Op == OpCreateItem {
			got[c.Item] = c.Board + " " + c.Card
		}
	}
	if g := got[inSection.Title]; !strings.HasPrefix(g, "acme/1 ") {
		t.Errorf("the item under acme/1's section went to %q, want acme/1's card", g)
	}
	if g := got[looseItem.Title]; !strings.HasPrefix(g, "acme/9 ") {
		t.Errorf("the loose item went to %q, want acme/9, whose card says the same", g)
	}
}

// A loose item that no board takes lands on the default board; the card it
// came closest to, on another board, is still shown as a near miss, for a
// reviewer to confirm with a link or an alias.
func TestPlanNearMissOnAnotherBoard(t *testing.T) {
	t.Parallel()
	snap, cfg := twoBoards()
	snap.ByRef["acme/1"].URL = "https://github.com/orgs/acme/projects/1"
	snap.ByRef["acme/1"].Items[0].DatabaseID = 111
	snap.ByRef["acme/1"].Items = append(snap.ByRef["acme/1"].Items,
		Item{ID: "I4", DatabaseID: 444, Type: ContentDraft, Content: Content{ID: "D4", Type: ContentDraft, Title: "Signing keys for releases"}})
	p := NewPlan([]*minutes.Meeting{loose(minutes.Item{Title: "Signing keys"})}, snap, Options{Config: cfg})
	var board string
	for _, c := range p.Changes {
		if c.Item == "Signing keys" && c.Op == OpCreateItem {
			board = c.Board
		}
	}
	if board != "acme/9" || len(p.NearMisses) != 1 || p.NearMisses[0].Board != "acme/1" || !strings.HasPrefix(p.NearMisses[0].Card, "Signing keys for") {
		t.Fatalf("created on %q, near misses %+v; want a new card on acme/9 and acme/1's near miss", board, p.NearMisses)
	}
	// The draft's own link, to paste into the minutes if it is the same work.
	ids := map[string]string{"Signing keys for releases": "444", "Signing keys for uploads": "111"}
	if got, want := p.NearMisses[0].URL, "https://github.com/orgs/acme/projects/1?pane=issue&itemId="+ids[p.NearMisses[0].Card]; got != want {
		t.Errorf("near miss URL = %q, want the card's link %q", got, want)
	}
}

// Work the minutes put under a board, with no card there, is shown the
// default board's card it came closest to, the one it would have moved off.
func TestPlanNearMissOnTheDefaultBoard(t *testing.T) {
	t.Parallel()
	snap, cfg := twoBoards()
	snap.ByRef["acme/9"].Items = []Item{
		{ID: "I9a", Type: ContentDraft, Content: Content{ID: "D9a", Type: ContentDraft, Title: "Mirror health for releases"}},
		{ID: "I9b", Type: ContentDraft, Content: Content{ID: "D9b", Type: ContentDraft, Title: "Mirror health for uploads"}},
	}
	p := NewPlan([]*minutes.Meeting{meeting("2025-04-02", minutes.Item{Title: "Mirror health"})}, snap, Options{Config: cfg})
	if len(p.NearMisses) != 1 || p.NearMisses[0].Board != "acme/9" || !strings.HasPrefix(p.NearMisses[0].Card, "Mirror health for") {
		t.Fatalf("near misses %+v; want the default board's card", p.NearMisses)
	}
}

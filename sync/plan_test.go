package sync

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
)

var testBoard = minutes.Board{Owner: "acme", Kind: minutes.KindOrg, Number: 1, URL: "https://github.com/orgs/acme/projects/1", Title: "Roadmap"}

func meeting(date string, items ...minutes.Item) *minutes.Meeting {
	b := testBoard
	for i := range items {
		if items[i].Board == nil && items[i].Section != "loose" {
			items[i].Board = &b
		}
		if items[i].Line == 0 {
			items[i].Line = 10 + i
		}
		if items[i].Anchor == "" {
			items[i].Anchor = "roadmap"
		}
	}
	return &minutes.Meeting{File: "meetings/minutes-" + date + ".md", Date: date, Title: "Minutes " + date,
		Boards: []minutes.Report{{Board: b, Line: 5, Anchor: "roadmap"}}, Items: items}
}

// emptyBoard is a board as GitHub makes it, plus a "Last discussed" date field.
func emptyBoard() *Board {
	return &Board{Ref: RefOf(testBoard), ID: "P1", Title: "Roadmap", Fields: []Field{
		{ID: "F-title", Name: "Title", DataType: "TITLE"},
		{ID: "F-status", Name: "Status", DataType: FieldSingleSelect, Options: []Option{{"O-todo", "Todo"}, {"O-doing", "In Progress"}, {"O-done", "Done"}}},
		{ID: "F-date", Name: "Last discussed", DataType: FieldDate},
	}}
}

func boardsWith(b *Board) *Boards {
	return &Boards{ByRef: map[string]*Board{b.Ref.String(): b}, Errors: map[string]error{}, Refs: map[string]Content{}}
}

// stepOf returns a change's step, which must be an S.
func stepOf[S Step](t *testing.T, c Change) S {
	t.Helper()
	s, ok := c.Step.(S)
	if !ok {
		t.Fatalf("%s %q: the step is %T, want %T", c.Op, c.Item, c.Step, s)
	}
	return s
}

type opLine struct {
	Op     Op
	Item   string
	Detail string
}

func ops(p *Plan) []opLine {
	var out []opLine
	for _, c := range p.Changes {
		out = append(out, opLine{c.Op, c.Item, c.Detail})
	}
	return out
}

func TestPlanNewItemsOnEmptyBoard(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12",
		minutes.Item{Title: "Write the guide", Owners: []string{"alice"}, State: minutes.StateOpen, Notes: "- [ ] draft it"},
		minutes.Item{Title: "Ship release 2", State: minutes.StateDone, Notes: "- [x] shipped"},
	)
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	want := []opLine{
		{OpCreateItem, "Write the guide", "create a draft issue"},
		{OpAddNote, "Write the guide", "the meeting's note, in the new draft's body"},
		{OpSetField, "Write the guide", "Status: Todo"},
		{OpSetField, "Write the guide", "Last discussed: 2025-03-12"},
		{OpCreateItem, "Ship release 2", "create a draft issue"},
		{OpAddNote, "Ship release 2", "the meeting's note, in the new draft's body"},
		{OpSetField, "Ship release 2", "Status: Done"},
		{OpSetField, "Ship release 2", "Last discussed: 2025-03-12"},
		{OpCreateStatus, "(status update)", "post the meeting's status update"},
	}
	if diff := cmp.Diff(want, ops(p)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	wantCounts := Counts{Changes: 9, ItemsCreated: 2, NotesAdded: 2, FieldsSet: 4, StatusUpdates: 1}
	if diff := cmp.Diff(wantCounts, p.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	body := stepOf[CreateDraft](t, p.Changes[0]).Body
	for _, want := range []string{itemMarker("write-the-guide"), noteID{"2025-03-12", "meetings/minutes-2025-03-12.md", "write-the-guide"}.prefix(), noteEnd, "- [ ] draft it", "@\u200balice", "meetings/minutes-2025-03-12.md#roadmap"} {
		if !strings.Contains(body, want) {
			t.Errorf("draft body lacks %q:\n%s", want, body)
		}
	}
}

// applied returns the board as it would be after the plan: what a second
// plan sees.
func applied(t *testing.T, b *Board, meetings ...*minutes.Meeting) *Board {
	t.Helper()
	p := newPlanner(boardsWith(b), Options{})
	p.run(meetings)
	return p.boards.ByRef[b.Ref.String()]
}

func TestPlanSecondRunChangesNothing(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- note"}, minutes.Item{Title: "Other", State: minutes.StateDone})
	after := applied(t, emptyBoard(), m)
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(after), Options{})
	if len(p.Changes) != 0 {
		t.Errorf("second plan has %d changes, want none: %+v", len(p.Changes), ops(p))
	}
}

func TestPlanEditedMinutesUpdateNotesInPlace(t *testing.T) {
	t.Parallel()
	before := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- first version"})
	board := applied(t, emptyBoard(), before)
	board.Items[0].Content.Body += "\n\nA line the group wrote by hand."
	edited := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- second version"})
	p := NewPlan([]*minutes.Meeting{edited}, boardsWith(board), Options{})
	want := []opLine{ // the status update lists titles, which did not change
		{OpUpdateNote, "Write the guide", "rewrite the meeting's note in the draft (the minutes changed)"},
	}
	if diff := cmp.Diff(want, ops(p)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	body := stepOf[UpdateDraft](t, p.Changes[0]).Body
	if strings.Contains(body, "first version") || !strings.Contains(body, "second version") {
		t.Errorf("note not replaced:\n%s", body)
	}
	if !strings.Contains(body, "A line the group wrote by hand.") {
		t.Errorf("hand-written text lost:\n%s", body)
	}
	if n := strings.Count(body, noteID{"2025-03-12", "meetings/minutes-2025-03-12.md", "write-the-guide"}.prefix()); n != 1 {
		t.Errorf("note marker appears %d times, want 1", n)
	}
}

func TestPlanOlderMinutesDoNotMoveLastDiscussedBack(t *testing.T) {
	t.Parallel()
	newer := meeting("2025-06-04", minutes.Item{Title: "Write the guide", State: minutes.StateOpen, Notes: "- [ ] later"})
	board := applied(t, emptyBoard(), newer)
	older := meeting("2025-03-12", minutes.Item{Title: "Write the guide", State: minutes.StateDone, Notes: "- [x] earlier"})
	p := NewPlan([]*minutes.Meeting{older}, boardsWith(board), Options{})
	for _, c := range p.Changes {
		if c.Op == OpSetField {
			t.Errorf("older minutes set a field: %+v", c)
		}
	}
	if got := ops(p); len(got) != 2 || got[0].Op != OpAddNote {
		t.Errorf("changes = %+v, want the older note added and its status update", got)
	}
}

func TestPlanMeetingsAreTakenOldestFirst(t *testing.T) {
	t.Parallel()
	a := meeting("2025-03-12", minutes.Item{Title: "Write the guide"})
	b := meeting("2025-06-04", minutes.Item{Title: "Write the guide"})
	p1 := NewPlan([]*minutes.Meeting{b, a}, boardsWith(emptyBoard()), Options{})
	p2 := NewPlan([]*minutes.Meeting{a, b}, boardsWith(emptyBoard()), Options{})
	if diff := cmp.Diff(ops(p2), ops(p1)); diff != "" {
		t.Errorf("plan depends on argument order (-sorted +reversed):\n%s", diff)
	}
	if p1.Counts.ItemsCreated != 1 {
		t.Errorf("created %d items for one work item in two meetings", p1.Counts.ItemsCreated)
	}
}

func TestPlanMatchesExistingItems(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12",
		minutes.Item{Title: "CPAN::Meta::Spec, Requirements & PURLs", Notes: "- x"},
		minutes.Item{Title: "Fix the parser", Refs: []minutes.Ref{{Owner: "acme", Repo: "tool", Number: 7}}, Subject: &minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}},
		minutes.Item{Title: "Hidden thing"},
	)
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I1", Type: ContentDraft, Status: "In Progress", Content: Content{ID: "D1", Type: ContentDraft, Title: "cpan meta spec requirements purls", Body: "hand written"}},
		{ID: "I2", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "A different title", Repo: "acme/tool", Number: 7},
			Comments: []Comment{{ID: "C1", Body: "unrelated"}}},
		{ID: "I3", Type: ContentRedacted},
	}
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	got := ops(p)
	want := []opLine{
		{OpAddNote, "CPAN::Meta::Spec, Requirements & PURLs", "append the meeting's note to the draft"},
		{OpSetField, "CPAN::Meta::Spec, Requirements & PURLs", "Last discussed: 2025-03-12"},
		{OpAddNote, "Fix the parser", "comment with the meeting's note"},
		{OpSetField, "Fix the parser", "Last discussed: 2025-03-12"},
		{OpCreateItem, "Hidden thing", "create a draft issue"},
		{OpAddNote, "Hidden thing", "the meeting's note, in the new draft's body"},
		{OpSetField, "Hidden thing", "Last discussed: 2025-03-12"},
		{OpCreateStatus, "(status update)", "post the meeting's status update"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(stepOf[UpdateDraft](t, p.Changes[0]).Body, "hand written\n\n") {
		t.Errorf("draft body does not keep what was there: %q", stepOf[UpdateDraft](t, p.Changes[0]).Body)
	}
	if stepOf[AddComment](t, p.Changes[2]).Subject != "IS7" {
		t.Errorf("comment goes to %q, want the linked issue IS7", stepOf[AddComment](t, p.Changes[2]).Subject)
	}
}

func TestPlanCommentsAreFoundAndUpdated(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Fix the parser", Notes: "- new text"})
	mk := func(body string) *Boards {
		b := emptyBoard()
		b.Items = []Item{{ID: "I2", Type: ContentIssue, LastDate: "2025-03-12",
			Content:  Content{ID: "IS7", Type: ContentIssue, Title: "Fix the parser", Repo: "acme/tool", Number: 7},
			Comments: []Comment{{ID: "C1", Body: body, ByViewer: true}}}}
		return boardsWith(b)
	}
	first := NewPlan([]*minutes.Meeting{m}, mk("unrelated"), Options{})
	note := stepOf[AddComment](t, first.Changes[0]).Body
	if first.Changes[0].Op != OpAddNote {
		t.Fatalf("first change = %s, want add-note", first.Changes[0].Op)
	}
	same := NewPlan([]*minutes.Meeting{m}, mk(note), Options{})
	for _, c := range same.Changes {
		if c.Item == "Fix the parser" {
			t.Errorf("unchanged note planned again: %+v", c)
		}
	}
	edited := NewPlan([]*minutes.Meeting{m}, mk(noteID{"2025-03-12", "meetings/minutes-2025-03-12.md", "fix-the-parser"}.marker("0ld")+"\nold text"), Options{})
	if c := edited.Changes[0]; c.Op != OpUpdateNote || c.Step != (UpdateComment{Comment: "C1", Body: stepOf[UpdateComment](t, c).Body}) {
		t.Errorf("edited note: %s with %+v, want update-note on C1", c.Op, c.Step)
	}
}

func TestPlanLinkedIssueNotOnBoardIsAdded(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Fix the parser", Refs: []minutes.Ref{{Owner: "acme", Repo: "tool", Number: 7}}, Subject: &minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}})
	bs := boardsWith(emptyBoard())
	bs.Refs["acme/tool#7"] = Content{ID: "IS7", Type: ContentIssue, Title: "Parser crash", Repo: "acme/tool", Number: 7}
	p := NewPlan([]*minutes.Meeting{m}, bs, Options{})
	got := ops(p)[:2]
	want := []opLine{
		{OpAddItem, "Fix the parser", "add issue acme/tool#7 to the board"},
		{OpAddNote, "Fix the parser", "comment with the meeting's note"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func TestPlanMissingFieldsAreWarnings(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Fields = []Field{{ID: "F-prio", Name: "Priority", DataType: FieldSingleSelect, Options: []Option{{"O1", "High"}}}}
	m := meeting("2025-03-12", minutes.Item{Title: "A"}, minutes.Item{Title: "B"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	var msgs []string
	for _, w := range p.Warnings {
		msgs = append(msgs, w.Message)
	}
	want := []string{
		`board acme/1 has no single-select field named "Status" (its single-select fields: "Priority"); it is left alone`,
		`board acme/1 has no date field named "Last discussed" (its date fields: none); it is left alone`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if p.Counts.FieldsSet != 0 {
		t.Errorf("set %d fields on a board without them", p.Counts.FieldsSet)
	}
}

func TestPlanMissingDoneOptionIsAWarning(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Fields[1].Options = b.Fields[1].Options[:2]
	m := meeting("2025-03-12", minutes.Item{Title: "A", State: minutes.StateDone})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Message, `no option "Done" (options: "Todo", "In Progress")`) {
		t.Errorf("warnings = %+v", p.Warnings)
	}
}

func TestPlanPlacesItemsWithoutBoard(t *testing.T) {
	t.Parallel()
	loose := minutes.Item{Title: "TLS in core", Section: "loose"}
	cve := minutes.Item{Title: "CVE-2025-1 follow-up", Section: "loose"}
	m := meeting("2025-03-12", loose, cve)

	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	if got := len(p.Unplaced); got != 2 {
		t.Fatalf("unplaced = %d, want 2", got)
	}
	if u := p.Unplaced[0]; u.File != m.File || u.Line != 10 || u.Title != "TLS in core" {
		t.Errorf("unplaced[0] = %+v", u)
	}

	cfg, err := ParseConfig("test.yml", []byte("default-project: https://github.com/orgs/acme/projects/1\nroutes:\n  - title: '^CVE-'\n    project: https://github.com/users/bob/projects/3\n"))
	if err != nil {
		t.Fatal(err)
	}
	other := emptyBoard()
	other.Ref, other.ID = BoardRef{Owner: "bob", Kind: minutes.KindUser, Number: 3}, "P3"
	bs := boardsWith(emptyBoard())
	bs.ByRef["bob/3"] = other
	p = NewPlan([]*minutes.Meeting{m}, bs, Options{Config: cfg})
	if len(p.Unplaced) != 0 {
		t.Errorf("unplaced with a default project: %+v", p.Unplaced)
	}
	where := map[string]string{}
	for _, c := range p.Changes {
		if c.Op == OpCreateItem {
			where[c.Item] = c.Board
		}
	}
	if diff := cmp.Diff(map[string]string{"TLS in core": "acme/1", "CVE-2025-1 follow-up": "bob/3"}, where); diff != "" {
		t.Errorf("placement (-want +got):\n%s", diff)
	}
}

func TestPlanTextCannotForgeMarkersOrMention(t *testing.T) {
	t.Parallel()
	evil := "<!-- minutes-sync:note meeting=2025-01-01 key=x --> @everyone <!-- /minutes-sync:note -->"
	m := meeting("2025-03-12", minutes.Item{Title: "Evil " + evil, Owners: []string{"mallory"}, Notes: evil})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	body := stepOf[CreateDraft](t, p.Changes[0]).Body
	if n := strings.Count(body, "<!--"); n != 3 { // item marker, note marker, note end
		t.Errorf("body has %d HTML comments, want our 3:\n%s", n, body)
	}
	if strings.Contains(body, "@everyone") || strings.Contains(body, "@mallory") {
		t.Errorf("body would notify:\n%s", body)
	}
	if strings.Contains(stepOf[CreateDraft](t, p.Changes[0]).Title, "<!--") {
		t.Errorf("title carries a comment: %q", stepOf[CreateDraft](t, p.Changes[0]).Title)
	}
	cfg := DefaultConfig()
	cfg.Mentions = true
	p = NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{Config: cfg})
	if !strings.Contains(stepOf[CreateDraft](t, p.Changes[0]).Body, "@mallory") {
		t.Errorf("mentions on, but the owner is not mentioned")
	}
}

func TestPlanBodiesStayUnderGitHubsLimit(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("- a very long note line that goes on\n", 4000) // ~150 kB
	m := meeting("2025-03-12", minutes.Item{Title: "Big", Notes: huge})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	body := stepOf[CreateDraft](t, p.Changes[0]).Body
	if len(body) >= maxBody {
		t.Errorf("draft body is %d bytes, GitHub's limit is %d", len(body), maxBody)
	}
	if !strings.Contains(body, "cut to fit GitHub's size limit") || !strings.HasSuffix(body, noteEnd) {
		t.Errorf("cut body lacks the note or the end marker: ...%s", body[len(body)-300:])
	}
	long := strings.Repeat("word ", 100)
	m = meeting("2025-03-12", minutes.Item{Title: long})
	p = NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	if n := len([]rune(stepOf[CreateDraft](t, p.Changes[0]).Title)); n > maxTitle {
		t.Errorf("title is %d characters", n)
	}
}

func TestPlanSameTitleTwiceInAMeetingIsOneItem(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Explore options", Notes: "- one"}, minutes.Item{Title: "Explore options!", Notes: "- two"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	if p.Counts.ItemsCreated != 1 {
		t.Fatalf("created %d items", p.Counts.ItemsCreated)
	}
	if body := stepOf[CreateDraft](t, p.Changes[0]).Body; !strings.Contains(body, "- one") || !strings.Contains(body, "- two") {
		t.Errorf("merged note lacks one of the items:\n%s", body)
	}
}

func TestPlanPlaceholderStatusGoesToStatusUpdate(t *testing.T) {
	t.Parallel()
	m := meeting("2024-10-30")
	m.Boards[0].Status = "stalled"
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	if len(p.Changes) != 1 || p.Changes[0].Op != OpCreateStatus {
		t.Fatalf("changes = %+v, want one status update", ops(p))
	}
	if body := stepOf[CreateStatusUpdate](t, p.Changes[0]).Body; !strings.Contains(body, "Reported status: stalled") {
		t.Errorf("status update lacks the placeholder:\n%s", body)
	}
}

func TestPlanSkipsBoardsThatCouldNotBeRead(t *testing.T) {
	t.Parallel()
	bs := &Boards{ByRef: map[string]*Board{}, Errors: map[string]error{"acme/1": ErrNotFound}}
	p := NewPlan([]*minutes.Meeting{meeting("2025-03-12", minutes.Item{Title: "A"})}, bs, Options{})
	if len(p.Changes) != 0 || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Message, "board acme/1 was not read") {
		t.Errorf("plan = %+v / %+v", ops(p), p.Warnings)
	}
}

func TestPlanNewPermalinksAloneChangeNothing(t *testing.T) {
	t.Parallel()
	at := func(sha string) Options {
		return Options{MinutesURL: func(m *minutes.Meeting, anchor string) string {
			return "https://github.com/acme/meetings/blob/" + sha + "/" + m.File + "#" + anchor
		}}
	}
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- first"})
	board := emptyBoard()
	p := newPlanner(boardsWith(board), at("aaa"))
	p.run([]*minutes.Meeting{m})
	after := p.boards.ByRef[board.Ref.String()]
	if got := NewPlan([]*minutes.Meeting{m}, boardsWith(after), at("bbb")); len(got.Changes) != 0 {
		t.Errorf("a new commit alone planned %+v", ops(got))
	}
	// A note touched up by hand stays until the minutes change.
	after.Items[0].Content.Body = strings.Replace(after.Items[0].Content.Body, "- first", "- first (typo fixed by hand)", 1)
	if got := NewPlan([]*minutes.Meeting{m}, boardsWith(after), at("bbb")); len(got.Changes) != 0 {
		t.Errorf("a hand edit was overwritten: %+v", ops(got))
	}
	edited := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- second"})
	got := NewPlan([]*minutes.Meeting{edited}, boardsWith(after), at("ccc"))
	if len(got.Changes) != 1 || got.Changes[0].Op != OpUpdateNote || !strings.Contains(stepOf[UpdateDraft](t, got.Changes[0]).Body, "blob/ccc/") {
		t.Errorf("edited minutes: %+v", ops(got))
	}
}

// A topic worded otherwise in a later meeting stays on its card: the plan
// says why, and writes the second note on the same card.
func TestPlanRenamedTopicStaysOnItsCard(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I1", Type: ContentDraft, Content: Content{ID: "D1", Type: ContentDraft, Title: "Signing keys for uploads", Body: itemMarker("signing-keys-for-uploads")}},
		{ID: "I2", Type: ContentDraft, Content: Content{ID: "D2", Type: ContentDraft, Title: "Release checklist"}},
		{ID: "I3", Type: ContentDraft, Content: Content{ID: "D3", Type: ContentDraft, Title: "Website redesign"}},
	}
	m := meeting("2025-03-12", minutes.Item{Title: "Upload signing keys rotated", Notes: "- keys for uploads rotated"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	c := p.Changes[0]
	if step, ok := c.Step.(UpdateDraft); !ok || step.Draft != "D1" || !strings.HasPrefix(c.Match, "similar (") || !strings.Contains(c.Match, `"Signing keys for uploads"`) {
		t.Fatalf("first change %s %q (%s) with %+v; want the note on the card D1, saying why", c.Op, c.Detail, c.Match, c.Step)
	}
	if p.Counts.ItemsCreated != 0 {
		t.Errorf("a card was created: %+v", ops(p))
	}
}

// A work item that resembles two cards alike gets a new card, and the plan
// names the near miss.
func TestPlanNearMiss(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I1", Type: ContentDraft, Content: Content{ID: "D1", Type: ContentDraft, Title: "Signing keys for releases"}},
		{ID: "I2", Type: ContentDraft, Content: Content{ID: "D2", Type: ContentDraft, Title: "Signing keys for uploads"}},
	}
	m := meeting("2025-03-12", minutes.Item{Title: "Signing keys"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	if p.Counts.ItemsCreated != 1 || len(p.NearMisses) != 1 || p.NearMisses[0].Title != "Signing keys" || !strings.HasPrefix(p.NearMisses[0].Card, "Signing keys for") {
		t.Fatalf("created %d, near misses %+v; want a new card and one near miss", p.Counts.ItemsCreated, p.NearMisses)
	}
	md := RenderMarkdown(p, nil, "Plan", MaxCommentSize)
	if !strings.Contains(md, "#### Near misses (1)") || !strings.Contains(md, "Signing keys resembles Signing keys for") {
		t.Errorf("the Markdown plan does not show the near miss:\n%s", md)
	}
}

// Notes an earlier version wrote (markers without the file, no group in the
// head) are left alone while the minutes say the same: upgrading costs no
// rewrites. Notes name the group once they are written anew.
func TestPlanKeepsLegacyNotes(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- drafted"})
	p := newPlanner(boardsWith(emptyBoard()), Options{Repo: "acme/meetings"})
	g := &group{key: "write-the-guide", items: m.Items, m: m}
	legacy := "<!-- minutes-sync:note meeting=2025-03-12 key=write-the-guide sum=" + p.legacySum(m, g) + " -->\n\nold\n\n" + noteEnd
	b := emptyBoard()
	b.Items = []Item{{ID: "I1", Type: ContentDraft, Content: Content{ID: "D1", Type: ContentDraft, Title: "Write the guide", Body: itemMarker("write-the-guide") + "\n\n" + legacy, ByViewer: true}, LastDate: "2025-03-12"}}
	_, sum := p.statusText(m, b, []*group{g})
	b.StatusUpdates = []StatusUpdate{{ID: "SU1", StartDate: "2025-03-12", Body: "<!-- minutes-sync:status meeting=2025-03-12 sum=" + sum + " -->\nold", ByViewer: true}}
	if got := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{Repo: "acme/meetings"}); len(got.Changes) != 0 {
		t.Errorf("a legacy note that says the same was rewritten: %+v", ops(got))
	}
	edited := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- drafted and reviewed"})
	got := NewPlan([]*minutes.Meeting{edited}, boardsWith(b), Options{Repo: "acme/meetings"})
	body := stepOf[UpdateDraft](t, got.Changes[0]).Body
	if !strings.Contains(body, "**Meeting 2025-03-12** · meetings · [minutes]") || strings.Contains(body, "meeting=2025-03-12 key=") {
		t.Errorf("the rewritten note lacks the group or keeps the legacy marker:\n%s", body)
	}
}

// Markers are trusted only where the token's user wrote them: an item
// marker pasted into someone else's issue claims no work item, and a note
// marker in someone else's comment is neither overwritten nor taken for the
// note.
func TestPlanTrustsOnlyOwnMarkers(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- drafted"})
	id := noteID{"2025-03-12", m.File, "write-the-guide"}
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I-theirs", Type: ContentIssue, Content: Content{ID: "IS9", Type: ContentIssue, Title: "Unrelated bug", Repo: "acme/tool", Number: 9,
			Body: "steal this: " + itemMarker("write-the-guide")}},
		{ID: "I-ours", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "Write the guide", Repo: "acme/tool", Number: 7},
			Comments: []Comment{{ID: "C-forged", Body: id.marker("forged") + "\nold words"}}},
	}
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	for _, c := range p.Changes {
		switch s := c.Step.(type) {
		case AddComment:
			if s.Subject != "IS7" {
				t.Errorf("a note went to %s, not the card titled like the work item", s.Subject)
			}
		case UpdateComment:
			t.Errorf("someone else's comment was rewritten: %+v", s)
		}
	}
	if p.Counts.NotesAdded != 1 {
		t.Errorf("counts %+v, want our own note added: %+v", p.Counts, ops(p))
	}
}

// A work item whose title has no letters is keyed by what it says, not by
// its line: inserting a line above it changes nothing, and a title such as
// "Line 11" cannot claim it.
func TestPlanLetterlessTitlesKeepTheirKey(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "—", Notes: "- 42", Line: 11})
	after := applied(t, emptyBoard(), m)
	moved := meeting("2025-03-12", minutes.Item{Title: "Line 11", Line: 11}, minutes.Item{Title: "—", Notes: "- 42", Line: 12})
	p := NewPlan([]*minutes.Meeting{moved}, boardsWith(after), Options{})
	for _, c := range p.Changes {
		if c.Item == "—" {
			t.Errorf("the letterless item was planned again after a line was inserted: %s %s", c.Op, c.Detail)
		}
		if c.Item == "Line 11" && c.Op != OpCreateItem && c.Op != OpAddNote && c.Op != OpSetField && c.Op != OpCreateStatus && c.Op != OpUpdateStatus {
			t.Errorf("%q claimed another card: %s %s", c.Item, c.Op, c.Detail)
		}
	}
	if p.Counts.ItemsCreated != 1 {
		t.Errorf("created %d cards, want one for %q: %+v", p.Counts.ItemsCreated, "Line 11", ops(p))
	}
}

// Every piece of text a plan writes is escaped like any other: file paths
// cannot hide the rest of the plan comment or ping a team, and the notes
// of a card ping nobody and reference no other issue than the work item's
// own links, in any form GitHub would link.
func TestPlanTextIsEscapedEverywhere(t *testing.T) {
	t.Parallel()
	tool7 := minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}
	m := meeting("2025-03-12", minutes.Item{Title: "Fix the parser", Refs: []minutes.Ref{tool7}, Subject: &tool7,
		Notes: "- @@mallory, x/@mallory, &#64;mallory, _@mallory_, @acme/team\n- see #12, GH-5, other/repo#3 and acme/tool#7"})
	m.File = "meetings/<!-- z @acme/team-minutes.md"
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	md := RenderMarkdown(p, nil, "Plan", MaxCommentSize)
	if strings.Contains(md, "<!--") || len(mentionsLeft(md, true)) > 0 {
		t.Errorf("the plan comment carries a comment opener or mentions %v:\n%s", mentionsLeft(md, true), md)
	}
	body := stepOf[CreateDraft](t, p.Changes[0]).Body
	if got := mentionsLeft(body, true); len(got) > 0 {
		t.Errorf("the note would ping %v:\n%s", got, body)
	}
	if got := refsLeft(body, checkerOwnSet([]string{"acme/tool#7"}), true); len(got) > 0 {
		t.Errorf("the note references %v:\n%s", got, body)
	}
	if !strings.Contains(body, "acme/tool#7") {
		t.Errorf("the work item's own link was defused:\n%s", body)
	}
}

// boardWithCard is a board holding one draft minutes-sync made, titled
// title, last discussed on 2025-02-01.
func boardWithCard(title string) *Board {
	b := emptyBoard()
	b.Items = []Item{{ID: "I1", Type: ContentDraft, LastDate: "2025-02-01",
		Content: Content{ID: "D1", Type: ContentDraft, Title: title, Body: itemMarker(itemKey(title)), ByViewer: true}}}
	return b
}

// "No progress" on a topic that has a card is a one-line note there and
// moves Last discussed; on a topic with no card it makes none.
func TestPlanTopicStatusNotesTheCard(t *testing.T) {
	t.Parallel()
	b := boardWithCard("Signing keys")
	m := meeting("2025-03-12")
	board := testBoard
	m.Statuses = []minutes.TopicStatus{
		{Title: "Signing keys", Status: "No progress", Board: &board, Line: 20, Anchor: "signing-keys"},
		{Title: "Nobody's topic", Status: "N/A", Board: &board, Line: 22, Anchor: "nobodys-topic"},
	}
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	want := []opLine{
		{OpAddNote, "Signing keys", "append the meeting's note to the draft"},
		{OpSetField, "Signing keys", "Last discussed: 2025-03-12"},
		{OpCreateStatus, "(status update)", "post the meeting's status update"},
	}
	if diff := cmp.Diff(want, ops(p)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	if body := stepOf[UpdateDraft](t, p.Changes[0]).Body; !strings.Contains(body, "Reported: No progress") {
		t.Errorf("the note does not say what was reported:\n%s", body)
	}
	if len(p.Unplaced) != 0 {
		t.Errorf("a status was listed as unplaced: %+v", p.Unplaced)
	}
}

// Two work items whose first clauses agree ("Other work: …") get cards
// whose titles tell them apart: the second card, and any later one, keeps
// its whole title, cut to fit.
func TestPlanNewCardTitlesDoNotRepeat(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12",
		minutes.Item{Title: "Other work: securing the web framework"},
		minutes.Item{Title: "Other work: looking for insecure dependencies, with CVEs"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	var titles []string
	for _, c := range p.Changes {
		if c.Op == OpCreateItem {
			titles = append(titles, stepOf[CreateDraft](t, c).Title)
		}
	}
	want := []string{"Other work", "Other work: looking for insecure dependencies, with CVEs"}
	if diff := cmp.Diff(want, titles); diff != "" {
		t.Errorf("card titles (-want +got):\n%s", diff)
	}
}

// "No progress" reported by two meetings of one run on a topic whose card
// the minutes call otherwise is noted twice: one meeting's status does not
// keep the other's off the card.
func TestPlanTopicStatusesOfTwoMeetings(t *testing.T) {
	t.Parallel()
	b := boardWithCard("Release signing keys")
	board := testBoard
	var ms []*minutes.Meeting
	for i, date := range []string{"2025-03-12", "2025-04-09"} {
		m := meeting(date)
		m.File = "minutes-" + date + ".md"
		m.Statuses = []minutes.TopicStatus{{Title: "Signing keys for releases", Status: "No progress", Board: &board, Line: 20 + i, Anchor: "signing-keys"}}
		ms = append(ms, m)
	}
	p := NewPlan(ms, boardsWith(b), Options{})
	var noted []string
	for _, c := range p.Changes {
		if c.Op == OpAddNote {
			noted = append(noted, c.Meeting)
		}
	}
	if diff := cmp.Diff([]string{"2025-03-12", "2025-04-09"}, noted); diff != "" {
		t.Errorf("the meetings noted on the card (-want +got):\n%s\n%+v", diff, ops(p))
	}
}

// A note on a card found by another wording names the work item as the
// meeting did; the card keeps its title.
func TestPlanNoteNamesTheRenamedTopic(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Items = []Item{{ID: "I1", Type: ContentDraft, Content: Content{ID: "D1", Type: ContentDraft, Title: "Signing keys for uploads", Body: itemMarker("signing-keys-for-uploads"), ByViewer: true}}}
	m := meeting("2025-03-12", minutes.Item{Title: "Upload signing keys rotated", Notes: "- keys for uploads rotated"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{})
	step := stepOf[UpdateDraft](t, p.Changes[0])
	if !strings.Contains(step.Body, "**Upload signing keys rotated**") || step.Title != "Signing keys for uploads" {
		t.Errorf("the note does not name the work item, or the title changed (%q):\n%s", step.Title, step.Body)
	}
	after := appliedAll(boardsWith(b), Options{}, m)
	if again := NewPlan([]*minutes.Meeting{m}, after, Options{}); len(again.Changes) != 0 {
		t.Errorf("a second plan changes %+v", ops(again))
	}
}

// Notes go into comments only in repositories of the owners in scope (the
// boards' owners, the minutes' repository's) and those comment-in allows:
// an issue elsewhere is noted on its card's board in the status update
// instead, the note in full.
func TestPlanCommentsOnlyWhereAllowed(t *testing.T) {
	t.Parallel()
	pause := minutes.Ref{Owner: "andk", Repo: "pause", Number: 551}
	own := minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}
	b := emptyBoard()
	b.Items = []Item{
		{ID: "I1", Type: ContentPullRequest, Content: Content{ID: "PR551", Type: ContentPullRequest, Title: "Upload checks", Repo: "andk/pause", Number: 551}},
		{ID: "I2", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "Crash", Repo: "acme/tool", Number: 7}},
	}
	m := meeting("2025-03-12",
		minutes.Item{Title: "PAUSE upload checks", Notes: "- @ann - reviewed the checks", Subject: &pause, Refs: []minutes.Ref{pause}},
		minutes.Item{Title: "Crash on empty files", Notes: "- @bob - fixed", Subject: &own, Refs: []minutes.Ref{own}})
	commented := func(cfg *Config) []string {
		p := NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{Config: cfg, Repo: "acme/meetings"})
		var subjects []string
		status := ""
		for _, c := range p.Changes {
			switch s := c.Step.(type) {
			case AddComment:
				subjects = append(subjects, s.Subject)
			case CreateStatusUpdate:
				status = s.Body
			}
		}
		if inStatus := strings.Contains(status, "reviewed the checks"); inStatus == slices.Contains(subjects, "PR551") {
			t.Errorf("the pull request's note: commented %v, in the status update %v:\n%s", subjects, inStatus, status)
		}
		return subjects
	}
	if diff := cmp.Diff([]string{"IS7"}, commented(DefaultConfig())); diff != "" {
		t.Errorf("comments by default (-want +got):\n%s", diff)
	}
	allowed := DefaultConfig()
	allowed.CommentIn = []string{"andk/pause"}
	if diff := cmp.Diff([]string{"PR551", "IS7"}, commented(allowed)); diff != "" {
		t.Errorf("comments with comment-in (-want +got):\n%s", diff)
	}
}

// Status follows the newest meeting that reported the card, both ways:
// Done when every box is ticked, back to the first option when a newer
// meeting reports it open again. An older meeting changes nothing, and a
// status set by hand ("In Progress") stays while the work is open.
func TestPlanStatusFollowsTheNewestMeetingBothWays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, status, date string
		state              minutes.State
		want               string // the option set, "" for none
	}{
		{"reopened by a newer meeting", "Done", "2025-03-12", minutes.StateOpen, "O-todo"},
		{"done when every box is ticked", "Todo", "2025-03-12", minutes.StateDone, "O-done"},
		{"an older meeting changes nothing", "Done", "2025-01-20", minutes.StateOpen, ""},
		{"a status set by hand stays while the work is open", "In Progress", "2025-03-12", minutes.StateOpen, ""},
		{"no boxes say nothing of the state", "Done", "2025-03-12", minutes.StateNone, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := boardWithCard("Signing keys")
			b.Items[0].Status = tc.status
			p := NewPlan([]*minutes.Meeting{meeting(tc.date, minutes.Item{Title: "Signing keys", State: tc.state})}, boardsWith(b), Options{})
			got := ""
			for _, c := range p.Changes {
				if s, ok := c.Step.(SetStatus); ok {
					got = s.Option
				}
			}
			if got != tc.want {
				t.Errorf("status set to %q, want %q", got, tc.want)
			}
		})
	}
}

// A meeting posts a status update only on the boards it reported something
// on: a board it names with nothing under it gets none.
func TestPlanNoEmptyStatusUpdates(t *testing.T) {
	t.Parallel()
	quiet := minutes.Board{Owner: "acme", Kind: minutes.KindOrg, Number: 2, URL: "https://github.com/orgs/acme/projects/2", Title: "Quiet"}
	other := emptyBoard()
	other.Ref, other.ID, other.Title = RefOf(quiet), "P2", "Quiet"
	snap := boardsWith(emptyBoard())
	snap.ByRef[other.Ref.String()] = other
	m := meeting("2025-03-12", minutes.Item{Title: "Signing keys"})
	m.Boards = append(m.Boards, minutes.Report{Board: quiet, Line: 20, Anchor: "quiet"})
	p := NewPlan([]*minutes.Meeting{m}, snap, Options{})
	var posted []string
	for _, c := range p.Changes {
		if s, ok := c.Step.(CreateStatusUpdate); ok {
			posted = append(posted, s.Project)
		}
	}
	if diff := cmp.Diff([]string{"P1"}, posted); diff != "" {
		t.Errorf("status updates on (-want +got):\n%s", diff)
	}
}

// Every note names its meeting's date and the group: group: in the
// configuration, else the name of the minutes' repository.
func TestPlanNotesNameTheGroup(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide", Notes: "- drafted"})
	for _, tc := range []struct{ group, want string }{
		{"", "**Meeting 2025-03-12** · meetings · [minutes]"},
		{"CPAN Security Group", "**Meeting 2025-03-12** · CPAN Security Group · [minutes]"},
	} {
		cfg := DefaultConfig()
		cfg.Group = tc.group
		p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{Config: cfg, Repo: "acme/meetings"})
		if body := stepOf[CreateDraft](t, p.Changes[0]).Body; !strings.Contains(body, tc.want) {
			t.Errorf("group %q: the note lacks %q:\n%s", tc.group, tc.want, body)
		}
	}
}

package sync_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// world is a fake GitHub with the boards the fixtures report on.
type world struct {
	srv      *githubtest.Server
	roadmap  *githubtest.Project
	outreach *githubtest.Project
	slept    *githubtest.Sleeps
}

func newWorld(t testing.TB) *world {
	t.Helper()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	roadmap := srv.AddProject("acme", 1, "Parser & Formats")
	roadmap.AddField("Last discussed", "DATE")
	outreach := srv.AddProject("acme", 2, "Outreach & Docs")
	return &world{srv: srv, roadmap: roadmap, outreach: outreach, slept: &githubtest.Sleeps{}}
}

func (w *world) client(token string) *github.Client {
	return github.NewClient(token, w.srv.URL, github.ClientOptions{Sleep: w.slept.Sleep})
}

func parse(t testing.TB, files ...string) []*minutes.Meeting {
	t.Helper()
	var ms []*minutes.Meeting
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := minutes.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

func fixture(name string) string { return filepath.Join("testdata", name) }

var (
	older  = fixture("acme-minutes-2024-11-20.md")
	jan    = fixture("acme-minutes-2025-01-15.md")
	feb    = fixture("acme-minutes-2025-02-12.md")
	anyCtx = context.Background()
)

// sync runs a whole sync: read the boards, plan, apply.
func (w *world) sync(t testing.TB, gh *github.Client, opts sync.Options, files ...string) (*sync.Plan, *sync.Result) {
	t.Helper()
	ms := parse(t, files...)
	boards, err := sync.ReadBoards(anyCtx, gh, ms, opts)
	if err != nil {
		t.Fatalf("read boards: %v", err)
	}
	p := sync.NewPlan(ms, boards, opts)
	res, err := sync.Apply(anyCtx, gh, p, ms, opts)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return p, res
}

func TestApplyFixtures(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p, res := w.sync(t, w.client(w.srv.Token), sync.Options{}, jan)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	if diff := cmp.Diff(p.Counts, res.Counts); diff != "" {
		t.Errorf("apply did not do what the plan said (-plan +done):\n%s", diff)
	}
	if res.Counts.ItemsCreated == 0 || res.Counts.StatusUpdates != 2 {
		t.Errorf("counts = %+v, want items created and a status update per board", res.Counts)
	}
	state := w.srv.State()
	dump := dumpState(state)
	for _, want := range []string{
		"YAML front matter support", "Nested check boxes", "write the getting started guide",
		"@\u200balice",
		"Last discussed=2025-01-15",
		"Status=Done", // "Nested check boxes" has every box ticked
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("state lacks %q:\n%s", want, dump)
		}
	}
	if notes(dump, "2025-01-15", "yaml-front-matter-support") != 1 {
		t.Errorf("state lacks the note of 2025-01-15 on YAML front matter support:\n%s", dump)
	}
	if strings.Contains(dump, "order stickers") {
		t.Errorf("a board-less item was placed without a default project:\n%s", dump)
	}
	if p.Counts.Unplaced != 1 {
		t.Errorf("unplaced = %d, want the Any Other Business item", p.Counts.Unplaced)
	}
}

func TestSecondApplyMakesNoMutations(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	w.sync(t, gh, sync.Options{}, jan, feb)
	before := w.srv.State()
	w.srv.ResetStats()
	p, res := w.sync(t, gh, sync.Options{}, jan, feb)
	if st := w.srv.Stats(); st.Mutations != 0 || len(p.Changes) != 0 || res.Counts.Changes != 0 {
		t.Errorf("second run: %d mutations, %d planned changes: %v", st.Mutations, len(p.Changes), w.srv.Log())
	}
	if diff := cmp.Diff(before, w.srv.State()); diff != "" {
		t.Errorf("second run changed the boards (-before +after):\n%s", diff)
	}
}

func TestEditedMinutesUpdateNotesInPlace(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	dir := t.TempDir()
	file := filepath.Join(dir, "acme-minutes-2025-01-15.md")
	src, err := os.ReadFile(jan)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	w.sync(t, gh, sync.Options{}, file)
	edited := strings.Replace(string(src), "needs a test with a byte-order mark", "needs a test with a byte-order mark and CRLF", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	w.srv.ResetStats()
	_, res := w.sync(t, gh, sync.Options{}, file)
	st := w.srv.Stats()
	if res.Counts.NotesUpdated != 1 || res.Counts.NotesAdded != 0 || res.Counts.ItemsCreated != 0 {
		t.Errorf("counts = %+v, want exactly one note updated", res.Counts)
	}
	if st.MutationsByName["addProjectV2DraftIssue"] != 0 || st.MutationsByName["updateProjectV2DraftIssue"] != 1 {
		t.Errorf("mutations = %v", st.MutationsByName)
	}
	dump := dumpState(w.srv.State())
	if !strings.Contains(dump, "byte-order mark and CRLF") || notes(dump, "2025-01-15", "yaml-front-matter-support") != 1 {
		t.Errorf("note not updated in place:\n%s", dump)
	}
}

func TestOlderMinutesDoNotMoveLastDiscussedBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	w.sync(t, gh, sync.Options{}, feb)
	_, res := w.sync(t, gh, sync.Options{}, older)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	dump := dumpState(w.srv.State())
	if strings.Contains(dump, "Last discussed=2024-11-20") || !strings.Contains(dump, "Last discussed=2025-02-12") {
		t.Errorf("Last discussed moved back:\n%s", dump)
	}
	if notes(dump, "2024-11-20", "yaml-front-matter-support") != 1 {
		t.Errorf("the older meeting's note is missing:\n%s", dump)
	}
}

// TestInterruptedRunsConverge fails every mutation of a clean run in turn,
// before and after GitHub applies it, then runs again: the boards must end
// exactly as after one clean run, with nothing duplicated.
func TestInterruptedRunsConverge(t *testing.T) {
	t.Parallel()
	files := []string{jan, feb}
	clean := newWorld(t)
	clean.sync(t, clean.client(clean.srv.Token), sync.Options{}, files...)
	want := clean.srv.State()
	total := clean.srv.Stats().Mutations
	if total < 10 {
		t.Fatalf("a clean run made only %d mutations", total)
	}
	for k := 1; k <= total; k++ {
		for _, mode := range []githubtest.FaultMode{githubtest.FailBefore, githubtest.FailAfter} {
			w := newWorld(t)
			gh := w.client(w.srv.Token)
			w.srv.FailMutation(k, mode)
			ms := parse(t, files...)
			if boards, err := sync.ReadBoards(anyCtx, gh, ms, sync.Options{}); err == nil {
				_, _ = sync.Apply(anyCtx, gh, sync.NewPlan(ms, boards, sync.Options{}), ms, sync.Options{})
			}
			w.sync(t, gh, sync.Options{}, files...)
			if diff := cmp.Diff(want, w.srv.State()); diff != "" {
				t.Errorf("mutation %d failing (mode %v), then a clean run: state differs from one clean run (-want +got):\n%s", k, mode, diff)
			}
		}
	}
}

func TestApplyReplansAfterAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	w.srv.FailMutation(1, githubtest.FailAfter) // the first draft is made, but the answer is lost
	_, res := w.sync(t, gh, sync.Options{}, jan)
	if res.Replans != 1 || len(res.Errors) != 0 {
		t.Errorf("replans = %d, errors = %+v", res.Replans, res.Errors)
	}
	clean := newWorld(t)
	clean.sync(t, clean.client(clean.srv.Token), sync.Options{}, jan)
	if diff := cmp.Diff(clean.srv.State(), w.srv.State()); diff != "" {
		t.Errorf("state after a lost answer differs from a clean run (-clean +got):\n%s", diff)
	}
}

func TestRateLimitsAreWaitedOut(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	w.srv.SecondaryRateLimit(2, 7*time.Second, 403)
	_, res := w.sync(t, gh, sync.Options{}, jan)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	waited := 0
	for _, d := range w.slept.All() {
		if d == 7*time.Second {
			waited++
		}
	}
	if waited != 2 {
		t.Errorf("waited 7s %d times, want 2 (sleeps: %v)", waited, w.slept.All())
	}
}

func TestBadTokenSaysSo(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ms := parse(t, jan)
	_, err := sync.ReadBoards(anyCtx, w.client("not-a-token"), ms, sync.Options{})
	if !errors.Is(err, sync.ErrBadCredentials) {
		t.Fatalf("err = %v, want ErrBadCredentials", err)
	}
	if !strings.Contains(err.Error(), "Bad credentials") {
		t.Errorf("message does not say what is wrong: %v", err)
	}
}

func TestMissingScopeSaysWhichOne(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddToken("repo-only", githubtest.Permissions{Write: true})
	ms := parse(t, jan)
	_, err := sync.ReadBoards(anyCtx, w.client("repo-only"), ms, sync.Options{})
	if !errors.Is(err, sync.ErrForbidden) || !strings.Contains(err.Error(), "`project` scope") {
		t.Errorf("err = %v, want one error naming the scope", err)
	}
}

func TestMissingBoardIsReportedAndOthersSync(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dir := t.TempDir()
	src, _ := os.ReadFile(jan)
	file := filepath.Join(dir, "acme-minutes-2025-01-15.md")
	os.WriteFile(file, []byte(strings.ReplaceAll(string(src), "acme/projects/2/", "acme/projects/99/")), 0o644)
	gh := w.client(w.srv.Token)
	ms := parse(t, file)
	boards, err := sync.ReadBoards(anyCtx, gh, ms, sync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err99 := boards.Errors["acme/99"]
	if !errors.Is(err99, sync.ErrNotFound) || !strings.Contains(err99.Error(), "acme/99") {
		t.Errorf("acme/99: %v", err99)
	}
	p := sync.NewPlan(ms, boards, sync.Options{})
	res, err := sync.Apply(anyCtx, gh, p, ms, sync.Options{})
	if err != nil || res.Counts.ItemsCreated != 2 {
		t.Errorf("the readable board was not synced: %v, %+v", err, res.Counts)
	}
	found := false
	for _, wn := range p.Warnings {
		found = found || strings.Contains(wn.Message, "board acme/99 was not read")
	}
	if !found {
		t.Errorf("plan does not say acme/99 was skipped: %+v", p.Warnings)
	}
}

func TestDefaultProjectTakesLooseItems(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/acme/projects/2"); err != nil {
		t.Fatal(err)
	}
	p, _ := w.sync(t, w.client(w.srv.Token), sync.Options{Config: cfg}, jan)
	if p.Counts.Unplaced != 0 || !strings.Contains(dumpState(w.srv.State()), "order stickers") {
		t.Errorf("the loose item did not land on the default project")
	}
}

func TestLinkedIssuesGetComments(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddRepo("acme/tool")
	issue := w.srv.AddIssue("acme/tool", 7, "Parser crashes on empty files", "")
	w.srv.AddComment(issue, "I can reproduce this.", "bob")
	dir := t.TempDir()
	file := filepath.Join(dir, "acme-minutes-2025-03-01.md")
	os.WriteFile(file, []byte("# Minutes 2025-03-01\n\n### [Parser & Formats](https://github.com/orgs/acme/projects/1)\n\n#### Empty files (acme/tool#7)\n- [ ] @bob - fix it\n"), 0o644)
	gh := w.client(w.srv.Token)
	_, res := w.sync(t, gh, sync.Options{}, file)
	if res.Counts.ItemsAdded != 1 || res.Counts.NotesAdded != 1 || res.Counts.ItemsCreated != 0 {
		t.Fatalf("counts = %+v, want the issue added and commented", res.Counts)
	}
	w.srv.ResetStats()
	w.sync(t, gh, sync.Options{}, file)
	if n := w.srv.Stats().Mutations; n != 0 {
		t.Errorf("second run made %d mutations", n)
	}
	dump := dumpState(w.srv.State())
	if notes(dump, "2025-03-01", "empty-files-acme-tool-7") != 1 || !strings.Contains(dump, "I can reproduce this.") {
		t.Errorf("comments:\n%s", dump)
	}
}

// notes counts the notes of a meeting's date on work item key in a dump.
func notes(dump, date, key string) int {
	re := regexp.MustCompile(`minutes-sync:note meeting=` + date + ` file=[0-9a-f]{8} key=` + regexp.QuoteMeta(key) + ` `)
	return len(re.FindAllString(dump, -1))
}

// dumpState writes a State as text that tests search: one line per item
// with its field values as "Name=value", then its body; comments likewise.
func dumpState(st githubtest.State) string {
	var b strings.Builder
	for _, p := range st.Projects {
		b.WriteString("project " + p.Owner + "/" + strconv.Itoa(p.Number) + "\n")
		for _, it := range p.Items {
			var vals []string
			for k, v := range it.Values {
				vals = append(vals, k+"="+v)
			}
			sort.Strings(vals)
			b.WriteString("  item " + it.Type + " " + it.Title + " [" + strings.Join(vals, ", ") + "]\n" + it.Body + "\n")
		}
		for _, su := range p.StatusUpdates {
			b.WriteString("  status " + su.StartDate + "\n" + su.Body + "\n")
		}
	}
	for _, is := range st.Issues {
		b.WriteString("issue " + is.Repo + " " + is.Title + "\n")
		for _, c := range is.Comments {
			b.WriteString("  comment by " + c.Author + "\n" + c.Body + "\n")
		}
	}
	return b.String()
}

func TestIssueRepositoryGetsRealIssues(t *testing.T) {
	t.Parallel()
	cfg, err := sync.ParseConfig("c.yml", []byte("issue-repository: acme/meetings\n"))
	if err != nil {
		t.Fatal(err)
	}
	opts := sync.Options{Config: cfg}
	setup := func() (*world, *github.Client) {
		w := newWorld(t)
		w.srv.AddRepo("acme/meetings")
		return w, w.client(w.srv.Token)
	}

	w, gh := setup()
	_, res := w.sync(t, gh, opts, jan)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	if res.Counts.ItemsCreated != 3 || res.Counts.ItemsAdded != 3 || res.Counts.NotesAdded != 3 {
		t.Errorf("counts = %+v, want 3 issues created, added and commented", res.Counts)
	}
	st := w.srv.State()
	if len(st.Issues) != 3 {
		t.Fatalf("%d issues, want 3", len(st.Issues))
	}
	for _, is := range st.Issues {
		if is.Repo != "acme/meetings" || !strings.Contains(is.Body, "<!-- minutes-sync:item key=") || len(is.Comments) != 1 ||
			!strings.Contains(is.Comments[0].Body, "minutes-sync:note meeting=2025-01-15") {
			t.Errorf("issue %+v", is)
		}
	}
	w.srv.ResetStats()
	w.sync(t, gh, opts, jan, feb)
	if n := w.srv.Stats().MutationsByName["createIssue"]; n != 1 { // Windows line endings is new in February
		t.Errorf("February created %d issues, want 1", n)
	}

	// The answer to createIssue is lost: the issue is looked for by its
	// marker, and made only when it is not there.
	for _, mode := range []githubtest.FaultMode{githubtest.FailBefore, githubtest.FailAfter} {
		lost, gh2 := setup()
		lost.srv.FailMutation(1, mode)
		lost.sync(t, gh2, opts, jan)
		if diff := cmp.Diff(st, lost.srv.State()); diff != "" {
			t.Errorf("createIssue failing (%v) (-clean +got):\n%s", mode, diff)
		}
	}
}

// TestMinutesOfOneDayApplyCleanly syncs two minutes files of the same day
// in one run: they are two meetings, so each keeps its own note (both in one
// comment on the linked issue) and its own status update, and a second run
// changes nothing.
func TestMinutesOfOneDayApplyCleanly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddRepo("acme/tool")
	w.srv.AddIssue("acme/tool", 7, "Parser crashes on empty files", "")
	dir := t.TempDir()
	head := "# Minutes 2025-03-01\n\n### [Parser & Formats](https://github.com/orgs/acme/projects/1)\n\n#### Empty files (acme/tool#7)\n"
	morning := filepath.Join(dir, "acme-minutes-2025-03-01-a.md")
	afternoon := filepath.Join(dir, "acme-minutes-2025-03-01-b.md")
	if err := os.WriteFile(morning, []byte(head+"- [ ] @bob - fix acme/tool#7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(afternoon, []byte(head+"- [ ] @bob - fix acme/tool#7, with a test\n\n#### Nested check boxes\n- [ ] @alice - look\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gh := w.client(w.srv.Token)
	_, res := w.sync(t, gh, sync.Options{}, morning, afternoon)
	if len(res.Errors) > 0 {
		t.Errorf("errors: %+v", res.Errors)
	}
	if res.Counts.NotesAdded != 3 || res.Counts.NotesUpdated != 0 || res.Counts.StatusUpdates != 2 {
		t.Errorf("counts = %+v, want three notes (two on the issue) and a status update per file", res.Counts)
	}
	dump := dumpState(w.srv.State())
	if !strings.Contains(dump, "with a test") || notes(dump, "2025-03-01", "empty-files-acme-tool-7") != 2 || strings.Count(dump, "minutes-sync:status meeting=2025-03-01") != 2 {
		t.Errorf("state:\n%s", dump)
	}
	w.srv.ResetStats()
	w.sync(t, gh, sync.Options{}, morning, afternoon)
	if n := w.srv.Stats().Mutations; n != 0 {
		t.Errorf("second run made %d mutations: %v", n, w.srv.Log())
	}
}

// TestIssueRepositoryLostAddIsNotDuplicated: the issue was created but
// putting it on the board failed (a 502, or a crash between the two): the
// next run finds the issue it made, by its marker, while planning, and puts
// it on the board instead of creating another.
func TestIssueRepositoryLostAddIsNotDuplicated(t *testing.T) {
	t.Parallel()
	cfg, err := sync.ParseConfig("c.yml", []byte("issue-repository: acme/meetings\n"))
	if err != nil {
		t.Fatal(err)
	}
	opts := sync.Options{Config: cfg}
	w := newWorld(t)
	w.srv.AddRepo("acme/meetings")
	gh := w.client(w.srv.Token)
	w.srv.FailMutation(2, githubtest.FailBefore) // the addProjectV2ItemById after the first createIssue
	bs, err := sync.ReadBoards(anyCtx, gh, parse(t, jan), opts)
	if err != nil {
		t.Fatal(err)
	}
	ms := parse(t, jan)
	p := sync.NewPlan(ms, bs, opts)
	sync.Apply(anyCtx, gh, p, ms, opts) // the lost answer makes it read the boards again and plan again
	if n := w.srv.Stats().MutationsByName["createIssue"]; n != 3 {
		t.Errorf("%d issues created, want 3", n)
	}
	w.sync(t, gh, opts, jan)
	st := w.srv.State()
	if len(st.Issues) != 3 {
		t.Errorf("%d issues in acme/meetings, want 3 (one per work item):\n%s", len(st.Issues), dumpState(st))
	}
	w.srv.ResetStats()
	w.sync(t, gh, opts, jan)
	if n := w.srv.Stats().Mutations; n != 0 {
		t.Errorf("a third run made %d mutations", n)
	}
}

// live is a State without what was archived: what people see on the
// boards.
func live(st githubtest.State) githubtest.State {
	for i := range st.Projects {
		var items []githubtest.ItemState
		for _, it := range st.Projects[i].Items {
			if !it.Archived {
				items = append(items, it)
			}
		}
		st.Projects[i].Items = items
	}
	return st
}

// TestConcurrentAppliesHeal: two applies at once (a push and a dispatch)
// both create the cards and notes of the same minutes. The next run finds
// what was made twice, keeps the oldest, and ends with the boards as one
// clean run leaves them; the run after that changes nothing.
func TestConcurrentAppliesHeal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddRepo("acme/tool")
	w.srv.AddIssue("acme/tool", 7, "Parser crashes on empty files", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "acme-minutes-2025-03-01.md")
	os.WriteFile(file, []byte("# Minutes 2025-03-01\n\n### [Parser & Formats](https://github.com/orgs/acme/projects/1)\n\n#### Empty files (acme/tool#7)\n- [ ] @bob - fix it\n\n#### Nested check boxes\n- [x] @alice - done\n"), 0o644)
	ms := parse(t, jan, file)
	plans := make([]*sync.Plan, 2)
	clients := []*github.Client{w.client(w.srv.Token), w.client(w.srv.Token)}
	for i, gh := range clients { // both read the boards before either writes
		bs, err := sync.ReadBoards(anyCtx, gh, ms, sync.Options{})
		if err != nil {
			t.Fatal(err)
		}
		plans[i] = sync.NewPlan(ms, bs, sync.Options{})
	}
	done := make(chan struct{})
	for i, gh := range clients {
		go func() {
			defer func() { done <- struct{}{} }()
			sync.Apply(anyCtx, gh, plans[i], ms, sync.Options{})
		}()
	}
	<-done
	<-done
	if dump := dumpState(w.srv.State()); notes(dump, "2025-01-15", "yaml-front-matter-support") < 2 {
		t.Fatalf("the two runs did not both write (nothing to heal):\n%s", dump)
	}
	gh := w.client(w.srv.Token)
	_, res := w.sync(t, gh, sync.Options{}, jan, file)
	if res.Counts.Duplicates == 0 {
		t.Errorf("the healing run removed no duplicate: %+v", res.Counts)
	}
	clean := newWorld(t)
	clean.srv.AddRepo("acme/tool")
	clean.srv.AddIssue("acme/tool", 7, "Parser crashes on empty files", "")
	clean.sync(t, clean.client(clean.srv.Token), sync.Options{}, jan, file)
	if diff := cmp.Diff(dumpState(live(clean.srv.State())), dumpState(live(w.srv.State()))); diff != "" {
		t.Errorf("after healing, the boards differ from one clean run (-clean +healed):\n%s", diff)
	}
	w.srv.ResetStats()
	w.sync(t, gh, sync.Options{}, jan, file)
	if n := w.srv.Stats().Mutations; n != 0 {
		t.Errorf("the run after healing made %d mutations: %v", n, w.srv.Log())
	}
}

// TestLooseWorkFindsItsBoardAmongTheOwners: a work item outside every board
// section matches a card on a board of the minutes' owner that no minutes
// and no configuration name: the owner's boards are listed once and read,
// and the item lands on that card, not on the default board.
func TestLooseWorkFindsItsBoardAmongTheOwners(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	infra := w.srv.AddProject("acme", 3, "Infrastructure")
	infra.AddField("Last discussed", "DATE")
	infra.AddDraft("Flaky integration tests", "")
	catchAll := w.srv.AddProject("acme", 9, "Everything else")
	catchAll.AddField("Last discussed", "DATE")
	dir := t.TempDir()
	file := filepath.Join(dir, "acme-minutes-2025-04-02.md")
	os.WriteFile(file, []byte("# Minutes 2025-04-02\n\n## Minutes\n\n### Flaky integration tests\n\nStill flaky on Windows.\n"), 0o644)
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/acme/projects/9"); err != nil {
		t.Fatal(err)
	}
	_, res := w.sync(t, w.client(w.srv.Token), sync.Options{Config: cfg, Repo: "acme/meetings"}, file)
	if len(res.Errors) > 0 || res.Counts.ItemsCreated != 0 || res.Counts.NotesAdded != 1 {
		t.Fatalf("counts %+v, errors %+v; want the note on the card of board 3", res.Counts, res.Errors)
	}
	for _, p := range w.srv.State().Projects {
		if p.Number == 3 && !strings.Contains(p.Items[0].Body, "Still flaky on Windows.") {
			t.Errorf("the card on board 3 lacks the note:\n%s", p.Items[0].Body)
		}
	}
}

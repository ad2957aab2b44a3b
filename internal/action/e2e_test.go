package action

// End-to-end tests: the built binary runs exactly as a runner runs the
// container's entry point, with GITHUB_* and INPUT_* in its environment, a
// real git workspace, and GITHUB_GRAPHQL_URL pointing at the in-process
// fake of GitHub.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// binary is the minutes-sync binary TestMain builds.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "minutes-sync-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "minutes-sync")
	build := exec.Command("go", "build", "-o", binary, "github.com/minutes-sync/minutes-sync")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build minutes-sync: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	minutesJan = `# Minutes 2025-01-15

Meeting was on Wednesday January 15th, 2025, at 17:00 UTC.

### Attendees & regrets

- Present: @alice, @bob

## Agenda

### [Parser & Formats](https://github.com/orgs/acme/projects/1)

#### YAML front matter support
- [ ] @alice - read dates from front matter

#### Nested check boxes
- [x] @bob - tick all boxes of a finished topic

### [Outreach & Docs](https://github.com/orgs/acme/projects/2)
- [ ] @carol - write the getting started guide

## Any Other Business
- [ ] @bob - order stickers for the conference
`
	minutesFeb = `# Minutes 2025-02-12

Meeting was on Wednesday February 12th, 2025, at 17:00 UTC.

### Attendees & regrets

- Present: @alice

## Agenda

### [Parser & Formats](https://github.com/orgs/acme/projects/1)

#### YAML front matter support
- [x] @alice - read dates from front matter
`
	janPath = "meetings/2025-01-15-minutes.md"
	febPath = "meetings/2025-02-12-minutes.md"
)

// world is one fake GitHub with the acme organization, its two boards and
// the meetings repository.
func newWorld(t *testing.T) *githubtest.Server {
	t.Helper()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	for n, title := range map[int]string{1: "Parser & Formats", 2: "Outreach & Docs"} {
		srv.AddProject("acme", n, title).AddField("Last discussed", "DATE")
	}
	srv.AddRepo("acme/meetings")
	return srv
}

// runResult is what one run of the action left behind.
type runResult struct {
	code        int
	stdout      string
	stderr      string
	outputs     map[string]string
	summary     string
	warnings    []annotation
	errors      []annotation
	workspace   string
	graphqlHits int
}

type annotation struct {
	File, Line, Title, Message string
}

var annotationRE = regexp.MustCompile(`(?m)^::(warning|error)(?: ([^:]*))?::(.*)$`)

func parseAnnotations(stdout string) (warnings, errs []annotation) {
	unescape := strings.NewReplacer("%0A", "\n", "%0D", "\r", "%3A", ":", "%2C", ",", "%25", "%")
	for _, m := range annotationRE.FindAllStringSubmatch(stdout, -1) {
		a := annotation{Message: unescape.Replace(m[3])}
		for _, kv := range strings.Split(m[2], ",") {
			k, v, _ := strings.Cut(kv, "=")
			v = unescape.Replace(v)
			switch k {
			case "file":
				a.File = v
			case "line":
				a.Line = v
			case "title":
				a.Title = v
			}
		}
		if m[1] == "warning" {
			warnings = append(warnings, a)
		} else {
			errs = append(errs, a)
		}
	}
	return warnings, errs
}

// parseOutputs reads a GITHUB_OUTPUT file written with heredoc delimiters.
func parseOutputs(t *testing.T, b []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		out[name] = strings.Join(val, "\n")
	}
	return out
}

// runBinary runs the action with the runner's environment: vars are
// GITHUB_* and INPUT_* settings, payload the event's JSON.
// during, when given, runs beside the process, e.g. to interrupt it.
func runBinary(t *testing.T, srv *githubtest.Server, workspace string, payload any, vars map[string]string, during ...func(*os.Process)) runResult {
	t.Helper()
	dir := t.TempDir()
	eventPath := filepath.Join(dir, "event.json")
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(eventPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	outputPath, summaryPath := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	for _, p := range []string{outputPath, summaryPath} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		"PATH":                    os.Getenv("PATH"),
		"HOME":                    dir,
		"GITHUB_ACTIONS":          "true",
		"GITHUB_EVENT_PATH":       eventPath,
		"GITHUB_WORKSPACE":        workspace,
		"GITHUB_REPOSITORY":       "acme/meetings",
		"GITHUB_SERVER_URL":       "https://github.com",
		"GITHUB_OUTPUT":           outputPath,
		"GITHUB_STEP_SUMMARY":     summaryPath,
		"GITHUB_GRAPHQL_URL":      srv.URL,
		"INPUT_GITHUB-TOKEN":      srv.Token,
		"INPUT_PROJECT-TOKEN":     srv.Token,
		"INPUT_MINUTES":           "**/*minutes*.md",
		"INPUT_MODE":              "auto",
		"INPUT_CONFIG":            ".github/minutes-sync.yml",
		"INPUT_COMMENT":           "true",
		"INPUT_MUTATION-INTERVAL": "0s",
		"INPUT_MINUTES-URL":       "{server}/{repo}/blob/{sha}/{path}#{anchor}",
	}
	for k, v := range vars {
		if v == "<unset>" {
			delete(env, k)
			continue
		}
		env[k] = v
	}
	cmd := exec.Command(binary, "action")
	cmd.Dir = workspace
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	before := srv.Stats().Requests
	err = cmd.Start()
	if err == nil {
		for _, f := range during {
			go f(cmd.Process)
		}
		err = cmd.Wait()
	}
	res := runResult{stdout: stdout.String(), stderr: stderr.String(), workspace: workspace}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run minutes-sync action: %v", err)
	}
	res.graphqlHits = srv.Stats().Requests - before
	ob, _ := os.ReadFile(outputPath)
	res.outputs = parseOutputs(t, ob)
	sb, _ := os.ReadFile(summaryPath)
	res.summary = string(sb)
	res.warnings, res.errors = parseAnnotations(res.stdout)
	return res
}

// dump shows a run for a failure message, without the request dumps.
func (r runResult) dump() string {
	var lines []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if !strings.HasPrefix(l, "::debug::") {
			lines = append(lines, l)
		}
	}
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s\nsummary:\n%s", r.code, strings.Join(lines, "\n"), r.stderr, r.summary)
}

// pushPayload is a push event's payload, as GitHub sends it.
func pushPayload(before, after string) map[string]any {
	return map[string]any{
		"ref": "refs/heads/main", "before": before, "after": after,
		"created": isZeroSHA(before), "deleted": false, "forced": false,
		"repository":  map[string]any{"full_name": "acme/meetings"},
		"head_commit": map[string]any{"id": after},
	}
}

func pushVars(sha string) map[string]string {
	return map[string]string{"GITHUB_EVENT_NAME": "push", "GITHUB_SHA": sha, "GITHUB_REF": "refs/heads/main"}
}

func wantOutputs(t *testing.T, r runResult, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k := range want {
		got[k] = r.outputs[k]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s\n%s", diff, r.dump())
	}
}

// boardItems returns the titles of the items on acme's board n.
func boardItems(srv *githubtest.Server, n int) []string {
	var out []string
	for _, p := range srv.State().Projects {
		if p.Owner == "acme" && p.Number == n {
			for _, it := range p.Items {
				out = append(out, it.Title)
			}
		}
	}
	return out
}

func itemBody(srv *githubtest.Server, board int, title string) string {
	for _, p := range srv.State().Projects {
		if p.Owner == "acme" && p.Number == board {
			for _, it := range p.Items {
				if it.Title == title {
					return it.Body
				}
			}
		}
	}
	return ""
}

func TestE2EPush(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	repo := newTestRepo(t)
	c1 := repo.commit("readme", map[string]string{"README.md": "the group's minutes"})
	c2 := repo.commit("add minutes", map[string]string{janPath: minutesJan})

	// A push that adds minutes creates their items.
	r := runBinary(t, srv, repo.dir, pushPayload(c1, c2), pushVars(c2))
	if r.code != 0 {
		t.Fatalf("push adding minutes failed:\n%s", r.dump())
	}
	wantOutputs(t, r, map[string]string{
		"items-created": "3", "notes-added": "3", "notes-updated": "0", "unplaced": "1", "plan-file": planFileName,
	})
	if diff := cmp.Diff([]string{"Nested check boxes", "YAML front matter support"}, boardItems(srv, 1)); diff != "" {
		t.Errorf("board 1 items (-want +got):\n%s", diff)
	}
	if body := itemBody(srv, 1, "YAML front matter support"); !strings.Contains(body, "https://github.com/acme/meetings/blob/"+c2+"/"+janPath+"#") {
		t.Errorf("the note does not link to the minutes at the pushed commit:\n%s", body)
	}
	if len(r.warnings) != 1 || r.warnings[0].File != janPath || r.warnings[0].Line != "23" {
		t.Errorf("warnings = %+v, want one on %s line 23 (the item outside any board)", r.warnings, janPath)
	}
	if !strings.Contains(r.summary, "Applied") || !strings.Contains(r.summary, "order stickers") {
		t.Errorf("summary lacks the result or the unplaced item:\n%s", r.summary)
	}
	if _, err := os.Stat(filepath.Join(repo.dir, planFileName)); err != nil {
		t.Errorf("plan file: %v", err)
	}
	for _, group := range []string{"Find minutes", "Read minutes", "Read boards", "Plan", "Apply"} {
		if !strings.Contains(r.stdout, "::group::"+group+"\n") {
			t.Errorf("no log group %q", group)
		}
	}
	if !strings.Contains(r.stdout, "::add-mask::"+srv.Token) {
		t.Errorf("the token was not masked")
	}

	// A push that edits them updates the notes in place: no new items, no
	// second note.
	edited := strings.Replace(minutesJan, "read dates from front matter", "read dates and times from front matter", 1)
	c3 := repo.commit("fix minutes", map[string]string{janPath: edited})
	items := srv.State()
	r = runBinary(t, srv, repo.dir, pushPayload(c2, c3), pushVars(c3))
	if r.code != 0 {
		t.Fatalf("push editing minutes failed:\n%s", r.dump())
	}
	// Only the edited note is rewritten: a new commit alone (new
	// permalinks) changes no note.
	wantOutputs(t, r, map[string]string{"items-created": "0", "notes-added": "0", "notes-updated": "1"})
	if got, want := len(boardItems(srv, 1)), len(items.Projects[0].Items); got != want {
		t.Errorf("board 1 has %d items after the edit, want %d", got, want)
	}
	body := itemBody(srv, 1, "YAML front matter support")
	if !strings.Contains(body, "read dates and times") || strings.Contains(body, "read dates from front matter") {
		t.Errorf("the note was not updated in place:\n%s", body)
	}

	// A push that touches no minutes makes no request at all.
	c4 := repo.commit("readme", map[string]string{"README.md": "our minutes live in meetings/"})
	r = runBinary(t, srv, repo.dir, pushPayload(c3, c4), pushVars(c4))
	if r.code != 0 {
		t.Fatalf("push without minutes failed:\n%s", r.dump())
	}
	if r.graphqlHits != 0 {
		t.Errorf("a push without minutes made %d GraphQL requests, want 0", r.graphqlHits)
	}
	wantOutputs(t, r, map[string]string{"changes": "0", "items-created": "0"})
	if !strings.Contains(r.summary, "changed no minutes") {
		t.Errorf("summary does not say nothing was synced:\n%s", r.summary)
	}

	// A deleted branch: nothing to do, said so, no request.
	r = runBinary(t, srv, repo.dir, map[string]any{
		"ref": "refs/heads/old", "before": c4, "after": zeroSHA, "deleted": true, "created": false, "forced": false,
	}, pushVars(zeroSHA))
	if r.code != 0 || r.graphqlHits != 0 || !strings.Contains(r.summary, "deleted refs/heads/old") {
		t.Errorf("deleted branch: exit %d, %d requests, want 0 and 0 and a note:\n%s", r.code, r.graphqlHits, r.dump())
	}
}

func TestE2ENewBranch(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	repo := newTestRepo(t)
	repo.commit("january", map[string]string{janPath: minutesJan})
	c2 := repo.commit("february", map[string]string{febPath: minutesFeb})

	r := runBinary(t, srv, repo.dir, pushPayload(zeroSHA, c2), pushVars(c2))
	if r.code != 0 {
		t.Fatalf("new branch failed:\n%s", r.dump())
	}
	// Only the last commit's minutes: February's one item, not January's.
	if diff := cmp.Diff([]string{"YAML front matter support"}, boardItems(srv, 1)); diff != "" {
		t.Errorf("board 1 items (-want +got):\n%s", diff)
	}
	if len(boardItems(srv, 2)) != 0 {
		t.Errorf("board 2 got items from minutes the new branch did not change: %v", boardItems(srv, 2))
	}
	if !strings.Contains(r.summary, "new branch refs/heads/main") {
		t.Errorf("summary does not say how the files were found:\n%s", r.summary)
	}
}

func TestE2EShallowCheckout(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	src := newTestRepo(t)
	c1 := src.commit("january", map[string]string{janPath: minutesJan})
	src.commit("more", map[string]string{"README.md": "x"})
	c3 := src.commit("february", map[string]string{febPath: minutesFeb})
	shallow := filepath.Join(t.TempDir(), "ws")
	src.run("clone", "-q", "--depth", "1", "file://"+src.dir, shallow)

	r := runBinary(t, srv, shallow, pushPayload(c1, c3), pushVars(c3))
	if r.code == 0 || len(r.errors) != 1 || !strings.Contains(r.errors[0].Message, "fetch-depth: 0") {
		t.Fatalf("shallow checkout: want exit 1 and one error saying to set fetch-depth:\n%s", r.dump())
	}
	if r.graphqlHits != 0 {
		t.Errorf("%d requests, want 0", r.graphqlHits)
	}
}

// prPayload is a pull_request event's payload; headRepo differs from
// acme/meetings for a fork.
func prPayload(number int, head, base, headRepo string) map[string]any {
	return map[string]any{
		"action": "synchronize", "number": number,
		"pull_request": map[string]any{
			"number": number,
			"head":   map[string]any{"sha": head, "repo": map[string]any{"full_name": headRepo}},
			"base":   map[string]any{"sha": base, "repo": map[string]any{"full_name": "acme/meetings"}},
		},
		"repository": map[string]any{"full_name": "acme/meetings"},
	}
}

func prComments(srv *githubtest.Server, title string) []githubtest.CommentState {
	for _, is := range srv.State().Issues {
		if is.PullRequest && is.Title == title {
			return is.Comments
		}
	}
	return nil
}

func TestE2EPullRequest(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	head, base := strings.Repeat("b", 40), strings.Repeat("a", 40)
	srv.AddPullRequest("acme/meetings", 7, "January minutes", githubtest.PullRequest{
		HeadSHA: head, BaseSHA: base,
		Files: []githubtest.PRFile{
			{Path: janPath, ChangeType: "ADDED", Content: minutesJan},
			{Path: "README.md", ChangeType: "MODIFIED", Content: "x"},
		},
	})
	ws := t.TempDir() // nothing checked out: the action reads through the API
	vars := map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_SHA": strings.Repeat("c", 40)}
	payload := prPayload(7, head, base, "acme/meetings")

	r := runBinary(t, srv, ws, payload, vars)
	if r.code != 0 {
		t.Fatalf("pull request plan failed:\n%s", r.dump())
	}
	comments := prComments(srv, "January minutes")
	if len(comments) != 1 || !strings.HasPrefix(comments[0].Body, sync.StickyMarker) {
		t.Fatalf("want one sticky comment, got %+v\n%s", comments, r.dump())
	}
	if !strings.Contains(comments[0].Body, "YAML front matter support") {
		t.Errorf("the comment does not show the plan:\n%s", comments[0].Body)
	}
	if got := srv.Stats().MutationsByName; got["addProjectV2DraftIssue"] != 0 {
		t.Errorf("planning a pull request changed a board: %v", got)
	}
	wantOutputs(t, r, map[string]string{"items-created": "3", "notes-added": "3", "plan-file": planFileName})
	if !strings.Contains(r.summary, "Plan") {
		t.Errorf("summary has no plan:\n%s", r.summary)
	}
	if !strings.Contains(r.stdout, "::group::Comment") {
		t.Errorf("no Comment log group")
	}

	// The same plan again: no call to change the comment.
	srv.ResetStats()
	r = runBinary(t, srv, ws, payload, vars)
	if r.code != 0 {
		t.Fatalf("second run failed:\n%s", r.dump())
	}
	if m := srv.Stats().Mutations; m != 0 {
		t.Errorf("an unchanged plan made %d mutations, want 0", m)
	}

	// A different plan (no project token: against empty boards) edits the
	// one comment in place.
	vars["INPUT_PROJECT-TOKEN"] = ""
	r = runBinary(t, srv, ws, payload, vars)
	if r.code != 0 {
		t.Fatalf("offline run failed:\n%s", r.dump())
	}
	comments = prComments(srv, "January minutes")
	if len(comments) != 1 {
		t.Fatalf("want still one comment, got %d", len(comments))
	}
	if !strings.Contains(comments[0].Body, "against empty boards") {
		t.Errorf("the comment was not updated with the offline plan:\n%s", comments[0].Body)
	}
	if !strings.Contains(r.summary, "no project-token: planned against empty boards") {
		t.Errorf("summary does not say the plan is offline:\n%s", r.summary)
	}
}

func TestE2EPullRequestWithoutMinutes(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	head, base := strings.Repeat("b", 40), strings.Repeat("a", 40)
	srv.AddPullRequest("acme/meetings", 8, "Docs", githubtest.PullRequest{
		HeadSHA: head, BaseSHA: base,
		Files: []githubtest.PRFile{{Path: "README.md", ChangeType: "MODIFIED", Content: "x"}},
	})
	r := runBinary(t, srv, t.TempDir(), prPayload(8, head, base, "acme/meetings"), map[string]string{"GITHUB_EVENT_NAME": "pull_request_target"})
	if r.code != 0 {
		t.Fatalf("failed:\n%s", r.dump())
	}
	if c := prComments(srv, "Docs"); len(c) != 0 {
		t.Errorf("a pull request without minutes got comments: %+v", c)
	}
	if srv.Stats().Mutations != 0 {
		t.Errorf("mutations: %d, want 0", srv.Stats().Mutations)
	}

	// A pull request that touched minutes before (it has a plan comment)
	// and no longer does: the comment says there is nothing to sync.
	prID := srv.AddPullRequest("acme/meetings", 10, "Reverted minutes", githubtest.PullRequest{
		HeadSHA: head, BaseSHA: base,
		Files: []githubtest.PRFile{{Path: "README.md", ChangeType: "MODIFIED", Content: "x"}},
	})
	srv.AddComment(prID, "Looks good", "alice")
	srv.AddComment(prID, sync.StickyBody("minutes-sync would make **3 changes**"), githubtest.DefaultLogin)
	r = runBinary(t, srv, t.TempDir(), prPayload(10, head, base, "acme/meetings"), map[string]string{"GITHUB_EVENT_NAME": "pull_request"})
	if r.code != 0 {
		t.Fatalf("failed:\n%s", r.dump())
	}
	c := prComments(srv, "Reverted minutes")
	if len(c) != 2 || c[0].Body != "Looks good" || !strings.Contains(c[1].Body, "nothing to sync") {
		t.Errorf("comments = %+v, want the plan comment saying nothing to sync", c)
	}
}

func TestE2EForkPullRequest(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	srv.AddToken("read-only", githubtest.Permissions{})
	head, base := strings.Repeat("d", 40), strings.Repeat("a", 40)
	srv.AddPullRequest("acme/meetings", 9, "Minutes from a fork", githubtest.PullRequest{
		HeadSHA: head, BaseSHA: base, HeadRepo: "contributor/meetings",
		Files: []githubtest.PRFile{{Path: janPath, ChangeType: "ADDED", Content: minutesJan}},
	})
	r := runBinary(t, srv, t.TempDir(), prPayload(9, head, base, "contributor/meetings"), map[string]string{
		"GITHUB_EVENT_NAME": "pull_request", "INPUT_GITHUB-TOKEN": "read-only", "INPUT_PROJECT-TOKEN": "",
	})
	if r.code != 0 {
		t.Fatalf("a fork pull request must not fail the check:\n%s", r.dump())
	}
	if c := prComments(srv, "Minutes from a fork"); len(c) != 0 {
		t.Errorf("comments: %+v, want none", c)
	}
	var said int
	for _, w := range r.warnings {
		if strings.Contains(w.Message, "cannot comment") {
			said++
		}
	}
	if said != 1 {
		t.Errorf("want one warning saying the comment was refused, got %+v", r.warnings)
	}
	if !strings.Contains(r.summary, "YAML front matter support") || !strings.Contains(r.summary, "could not be posted") {
		t.Errorf("the plan is not in the summary, or the summary does not say why:\n%s", r.summary)
	}
}

func TestE2EDispatchBackfillResumed(t *testing.T) {
	t.Parallel()
	repo := newTestRepo(t)
	sha := repo.commit("minutes", map[string]string{janPath: minutesJan, febPath: minutesFeb, "README.md": "x"})
	vars := map[string]string{
		"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_SHA": sha,
		"INPUT_FILES": "meetings/*-minutes.md",
	}
	payload := map[string]any{"inputs": map[string]any{"files": "meetings/*-minutes.md"}, "ref": "refs/heads/main"}

	// The reference: one clean run.
	clean := newWorld(t)
	if r := runBinary(t, clean, repo.dir, payload, vars); r.code != 0 {
		t.Fatalf("clean backfill failed:\n%s", r.dump())
	}

	// Cancelled (as when the job is cancelled) after its third change,
	// then run again.
	srv := newWorld(t)
	slow := map[string]string{"INPUT_MUTATION-INTERVAL": "150ms"}
	for k, v := range vars {
		slow[k] = v
	}
	r := runBinary(t, srv, repo.dir, payload, slow, func(p *os.Process) {
		for srv.Stats().Mutations < 3 {
			time.Sleep(10 * time.Millisecond)
		}
		p.Signal(syscall.SIGTERM)
	})
	if r.code == 0 {
		t.Fatalf("an interrupted backfill exited 0:\n%s", r.dump())
	}
	if len(r.errors) == 0 || !strings.Contains(r.summary, "run it again") {
		t.Errorf("an interrupted backfill did not say to run it again:\n%s", r.dump())
	}
	if m := srv.Stats().Mutations; m >= clean.Stats().Mutations {
		t.Fatalf("the interrupted run made %d mutations, as many as a whole run: not interrupted", m)
	}
	r = runBinary(t, srv, repo.dir, payload, vars)
	if r.code != 0 {
		t.Fatalf("resumed backfill failed:\n%s", r.dump())
	}
	if diff := cmp.Diff(clean.State(), srv.State()); diff != "" {
		t.Errorf("interrupted and resumed differs from one clean run (-clean +resumed):\n%s", diff)
	}
	// And once more: nothing left to do.
	srv.ResetStats()
	r = runBinary(t, srv, repo.dir, payload, vars)
	if r.code != 0 || srv.Stats().Mutations != 0 {
		t.Errorf("third run: exit %d, %d mutations, want 0 and 0:\n%s", r.code, srv.Stats().Mutations, r.dump())
	}
	wantOutputs(t, r, map[string]string{"changes": "0"})
}

func TestE2EBadToken(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	repo := newTestRepo(t)
	c1 := repo.commit("readme", map[string]string{"README.md": "x"})
	c2 := repo.commit("minutes", map[string]string{janPath: minutesJan})
	r := runBinary(t, srv, repo.dir, pushPayload(c1, c2), map[string]string{
		"GITHUB_EVENT_NAME": "push", "GITHUB_SHA": c2, "INPUT_PROJECT-TOKEN": "ghp_wrong",
	})
	if r.code == 0 {
		t.Fatalf("a bad token exited 0:\n%s", r.dump())
	}
	if len(r.errors) != 1 || !strings.Contains(strings.ToLower(r.errors[0].Message), "bad credentials") {
		t.Errorf("want one error about bad credentials, got %+v", r.errors)
	}
	if strings.Contains(r.stdout, "ghp_wrong") && !strings.Contains(r.stdout, "::add-mask::ghp_wrong") {
		t.Errorf("the token was printed")
	}
	if !strings.Contains(r.summary, "The run failed") {
		t.Errorf("summary does not say the run failed:\n%s", r.summary)
	}
}

func TestE2EMissingBoard(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats") // board 2 does not exist
	srv.AddRepo("acme/meetings")
	repo := newTestRepo(t)
	c1 := repo.commit("readme", map[string]string{"README.md": "x"})
	c2 := repo.commit("minutes", map[string]string{janPath: minutesJan})
	r := runBinary(t, srv, repo.dir, pushPayload(c1, c2), pushVars(c2))
	if r.code == 0 {
		t.Fatalf("a missing board exited 0:\n%s", r.dump())
	}
	var named bool
	for _, e := range r.errors {
		named = named || strings.Contains(e.Message, "acme/2")
	}
	if !named {
		t.Errorf("no error names the missing board acme/2: %+v", r.errors)
	}
	// The other board still synced.
	if diff := cmp.Diff([]string{"Nested check boxes", "YAML front matter support"}, boardItems(srv, 1)); diff != "" {
		t.Errorf("board 1 items (-want +got):\n%s", diff)
	}
}

func TestE2EBadInputs(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	repo := newTestRepo(t)
	sha := repo.commit("minutes", map[string]string{janPath: minutesJan})
	r := runBinary(t, srv, repo.dir, map[string]any{}, map[string]string{
		"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_SHA": sha,
		"INPUT_MODE": "sometimes", "INPUT_COMMENT": "yes", "INPUT_MUTATION-INTERVAL": "fast",
	})
	if r.code == 0 {
		t.Fatalf("bad inputs exited 0:\n%s", r.dump())
	}
	if len(r.errors) != 3 {
		t.Errorf("want the 3 problems reported at once, got %+v", r.errors)
	}
	if r.graphqlHits != 0 {
		t.Errorf("%d requests with bad inputs, want 0", r.graphqlHits)
	}
}

func TestE2EAnnotationCap(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	repo := newTestRepo(t)
	var b strings.Builder
	b.WriteString(minutesJan)
	for i := range 14 {
		fmt.Fprintf(&b, "- [ ] @bob - loose end %d\n", i)
	}
	before := repo.commit("start", map[string]string{"README.md": "x"})
	sha := repo.commit("minutes", map[string]string{janPath: b.String()})
	vars := pushVars(sha)
	vars["INPUT_MODE"] = "plan"
	r := runBinary(t, srv, repo.dir, pushPayload(before, sha), vars)
	if r.code != 0 {
		t.Fatalf("failed:\n%s", r.dump())
	}
	if len(r.warnings) != maxAnnotations {
		t.Errorf("%d warning annotations, want the cap %d", len(r.warnings), maxAnnotations)
	}
	if !strings.Contains(r.summary, "More problems") || !strings.Contains(r.summary, "loose end 13") {
		t.Errorf("the warnings past the cap are not in the summary:\n%s", r.summary)
	}
	wantOutputs(t, r, map[string]string{"unplaced": "15"})
}

// TestE2EPullRequestPlansOnlyBoardsInScope: minutes in a pull request that
// name a board or an issue of another owner, one the project token can see,
// get a plan that skips them and says so; the plan comment reveals neither
// the board's title nor whether the issue exists.
func TestE2EPullRequestPlansOnlyBoardsInScope(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	srv.AddOrg("secretco")
	srv.AddProject("secretco", 5, "Acquisition of Initech").AddField("Last discussed", "DATE")
	srv.AddRepo("secretco/plans")
	srv.AddIssue("secretco/plans", 3, "Layoffs in March", "")
	probe := "# Minutes 2025-03-01\n\n### [Probe](https://github.com/orgs/secretco/projects/5)\n\n#### Anything\n- [ ] @bob - see secretco/plans#3\n\n" +
		"### [Parser & Formats](https://github.com/orgs/acme/projects/1)\n\n#### Own work\n- [ ] @bob - see secretco/plans#3\n"
	head, base := strings.Repeat("b", 40), strings.Repeat("a", 40)
	srv.AddPullRequest("acme/meetings", 8, "Probe", githubtest.PullRequest{
		HeadSHA: head, BaseSHA: base,
		Files: []githubtest.PRFile{{Path: "meetings/probe-minutes-2025-03-01.md", ChangeType: "ADDED", Content: probe}},
	})
	vars := map[string]string{"GITHUB_EVENT_NAME": "pull_request_target", "GITHUB_SHA": strings.Repeat("c", 40)}
	r := runBinary(t, srv, t.TempDir(), prPayload(8, head, base, "acme/meetings"), vars)
	if r.code != 0 {
		t.Fatalf("the plan failed:\n%s", r.dump())
	}
	comments := prComments(srv, "Probe")
	if len(comments) != 1 {
		t.Fatalf("want one plan comment, got %d\n%s", len(comments), r.dump())
	}
	body := comments[0].Body
	for _, secret := range []string{"Acquisition of Initech", "Layoffs in March"} {
		if strings.Contains(body, secret) || strings.Contains(r.summary, secret) || strings.Contains(r.stdout, secret) {
			t.Errorf("the plan reveals %q:\n%s", secret, body)
		}
	}
	if !strings.Contains(body, "secretco/5") || !strings.Contains(body, "outside the owners in scope") {
		t.Errorf("the plan does not say the board was skipped:\n%s", body)
	}
	if !strings.Contains(body, "Own work") {
		t.Errorf("the board in scope was not planned:\n%s", body)
	}
}

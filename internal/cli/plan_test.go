package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// TestMain runs the tests from the module's root, so that file names in
// the expected output read as they do for a user there.
func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// runCLI runs the command line with env as the whole environment.
func runCLI(t *testing.T, environ map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return environ[k] }}
	root := Root(e)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

const sample = "sync/testdata/acme-minutes-2025-01-15.md"

// testLink is the link template the tests that apply give: apply refuses to
// link notes to file paths.
const testLink = "https://github.com/acme/meetings/blob/main/{path}#{anchor}"

func TestPlanOffline(t *testing.T) {
	t.Parallel()
	out, _, err := runCLI(t, nil, "plan", "--offline", "--config", "none.yml", sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Planned offline, against empty boards.",
		"Plan: 14 changes (3 items created, 0 items added, 3 notes added, 0 notes updated, 6 fields set, 2 status updates), 1 not placed.",
		"board Parser & Formats (acme/1)",
		"create-item           YAML front matter support",
		"sync/testdata/acme-minutes-2025-01-15.md:33: order stickers for the conference",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Flags may come after the files, as in most command lines.
func TestFlagsAfterFiles(t *testing.T) {
	t.Parallel()
	before, _, err1 := runCLI(t, nil, "plan", "--offline", "--config", "none.yml", sample)
	after, _, err2 := runCLI(t, nil, "plan", sample, "--offline", "--config", "none.yml")
	if err1 != nil || err2 != nil || before != after || !strings.Contains(after, "Planned offline") {
		t.Fatalf("plan FILE --offline: %v, %v\nbefore:\n%s\nafter:\n%s", err1, err2, before, after)
	}
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	out, _, err := runCLI(t, nil, "completion", "bash")
	if err != nil || !strings.Contains(out, "minutes-sync") || !strings.Contains(out, "complete") {
		t.Fatalf("completion bash: %v\n%.300s", err, out)
	}
}

func TestPlanOfflineJSON(t *testing.T) {
	t.Parallel()
	out, _, err := runCLI(t, nil, "plan", "--offline", "--json", "--config", "none.yml", "--default-project", "https://github.com/orgs/acme/projects/2", sample)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Changes  []map[string]any `json:"changes"`
		Unplaced []any            `json:"unplaced"`
		Warnings []any            `json:"warnings"`
		Counts   map[string]int   `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Counts["items-created"] != 4 || got.Counts["unplaced"] != 0 || len(got.Unplaced) != 0 {
		t.Errorf("counts = %v, unplaced = %v", got.Counts, got.Unplaced)
	}
	first := got.Changes[0]
	for _, k := range []string{"op", "board", "item", "meeting", "file", "line", "detail"} {
		if _, ok := first[k]; !ok {
			t.Errorf("change lacks %q: %v", k, first)
		}
	}
	if first["op"] != "create-item" || first["board"] != "acme/1" || first["meeting"] != "2025-01-15" {
		t.Errorf("first change = %v", first)
	}
}

func TestPlanNeedsATokenUnlessOffline(t *testing.T) {
	t.Parallel()
	_, _, err := runCLI(t, nil, "plan", sample)
	if err == nil || !strings.Contains(err.Error(), "set GH_TOKEN or GITHUB_TOKEN") || !strings.Contains(err.Error(), "--offline") {
		t.Errorf("err = %v", err)
	}
}

func TestApplyAgainstGitHub(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats").AddField("Last discussed", "DATE")
	srv.AddProject("acme", 2, "Outreach & Docs").AddField("Last discussed", "DATE")
	environ := map[string]string{"GH_TOKEN": srv.Token, "GITHUB_GRAPHQL_URL": srv.URL}

	out, _, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, sample)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Applied: 14 changes (3 items created") {
		t.Errorf("first apply:\n%s", out)
	}
	if n := srv.Stats().Mutations; n != 11 { // the notes of new drafts are in their bodies
		t.Errorf("first apply made %d mutations, want 11", n)
	}
	srv.ResetStats()
	out, _, err = runCLI(t, environ, "plan", "--config", "none.yml", sample)
	if err != nil || !strings.Contains(out, "Plan: 0 changes") {
		t.Errorf("plan after apply: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, sample)
	if err != nil || !strings.Contains(out, "Applied: 0 changes") || srv.Stats().Mutations != 0 {
		t.Errorf("second apply: %v, %d mutations\n%s", err, srv.Stats().Mutations, out)
	}
}

func TestApplyReportsBadFilesAndMissingBoards(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats")
	environ := map[string]string{"GITHUB_TOKEN": srv.Token, "GITHUB_GRAPHQL_URL": srv.URL}
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty-minutes-2025-01-01.md")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, empty, sample)
	if !errors.Is(err, errFailed) {
		t.Errorf("err = %v, want the exit code to say something failed", err)
	}
	if !strings.Contains(stderr, empty) {
		t.Errorf("the empty file is not named:\n%s", stderr)
	}
	if !strings.Contains(stderr, "board acme/2") || !strings.Contains(stderr, "does not exist or is not visible to the token") {
		t.Errorf("the missing board is not reported:\n%s", stderr)
	}
	if !strings.Contains(out, "Applied: 7 changes (2 items created") {
		t.Errorf("the readable board was not synced:\n%s", out)
	}
}

func TestApplyBadToken(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	environ := map[string]string{"GH_TOKEN": "expired", "GITHUB_GRAPHQL_URL": srv.URL}
	_, _, err := runCLI(t, environ, "apply", "--config", "none.yml", "--minutes-url", testLink, sample)
	if err == nil || !strings.Contains(err.Error(), "Bad credentials") {
		t.Errorf("err = %v", err)
	}
}

// --json gives [] for an empty list, never null.
func TestJSONHasNoNulls(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "2025-01-01-minutes.md")
	if err := os.WriteFile(file, []byte("# Minutes 2025-01-01\n\nWe chatted.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"parse", "--json", "--config", "none.yml", file},
		{"plan", "--offline", "--json", "--config", "none.yml", file},
	} {
		out, _, err := runCLI(t, nil, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if strings.Contains(out, "null") {
			t.Errorf("%v prints null:\n%s", args, out)
		}
	}
}

// A plan written by plan --json is applied later with apply --plan: the
// boards end as an apply from the minutes leaves them.
func TestApplyPlanFile(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats").AddField("Last discussed", "DATE")
	srv.AddProject("acme", 2, "Outreach & Docs")
	environ := map[string]string{"GH_TOKEN": srv.Token, "GITHUB_GRAPHQL_URL": srv.URL}
	out, _, err := runCLI(t, environ, "plan", "--json", "--config", "none.yml", "--minutes-url", testLink, sample)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--plan", file); err != nil {
		t.Fatalf("apply --plan: %v\n%s", err, stderr)
	}
	if st := srv.Stats(); st.MutationsByName["addProjectV2DraftIssue"] != 3 {
		t.Errorf("mutations %v, want the 3 drafts of the plan", st.MutationsByName)
	}
	srv.ResetStats()
	if _, _, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, sample); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Mutations; n != 0 {
		t.Errorf("an apply from the minutes after the plan file made %d mutations, want 0", n)
	}
}

// The text plan says why a work item took a card it was not sure of, and
// lists the near misses with their cards' links.
func TestPlanTextShowsMatchReasonsAndNearMisses(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Roadmap").AddField("Last discussed", "DATE")
	environ := map[string]string{"GH_TOKEN": srv.Token, "GITHUB_GRAPHQL_URL": srv.URL}
	dir := t.TempDir()
	write := func(name, body string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte("# Minutes\n\n## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	first := write("minutes-2025-01-08.md", "### Signing keys for releases\n- @ann - rotated\n\n### Signing keys for uploads\n- @bob - planned\n\n"+
		"### Mirror health alerts\n- @cy - two mirrors were late\n")
	if out, _, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, first); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	second := write("minutes-2025-02-12.md", "### Alerts on mirror health paged the on-call person\n- @cy - working as intended\n\n"+
		"### Signing keys\n- @dee - a new policy for all of them\n")
	out, _, err := runCLI(t, environ, "plan", "--config", "none.yml", second)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`similar (`, `"Mirror health alerts"`, "Near misses", "resembles", "?pane=issue&itemId="} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
}

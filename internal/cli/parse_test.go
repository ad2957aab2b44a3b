package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runCmd runs the command line args with an empty environment.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCLI(t, nil, args...)
}

// minutesFiles writes a folder of minutes files, good and bad, and returns
// its path.
func minutesFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"2024-05-01-good.md": []byte(`# Minutes 2024-05-01

## Attendees
- @ann, @roberto

## Quick summary of current work
1. [Docs](https://github.com/orgs/acme/projects/2/views/1)
    - @ann - Rewrite the install guide (acme/docs#7)
    - [ ] @robert - Screenshots
2. [Infra](https://github.com/users/cy/projects/9)
    - stalled

## Other
- plain item
`),
		"2024-05-02-empty.md":  nil,
		"2024-05-03-binary.md": {'#', ' ', 'x', '\n', 0, 1, 2},
		"2024-05-04-latin1.md": []byte("# Minutes\n\ncaf\xe9\n"),
		"nodate.md":            []byte("# Minutes\n\n- @ann - something\n"),
		"2024-05-05-big.md":    bytes.Repeat([]byte("- item\n"), (1<<20)/7+1),
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "2024-05-06-folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	dir := minutesFiles(t)
	good := filepath.Join(dir, "2024-05-01-good.md")
	stdout, stderr, err := runCmd(t, "parse", "--json", good)
	if err != nil {
		t.Fatalf("parse: %v (stderr %q)", err, stderr)
	}
	// The stable keys, read the way another program would.
	var got []struct {
		File      string   `json:"file"`
		Date      string   `json:"date"`
		Title     string   `json:"title"`
		Attendees []string `json:"attendees"`
		Regrets   []string `json:"regrets"`
		Warnings  []struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"warnings"`
		Items []struct {
			Board *struct {
				Owner  string `json:"owner"`
				Kind   string `json:"kind"`
				Number int    `json:"number"`
				URL    string `json:"url"`
				Title  string `json:"title"`
			} `json:"board"`
			Section string   `json:"section"`
			Title   string   `json:"title"`
			Owners  []string `json:"owners"`
			State   string   `json:"state"`
			Notes   string   `json:"notes"`
			Refs    []string `json:"refs"`
			Line    int      `json:"line"`
			Anchor  string   `json:"anchor"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not a JSON array of meetings: %v\n%s", err, stdout)
	}
	if len(got) != 1 {
		t.Fatalf("got %d meetings, want 1", len(got))
	}
	m := got[0]
	if m.File != good || m.Date != "2024-05-01" || m.Title != "Minutes 2024-05-01" {
		t.Errorf("file, date, title = %q, %q, %q", m.File, m.Date, m.Title)
	}
	if diff := cmp.Diff([]string{"ann", "roberto"}, m.Attendees); diff != "" {
		t.Errorf("attendees (-want +got):\n%s", diff)
	}
	if len(m.Items) != 3 {
		t.Fatalf("got %d items, want 3: %+v", len(m.Items), m.Items)
	}
	first := m.Items[0]
	if first.Board == nil || first.Board.Owner != "acme" || first.Board.Kind != "org" || first.Board.Number != 2 ||
		first.Board.URL != "https://github.com/orgs/acme/projects/2" || first.Board.Title != "Docs" {
		t.Errorf("first item's board = %+v", first.Board)
	}
	if first.Title != "Rewrite the install guide (acme/docs#7)" || !cmp.Equal(first.Owners, []string{"ann"}) ||
		!cmp.Equal(first.Refs, []string{"acme/docs#7"}) || first.Line != 8 || first.Anchor != "quick-summary-of-current-work" {
		t.Errorf("first item = %+v", first)
	}
	if m.Items[1].State != "open" || m.Items[2].Board != nil {
		t.Errorf("items = %+v", m.Items)
	}
	if len(m.Warnings) != 1 || m.Warnings[0].Line != 9 || !strings.Contains(m.Warnings[0].Message, "@robert") {
		t.Errorf("warnings = %+v, want one about @robert at line 9", m.Warnings)
	}

	// Empty lists are [] and a board-less item's board is null.
	var raw []map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw[0]["regrets"].([]any); !ok {
		t.Errorf("regrets = %#v, want []", raw[0]["regrets"])
	}
	last := raw[0]["items"].([]any)[2].(map[string]any)
	if b, ok := last["board"]; !ok || b != nil {
		t.Errorf("board of a board-less item = %#v, want null", b)
	}
	if _, ok := last["owners"].([]any); !ok {
		t.Errorf("owners = %#v, want []", last["owners"])
	}
}

func TestParseOutline(t *testing.T) {
	t.Parallel()
	dir := minutesFiles(t)
	stdout, _, err := runCmd(t, "parse", filepath.Join(dir, "2024-05-01-good.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`2024-05-01 "Minutes 2024-05-01"`,
		"attendees: @ann, @roberto",
		`board "Docs" (https://github.com/orgs/acme/projects/2, line 7)`,
		"[-] Rewrite the install guide (acme/docs#7) (@ann)",
		`board "Infra" (https://github.com/users/cy/projects/9, line 10): stalled`,
		"no board",
		"warning: line 9:",
		"Marks: [open] a check box of the item is not ticked; [done] every box is ticked;\n[-] the item has no check box.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("outline lacks %q:\n%s", want, stdout)
		}
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	dir := minutesFiles(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name    string
		args    []string
		lines   []string // stdout, one problem per line
		failed  bool
		noCheck bool
	}{
		{
			name:  "warnings only",
			args:  []string{"lint", p("2024-05-01-good.md")},
			lines: []string{p("2024-05-01-good.md") + ":9: owner @robert is not among the attendees or regrets; did you mean @roberto?"},
		},
		{
			name:   "strict fails on warnings",
			args:   []string{"lint", "--strict", p("2024-05-01-good.md")},
			lines:  []string{p("2024-05-01-good.md") + ":9: owner @robert is not among the attendees or regrets; did you mean @roberto?"},
			failed: true,
		},
		{
			name: "bad files each get one error and the rest are still read",
			args: []string{"lint",
				p("missing.md"), p("2024-05-06-folder.md"), p("2024-05-02-empty.md"), p("2024-05-03-binary.md"),
				p("2024-05-04-latin1.md"), p("2024-05-05-big.md"), p("nodate.md"), p("2024-05-01-good.md")},
			lines: []string{
				p("missing.md") + ": cannot open: no such file or directory",
				p("2024-05-06-folder.md") + ": is a directory, not a minutes file",
				p("2024-05-02-empty.md") + ": empty file: no minutes in it",
				p("2024-05-03-binary.md") + ":2: binary file (it contains NUL bytes), not Markdown",
				p("2024-05-04-latin1.md") + ":3: not UTF-8 text",
				p("2024-05-05-big.md") + ": file is larger than 1048576 bytes (1 MiB); minutes files are smaller",
				p("nodate.md") + ": no meeting date: put YYYY-MM-DD in the file name, the front matter (date or meeting_time) or a heading",
				p("2024-05-01-good.md") + ":9: owner @robert is not among the attendees or regrets; did you mean @roberto?",
			},
			failed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, _, err := runCmd(t, tt.args...)
			if tt.failed != (err != nil) {
				t.Errorf("error = %v, want failed %v", err, tt.failed)
			}
			if err != nil && !errors.Is(err, errFailed) {
				t.Errorf("error = %v, want errFailed (already reported)", err)
			}
			got := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
			if diff := cmp.Diff(tt.lines, got); diff != "" {
				t.Errorf("lint output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseBadFilesStillPrintsTheGoodOnes(t *testing.T) {
	t.Parallel()
	dir := minutesFiles(t)
	stdout, stderr, err := runCmd(t, "parse", "--json", filepath.Join(dir, "nodate.md"), filepath.Join(dir, "2024-05-01-good.md"))
	if !errors.Is(err, errFailed) {
		t.Errorf("error = %v, want errFailed", err)
	}
	if !strings.Contains(stderr, "nodate.md: no meeting date") {
		t.Errorf("stderr = %q, want the bad file named", stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got) != 1 {
		t.Errorf("stdout has %d meetings (%v), want the 1 good one", len(got), err)
	}
}

func TestParseLintUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args       []string
		wantErr    bool
		stdout     string
		stderrPart string
	}{
		{args: []string{"parse", "--help"}, stdout: "Usage:\n  minutes-sync parse [--json] FILE..."},
		{args: []string{"lint", "-h"}, stdout: "Usage:\n  minutes-sync lint [--strict] FILE..."},
		{args: []string{"plan", "--help"}, stdout: "Usage:\n  minutes-sync plan [flags] FILE..."},
		{args: []string{"apply", "--help"}, stdout: "Usage:\n  minutes-sync apply [flags] FILE..."},
		{args: []string{"parse"}, wantErr: true, stderrPart: "no minutes files given"},
		{args: []string{"lint"}, wantErr: true, stderrPart: "no minutes files given"},
		{args: []string{"parse", "--bogus", "x.md"}, wantErr: true, stderrPart: "unknown flag: --bogus"},
		{args: []string{"plan"}, wantErr: true, stderrPart: "no minutes files given"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			stdout, stderr, err := runCmd(t, tt.args...)
			if (err != nil) != tt.wantErr {
				t.Errorf("error = %v, want error %v", err, tt.wantErr)
			}
			if !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderrPart) {
				t.Errorf("stdout %q, stderr %q; want %q in stdout and %q in stderr", stdout, stderr, tt.stdout, tt.stderrPart)
			}
			if n := strings.Count(stdout+stderr, "Usage:"); n != 1 {
				t.Errorf("the usage is printed %d times, want once:\n%s%s", n, stdout, stderr)
			}
		})
	}
}

func TestParseReadsTheConfiguration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "minutes-2025-01-01.md")
	config := filepath.Join(dir, "minutes-sync.yml")
	src := "# Minutes 2025-01-01\n\n## Attendees\n- @robert\n\n## Round table\n- @bobby - fix it\n\n## Minutes\n- @bobby - ship it\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("handles: {bobby: robert}\nhousekeeping: {add: [Round table]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "parse", "--config", config, file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ship it (@robert)") || strings.Contains(out, "fix it") {
		t.Errorf("configuration not applied:\n%s", out)
	}
	if _, _, err := runCmd(t, "lint", "--config", filepath.Join(dir, "nope", "x.yml"), file); err != nil {
		t.Errorf("a missing configuration file is not an error: %v", err)
	}
	if err := os.WriteFile(config, []byte("handel: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "lint", "--config", config, file); err == nil || !strings.Contains(err.Error(), `unknown key "handel"`) {
		t.Errorf("err = %v, want the unknown key named", err)
	}
}

// lint gives the parser's advice too: a file with no work items says so,
// with its file and line, and fails only with --strict.
func TestLintAdvice(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "2025-01-01-minutes.md")
	if err := os.WriteFile(file, []byte("# Minutes 2025-01-01\n\nWe chatted.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "lint", "--config", "none.yml", file)
	if err != nil || !strings.Contains(out, file+":1: no work items found") {
		t.Errorf("lint = %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "lint", "--strict", "--config", "none.yml", file); !errors.Is(err, errFailed) {
		t.Errorf("lint --strict = %v, want it to fail", err)
	}
}

// A bare #12 is an issue of the minutes' repository: --repo names it.
func TestParseResolvesBareReferences(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "2025-01-01-minutes.md")
	if err := os.WriteFile(file, []byte("# Minutes 2025-01-01\n\n## Minutes\n\n### Fix the parser (#12)\n\nIt crashes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "parse", "--json", "--repo", "acme/meetings", "--config", "none.yml", file)
	if err != nil || !strings.Contains(out, `"acme/meetings#12"`) {
		t.Errorf("parse --repo = %v\n%s", err, out)
	}
}

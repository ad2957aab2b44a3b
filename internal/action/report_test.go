package action

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/sethvargo/go-githubactions"
)

func TestCapSummary(t *testing.T) {
	t.Parallel()
	short := "## ok\n"
	if got := capSummary(short, 100); got != short {
		t.Errorf("capSummary() changed a short summary: %q", got)
	}
	long := "<details>\n\n```\n" + strings.Repeat("line of plan\n", 1000)
	got := capSummary(long, 2000)
	if len(got) > 2000+len("\n```\n</details>") {
		t.Errorf("capSummary() = %d bytes, want about 2000", len(got))
	}
	if !strings.Contains(got, "The summary was cut here") {
		t.Errorf("capSummary() does not say it cut")
	}
	if strings.Count(got, "```")%2 != 0 || !strings.Contains(got, "</details>") {
		t.Errorf("capSummary() left a fence or details open:\n%s", got[len(got)-200:])
	}
}

func TestReporterCapsAnnotations(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	r := newReporter(a, func(string) string { return "" })
	for i := range 12 {
		r.warn("m.md", i+1, "t", "w")
		r.fail("m.md", i+1, "t", "e")
	}
	if got := strings.Count(out.String(), "::warning "); got != maxAnnotations {
		t.Errorf("%d warning annotations, want %d", got, maxAnnotations)
	}
	if got := strings.Count(out.String(), "::error "); got != maxAnnotations {
		t.Errorf("%d error annotations, want %d", got, maxAnnotations)
	}
	if !strings.Contains(out.String(), "::warning file=m.md,line=1,title=t::w") {
		t.Errorf("annotation lacks file and line:\n%s", out.String())
	}
	tail := r.summaryTail()
	if !strings.Contains(tail, "m.md:11: w") || !strings.Contains(tail, "m.md:12: e") || !r.failed {
		t.Errorf("summary tail lacks the annotations past the cap:\n%s", tail)
	}
}

func TestSafeLog(t *testing.T) {
	t.Parallel()
	got := safeLog("ok\n::add-mask::x\n  ::stop-commands::y")
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "::") {
			t.Errorf("safeLog() left a workflow command: %q", l)
		}
	}
}

// runnerCommand says whether the runner would run a workflow command from
// a line the action printed: it splits lines on \r as well as \n, trims
// .NET's white space (U+00A0 among it) before "::", and runs "##[" anywhere.
func runnerCommand(out string) string {
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") && strings.Contains(trimmed[2:], "::") && !isOwnCommand(trimmed) {
			return line
		}
		if strings.Contains(line, "##[") {
			return line
		}
	}
	return ""
}

// isOwnCommand is a command the action itself writes through
// go-githubactions, which escapes what it carries.
func isOwnCommand(line string) bool {
	for _, c := range []string{"::group::", "::endgroup::", "::warning", "::error", "::debug::", "::add-mask::", "::notice"} {
		if strings.HasPrefix(line, c) {
			return true
		}
	}
	return false
}

// Text from the minutes, file names or GitHub never reaches the log as a
// workflow command: not through the log lines, the notes, the annotations
// past the cap, nor the logger the sync logs through.
func TestReporterNeutralisesWorkflowCommands(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"meetings/x\r::warning title=Spoof::gotcha minutes.md",
		"##[stop-commands]abc",
		"\u00a0::add-mask::secret",
		"title\n  ::set-output name=x::y",
		"a ##[group]b",
	}
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	r := newReporter(a, func(string) string { return "" })
	log := actionLogger{r}
	for _, h := range hostile {
		r.infof("reading %s", h)
		r.note("note: %s", h)
		log.Infof("apply: %q %s", h, h)
		for range maxAnnotations + 1 { // the last one overflows into the log
			r.warn(h, 1, "minutes-sync", h)
			r.fail(h, 1, "minutes-sync", h)
		}
	}
	if line := runnerCommand(out.String()); line != "" {
		t.Errorf("the runner would run a command from %q in:\n%s", line, out.String())
	}
}

// A link committed under the plan file's name is replaced, never written
// through: the file it points to, outside the workspace, is left alone.
func TestWriteJSONFileReplacesLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws, outside := filepath.Join(dir, "ws"), filepath.Join(dir, "outside.txt")
	if err := os.Mkdir(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(ws, planFileName)); err != nil {
		t.Fatal(err)
	}
	if err := writeJSONFile(ws, planFileName, map[string]int{"changes": 1}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me" {
		t.Errorf("the file outside the workspace became %q", b)
	}
	fi, err := os.Lstat(filepath.Join(ws, planFileName))
	if err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("plan file: %v, %v; want a regular file in the workspace", fi, err)
	}
	if b, _ := os.ReadFile(filepath.Join(ws, planFileName)); !strings.Contains(string(b), `"changes": 1`) {
		t.Errorf("plan file = %q", b)
	}
}

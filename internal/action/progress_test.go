package action

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/minutes-sync/minutes-sync/sync"
)

// fakeClock is a clock that only sleeping moves. slept, when set, hears
// of each sleep before the clock moves.
type fakeClock struct {
	mu    stdsync.Mutex
	t     time.Time
	slept func(d time.Duration)
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.slept != nil {
		c.slept(d)
	}
	c.t = c.t.Add(d)
	return ctx.Err()
}

func (c *fakeClock) clock() clock { return clock{now: c.now, sleep: c.sleep} }

// progressLineRE finds the progress lines of a log.
var progressLineRE = regexp.MustCompile(`(?m)^\[(\d+)/(\d+)\] .*$`)

// elapsed reads the time a progress line gives.
func elapsed(t *testing.T, line string) time.Duration {
	t.Helper()
	m := regexp.MustCompile(`\] (?:(\d+)m)?(\d+)s elapsed|done in (?:(\d+)m)?(\d+)s$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no time in %q", line)
	}
	n := func(s string) time.Duration { v, _ := strconv.Atoi(s); return time.Duration(v) }
	return (n(m[1]+m[3])*60 + n(m[2]+m[4])) * time.Second
}

// TestProgressLogEvery30Seconds: a long apply logs its first line, then at
// most one every 30 seconds, with the wait under way, and its last line.
func TestProgressLogEvery30Seconds(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	c := newFakeClock()
	p := newProgressLog(newReporter(a, func(string) string { return "" }), c.now)
	guide := &sync.Change{Op: sync.OpCreateItem, Item: "Write the guide", Board: "acme/1"}
	const total = 100
	for i := range total { // a change every 7s: a failed call, a pause, the call again
		p.Step(i, total, guide)
		c.sleep(context.Background(), 2*time.Second)
		p.Wait(5*time.Second, "attempt 2 of 4 after GitHub answered 502 Bad Gateway")
		c.sleep(context.Background(), 5*time.Second)
	}
	p.Step(total, total, nil)

	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, want := range []string{
		`[1/100] 0s elapsed, estimating… — create-item "Write the guide" on acme/1`,
		"[5/100] 30s elapsed, about 12m left — waiting 5s (attempt 2 of 4 after GitHub answered 502 Bad Gateway)",
		`[10/100] 1m03s elapsed, about 11m left — create-item "Write the guide" on acme/1`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q:\n%s", want, out.String())
		}
	}
	if want := "[100/100] done in 11m40s"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
	// Each line 30s or more after the one before, and no later than the
	// first step or wait from then on.
	for i := 1; i < len(lines)-1; i++ {
		if gap := elapsed(t, lines[i]) - elapsed(t, lines[i-1]); gap < progressEvery || gap > progressEvery+5*time.Second {
			t.Errorf("%q after %q: %s apart", lines[i], lines[i-1], gap)
		}
	}
	if strings.Contains(out.String(), "::") {
		t.Errorf("a workflow command in the progress log:\n%s", out.String())
	}
}

// TestApplyLogsProgressNotWarnings: the action applying at GitHub's pace,
// on a fake clock, logs [n/N] lines inside the Apply group, at most one
// every 30 seconds and the last; a secondary rate limit on the way is
// logged, not annotated.
func TestApplyLogsProgressNotWarnings(t *testing.T) {
	t.Parallel()
	srv := newWorld(t)
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "meetings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, janPath), []byte(minutesJan), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newFakeClock()
	start := c.t
	c.slept = func(d time.Duration) {
		if d == 10*time.Second && c.t.Sub(start) > 30*time.Second {
			srv.SecondaryRateLimit(1, 45*time.Second, http.StatusTooManyRequests) // the next mutation
			c.slept = nil
		}
	}
	vars := map[string]string{
		"GITHUB_WORKSPACE": ws, "GITHUB_REPOSITORY": "acme/meetings", "GITHUB_SHA": "abc",
		"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_GRAPHQL_URL": srv.URL,
		"INPUT_PROJECT-TOKEN": srv.Token, "INPUT_MUTATION-INTERVAL": "10s",
	}
	var stdout bytes.Buffer
	if err := newRunner(&stdout, func(k string) string { return vars[k] }, c.clock()).main(context.Background()); err != nil {
		t.Fatalf("run: %v\n%s", err, stdout.String())
	}
	log := stdout.String()

	_, apply, ok := strings.Cut(log, "::group::Apply\n")
	apply, _, _ = strings.Cut(apply, "::endgroup::")
	lines := progressLineRE.FindAllString(apply, -1)
	if !ok || len(lines) < 3 || len(progressLineRE.FindAllString(log, -1)) != len(lines) {
		t.Fatalf("want 3 progress lines or more, all in the Apply group:\n%s", log)
	}
	n := strconv.Itoa(srv.Stats().Mutations)
	if !strings.HasPrefix(lines[0], "[1/"+n+"] 0s elapsed") || !regexp.MustCompile(`^\[`+n+`/`+n+`\] done in \dm\d\ds$`).MatchString(lines[len(lines)-1]) {
		t.Errorf("first and last lines %q, %q; want [1/%s] and [%s/%s] done", lines[0], lines[len(lines)-1], n, n, n)
	}
	for i := 1; i < len(lines)-1; i++ {
		if gap := elapsed(t, lines[i]) - elapsed(t, lines[i-1]); gap < progressEvery {
			t.Errorf("%q after %q: %s apart", lines[i], lines[i-1], gap)
		}
	}
	if !strings.Contains(apply, "GitHub's secondary rate limit stopped mutation") || !strings.Contains(apply, "waiting 45s before sending it again") {
		t.Errorf("the secondary rate limit is not logged in the Apply group:\n%s", apply)
	}
	warnings, errs := parseAnnotations(log)
	for _, w := range append(warnings, errs...) {
		if w.File == "" {
			t.Errorf("annotated %+v: only problems in the minutes are annotated", w)
		}
	}
}

package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// fakeClock is a clock that tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)} }

// progressEvent is what apply or the client tells the progress, after the
// clock moved by after; a log line instead when log is set.
type progressEvent struct {
	after       time.Duration
	done, total int
	next        *sync.Change
	wait        time.Duration
	reason      string
	log         string
}

func play(p *progress, clock *fakeClock, events []progressEvent) {
	for _, e := range events {
		clock.t = clock.t.Add(e.after)
		switch {
		case e.log != "":
			cliLogger{p}.Infof("%s", e.log)
		case e.reason != "":
			p.Wait(e.wait, e.reason)
		default:
			p.Step(e.done, e.total, e.next)
		}
	}
	p.Close()
}

var guide = &sync.Change{Op: sync.OpCreateItem, Item: "Write the guide", Board: "acme/1"}

func TestProgressPlainLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		events []progressEvent
		want   []string
	}{
		{
			name: "a line per change when they are a second apart, and the last",
			events: []progressEvent{
				{done: 0, total: 3, next: guide},
				{after: time.Second, reason: "pace: 1s between changes", wait: time.Second},
				{after: time.Second, done: 1, total: 3, next: guide},
				{after: 2 * time.Second, done: 2, total: 3, next: guide},
				{after: time.Second, done: 3, total: 3},
			},
			want: []string{
				`[1/3] 0s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[1/3] 1s elapsed, estimating… — waiting 1s (pace: 1s between changes)`,
				`[2/3] 2s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[3/3] 4s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[3/3] done in 5s`,
			},
		},
		{
			name: "at most a line a second",
			events: []progressEvent{
				{done: 0, total: 5, next: guide},
				{after: 100 * time.Millisecond, done: 1, total: 5, next: guide},
				{after: 100 * time.Millisecond, reason: "attempt 2 of 4 after GitHub answered 502 Bad Gateway", wait: time.Second},
				{after: 800 * time.Millisecond, done: 2, total: 5, next: guide},
				{after: 100 * time.Millisecond, done: 5, total: 5},
			},
			want: []string{
				`[1/5] 0s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[3/5] 1s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[5/5] done in 1s`,
			},
		},
		{
			name: "log lines as they come",
			events: []progressEvent{
				{reason: "secondary rate limit, as Retry-After says", wait: time.Minute},
				{log: "GitHub's secondary rate limit stopped query viewer; waiting 1m0s before sending it again"},
				{after: time.Minute, done: 0, total: 1, next: guide},
				{after: time.Second, done: 1, total: 1},
			},
			want: []string{
				`waiting 1m00s (secondary rate limit, as Retry-After says)`,
				`GitHub's secondary rate limit stopped query viewer; waiting 1m0s before sending it again`,
				`[1/1] 0s elapsed, estimating… — create-item "Write the guide" on acme/1`,
				`[1/1] done in 1s`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			clock := newFakeClock()
			play(newProgress(&b, clock.now), clock, tt.events)
			if diff := cmp.Diff(tt.want, strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProgressLiveLine: on a terminal the line is rewritten in place, cut
// to the width, log lines go above it, and it stays when apply ends.
func TestProgressLiveLine(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	clock := newFakeClock()
	p := &progress{w: &b, meter: sync.NewProgressMeter(clock.now), now: clock.now, width: 41}
	play(p, clock, []progressEvent{
		{done: 0, total: 2, next: guide},
		{after: 400 * time.Millisecond, reason: "pace: 1s between changes", wait: 600 * time.Millisecond},
		{log: "acme/1: create-item \"Write the guide\": new draft"},
		{after: 600 * time.Millisecond, done: 1, total: 2, next: &sync.Change{Op: sync.OpSetField, Item: "Last discussed", Board: "acme/1"}},
		{after: time.Second, done: 2, total: 2},
	})
	want := "\r[1/2] 0s elapsed, estimating… — create-…\x1b[K" +
		"\r[1/2] 0s elapsed, estimating… — waiting…\x1b[K" +
		"\r\x1b[K" + "acme/1: create-item \"Write the guide\": new draft\n" +
		"\r[1/2] 0s elapsed, estimating… — waiting…\x1b[K" +
		"\r[2/2] 1s elapsed, estimating… — set-fie…\x1b[K" +
		"\r[2/2] done in 2s\x1b[K" +
		"\r[2/2] done in 2s\x1b[K\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("terminal (-want +got):\n%s", diff)
	}
	if got := printable("a\r\x1b[2Kb\tc\u0085d"); got != "a  [2Kb c d" {
		t.Errorf("printable = %q", got)
	}
}

// TestApplyShowsProgress: apply on a standard error that is not a
// terminal prints [n/N] lines, the reason of a wait, and the last line;
// the wait is logged, not warned of.
func TestApplyShowsProgress(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats").AddField("Last discussed", "DATE")
	srv.AddProject("acme", 2, "Outreach & Docs").AddField("Last discussed", "DATE")
	srv.SecondaryRateLimit(1, time.Second, http.StatusForbidden)
	environ := map[string]string{"GH_TOKEN": srv.Token, "GITHUB_GRAPHQL_URL": srv.URL}

	out, stderr, err := runCLI(t, environ, "apply", "--mutation-interval", "0s", "--config", "none.yml", "--minutes-url", testLink, sample)
	if err != nil {
		t.Fatalf("apply: %v\n%s\n%s", err, out, stderr)
	}
	n := srv.Stats().Mutations
	for _, want := range []string{
		"waiting 1s (secondary rate limit, as Retry-After says)\n",
		"waiting 1s before sending it again\n",
		`[1/` + fmt.Sprint(n) + `] 0s elapsed, estimating… — create-item "YAML front matter support" on acme/1` + "\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !regexp.MustCompile(fmt.Sprintf(`\n\[%d/%d\] done in \d+s\n$`, n, n)).MatchString(stderr) {
		t.Errorf("stderr does not end with the last line, [%d/%d] done in …:\n%s", n, n, stderr)
	}
	if strings.Contains(stderr, "warning") || strings.Contains(stderr, "\r") {
		t.Errorf("stderr warns, or rewrites lines on a file:\n%s", stderr)
	}
	if !strings.Contains(out, "Applied: 14 changes") {
		t.Errorf("stdout:\n%s", out)
	}
}

package sync_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// manualClock is a clock that tests move by hand.
type manualClock struct{ t time.Time }

func (c *manualClock) now() time.Time          { return c.t }
func (c *manualClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newManualClock() *manualClock {
	return &manualClock{t: time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)}
}
func change(op sync.Op, item string) *sync.Change {
	return &sync.Change{Op: op, Item: item, Board: "acme/1"}
}

func TestProgressMeterLine(t *testing.T) {
	t.Parallel()
	guide := change(sync.OpCreateItem, "Write the guide")
	// event is something the meter hears after the clock moved by after.
	type event struct {
		after       time.Duration
		done, total int
		next        *sync.Change
		wait        time.Duration // a wait instead of a step, with reason
		reason      string
	}
	step := func(after time.Duration, done, total int, next *sync.Change) event {
		return event{after: after, done: done, total: total, next: next}
	}
	wait := func(after, d time.Duration, reason string) event {
		return event{after: after, wait: d, reason: reason}
	}
	tests := []struct {
		name   string
		events []event
		later  time.Duration // the clock moves on before Line
		want   string
	}{
		{name: "nothing yet", want: ""},
		{
			name:   "a wait before apply starts",
			events: []event{wait(0, time.Minute, "secondary rate limit, Retry-After 60s")},
			want:   "waiting 1m00s (secondary rate limit, Retry-After 60s)",
		},
		{
			name:   "the first change",
			events: []event{step(0, 0, 230, guide)},
			want:   `[1/230] 0s elapsed, estimating… — create-item "Write the guide" on acme/1`,
		},
		{
			name:   "no estimate before three changes",
			events: []event{step(0, 0, 230, guide), step(2*time.Second, 2, 230, guide)},
			want:   `[3/230] 2s elapsed, estimating… — create-item "Write the guide" on acme/1`,
		},
		{
			name: "an estimate from the average so far, while pacing",
			events: []event{
				step(0, 0, 230, guide), step(3*time.Minute+4*time.Second, 11, 230, guide),
				wait(0, time.Second, "pace: 1s between changes"),
			},
			// 184s for 11 changes, 219 left: 3663s.
			want: "[12/230] 3m04s elapsed, about 1h01m left — waiting 1s (pace: 1s between changes)",
		},
		{
			name: "a long wait shows the time it has left",
			events: []event{
				step(0, 0, 40, guide), step(40*time.Second, 20, 40, guide),
				wait(0, 15*time.Minute, "hourly cap: 500 content-creating requests an hour"),
			},
			later: 5 * time.Minute,
			want:  "[21/40] 5m40s elapsed, about 6m left — waiting 10m00s (hourly cap: 500 content-creating requests an hour)",
		},
		{
			name: "a wait that is over shows the change again",
			events: []event{
				step(0, 0, 10, guide), wait(0, 400*time.Millisecond, "pace: 1s between changes"),
			},
			later: time.Second,
			want:  `[1/10] 1s elapsed, estimating… — create-item "Write the guide" on acme/1`,
		},
		{
			name:   "a short wait in milliseconds",
			events: []event{step(0, 0, 10, guide), wait(0, 420*time.Millisecond, "pace: 1s between changes")},
			want:   "[1/10] 0s elapsed, estimating… — waiting 420ms (pace: 1s between changes)",
		},
		{
			name:   "an estimate under a minute",
			events: []event{step(0, 0, 10, guide), step(6*time.Second, 3, 10, guide)},
			want:   `[4/10] 6s elapsed, about 14s left — create-item "Write the guide" on acme/1`,
		},
		{
			name:   "done",
			events: []event{step(0, 0, 230, guide), step(55*time.Minute+12*time.Second, 230, 230, nil)},
			later:  time.Minute,
			want:   "[230/230] done in 55m12s",
		},
		{
			name:   "nothing to apply says nothing",
			events: []event{step(0, 0, 0, nil)},
			want:   "",
		},
		{
			name:   "stopped before the end",
			events: []event{step(0, 0, 230, guide), step(time.Hour+2*time.Minute+3*time.Second, 12, 230, nil)},
			want:   "[12/230] stopped after 1h02m03s",
		},
		{
			name:   "text from the minutes is quoted",
			events: []event{step(0, 0, 1, change(sync.OpAddNote, "evil\r\x1b[2Kline"))},
			want:   `[1/1] 0s elapsed, estimating… — add-note "evil\r\x1b[2Kline" on acme/1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := newManualClock()
			m := sync.NewProgressMeter(clock.now)
			for _, e := range tt.events {
				clock.advance(e.after)
				if e.reason != "" {
					m.Wait(e.wait, e.reason)
				} else {
					m.Step(e.done, e.total, e.next)
				}
			}
			clock.advance(tt.later)
			if got := m.Line(); got != tt.want {
				t.Errorf("Line() = %q\nwant     %q", got, tt.want)
			}
		})
	}
}

// steps records what Apply tells its Progress.
type steps []string

func (s *steps) Step(done, total int, next *sync.Change) {
	what := "stop"
	if next != nil {
		what = string(next.Op)
	}
	*s = append(*s, fmt.Sprintf("%d/%d %s", done, total, what))
}

// TestApplyCountsTheChangesThatCall: the count is of the changes that call
// GitHub, one by one, and ends with a step that says Apply stopped.
func TestApplyCountsTheChangesThatCall(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	ms := parse(t, jan)
	boards, err := sync.ReadBoards(anyCtx, gh, ms, sync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := sync.NewPlan(ms, boards, sync.Options{})
	var got steps
	if _, err := sync.ApplyWithProgress(anyCtx, gh, p, ms, sync.Options{}, &got); err != nil {
		t.Fatal(err)
	}
	n := w.srv.Stats().Mutations
	if n == len(p.Changes) {
		t.Fatalf("every change made a call: the test needs notes written with the change before")
	}
	var want steps
	for i, c := range p.Changes {
		if c.Step.Type() != "note-alongside" && c.Step.Type() != "note-in-new-draft" {
			want = append(want, fmt.Sprintf("%d/%d %s", len(want), n, p.Changes[i].Op))
		}
	}
	want = append(want, fmt.Sprintf("%d/%d stop", n, n))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

// TestApplyProgressAcrossReplans: after a lost answer Apply plans again;
// the count goes on, the total is what is through plus what the new plan
// holds (the change whose answer was lost was made, so the total stays),
// and the last step has every change through.
func TestApplyProgressAcrossReplans(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	gh := w.client(w.srv.Token)
	ms := parse(t, jan)
	boards, err := sync.ReadBoards(anyCtx, gh, ms, sync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := sync.NewPlan(ms, boards, sync.Options{})
	w.srv.FailMutation(3, githubtest.FailAfter)
	var got steps
	res, err := sync.ApplyWithProgress(anyCtx, gh, p, ms, sync.Options{}, &got)
	if err != nil || res.Replans != 1 {
		t.Fatalf("apply: %v, %d replans, want 1", err, res.Replans)
	}
	mutations := w.srv.Stats().Mutations
	if last, want := got[len(got)-1], fmt.Sprintf("%d/%d stop", mutations, mutations); last != want {
		t.Errorf("last step %q, want %q: %q", last, want, got)
	}
	for i, s := range got[:len(got)-1] {
		var done, total int
		var op string
		if _, err := fmt.Sscanf(s, "%d/%d %s", &done, &total, &op); err != nil || done != i || total != mutations {
			t.Errorf("step %d is %q, want %d/%d: %q", i, s, i, mutations, got)
		}
	}
}

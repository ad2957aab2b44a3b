package sync

import (
	"fmt"
	stdsync "sync"
	"time"
)

// Progress hears how far Apply is, for people watching a long run: a
// backfill is hundreds of changes, minutes to an hour at GitHub's pace.
// Apply calls it from the goroutine it runs on.
type Progress interface {
	// Step says that done of total changes that call GitHub are through
	// (made or failed) and that next, when not nil, is being made now.
	// Apply says it before each such change and once when it stops, with
	// next nil. total is what is through plus what the plan still holds,
	// so it changes when Apply plans again. Notes written with the change
	// before them (NoteAlongside, NoteInNewDraft) make no call and are not
	// counted.
	Step(done, total int, next *Change)
}

// progressCount counts, for a Progress, the changes that call GitHub
// across the plans of one Apply.
type progressCount struct {
	progress    Progress
	done, total int
}

func newProgressCount(p Progress) *progressCount {
	if p == nil {
		p = nopProgress{}
	}
	return &progressCount{progress: p}
}

// plan starts counting the changes of a plan, made after those through.
func (c *progressCount) plan(p *Plan) {
	c.total = c.done
	for i := range p.Changes {
		if makesCall(p.Changes[i]) {
			c.total++
		}
	}
}

// start says that ch is being made.
func (c *progressCount) start(ch *Change) {
	if makesCall(*ch) {
		c.progress.Step(c.done, c.total, ch)
	}
}

// end counts ch as through.
func (c *progressCount) end(ch *Change) {
	if makesCall(*ch) {
		c.done++
	}
}

// stop says that Apply stopped.
func (c *progressCount) stop() { c.progress.Step(c.done, c.total, nil) }

// makesCall tells a change that calls GitHub from one written with the
// change before it.
func makesCall(c Change) bool {
	_, quiet := c.Step.(noCall)
	return !quiet
}

type nopProgress struct{}

func (nopProgress) Step(int, int, *Change) {}

// minEstimate is how many changes must be through before ProgressMeter
// guesses the time left: the first ones wait for nothing and say little.
const minEstimate = 3

// ProgressMeter keeps track of Apply's steps and of the waits of the
// GitHub client under it, and says where a run is in one line (see Line).
// It implements Progress; Wait has the signature of the client's OnWait.
// Its methods are safe for concurrent use.
type ProgressMeter struct {
	now func() time.Time

	mu          stdsync.Mutex
	start       time.Time // of the first step; zero before
	end         time.Time // of the step that said Apply stopped
	done, total int
	next        *Change   // being made; nil between changes and once stopped
	stopped     bool      // Apply said it stopped
	waitEnd     time.Time // of the latest wait; zero when none
	reason      string    // of the latest wait
}

var _ Progress = (*ProgressMeter)(nil)

// NewProgressMeter returns a ProgressMeter that tells the time with now.
func NewProgressMeter(now func() time.Time) *ProgressMeter {
	if now == nil {
		now = time.Now
	}
	return &ProgressMeter{now: now}
}

// Step records where Apply is; a step ends the wait before it.
func (m *ProgressMeter) Step(done, total int, next *Change) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.start.IsZero() {
		m.start = m.now()
	}
	m.done, m.total, m.next, m.stopped = done, total, next, next == nil
	if m.stopped {
		m.end = m.now()
	}
	m.waitEnd, m.reason = time.Time{}, ""
}

// Wait records that the run pauses for d, and why.
func (m *ProgressMeter) Wait(d time.Duration, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waitEnd, m.reason = m.now().Add(d), reason
}

// Started tells whether Apply took its first step.
func (m *ProgressMeter) Started() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.start.IsZero()
}

// Line says where the run is, now; "" before anything happened, and when
// there is nothing to apply:
//
//	[12/230] 3m04s elapsed, about 52m left — waiting 1s (pace: 1s between changes)
//	[3/230] 2s elapsed, estimating… — create-item "Write the guide" on acme/1
//	[230/230] done in 55m12s
//	[12/230] stopped after 3m04s
//	waiting 1m00s (secondary rate limit, Retry-After 60s)
//
// The counter names the change being made; the estimate is the average
// time of the changes through so far times the changes left, once
// minEstimate are through. A wait is shown with the time it has left,
// until the next step or its end.
func (m *ProgressMeter) Line() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	var doing string
	switch {
	case now.Before(m.waitEnd):
		doing = fmt.Sprintf("waiting %s (%s)", waitText(m.waitEnd.Sub(now)), m.reason)
	case m.next != nil:
		doing = changeText(m.next)
	}
	if m.start.IsZero() || m.total == 0 {
		return doing // nothing to count
	}
	switch took := clockText(m.end.Sub(m.start)); {
	case m.stopped && m.done == m.total:
		return fmt.Sprintf("[%d/%d] done in %s", m.done, m.total, took)
	case m.stopped:
		return fmt.Sprintf("[%d/%d] stopped after %s", m.done, m.total, took)
	}
	elapsed := now.Sub(m.start)
	line := fmt.Sprintf("[%d/%d] %s elapsed, %s", m.done+1, m.total, clockText(elapsed), estimate(elapsed, m.done, m.total))
	if doing != "" {
		line += " — " + doing
	}
	return line
}

// estimate guesses the time left from the average time of the done
// changes so far.
func estimate(elapsed time.Duration, done, total int) string {
	if done < minEstimate {
		return "estimating…"
	}
	return "about " + aboutText(elapsed/time.Duration(done)*time.Duration(total-done)) + " left"
}

// changeText names a change: `create-item "Write the guide" on acme/1`.
func changeText(c *Change) string {
	s := fmt.Sprintf("%s %q", c.Op, c.Item)
	if c.Board != "" {
		s += " on " + c.Board
	}
	return s
}

// clockText shows a span of time to the second: 4s, 3m04s, 1h02m03s.
func clockText(d time.Duration) string {
	s := int(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm%02ds", s/3600, s/60%60, s%60)
}

// waitText shows a wait: 400ms under a second, else to the second.
func waitText(d time.Duration) string {
	if r := d.Round(10 * time.Millisecond); r < time.Second {
		return fmt.Sprintf("%dms", r/time.Millisecond)
	}
	return clockText(d.Round(time.Second))
}

// aboutText shows an estimate as roughly as it is known: 40s, 52m, 1h05m.
func aboutText(d time.Duration) string {
	if s := d.Round(time.Second) / time.Second; s < 60 {
		return fmt.Sprintf("%ds", s)
	}
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

package action

import (
	"context"
	stdsync "sync"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
)

// progressEvery is the least time between two progress lines in the log:
// a backfill of hundreds of changes says where it is twice a minute, not
// once a change.
const progressEvery = 30 * time.Second

// clock is the time the action runs on: the runner's, or a test's.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error // nil: a timer
}

// progressLog logs how far apply is, in the words of sync.ProgressMeter,
// inside the Apply group: the first line, then at most one every
// progressEvery, and the last. It is the apply's sync.Progress, and its
// Wait is the client's OnWait: a wait shows in the next line, with its
// reason. Waits and retries are logged, never annotated: annotations are
// for problems in the minutes.
type progressLog struct {
	r     *reporter
	meter *sync.ProgressMeter
	now   func() time.Time

	mu   stdsync.Mutex
	last time.Time // of the last line; zero before the first
}

var _ sync.Progress = (*progressLog)(nil)

func newProgressLog(r *reporter, now func() time.Time) *progressLog {
	return &progressLog{r: r, meter: sync.NewProgressMeter(now), now: now}
}

// Step logs where apply is when the last line is old enough, and always
// the first and the last.
func (p *progressLog) Step(done, total int, next *sync.Change) {
	p.meter.Step(done, total, next)
	p.log(next == nil)
}

// Wait logs the wait when the last line is old enough. Waits before apply
// starts (reading the boards) are in the log already, through the client's
// Logger.
func (p *progressLog) Wait(d time.Duration, reason string) {
	p.meter.Wait(d, reason)
	if p.meter.Started() {
		p.log(false)
	}
}

func (p *progressLog) log(always bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !always && !p.last.IsZero() && now.Sub(p.last) < progressEvery {
		return
	}
	if line := p.meter.Line(); line != "" {
		p.r.infof("%s", line)
		p.last = now
	}
}

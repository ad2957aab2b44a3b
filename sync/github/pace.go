package github

import (
	"context"
	"fmt"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
)

// creates tells whether a mutation counts against the hourly cap.
type creates bool

const (
	createsContent creates = true
	changesContent creates = false
)

// pacer spaces the mutations of a client: one at a time, each at least
// interval after the end of the one before, and at most hourlyCap
// content-creating ones in any hour. It belongs to the client rather than
// to the transport: it paces calls, not HTTP attempts (a rate-limited
// mutation sent again keeps its turn), and whether a mutation creates
// content is known only where it is made.
type pacer struct {
	log       sync.Logger
	onWait    func(d time.Duration, reason string) // ClientOptions.OnWait
	now       func() time.Time
	wait      func(ctx context.Context, d time.Duration) error
	interval  time.Duration
	hourlyCap int

	turn    chan struct{} // holds a token while a mutation is paced and made
	last    time.Time     // end of the previous mutation; guarded by turn
	created []time.Time   // starts of content-creating mutations within the hour; guarded by turn
}

func newPacer(opts ClientOptions, wait func(ctx context.Context, d time.Duration) error) *pacer {
	return &pacer{
		log:       opts.Logger,
		onWait:    opts.OnWait,
		now:       opts.Now,
		wait:      wait,
		interval:  opts.MutationInterval,
		hourlyCap: opts.HourlyCap,
		turn:      make(chan struct{}, 1),
	}
}

// start waits for a mutation's turn: for the mutation before it to end,
// then for the interval, then, if it creates content, for room under the
// hourly cap. The mutation is made between start and the call of done.
func (p *pacer) start(ctx context.Context, effect creates) (done func(), err error) {
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	err = p.waitInterval(ctx)
	if err == nil && effect == createsContent {
		err = p.waitForRoom(ctx)
	}
	if err != nil {
		<-p.turn
		return nil, err
	}
	return func() {
		p.last = p.now()
		<-p.turn
	}, nil
}

// waitInterval waits until the interval since the end of the previous
// mutation has passed.
func (p *pacer) waitInterval(ctx context.Context) error {
	if p.last.IsZero() {
		return nil
	}
	d := p.last.Add(p.interval).Sub(p.now())
	if d <= 0 {
		return nil
	}
	p.log.Debugf("pausing %s between mutations", d)
	p.onWait(d, fmt.Sprintf("pace: %s between changes", p.interval))
	return p.wait(ctx, d)
}

// waitForRoom waits until fewer than hourlyCap content-creating mutations
// started within the last hour, then records the start of this one.
func (p *pacer) waitForRoom(ctx context.Context) error {
	for {
		now := p.now()
		kept := p.created[:0]
		for _, t := range p.created {
			if now.Sub(t) < time.Hour {
				kept = append(kept, t)
			}
		}
		p.created = kept
		if len(p.created) < p.hourlyCap {
			p.created = append(p.created, now)
			return nil
		}
		d := p.created[0].Add(time.Hour).Sub(now)
		p.log.Infof("made %d content-creating requests in the last hour; waiting %s until GitHub's limit allows more",
			len(p.created), d.Round(time.Second))
		p.onWait(d, fmt.Sprintf("hourly cap: %d content-creating requests an hour", p.hourlyCap))
		if err := p.wait(ctx, d); err != nil {
			return err
		}
	}
}

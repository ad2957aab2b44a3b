package githubtest

import (
	"context"
	"sync"
	"time"
)

// Sleeps records the waits of a client instead of waiting; its Sleep method
// fits the client's Sleep option, so tests that wait out rate limits run at
// once and can say what was waited.
type Sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

// Sleep records d and returns at once (with ctx's error, if it is done).
func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

// All returns the waits recorded so far, in order.
func (s *Sleeps) All() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

package cli

import (
	"fmt"
	"io"
	"strings"
	stdsync "sync"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
	"golang.org/x/term"
)

// plainEvery is the least time between two progress lines when standard
// error is not a terminal: a log file gets a line a second at most, not
// one per pause.
const plainEvery = time.Second

// progress shows how far apply is on standard error, in the words of
// sync.ProgressMeter: on a terminal as one live line, rewritten in place
// as the changes go and every second while a wait counts down; elsewhere
// as plain lines, at most one every plainEvery, and the last one. Log
// lines written through it go above the live line. It is the apply's
// sync.Progress, and its Wait is the client's OnWait.
type progress struct {
	w     io.Writer
	meter *sync.ProgressMeter
	now   func() time.Time
	width int // of the terminal w is; 0 when it is not one

	mu     stdsync.Mutex
	shown  bool          // the live line is on the screen
	last   time.Time     // of the last plain line
	ticker chan struct{} // closed to stop the live line's ticking; nil when not ticking
}

var _ sync.Progress = (*progress)(nil)

// newProgress returns the progress shown on w, telling the time with now.
// A terminal gets the live line, ticking until Close.
func newProgress(w io.Writer, now func() time.Time) *progress {
	p := &progress{w: w, meter: sync.NewProgressMeter(now), now: now}
	if fd, ok := terminal(w); ok {
		p.width = 80
		if cols, _, err := term.GetSize(fd); err == nil && cols > 0 {
			p.width = cols
		}
		p.ticker = make(chan struct{})
		go p.tick(p.ticker)
	}
	return p
}

// terminal tells whether w is a terminal, and its file descriptor.
func terminal(w io.Writer) (int, bool) {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// Step shows where apply is; the last step is always shown.
func (p *progress) Step(done, total int, next *sync.Change) {
	p.meter.Step(done, total, next)
	p.show(next == nil)
}

// Wait shows a wait and its reason.
func (p *progress) Wait(d time.Duration, reason string) {
	p.meter.Wait(d, reason)
	p.show(false)
}

// Write writes a log line, above the live line when there is one.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.shown {
		return p.w.Write(b)
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	n, err := p.w.Write(b)
	p.drawLocked()
	return n, err
}

// Close stops the ticking and leaves the live line, as it last was, on a
// line of its own. It may be called more than once.
func (p *progress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ticker != nil {
		close(p.ticker)
		p.ticker = nil
	}
	if p.shown {
		p.drawLocked()
		fmt.Fprintln(p.w)
		p.shown = false
	}
}

// show draws the live line, or prints a plain line when the last one is
// old enough or always is true.
func (p *progress) show(always bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		p.drawLocked()
		return
	}
	now := p.now()
	if !always && !p.last.IsZero() && now.Sub(p.last) < plainEvery {
		return
	}
	if line := p.meter.Line(); line != "" {
		fmt.Fprintln(p.w, printable(line))
		p.last = now
	}
}

// drawLocked rewrites the live line, cut to the terminal's width.
func (p *progress) drawLocked() {
	line := p.meter.Line()
	if line == "" {
		return
	}
	fmt.Fprint(p.w, "\r", fit(printable(line), p.width-1), "\x1b[K")
	p.shown = true
}

// tick redraws the live line every second, so that the elapsed time and a
// long wait count on, until stop is closed.
func (p *progress) tick(stop chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.shown {
				p.drawLocked()
			}
			p.mu.Unlock()
		}
	}
}

// printable keeps control characters, which could move the cursor or
// end the line, out of a progress line.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return ' '
		}
		return r
	}, s)
}

// fit cuts s to at most n characters, ending with "…" when cut.
func fit(s string, n int) string {
	r := []rune(s)
	if n < 1 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

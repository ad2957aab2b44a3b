package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
)

// Retries of transient failures: exponential backoff with full jitter.
const (
	// queryAttempts is how often a query is sent before a transient failure
	// (5xx, timeout, reset connection) is reported: three retries ride out
	// a deploy or a load balancer hiccup without hiding an outage. A
	// mutation is sent again only when it never left (connection refused).
	queryAttempts = 4
	// backoffBase is the first retry's longest pause; it doubles each time.
	backoffBase = time.Second
	// backoffCap bounds one pause between retries.
	backoffCap = 30 * time.Second
	// attemptTimeout bounds one request and its response. GitHub stops a
	// GraphQL query after 10 seconds; a minute allows for a slow network
	// and a large page without waiting forever on a dead connection.
	attemptTimeout = time.Minute
	// rateLimitWaits is how many rate-limit waits one request may sit out
	// before it gives up: more means GitHub keeps refusing the token.
	rateLimitWaits = 5
)

// retryPolicy is the RoundTripper that acts on classify's decisions. It
// buffers the request body so that the request can be sent again, sends
// each attempt with its own timeout, retries transient failures with
// exponential backoff and full jitter, never sends a mutation again once
// its headers may have been written, and waits out rate limits. The kind
// of request is the one its caller marked (see withOperation). A response
// it delivers has its body in memory.
type retryPolicy struct {
	next    http.RoundTripper
	log     sync.Logger
	onWait  func(d time.Duration, reason string) // ClientOptions.OnWait
	now     func() time.Time
	sleep   func(ctx context.Context, d time.Duration) error
	jitter  func(max time.Duration) time.Duration // a pause in [0, max]
	count   func(func(*ClientStats))
	maxWait time.Duration // the longest rate-limit wait; ClientOptions.MaxWait
	timeout time.Duration // of one attempt; attemptTimeout
}

// RoundTrip sends req until classify says to deliver the response or to
// give up.
func (p *retryPolicy) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, op := req.Context(), operationOf(req)
	body, err := readRequestBody(req)
	if err != nil {
		return nil, fmt.Errorf("%s: read request body: %w", op, err)
	}
	failures, waits := 0, 0
	for sent := 0; ; sent++ {
		p.count(func(s *ClientStats) {
			s.Requests++
			if sent > 0 {
				s.Retries++
			}
		})
		resp, a := p.send(ctx, req, body)
		now := p.now()
		d := classify(a, op, now, p.maxWait)
		switch d.verdict {
		case deliver:
			return resp, nil
		case fail:
			return nil, d.err
		case retry:
			failures++
			err = p.backOff(ctx, op, failures, d)
		case waitRateLimit:
			waits++
			err = p.waitRateLimit(ctx, op, waits, d, now)
		}
		if err != nil {
			return nil, err
		}
	}
}

// backOff pauses before the next attempt after the failures-th transient
// failure, or gives up after queryAttempts.
func (p *retryPolicy) backOff(ctx context.Context, op operation, failures int, d decision) error {
	if failures >= queryAttempts {
		return &apiError{msg: fmt.Sprintf("GitHub %s failed %d times; the last time: %s", op, failures, d.reason), err: d.err}
	}
	pause := p.jitter(min(backoffCap, backoffBase<<(failures-1)))
	p.log.Infof("GitHub %s failed (%s); retrying in %s (attempt %d of %d)",
		op, d.reason, pause.Round(time.Millisecond), failures+1, queryAttempts)
	if pause > 0 {
		p.onWait(pause, fmt.Sprintf("attempt %d of %d after %s", failures+1, queryAttempts, d.reason))
	}
	return p.sleep(ctx, pause)
}

// waitRateLimit waits until the rate limit of the waits-th rate-limited
// answer lifts, or gives up after rateLimitWaits.
func (p *retryPolicy) waitRateLimit(ctx context.Context, op operation, waits int, d decision, now time.Time) error {
	if waits > rateLimitWaits {
		return &apiError{
			msg: fmt.Sprintf("GitHub %s is still rate limited after %d waits: %s", op, rateLimitWaits, d.reason),
			err: sync.ErrRateLimited,
		}
	}
	wait := max(d.until.Sub(now), 0)
	p.log.Infof("%s; waiting %s before sending it again", d.reason, wait.Round(time.Second))
	if wait > 0 {
		p.onWait(wait, d.wait)
	}
	return p.sleep(ctx, wait)
}

// send makes one attempt with a fresh copy of the body, reading the whole
// response within the attempt's timeout. The response, when there is one,
// has its body in memory.
func (p *retryPolicy) send(ctx context.Context, req *http.Request, body []byte) (*http.Response, attempt) {
	actx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	var wrote atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteHeaders: func() { wrote.Store(true) },
	})
	resp, err := p.next.RoundTrip(withBody(req.Clone(actx), body))
	if err != nil {
		return nil, attempt{err: p.attemptErr(ctx, actx, err), wrote: wrote.Load(), cancelled: ctx.Err()}
	}
	b, err := readResponseBody(resp)
	if err != nil {
		return nil, attempt{err: p.attemptErr(ctx, actx, err), wrote: true, cancelled: ctx.Err()}
	}
	return resp, attempt{status: resp.StatusCode, header: resp.Header, body: b, wrote: true}
}

// attemptErr tells a timeout of the attempt from the caller's cancellation.
func (p *retryPolicy) attemptErr(ctx, actx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s: %w", p.timeout, errTimeout)
	}
	return err
}

// readRequestBody reads and closes the body of req; nil when it has none.
func readRequestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

// withBody gives req, a copy of a request, body as a body that can be read
// again.
func withBody(req *http.Request, body []byte) *http.Request {
	if body == nil {
		req.Body, req.ContentLength, req.GetBody = http.NoBody, 0, nil
		return req
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return req
}

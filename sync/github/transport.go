package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

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
	// defaultRateLimitWait is the wait GitHub recommends for a secondary
	// rate limit that names no time.
	defaultRateLimitWait = time.Minute
	// resetMargin is added to waits until x-ratelimit-reset, which has a
	// resolution of one second, so the retry lands after the reset.
	resetMargin = time.Second
	// debugDumpLimit bounds a request or response dumped at debug level.
	debugDumpLimit = 4 << 10
)

// transport is the http.RoundTripper under the GraphQL client. It buffers
// each request so that it can be sent again, tells queries from mutations
// by the GraphQL document, retries transient failures of queries, never
// repeats a mutation that may have been applied, and waits out rate limits.
// A response it delivers has its body buffered; the GraphQL errors in it are
// recorded in the request's exchange (see withExchange).
type transport struct {
	base    http.RoundTripper
	log     sync.Logger
	now     func() time.Time
	sleep   func(ctx context.Context, d time.Duration) error
	maxWait time.Duration
	jitter  func(max time.Duration) time.Duration // a pause in [0, max]
	count   func(func(*ClientStats))
	timeout time.Duration // of one attempt; attemptTimeout
}

// exchange carries, in a request's context, what the transport learned of
// the final response: the operation and its GraphQL errors, which githubv4
// reduces to a message.
type exchange struct {
	mu        stdsync.Mutex
	operation string
	errors    []gqlError
}

type exchangeKey struct{}

func withExchange(ctx context.Context, x *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, x)
}

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// gqlError is one entry of a response's "errors"; GitHub adds a type such
// as NOT_FOUND, FORBIDDEN, INSUFFICIENT_SCOPES or RATE_LIMITED.
// https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
type gqlError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// gqlResponse is the part of a response body the transport reads: GraphQL
// errors, or the message of a REST-style error body (401, 403).
type gqlResponse struct {
	Data    json.RawMessage `json:"data"`
	Errors  []gqlError      `json:"errors"`
	Message string          `json:"message"`
}

// apiError is a failure the client explains itself; it wraps one of the
// package's sentinel errors where a caller may branch on it.
type apiError struct {
	msg string
	err error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// notFound says what does not exist, wrapping ErrNotFound.
func notFound(format string, args ...any) error {
	return &apiError{msg: fmt.Sprintf(format, args...), err: sync.ErrNotFound}
}

// operation is what a request does, read from its GraphQL document.
type operation struct {
	mutation bool
	name     string // the first field: "repositoryOwner", "addComment"
}

func (o operation) String() string {
	if o.mutation {
		return "mutation " + o.name
	}
	return "query " + o.name
}

// parseOperation reads the GraphQL document of a request body. A body that
// is not a GraphQL request is taken for a mutation: it is never repeated.
func parseOperation(body []byte) operation {
	var in struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(body, &in); err != nil || strings.TrimSpace(in.Query) == "" {
		return operation{mutation: true, name: "request"}
	}
	doc := strings.TrimSpace(in.Query)
	op := operation{mutation: strings.HasPrefix(doc, "mutation")}
	if i := strings.IndexByte(doc, '{'); i >= 0 {
		rest := strings.TrimSpace(doc[i+1:])
		if j := strings.IndexAny(rest, "({}:, \n\t"); j >= 0 {
			rest = rest[:j]
		}
		op.name = rest
	}
	if op.name == "" {
		op.name = "request"
	}
	return op
}

// attempt is one request sent and its answer.
type attempt struct {
	resp  *http.Response // body already read into body
	body  []byte
	err   error
	wrote bool // the request's headers went out: a mutation may have been applied
}

// verdict is what to do after an attempt.
type verdict int

const (
	deliver   verdict = iota // hand the response to the GraphQL client
	retry                    // transient failure: back off and send again
	rateLimit                // rate limited, not applied: wait and send again
	fail                     // give up with an error
)

// RoundTrip sends req, retrying and waiting as the failure allows.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		body = b
	}
	op := parseOperation(body)
	x := exchangeFrom(ctx)
	if x != nil {
		x.mu.Lock()
		x.operation = op.name
		x.mu.Unlock()
	}
	t.log.Debugf("GitHub GraphQL %s: %s", op, clip(body))
	failures, waits := 0, 0
	for sent := 0; ; sent++ {
		if sent > 0 {
			t.count(func(s *ClientStats) { s.Retries++ })
		}
		t.count(func(s *ClientStats) { s.Requests++ })
		a := t.send(ctx, req, body)
		v, wait, reason, err := t.judge(ctx, op, a)
		switch v {
		case deliver:
			if x != nil {
				var out gqlResponse
				_ = json.Unmarshal(a.body, &out)
				x.mu.Lock()
				x.errors = out.Errors
				x.mu.Unlock()
			}
			t.log.Debugf("GitHub answered %s with %s: %s", op, a.resp.Status, clip(a.body))
			a.resp.Body = io.NopCloser(bytes.NewReader(a.body))
			a.resp.ContentLength = int64(len(a.body))
			return a.resp, nil
		case fail:
			return nil, err
		case retry:
			failures++
			if failures >= queryAttempts {
				return nil, &apiError{msg: fmt.Sprintf("GitHub %s failed %d times; the last time: %s", op, failures, reason), err: a.err}
			}
			d := t.jitter(min(backoffCap, backoffBase<<(failures-1)))
			t.log.Warningf("GitHub %s failed (%s); retrying in %s (attempt %d of %d)", op, reason, d.Round(time.Millisecond), failures+1, queryAttempts)
			if err := t.sleep(ctx, d); err != nil {
				return nil, err
			}
		case rateLimit:
			waits++
			if waits > rateLimitWaits {
				return nil, &apiError{msg: fmt.Sprintf("GitHub %s is still rate limited after %d waits: %s", op, rateLimitWaits, reason), err: sync.ErrRateLimited}
			}
			t.log.Warningf("%s; waiting %s before sending it again", reason, wait.Round(time.Second))
			if err := t.sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
	}
}

// send makes one attempt with a fresh copy of the body, reading the whole
// response within attemptTimeout.
func (t *transport) send(ctx context.Context, req *http.Request, body []byte) attempt {
	actx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	var wrote atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteHeaders: func() { wrote.Store(true) },
	})
	r := req.Clone(actx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return attempt{err: t.attemptErr(ctx, actx, err), wrote: wrote.Load()}
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return attempt{err: t.attemptErr(ctx, actx, fmt.Errorf("read response: %w", err)), wrote: true}
	}
	return attempt{resp: resp, body: b, wrote: true}
}

// attemptErr tells a timeout of the attempt from the caller's cancellation.
func (t *transport) attemptErr(ctx, actx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s: %w", t.timeout, errTimeout)
	}
	return err
}

var errTimeout = errors.New("timeout")

// judge decides what to do after an attempt.
func (t *transport) judge(ctx context.Context, op operation, a attempt) (v verdict, wait time.Duration, reason string, err error) {
	if a.err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			if op.mutation && a.wrote {
				return fail, 0, "", &apiError{
					msg: fmt.Sprintf("GitHub %s may or may not have been applied: it was cancelled after it was sent (%v)", op, ctxErr),
					err: errors.Join(sync.ErrUnknownOutcome, ctxErr),
				}
			}
			return fail, 0, "", ctxErr
		}
		if op.mutation && a.wrote {
			return fail, 0, "", &apiError{
				msg: fmt.Sprintf("GitHub %s may or may not have been applied: the connection failed after it was sent (%v)", op, a.err),
				err: sync.ErrUnknownOutcome,
			}
		}
		if !transientNetErr(a.err) {
			return fail, 0, "", a.err
		}
		return retry, 0, a.err.Error(), nil
	}
	var out gqlResponse
	_ = json.Unmarshal(a.body, &out)
	status := a.resp.StatusCode
	msg := responseMessage(out)
	switch {
	case status == http.StatusUnauthorized:
		return fail, 0, "", &apiError{
			msg: "GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired",
			err: sync.ErrBadCredentials,
		}
	case isRateLimited(status, a.resp.Header, out):
		return t.rateLimitWait(op, a.resp.Header, msg)
	case status >= 500:
		if op.mutation {
			return fail, 0, "", &apiError{
				msg: fmt.Sprintf("GitHub answered %s to %s, which may or may not have been applied", a.resp.Status, op),
				err: sync.ErrUnknownOutcome,
			}
		}
		return retry, 0, "GitHub answered " + a.resp.Status, nil
	case status == http.StatusForbidden:
		return fail, 0, "", &apiError{msg: fmt.Sprintf("GitHub refused %s (%s): %s", op, a.resp.Status, msg), err: sync.ErrForbidden}
	case status != http.StatusOK:
		return fail, 0, "", &apiError{msg: fmt.Sprintf("GitHub answered %s to %s: %s", a.resp.Status, op, msg)}
	case serverTrouble(out):
		// GitHub reports a query that timed out inside it as 200 with
		// this error and no data.
		if op.mutation {
			return fail, 0, "", &apiError{
				msg: fmt.Sprintf("GitHub failed %s, which may or may not have been applied: %s", op, msg),
				err: sync.ErrUnknownOutcome,
			}
		}
		return retry, 0, msg, nil
	}
	return deliver, 0, "", nil
}

// rateLimitWait decides how long to wait for a rate limit: the primary limit
// until x-ratelimit-reset, a secondary limit for Retry-After seconds, else
// until x-ratelimit-reset when no points are left or it comes sooner, else
// defaultRateLimitWait. With points left, x-ratelimit-reset is the end of
// the primary limit's hour and says nothing of the secondary limit. A wait
// longer than maxWait fails with ErrRateLimited.
func (t *transport) rateLimitWait(op operation, h http.Header, msg string) (verdict, time.Duration, string, error) {
	now := t.now()
	reset, hasReset := resetTime(h)
	if h.Get("X-Ratelimit-Remaining") == "0" && !mentionsSecondary(msg) {
		wait := defaultRateLimitWait
		if hasReset {
			wait = reset.Sub(now) + resetMargin
		}
		if wait > t.maxWait {
			when := fmt.Sprintf("it resets at %s, in %s", reset.UTC().Format("15:04:05 UTC"), reset.Sub(now).Round(time.Second))
			if !hasReset {
				when = "GitHub did not say when it resets"
			}
			return fail, 0, "", &apiError{
				msg: fmt.Sprintf("GitHub's API rate limit for the token is used up (%s); %s, longer than the %s this run waits",
					msg, when, t.maxWait),
				err: sync.ErrRateLimited,
			}
		}
		return rateLimit, max(wait, 0), fmt.Sprintf("GitHub's API rate limit for the token is used up (%s)", msg), nil
	}
	wait, why := defaultRateLimitWait, "GitHub names no time"
	if s := h.Get("Retry-After"); s != "" {
		if d, ok := retryAfter(s, now); ok {
			wait, why = d, "as Retry-After says"
		}
	} else if d := reset.Sub(now) + resetMargin; hasReset && (h.Get("X-Ratelimit-Remaining") == "0" || d < defaultRateLimitWait) {
		wait, why = d, "until x-ratelimit-reset"
	}
	wait = max(wait, 0)
	if wait > t.maxWait {
		return fail, 0, "", &apiError{
			msg: fmt.Sprintf("GitHub's secondary rate limit stopped %s (%s) for %s, longer than the %s this run waits",
				op, msg, wait.Round(time.Second), t.maxWait),
			err: sync.ErrRateLimited,
		}
	}
	return rateLimit, wait, fmt.Sprintf("GitHub's secondary rate limit stopped %s (%s; %s)", op, msg, why), nil
}

// isRateLimited tells a rate-limited answer, which GitHub did not act on.
func isRateLimited(status int, h http.Header, out gqlResponse) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status != http.StatusOK && status != http.StatusForbidden {
		return false
	}
	for _, e := range out.Errors {
		if e.Type == "RATE_LIMITED" || mentionsRateLimit(e.Message) {
			return true
		}
	}
	if mentionsRateLimit(out.Message) {
		return true
	}
	return status == http.StatusForbidden && (h.Get("Retry-After") != "" || h.Get("X-Ratelimit-Remaining") == "0")
}

func mentionsRateLimit(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "rate limit") || strings.Contains(m, "submitted too quickly") || strings.Contains(m, "abuse detection")
}

func mentionsSecondary(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "secondary rate limit") || strings.Contains(m, "submitted too quickly") || strings.Contains(m, "abuse detection")
}

// serverTrouble tells GitHub's "Something went wrong while executing your
// query" answer, given without data.
func serverTrouble(out gqlResponse) bool {
	if len(out.Data) > 0 && string(out.Data) != "null" {
		return false
	}
	for _, e := range out.Errors {
		if strings.HasPrefix(e.Message, "Something went wrong while executing your query") {
			return true
		}
	}
	return false
}

// responseMessage returns the messages of an error response.
func responseMessage(out gqlResponse) string {
	var msgs []string
	if out.Message != "" {
		msgs = append(msgs, out.Message)
	}
	for _, e := range out.Errors {
		msgs = append(msgs, e.Message)
	}
	if len(msgs) == 0 {
		return "no message"
	}
	return strings.Join(msgs, "; ")
}

// resetTime reads x-ratelimit-reset, in seconds since the Unix epoch.
func resetTime(h http.Header) (time.Time, bool) {
	n, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(s string, now time.Time) (time.Duration, bool) {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(s); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}

// transientNetErr tells a failure worth another attempt: a timeout, a reset
// or refused connection, a connection closed mid-answer.
func transientNetErr(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	return errors.Is(err, errTimeout) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.As(err, &ne)
}

// classifyGraphQLErrors turns the GraphQL errors of a response into an
// error wrapping ErrForbidden or ErrNotFound where their type says so.
func classifyGraphQLErrors(op string, errs []gqlError) error {
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "; ")
	for _, e := range errs {
		switch {
		case e.Type == "INSUFFICIENT_SCOPES" && strings.Contains(strings.ToLower(e.Message), "project"):
			return &apiError{msg: projectScopeMessage + " (GitHub said: " + e.Message + ")", err: sync.ErrForbidden}
		case e.Type == "INSUFFICIENT_SCOPES":
			return &apiError{msg: "the token lacks a scope GitHub requires for " + op + ": " + e.Message, err: sync.ErrForbidden}
		case e.Type == "FORBIDDEN" || strings.Contains(e.Message, "Resource not accessible by"):
			return &apiError{msg: "the token may not " + op + ": " + e.Message, err: sync.ErrForbidden}
		}
	}
	for _, e := range errs {
		if e.Type == "NOT_FOUND" {
			return &apiError{msg: all, err: sync.ErrNotFound}
		}
	}
	return &apiError{msg: all}
}

// projectScopeMessage tells how to give a token access to Projects.
const projectScopeMessage = "the token lacks access to Projects: a classic PAT needs the `project` scope " +
	"(`read:project` for plans); a fine-grained PAT or GitHub App token needs \"Projects: read and write\" on the organization"

// clip shortens a dump for the debug log to debugDumpLimit bytes, cut
// before a rune that would not fit whole.
func clip(b []byte) string {
	if len(b) <= debugDumpLimit {
		return string(b)
	}
	n := debugDumpLimit
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + fmt.Sprintf("… (%d bytes)", len(b))
}

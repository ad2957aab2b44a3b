package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
)

// What GitHub's answers mean for the request that got them: classify, a
// pure function of one attempt, and its helpers. retryPolicy acts on its
// decisions.

// Rate-limit waits.
const (
	// defaultRateLimitWait is the wait GitHub recommends for a secondary
	// rate limit that names no time.
	defaultRateLimitWait = time.Minute
	// resetMargin is added to waits until x-ratelimit-reset, which has a
	// resolution of one second, so the retry lands after the reset.
	resetMargin = time.Second
)

// attempt is what one sending of a request came to: a response read in
// full, or an error.
type attempt struct {
	status int         // of the response; 0 with err
	header http.Header // of the response
	body   []byte      // of the response, read in full
	err    error       // no response, or one that could not be read
	// wrote tells that the request's headers were written: a mutation may
	// have reached GitHub and been applied.
	wrote bool
	// cancelled is the caller's context's error, when it ended the attempt.
	cancelled error
}

// verdict is what to do after an attempt.
type verdict int

const (
	deliver       verdict = iota // hand the response to the GraphQL client
	retry                        // transient failure, nothing applied: back off and send again
	waitRateLimit                // rate limited, nothing applied: wait until decision.until and send again
	fail                         // give up with decision.err
)

// decision is classify's answer.
type decision struct {
	verdict verdict
	until   time.Time // waitRateLimit: when to send again
	reason  string    // retry, waitRateLimit: what happened, for the log
	wait    string    // waitRateLimit: why it waits, in a few words, for progress lines
	// err is, for fail, the error to return, wrapping one of the sentinel
	// errors of package sync where a caller may branch on it; for retry,
	// the failure to wrap when the retries run out.
	err error
}

// failWith is the decision to give up with an error saying msg and
// wrapping sentinel (nil for none).
func failWith(sentinel error, format string, args ...any) decision {
	return decision{verdict: fail, err: &apiError{msg: fmt.Sprintf(format, args...), err: sentinel}}
}

// classify decides what to do after an attempt of op, at now: deliver the
// response, retry a transient failure of a request GitHub did not apply,
// wait out a rate limit (never longer than maxWait), or fail. It never
// sends a mutation again once its headers may have been written. It is
// pure: no I/O, no clock.
func classify(a attempt, op operation, now time.Time, maxWait time.Duration) decision {
	if a.err != nil {
		return classifyFailure(a, op)
	}
	return classifyResponse(a, op, now, maxWait)
}

// classifyFailure decides after an attempt that got no response, or one
// that could not be read.
func classifyFailure(a attempt, op operation) decision {
	mayBeApplied := op.kind == kindMutation && a.wrote
	switch {
	case a.cancelled != nil && mayBeApplied:
		return decision{verdict: fail, err: &apiError{
			msg: fmt.Sprintf("GitHub %s may or may not have been applied: it was cancelled after it was sent (%v)", op, a.cancelled),
			err: errors.Join(sync.ErrUnknownOutcome, a.cancelled),
		}}
	case a.cancelled != nil:
		return decision{verdict: fail, err: a.cancelled}
	case mayBeApplied:
		return failWith(sync.ErrUnknownOutcome,
			"GitHub %s may or may not have been applied: the connection failed after it was sent (%v)", op, a.err)
	case !transientNetErr(a.err):
		return decision{verdict: fail, err: a.err}
	}
	return decision{verdict: retry, reason: a.err.Error(), err: a.err}
}

// classifyResponse decides after an attempt that got a response.
func classifyResponse(a attempt, op operation, now time.Time, maxWait time.Duration) decision {
	var out gqlResponse
	_ = json.Unmarshal(a.body, &out)
	msg := responseMessage(out)
	status := statusLine(a.status)
	switch {
	case a.status == http.StatusUnauthorized:
		return failWith(sync.ErrBadCredentials,
			"GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired")
	case isRateLimited(a.status, a.header, out):
		return rateLimitDecision(op, a.header, msg, now, maxWait)
	case a.status >= 500 && op.kind == kindMutation:
		return failWith(sync.ErrUnknownOutcome, "GitHub answered %s to %s, which may or may not have been applied", status, op)
	case a.status >= 500:
		return decision{verdict: retry, reason: "GitHub answered " + status}
	case a.status == http.StatusForbidden:
		return failWith(sync.ErrForbidden, "GitHub refused %s (%s): %s", op, status, msg)
	case a.status != http.StatusOK:
		return failWith(nil, "GitHub answered %s to %s: %s", status, op, msg)
	case serverTrouble(out) && op.kind == kindMutation:
		// GitHub reports a request that timed out inside it as 200 with
		// this error and no data.
		return failWith(sync.ErrUnknownOutcome, "GitHub failed %s, which may or may not have been applied: %s", op, msg)
	case serverTrouble(out):
		return decision{verdict: retry, reason: msg}
	}
	return decision{verdict: deliver}
}

// statusLine is the status line of a response: "502 Bad Gateway".
func statusLine(code int) string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))
}

// rateLimitDecision decides how long to wait for a rate limit: the primary
// limit (no points left, and no mention of a secondary limit) until
// x-ratelimit-reset, a secondary one as secondaryLimitWait says. A wait
// longer than maxWait fails with ErrRateLimited.
func rateLimitDecision(op operation, h http.Header, msg string, now time.Time, maxWait time.Duration) decision {
	if h.Get("X-Ratelimit-Remaining") == "0" && !mentionsSecondary(msg) {
		return primaryLimitDecision(h, msg, now, maxWait)
	}
	wait, why := secondaryLimitWait(h, now)
	if wait > maxWait {
		return failWith(sync.ErrRateLimited,
			"GitHub's secondary rate limit stopped %s (%s) for %s, longer than the %s this run waits",
			op, msg, wait.Round(time.Second), maxWait)
	}
	return decision{
		verdict: waitRateLimit,
		until:   now.Add(wait),
		reason:  fmt.Sprintf("GitHub's secondary rate limit stopped %s (%s; %s)", op, msg, why),
		wait:    "secondary rate limit, " + why,
	}
}

// primaryLimitDecision waits for the token's points to come back, at
// x-ratelimit-reset, or defaultRateLimitWait when GitHub does not say.
func primaryLimitDecision(h http.Header, msg string, now time.Time, maxWait time.Duration) decision {
	reset, hasReset := resetTime(h)
	wait := defaultRateLimitWait
	if hasReset {
		wait = reset.Sub(now) + resetMargin
	}
	if wait > maxWait {
		when := "GitHub did not say when it resets"
		if hasReset {
			when = fmt.Sprintf("it resets at %s, in %s", reset.UTC().Format("15:04:05 UTC"), reset.Sub(now).Round(time.Second))
		}
		return failWith(sync.ErrRateLimited,
			"GitHub's API rate limit for the token is used up (%s); %s, longer than the %s this run waits", msg, when, maxWait)
	}
	d := decision{
		verdict: waitRateLimit,
		until:   now.Add(max(wait, 0)),
		reason:  fmt.Sprintf("GitHub's API rate limit for the token is used up (%s)", msg),
		wait:    "rate limit used up, GitHub names no reset time",
	}
	if hasReset {
		d.wait = "rate limit used up, resets at " + reset.UTC().Format("15:04:05 UTC")
	}
	return d
}

// secondaryLimitWait says how long to wait for a secondary rate limit, and
// why: for Retry-After seconds, else until x-ratelimit-reset when no points
// are left or it comes sooner, else defaultRateLimitWait. With points left,
// x-ratelimit-reset is the end of the primary limit's hour and says nothing
// of the secondary limit.
func secondaryLimitWait(h http.Header, now time.Time) (time.Duration, string) {
	wait, why := defaultRateLimitWait, "GitHub names no time"
	reset, hasReset := resetTime(h)
	if s := h.Get("Retry-After"); s != "" {
		if d, ok := retryAfter(s, now); ok {
			wait, why = d, "as Retry-After says"
		}
	} else if d := reset.Sub(now) + resetMargin; hasReset && (h.Get("X-Ratelimit-Remaining") == "0" || d < defaultRateLimitWait) {
		wait, why = d, "until x-ratelimit-reset"
	}
	return max(wait, 0), why
}

// gqlError is one entry of a response's "errors"; GitHub adds a type such
// as NOT_FOUND, FORBIDDEN, INSUFFICIENT_SCOPES or RATE_LIMITED.
// https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
type gqlError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// gqlResponse is the part of a response body that is read here: GraphQL
// errors, or the message of a REST-style error body (401, 403).
type gqlResponse struct {
	Data    json.RawMessage `json:"data"`
	Errors  []gqlError      `json:"errors"`
	Message string          `json:"message"`
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

// mentionsRateLimit tells GitHub's words for any rate limit.
func mentionsRateLimit(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "rate limit") || strings.Contains(m, "submitted too quickly") || strings.Contains(m, "abuse detection")
}

// mentionsSecondary tells GitHub's words for a secondary rate limit.
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

// errTimeout is the failure of an attempt that got no answer in time.
var errTimeout = errors.New("timeout")

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

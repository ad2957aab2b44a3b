package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/minutes-sync/minutes-sync/sync"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	query := operation{kind: kindQuery, name: "viewer"}
	mutation := operation{kind: kindMutation, name: "addComment"}
	reset := func(after time.Duration) string { return strconv.FormatInt(t0.Add(after).Unix(), 10) }
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	answer := func(status int, h http.Header, body string) attempt {
		return attempt{status: status, header: h, body: []byte(body), wrote: true}
	}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset1 := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	timeout := fmt.Errorf("no answer within 1m0s: %w", errTimeout)
	cutShort := fmt.Errorf("read response: %w", io.ErrUnexpectedEOF)
	badCert := errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")
	const (
		secondaryMsg = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`
		tooQuickly   = `{"data":null,"errors":[{"type":"RATE_LIMITED","message":"was submitted too quickly"}]}`
		primaryMsg   = `{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}`
		trouble      = `{"data":null,"errors":[{"message":"Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug."}]}`
	)
	type want struct {
		verdict verdict
		until   time.Duration // after t0, for waitRateLimit
		reason  string
		err     string // the error's message; "" for none
	}
	tests := []struct {
		name    string
		op      operation
		a       attempt
		maxWait time.Duration // 15 minutes when zero
		want    want
		wantIs  []error // what the error wraps
	}{
		// No response.
		{
			name:   "mutation cancelled after it was sent is an unknown outcome",
			op:     mutation,
			a:      attempt{err: context.Canceled, wrote: true, cancelled: context.Canceled},
			want:   want{verdict: fail, err: "GitHub mutation addComment may or may not have been applied: it was cancelled after it was sent (context canceled)"},
			wantIs: []error{sync.ErrUnknownOutcome, context.Canceled},
		},
		{
			name:   "mutation cancelled before it was sent is the cancellation",
			op:     mutation,
			a:      attempt{err: context.Canceled, cancelled: context.Canceled},
			want:   want{verdict: fail, err: "context canceled"},
			wantIs: []error{context.Canceled},
		},
		{
			name:   "query cancelled after it was sent is the cancellation",
			op:     query,
			a:      attempt{err: context.DeadlineExceeded, wrote: true, cancelled: context.DeadlineExceeded},
			want:   want{verdict: fail, err: "context deadline exceeded"},
			wantIs: []error{context.DeadlineExceeded},
		},
		{
			name:   "mutation whose connection failed after it was sent is an unknown outcome",
			op:     mutation,
			a:      attempt{err: reset1, wrote: true},
			want:   want{verdict: fail, err: "GitHub mutation addComment may or may not have been applied: the connection failed after it was sent (read tcp: connection reset by peer)"},
			wantIs: []error{sync.ErrUnknownOutcome},
		},
		{
			name:   "mutation without an answer in time is an unknown outcome",
			op:     mutation,
			a:      attempt{err: timeout, wrote: true},
			want:   want{verdict: fail, err: "GitHub mutation addComment may or may not have been applied: the connection failed after it was sent (no answer within 1m0s: timeout)"},
			wantIs: []error{sync.ErrUnknownOutcome},
		},
		{
			name: "mutation refused before it was sent is sent again",
			op:   mutation,
			a:    attempt{err: refused},
			want: want{verdict: retry, reason: "dial tcp: connection refused", err: "dial tcp: connection refused"},
		},
		{
			name: "query whose connection was reset is sent again",
			op:   query,
			a:    attempt{err: reset1, wrote: true},
			want: want{verdict: retry, reason: "read tcp: connection reset by peer", err: "read tcp: connection reset by peer"},
		},
		{
			name: "query without an answer in time is sent again",
			op:   query,
			a:    attempt{err: timeout, wrote: true},
			want: want{verdict: retry, reason: "no answer within 1m0s: timeout", err: "no answer within 1m0s: timeout"},
		},
		{
			name: "query whose answer was cut short is sent again",
			op:   query,
			a:    attempt{err: cutShort, wrote: true},
			want: want{verdict: retry, reason: "read response: unexpected EOF", err: "read response: unexpected EOF"},
		},
		{
			name: "a cancelled attempt is not sent again",
			op:   query,
			a:    attempt{err: fmt.Errorf("read response: %w", context.Canceled), wrote: true},
			want: want{verdict: fail, err: "read response: context canceled"},
		},
		{
			name: "a failure that another attempt will not mend is reported as it is",
			op:   query,
			a:    attempt{err: badCert},
			want: want{verdict: fail, err: badCert.Error()},
		},

		// Responses.
		{
			name:   "401 is bad credentials",
			op:     query,
			a:      answer(401, nil, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"}`),
			want:   want{verdict: fail, err: "GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired"},
			wantIs: []error{sync.ErrBadCredentials},
		},
		{
			name: "429 waits as Retry-After says, and a mutation is sent again",
			op:   mutation,
			a:    answer(429, hdr("Retry-After", "3"), `{"message":"You have exceeded a secondary rate limit."}`),
			want: want{verdict: waitRateLimit, until: 3 * time.Second,
				reason: "GitHub's secondary rate limit stopped mutation addComment (You have exceeded a secondary rate limit.; as Retry-After says)"},
		},
		{
			name: "403 secondary rate limit waits until the HTTP date of Retry-After",
			op:   query,
			a:    answer(403, hdr("Retry-After", t0.Add(90*time.Second).Format(http.TimeFormat)), secondaryMsg),
			want: want{verdict: waitRateLimit, until: 90 * time.Second,
				reason: "GitHub's secondary rate limit stopped query viewer (You have exceeded a secondary rate limit. Please wait a few minutes before you try again.; as Retry-After says)"},
		},
		{
			name: "Retry-After in the past sends again at once",
			op:   query,
			a:    answer(429, hdr("Retry-After", t0.Add(-time.Minute).Format(http.TimeFormat)), ""),
			want: want{verdict: waitRateLimit, until: 0,
				reason: "GitHub's secondary rate limit stopped query viewer (no message; as Retry-After says)"},
		},
		{
			name: "unreadable Retry-After waits a minute",
			op:   query,
			a:    answer(429, hdr("Retry-After", "soon", "X-Ratelimit-Reset", reset(30*time.Second)), ""),
			want: want{verdict: waitRateLimit, until: time.Minute,
				reason: "GitHub's secondary rate limit stopped query viewer (no message; GitHub names no time)"},
		},
		{
			name: "secondary rate limit naming no time waits a minute",
			op:   query,
			a:    answer(403, nil, secondaryMsg),
			want: want{verdict: waitRateLimit, until: time.Minute,
				reason: "GitHub's secondary rate limit stopped query viewer (You have exceeded a secondary rate limit. Please wait a few minutes before you try again.; GitHub names no time)"},
		},
		{
			name: "secondary rate limit in a 200 answer waits until a near x-ratelimit-reset",
			op:   mutation,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "4000", "X-Ratelimit-Reset", reset(30*time.Second)), tooQuickly),
			want: want{verdict: waitRateLimit, until: 31 * time.Second,
				reason: "GitHub's secondary rate limit stopped mutation addComment (was submitted too quickly; until x-ratelimit-reset)"},
		},
		{
			name: "secondary rate limit with points left waits a minute, not until a far x-ratelimit-reset",
			op:   mutation,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "4000", "X-Ratelimit-Reset", reset(40*time.Minute)), tooQuickly),
			want: want{verdict: waitRateLimit, until: time.Minute,
				reason: "GitHub's secondary rate limit stopped mutation addComment (was submitted too quickly; GitHub names no time)"},
		},
		{
			name: "secondary rate limit without points left waits until x-ratelimit-reset",
			op:   query,
			a:    answer(403, hdr("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", reset(2*time.Minute)), secondaryMsg),
			want: want{verdict: waitRateLimit, until: 2*time.Minute + time.Second,
				reason: "GitHub's secondary rate limit stopped query viewer (You have exceeded a secondary rate limit. Please wait a few minutes before you try again.; until x-ratelimit-reset)"},
		},
		{
			name:   "secondary rate limit longer than the run waits gives up",
			op:     query,
			a:      answer(429, hdr("Retry-After", "3600"), secondaryMsg),
			want:   want{verdict: fail, err: "GitHub's secondary rate limit stopped query viewer (You have exceeded a secondary rate limit. Please wait a few minutes before you try again.) for 1h0m0s, longer than the 15m0s this run waits"},
			wantIs: []error{sync.ErrRateLimited},
		},
		{
			name: "abuse detection is a secondary rate limit",
			op:   query,
			a:    answer(403, hdr("Retry-After", "5"), `{"message":"You have triggered an abuse detection mechanism."}`),
			want: want{verdict: waitRateLimit, until: 5 * time.Second,
				reason: "GitHub's secondary rate limit stopped query viewer (You have triggered an abuse detection mechanism.; as Retry-After says)"},
		},
		{
			name: "403 with Retry-After and no message is a rate limit",
			op:   query,
			a:    answer(403, hdr("Retry-After", "2"), ""),
			want: want{verdict: waitRateLimit, until: 2 * time.Second,
				reason: "GitHub's secondary rate limit stopped query viewer (no message; as Retry-After says)"},
		},
		{
			name: "primary rate limit in a 200 answer waits until x-ratelimit-reset",
			op:   query,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", reset(2*time.Minute)), primaryMsg),
			want: want{verdict: waitRateLimit, until: 2*time.Minute + time.Second,
				reason: "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.)"},
		},
		{
			name: "primary rate limit on a 403 without a message",
			op:   mutation,
			a:    answer(403, hdr("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", reset(10*time.Second)), ""),
			want: want{verdict: waitRateLimit, until: 11 * time.Second,
				reason: "GitHub's API rate limit for the token is used up (no message)"},
		},
		{
			name: "primary rate limit naming no reset waits a minute",
			op:   query,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "0"), primaryMsg),
			want: want{verdict: waitRateLimit, until: time.Minute,
				reason: "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.)"},
		},
		{
			name: "primary rate limit that has already reset sends again at once",
			op:   query,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", reset(-time.Minute)), primaryMsg),
			want: want{verdict: waitRateLimit, until: 0,
				reason: "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.)"},
		},
		{
			name:   "primary rate limit resetting too late gives up",
			op:     query,
			a:      answer(403, hdr("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", reset(40*time.Minute)), `{"message":"API rate limit exceeded for user ID 1."}`),
			want:   want{verdict: fail, err: "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.); it resets at 17:40:00 UTC, in 40m0s, longer than the 15m0s this run waits"},
			wantIs: []error{sync.ErrRateLimited},
		},
		{
			name:    "primary rate limit naming no reset, with a run that waits less than a minute, gives up",
			op:      query,
			a:       answer(200, hdr("X-Ratelimit-Remaining", "0"), primaryMsg),
			maxWait: 30 * time.Second,
			want:    want{verdict: fail, err: "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.); GitHub did not say when it resets, longer than the 30s this run waits"},
			wantIs:  []error{sync.ErrRateLimited},
		},
		{
			name: "502 on a query is sent again",
			op:   query,
			a:    answer(502, nil, ""),
			want: want{verdict: retry, reason: "GitHub answered 502 Bad Gateway"},
		},
		{
			name: "500 mentioning a rate limit is a server error",
			op:   query,
			a:    answer(500, nil, `{"message":"rate limit service unavailable"}`),
			want: want{verdict: retry, reason: "GitHub answered 500 Internal Server Error"},
		},
		{
			name:   "502 on a mutation is an unknown outcome",
			op:     mutation,
			a:      answer(502, nil, ""),
			want:   want{verdict: fail, err: "GitHub answered 502 Bad Gateway to mutation addComment, which may or may not have been applied"},
			wantIs: []error{sync.ErrUnknownOutcome},
		},
		{
			name:   "403 without a rate limit is forbidden",
			op:     query,
			a:      answer(403, nil, `{"message":"Resource protected by organization SAML enforcement."}`),
			want:   want{verdict: fail, err: "GitHub refused query viewer (403 Forbidden): Resource protected by organization SAML enforcement."},
			wantIs: []error{sync.ErrForbidden},
		},
		{
			name: "404 is reported, not taken for a missing board",
			op:   query,
			a:    answer(404, nil, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`),
			want: want{verdict: fail, err: "GitHub answered 404 Not Found to query viewer: Not Found"},
		},
		{
			name: "400 is reported",
			op:   mutation,
			a:    answer(400, nil, `{"message":"Problems parsing JSON"}`),
			want: want{verdict: fail, err: "GitHub answered 400 Bad Request to mutation addComment: Problems parsing JSON"},
		},
		{
			name: "a status without a text is reported by number",
			op:   query,
			a:    answer(599, nil, "<html>"),
			want: want{verdict: retry, reason: "GitHub answered 599"},
		},
		{
			name: "something went wrong on a query is sent again",
			op:   query,
			a:    answer(200, nil, trouble),
			want: want{verdict: retry, reason: "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug."},
		},
		{
			name:   "something went wrong on a mutation is an unknown outcome",
			op:     mutation,
			a:      answer(200, nil, trouble),
			want:   want{verdict: fail, err: "GitHub failed mutation addComment, which may or may not have been applied: Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug."},
			wantIs: []error{sync.ErrUnknownOutcome},
		},
		{
			name: "something went wrong beside data is delivered",
			op:   query,
			a:    answer(200, nil, `{"data":{"viewer":{"login":"octocat"}},"errors":[{"message":"Something went wrong while executing your query."}]}`),
			want: want{verdict: deliver},
		},
		{
			name: "data is delivered",
			op:   mutation,
			a:    answer(200, hdr("X-Ratelimit-Remaining", "0"), `{"data":{"addComment":{"clientMutationId":null}}}`),
			want: want{verdict: deliver},
		},
		{
			name: "GraphQL errors are delivered to the client",
			op:   query,
			a:    answer(200, nil, `{"data":{"viewer":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve"}]}`),
			want: want{verdict: deliver},
		},
		{
			name: "a 200 that is not JSON is delivered, for githubv4 to report",
			op:   query,
			a:    answer(200, nil, "<html>proxy</html>"),
			want: want{verdict: deliver},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			maxWait := tt.maxWait
			if maxWait == 0 {
				maxWait = 15 * time.Minute
			}
			d := classify(tt.a, tt.op, t0, maxWait)
			got := want{verdict: d.verdict, reason: d.reason}
			if d.verdict == waitRateLimit {
				got.until = d.until.Sub(t0)
			}
			if d.err != nil {
				got.err = d.err.Error()
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("classify (-want +got):\n%s", diff)
			}
			for _, target := range tt.wantIs {
				if !errors.Is(d.err, target) {
					t.Errorf("error %v does not wrap %v", d.err, target)
				}
			}
			for _, sentinel := range []error{sync.ErrBadCredentials, sync.ErrForbidden, sync.ErrRateLimited, sync.ErrUnknownOutcome, sync.ErrNotFound} {
				if errors.Is(d.err, sentinel) && !slices.Contains(tt.wantIs, sentinel) {
					t.Errorf("error %v wraps %v", d.err, sentinel)
				}
			}
		})
	}
}

package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/minutes-sync/minutes-sync/sync"
)

// t0 is the fake clock's start; whole seconds, as x-ratelimit-reset is.
var t0 = time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)

// fakeClock is a clock that only Sleep moves; it records every sleep.
type fakeClock struct {
	mu     stdsync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// recordingLogger keeps what is logged.
type recordingLogger struct {
	mu    stdsync.Mutex
	lines []string
}

func (l *recordingLogger) add(level, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, level+": "+fmt.Sprintf(format, args...))
}

func (l *recordingLogger) Infof(format string, args ...any)    { l.add("info", format, args...) }
func (l *recordingLogger) Warningf(format string, args ...any) { l.add("warning", format, args...) }
func (l *recordingLogger) Debugf(format string, args ...any)   { l.add("debug", format, args...) }

// Wait records a call of ClientOptions.OnWait as "wait: 1s pace: ...".
func (l *recordingLogger) Wait(d time.Duration, reason string) { l.add("wait", "%s %s", d, reason) }

func (l *recordingLogger) Lines(level string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lines {
		if strings.HasPrefix(s, level+": ") {
			out = append(out, strings.TrimPrefix(s, level+": "))
		}
	}
	return out
}

// step is one scripted answer.
type step struct {
	status int
	header map[string]string
	body   string
	hangup bool // close the connection without answering
}

// script serves steps in order and records the request bodies.
type script struct {
	t      *testing.T
	mu     stdsync.Mutex
	steps  []step
	bodies []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.bodies)
	s.bodies = append(s.bodies, string(b))
	s.mu.Unlock()
	if n >= len(s.steps) {
		s.t.Errorf("unexpected request %d: %s", n+1, b)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	st := s.steps[n]
	if st.hangup {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			s.t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
		return
	}
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(st.status)
	io.WriteString(w, st.body)
}

func (s *script) Bodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

// testRequest is a GraphQL request as Client.query or Client.mutate marks
// and sends it.
type testRequest struct {
	op   operation
	body string
}

var (
	queryRequest = testRequest{
		op:   operation{kind: kindQuery, name: "viewer"},
		body: `{"query":"query{viewer{login}}"}`,
	}
	mutationRequest = testRequest{
		op:   operation{kind: kindMutation, name: "addComment"},
		body: `{"query":"mutation($input:AddCommentInput!){addComment(input:$input){clientMutationId}}","variables":{"input":{"subjectId":"I_1","body":"hi"}}}`,
	}
)

const okBody = `{"data":{"viewer":{"login":"octocat"}}}`

// newTestTransport returns a retry policy on base with a fake clock and no
// jitter (every backoff is its maximum).
func newTestTransport(base http.RoundTripper, clock *fakeClock, log sync.Logger) (*retryPolicy, *ClientStats) {
	stats := new(ClientStats)
	var mu stdsync.Mutex
	onWait := func(time.Duration, string) {}
	if l, ok := log.(*recordingLogger); ok {
		onWait = l.Wait
	}
	return &retryPolicy{
		next:    base,
		log:     log,
		onWait:  onWait,
		now:     clock.Now,
		sleep:   clock.Sleep,
		maxWait: 15 * time.Minute,
		jitter:  func(d time.Duration) time.Duration { return d },
		timeout: time.Minute,
		count: func(f func(*ClientStats)) {
			mu.Lock()
			f(stats)
			mu.Unlock()
		},
	}, stats
}

// post sends r through rt, marked as its operation, and returns the body of
// the answer.
func post(ctx context.Context, rt http.RoundTripper, url string, r testRequest) (string, error) {
	req, err := http.NewRequestWithContext(withOperation(ctx, r.op), http.MethodPost, url, strings.NewReader(r.body))
	if err != nil {
		return "", err
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func reset(after time.Duration) string { return strconv.FormatInt(t0.Add(after).Unix(), 10) }

func TestTransport(t *testing.T) {
	t.Parallel()
	ok := step{status: 200, body: okBody}
	tests := []struct {
		name      string
		request   testRequest
		steps     []step
		wantErr   error // nil: the last step's body is delivered
		wantInErr string
		wantSleep []time.Duration
		wantLog   string   // in the log at info level, when set
		wantWaits []string // told to OnWait, when set
	}{
		{
			name:      "query retried after 502 with exponential backoff",
			request:   queryRequest,
			steps:     []step{{status: 502}, {status: 503}, ok},
			wantSleep: []time.Duration{time.Second, 2 * time.Second},
			wantLog:   "GitHub query viewer failed (GitHub answered 503 Service Unavailable); retrying in 2s (attempt 3 of 4)",
			wantWaits: []string{"1s attempt 2 of 4 after GitHub answered 502 Bad Gateway", "2s attempt 3 of 4 after GitHub answered 503 Service Unavailable"},
		},
		{
			name:      "query gives up after four attempts",
			request:   queryRequest,
			steps:     []step{{status: 502}, {status: 502}, {status: 502}, {status: 502}},
			wantErr:   errAny,
			wantInErr: "failed 4 times",
			wantSleep: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:      "query retried after a connection reset",
			request:   queryRequest,
			steps:     []step{{hangup: true}, ok},
			wantSleep: []time.Duration{time.Second},
		},
		{
			name:      "query retried after something went wrong",
			request:   queryRequest,
			steps:     []step{{status: 200, body: `{"data":null,"errors":[{"message":"Something went wrong while executing your query. This may be the result of a timeout."}]}`}, ok},
			wantSleep: []time.Duration{time.Second},
		},
		{
			name:      "mutation not retried after 502",
			request:   mutationRequest,
			steps:     []step{{status: 502}},
			wantErr:   sync.ErrUnknownOutcome,
			wantInErr: "may or may not have been applied",
		},
		{
			name:      "mutation not retried after the connection dropped",
			request:   mutationRequest,
			steps:     []step{{hangup: true}},
			wantErr:   sync.ErrUnknownOutcome,
			wantInErr: "mutation addComment may or may not have been applied",
		},
		{
			name:    "secondary rate limit: Retry-After honoured, query",
			request: queryRequest,
			steps: []step{
				{status: 403, header: map[string]string{"Retry-After": "7"}, body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`},
				ok,
			},
			wantSleep: []time.Duration{7 * time.Second},
			wantLog:   "GitHub's secondary rate limit stopped query viewer (You have exceeded a secondary rate limit. Please wait a few minutes before you try again.; as Retry-After says); waiting 7s before sending it again",
			wantWaits: []string{"7s secondary rate limit, as Retry-After says"},
		},
		{
			name:    "secondary rate limit: Retry-After honoured, mutation sent again",
			request: mutationRequest,
			steps: []step{
				{status: 429, header: map[string]string{"Retry-After": "3"}, body: `{"message":"You have exceeded a secondary rate limit."}`},
				ok,
			},
			wantSleep: []time.Duration{3 * time.Second},
		},
		{
			name:    "secondary rate limit in a 200 answer waits until x-ratelimit-reset",
			request: mutationRequest,
			steps: []step{
				{status: 200, header: map[string]string{"X-Ratelimit-Remaining": "4000", "X-Ratelimit-Reset": reset(30 * time.Second)},
					body: `{"data":null,"errors":[{"type":"RATE_LIMITED","message":"was submitted too quickly"}]}`},
				ok,
			},
			wantSleep: []time.Duration{31 * time.Second},
			wantWaits: []string{"31s secondary rate limit, until x-ratelimit-reset"},
		},
		{
			name:    "secondary rate limit naming no time waits a minute",
			request: queryRequest,
			steps: []step{
				{status: 403, body: `{"message":"You have exceeded a secondary rate limit."}`},
				ok,
			},
			wantSleep: []time.Duration{time.Minute},
		},
		{
			name:    "secondary rate limit with points left waits a minute, not until a far x-ratelimit-reset",
			request: mutationRequest,
			steps: []step{
				{status: 403, header: map[string]string{"X-Ratelimit-Remaining": "4000", "X-Ratelimit-Reset": reset(40 * time.Minute)},
					body: `{"message":"You have exceeded a secondary rate limit."}`},
				ok,
			},
			wantSleep: []time.Duration{time.Minute},
			wantLog:   "GitHub's secondary rate limit stopped mutation addComment (You have exceeded a secondary rate limit.; GitHub names no time); waiting 1m0s before sending it again",
			wantWaits: []string{"1m0s secondary rate limit, GitHub names no time"},
		},
		{
			name:    "secondary rate limit with points left waits at most a minute",
			request: queryRequest,
			steps: []step{
				{status: 200, header: map[string]string{"X-Ratelimit-Remaining": "4000", "X-Ratelimit-Reset": reset(5 * time.Minute)},
					body: `{"data":null,"errors":[{"type":"RATE_LIMITED","message":"was submitted too quickly"}]}`},
				ok,
			},
			wantSleep: []time.Duration{time.Minute},
		},
		{
			name:    "primary rate limit waited until x-ratelimit-reset",
			request: queryRequest,
			steps: []step{
				{status: 200, header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": reset(2 * time.Minute)},
					body: `{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}`},
				ok,
			},
			wantSleep: []time.Duration{2*time.Minute + time.Second},
			wantLog:   "GitHub's API rate limit for the token is used up (API rate limit exceeded for user ID 1.); waiting 2m1s before sending it again",
			wantWaits: []string{"2m1s rate limit used up, resets at 17:02:00 UTC"},
		},
		{
			name:    "primary rate limit resetting too late gives up",
			request: queryRequest,
			steps: []step{
				{status: 403, header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": reset(40 * time.Minute)},
					body: `{"message":"API rate limit exceeded for user ID 1."}`},
			},
			wantErr:   sync.ErrRateLimited,
			wantInErr: "it resets at 17:40:00 UTC, in 40m0s",
		},
		{
			name:    "rate limited again and again gives up",
			request: queryRequest,
			steps: []step{
				{status: 429, header: map[string]string{"Retry-After": "1"}},
				{status: 429, header: map[string]string{"Retry-After": "1"}},
				{status: 429, header: map[string]string{"Retry-After": "1"}},
				{status: 429, header: map[string]string{"Retry-After": "1"}},
				{status: 429, header: map[string]string{"Retry-After": "1"}},
				{status: 429, header: map[string]string{"Retry-After": "1"}},
			},
			wantErr:   sync.ErrRateLimited,
			wantInErr: "still rate limited",
			wantSleep: []time.Duration{time.Second, time.Second, time.Second, time.Second, time.Second},
		},
		{
			name:      "401 is bad credentials",
			request:   queryRequest,
			steps:     []step{{status: 401, body: `{"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"}`}},
			wantErr:   sync.ErrBadCredentials,
			wantInErr: "GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired",
		},
		{
			name:      "403 without a rate limit is forbidden",
			request:   queryRequest,
			steps:     []step{{status: 403, body: `{"message":"Resource protected by organization SAML enforcement."}`}},
			wantErr:   sync.ErrForbidden,
			wantInErr: "SAML enforcement",
		},
		{
			name:    "GraphQL errors are delivered to the client",
			request: queryRequest,
			steps:   []step{{status: 200, body: `{"data":{"viewer":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve"}]}`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{t: t, steps: tt.steps}
			srv := httptest.NewServer(s)
			defer srv.Close()
			clock := newFakeClock()
			log := new(recordingLogger)
			tr, stats := newTestTransport(srv.Client().Transport, clock, log)
			got, err := post(context.Background(), tr, srv.URL, tt.request)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tt.wantErr == nil:
				if want := tt.steps[len(tt.steps)-1].body; got != want {
					t.Errorf("delivered %q, want %q", got, want)
				}
			case err == nil:
				t.Fatalf("got no error, want %v", tt.wantErr)
			case tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Errorf("got error %v, want one wrapping %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not say %q", err, tt.wantInErr)
			}
			if diff := cmp.Diff(tt.wantSleep, clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			bodies := s.Bodies()
			if len(bodies) != len(tt.steps) {
				t.Errorf("sent %d requests, want %d", len(bodies), len(tt.steps))
			}
			for i, b := range bodies {
				if b != tt.request.body {
					t.Errorf("request %d body %q, want %q", i+1, b, tt.request.body)
				}
			}
			if stats.Requests != len(bodies) || stats.Retries != len(bodies)-1 {
				t.Errorf("stats %+v after %d requests", *stats, len(bodies))
			}
			// Waits and retries are not problems: logged, never warned of.
			if w := log.Lines("warning"); len(w) > 0 {
				t.Errorf("warned of %q", w)
			}
			infos, waits := log.Lines("info"), log.Lines("wait")
			if len(infos) != len(tt.wantSleep) || len(waits) != len(tt.wantSleep) {
				t.Errorf("logged %q and told OnWait %q for %d waits", infos, waits, len(tt.wantSleep))
			}
			if tt.wantLog != "" && !slices.Contains(infos, tt.wantLog) {
				t.Errorf("log %q lacks %q", infos, tt.wantLog)
			}
			if tt.wantWaits != nil {
				if diff := cmp.Diff(tt.wantWaits, waits); diff != "" {
					t.Errorf("OnWait heard (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// errAny stands for an error that wraps no sentinel.
var errAny = errors.New("any error")

// refusingOnce fails its first request as a refused connection would,
// before anything is sent.
type refusingOnce struct {
	mu      stdsync.Mutex
	refused bool
	base    http.RoundTripper
}

func (r *refusingOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	first := !r.refused
	r.refused = true
	r.mu.Unlock()
	if first {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return r.base.RoundTrip(req)
}

func TestTransportRetriesMutationRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	s := &script{t: t, steps: []step{{status: 200, body: okBody}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clock := newFakeClock()
	tr, _ := newTestTransport(&refusingOnce{base: srv.Client().Transport}, clock, sync.Discard)
	got, err := post(context.Background(), tr, srv.URL, mutationRequest)
	if err != nil {
		t.Fatal(err)
	}
	if got != okBody {
		t.Errorf("delivered %q, want %q", got, okBody)
	}
	if diff := cmp.Diff([]time.Duration{time.Second}, clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestTransportTimeouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		request testRequest
		wantErr error
	}{
		{name: "query sent again after no answer", request: queryRequest},
		{name: "mutation without an answer is an unknown outcome", request: mutationRequest, wantErr: sync.ErrUnknownOutcome},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu stdsync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.ReadAll(r.Body)
				mu.Lock()
				n++
				first := n == 1
				mu.Unlock()
				if first {
					select { // longer than the attempt may take
					case <-r.Context().Done():
					case <-time.After(5 * time.Second):
					}
					return
				}
				io.WriteString(w, okBody)
			}))
			defer srv.Close()
			clock := newFakeClock()
			tr, _ := newTestTransport(srv.Client().Transport, clock, sync.Discard)
			tr.timeout = 50 * time.Millisecond
			got, err := post(context.Background(), tr, srv.URL, tt.request)
			if tt.wantErr == nil {
				if err != nil || got != okBody {
					t.Errorf("got %q, %v; want %q", got, err, okBody)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			mu.Lock()
			defer mu.Unlock()
			if n != 1 {
				t.Errorf("sent %d times, want once", n)
			}
		})
	}
}

func TestTransportMutationCancelledAfterSending(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		close(arrived)
		<-release
	}))
	defer srv.Close()
	defer close(release)
	tr, _ := newTestTransport(srv.Client().Transport, newFakeClock(), sync.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := post(ctx, tr, srv.URL, mutationRequest)
	if !errors.Is(err, sync.ErrUnknownOutcome) || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want an error wrapping ErrUnknownOutcome and context.Canceled", err)
	}
}

func TestBodyKeeperKeepsGraphQLErrors(t *testing.T) {
	t.Parallel()
	body := `{"data":{"node":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve to a node"}]}`
	srv := httptest.NewServer(&script{t: t, steps: []step{{status: 200, body: body}}})
	defer srv.Close()
	tr, _ := newTestTransport(srv.Client().Transport, newFakeClock(), sync.Discard)
	keep := &bodyKeeper{next: tr}
	req := testRequest{op: operation{kind: kindQuery, name: "node"}, body: `{"query":"query($id:ID!){node(id:$id){id}}"}`}
	got, err := post(context.Background(), keep, srv.URL, req)
	if err != nil {
		t.Fatal(err)
	}
	if got != body {
		t.Errorf("delivered %q, want %q", got, body)
	}
	want := []gqlError{{Type: "NOT_FOUND", Message: "Could not resolve to a node"}}
	if diff := cmp.Diff(want, responseErrors(keep.body)); diff != "" {
		t.Errorf("errors kept (-want +got):\n%s", diff)
	}
}

func TestOperationOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ctx  context.Context
		want operation
	}{
		{"query marked by Client.query", withOperation(context.Background(), operation{kind: kindQuery, name: "repositoryOwner"}), operation{kind: kindQuery, name: "repositoryOwner"}},
		{"mutation marked by Client.mutate", withOperation(context.Background(), operation{kind: kindMutation, name: "addComment"}), operation{kind: kindMutation, name: "addComment"}},
		{"marked without a name", withOperation(context.Background(), operation{kind: kindQuery}), operation{kind: kindQuery, name: "request"}},
		{"unmarked is never repeated", context.Background(), operation{kind: kindMutation, name: "request"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequestWithContext(tt.ctx, http.MethodPost, "https://api.github.com/graphql", nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, operationOf(req), cmp.AllowUnexported(operation{})); diff != "" {
				t.Errorf("operationOf (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTransportNeverResendsAnUnmarkedRequest(t *testing.T) {
	t.Parallel()
	s := &script{t: t, steps: []step{{status: 502}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	tr, _ := newTestTransport(srv.Client().Transport, newFakeClock(), sync.Discard)
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(queryRequest.body))
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&http.Client{Transport: tr}).Do(req)
	if !errors.Is(err, sync.ErrUnknownOutcome) || !strings.Contains(err.Error(), "mutation request") {
		t.Errorf("got %v, want an error about mutation request wrapping ErrUnknownOutcome", err)
	}
	if n := len(s.Bodies()); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	short := `{"query":"query{viewer{login}}"}`
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "short dump kept whole", in: short, want: short},
		{name: "exactly the limit kept whole", in: strings.Repeat("a", debugDumpLimit), want: strings.Repeat("a", debugDumpLimit)},
		{
			name: "long dump cut at the limit",
			in:   strings.Repeat("a", debugDumpLimit+10),
			want: strings.Repeat("a", debugDumpLimit) + fmt.Sprintf("… (%d bytes)", debugDumpLimit+10),
		},
		{
			name: "a rune across the limit is left out whole",
			in:   strings.Repeat("a", debugDumpLimit-1) + "é" + "bc",
			want: strings.Repeat("a", debugDumpLimit-1) + fmt.Sprintf("… (%d bytes)", debugDumpLimit+3),
		},
		{
			name: "a four-byte rune across the limit is left out whole",
			in:   strings.Repeat("a", debugDumpLimit-2) + "😀",
			want: strings.Repeat("a", debugDumpLimit-2) + fmt.Sprintf("… (%d bytes)", debugDumpLimit+2),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := clip([]byte(tt.in))
			if got != tt.want {
				t.Errorf("clip cut %d bytes to %q…, want %q…", len(tt.in), got[max(0, len(got)-30):], tt.want[max(0, len(tt.want)-30):])
			}
			if !utf8.ValidString(got) {
				t.Errorf("clip returned invalid UTF-8: %q", got[max(0, len(got)-30):])
			}
		})
	}
}

func TestDebugDump(t *testing.T) {
	t.Parallel()
	const token = "ghp_s3cret"
	login := strings.Repeat("é", debugDumpLimit) // a long answer, cut on a rune
	answer := `{"data":{"viewer":{"login":"` + login + `"}}}`
	var mu stdsync.Mutex
	var auth []string
	var received string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		received = string(b)
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"message":"Bad credentials"}`)
			return
		}
		io.WriteString(w, answer)
	}))
	defer srv.Close()
	ctx := context.Background()

	log := new(recordingLogger)
	c := NewClient(token, srv.URL, ClientOptions{Logger: log, HTTPClient: srv.Client()})
	var q viewerQuery
	if err := c.query(ctx, "viewer", &q, nil); err != nil {
		t.Fatal(err)
	}
	if q.Viewer.Login != login {
		t.Errorf("read a login of %d bytes, want %d: the dump took the answer", len(q.Viewer.Login), len(login))
	}
	want := []string{
		"GitHub GraphQL query viewer: " + received,
		"GitHub answered query viewer with 200 OK: " + clip([]byte(answer)),
	}
	if diff := cmp.Diff(want, log.Lines("debug")); diff != "" {
		t.Errorf("debug log (-want +got):\n%s", diff)
	}

	const oldToken = "ghp_0ld"
	other := NewClient(oldToken, srv.URL, ClientOptions{Logger: log, HTTPClient: srv.Client()})
	if err := other.UpdateComment(ctx, "IC_1", "hi"); !errors.Is(err, sync.ErrBadCredentials) {
		t.Fatalf("got %v, want ErrBadCredentials", err)
	}
	want = append(want,
		"GitHub GraphQL mutation updateIssueComment: "+received,
		"GitHub GraphQL mutation updateIssueComment failed: GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired",
	)
	if diff := cmp.Diff(want, log.Lines("debug")); diff != "" {
		t.Errorf("debug log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Bearer " + token, "Bearer " + oldToken}, auth); diff != "" {
		t.Errorf("Authorization headers sent (-want +got):\n%s", diff)
	}
	for _, l := range log.Lines("debug") {
		if strings.Contains(l, token) || strings.Contains(l, oldToken) || strings.Contains(l, "Bearer") {
			t.Errorf("debug log shows a token: %q", l)
		}
	}
}

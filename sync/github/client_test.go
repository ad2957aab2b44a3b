package github

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// mutationServer answers addComment and updateIssueComment and records, on
// the fake clock, when each mutation arrived.
type mutationServer struct {
	clock *fakeClock
	mu    stdsync.Mutex
	at    []time.Duration // since t0
}

func (s *mutationServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var req struct{ Query string }
	_ = json.Unmarshal(b, &req)
	s.mu.Lock()
	s.at = append(s.at, s.clock.Now().Sub(t0))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.Contains(req.Query, "addComment"):
		io.WriteString(w, `{"data":{"addComment":{"commentEdge":{"node":{"id":"IC_1"}}}}}`)
	default:
		io.WriteString(w, `{"data":{"updateIssueComment":{"issueComment":{"id":"IC_1"}}}}`)
	}
}

func (s *mutationServer) At() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.at...)
}

func newPacedClient(t *testing.T, opts ClientOptions) (*Client, *mutationServer, *fakeClock, *recordingLogger) {
	t.Helper()
	clock := newFakeClock()
	srv := &mutationServer{clock: clock}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	log := new(recordingLogger)
	opts.Logger, opts.Now, opts.Sleep, opts.HTTPClient, opts.OnWait = log, clock.Now, clock.Sleep, hs.Client(), log.Wait
	return NewClient("token", hs.URL, opts), srv, clock, log
}

func TestClientMutationPacing(t *testing.T) {
	t.Parallel()
	type call struct {
		create bool // AddComment, else UpdateComment
		then   time.Duration
	}
	tests := []struct {
		name      string
		opts      ClientOptions
		calls     []call
		wantAt    []time.Duration
		wantSleep []time.Duration
		wantInfo  []string
		wantWaits []string // told to OnWait
	}{
		{
			name:      "mutations are spaced by the interval",
			opts:      ClientOptions{MutationInterval: time.Second},
			calls:     []call{{create: true}, {}, {create: true}},
			wantAt:    []time.Duration{0, time.Second, 2 * time.Second},
			wantSleep: []time.Duration{time.Second, time.Second},
			wantWaits: []string{"1s pace: 1s between changes", "1s pace: 1s between changes"},
		},
		{
			name:      "time already passed counts towards the interval",
			opts:      ClientOptions{MutationInterval: time.Second},
			calls:     []call{{create: true, then: 400 * time.Millisecond}, {}},
			wantAt:    []time.Duration{0, time.Second},
			wantSleep: []time.Duration{400 * time.Millisecond, 600 * time.Millisecond},
			wantWaits: []string{"600ms pace: 1s between changes"},
		},
		{
			name:      "the hourly cap waits for the oldest request to leave the window",
			opts:      ClientOptions{HourlyCap: 2},
			calls:     []call{{create: true, then: 10 * time.Minute}, {create: true}, {create: true}},
			wantAt:    []time.Duration{0, 10 * time.Minute, time.Hour},
			wantSleep: []time.Duration{10 * time.Minute, 50 * time.Minute},
			wantInfo:  []string{"made 2 content-creating requests in the last hour; waiting 50m0s until GitHub's limit allows more"},
			wantWaits: []string{"50m0s hourly cap: 2 content-creating requests an hour"},
		},
		{
			name:      "updates do not count against the hourly cap",
			opts:      ClientOptions{HourlyCap: 1},
			calls:     []call{{create: true}, {}, {}},
			wantAt:    []time.Duration{0, 0, 0},
			wantSleep: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, clock, log := newPacedClient(t, tt.opts)
			ctx := context.Background()
			for _, call := range tt.calls {
				var err error
				if call.create {
					_, err = c.AddComment(ctx, "I_1", "hi")
				} else {
					err = c.UpdateComment(ctx, "IC_1", "hi")
				}
				if err != nil {
					t.Fatal(err)
				}
				if call.then > 0 {
					clock.Sleep(ctx, call.then)
				}
			}
			if diff := cmp.Diff(tt.wantAt, srv.At()); diff != "" {
				t.Errorf("mutations arrived at (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSleep, clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantInfo, log.Lines("info")); diff != "" {
				t.Errorf("logged (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWaits, log.Lines("wait")); diff != "" {
				t.Errorf("OnWait heard (-want +got):\n%s", diff)
			}
			st := c.Stats()
			if st.Mutations != len(tt.calls) || st.Requests != len(tt.calls) {
				t.Errorf("stats %+v after %d mutations", st, len(tt.calls))
			}
		})
	}
}

func TestClientMutationsOneAtATime(t *testing.T) {
	t.Parallel()
	var mu stdsync.Mutex
	inFlight, most := 0, 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		io.WriteString(w, `{"data":{"updateIssueComment":{"issueComment":{"id":"IC_1"}}}}`)
	}))
	defer hs.Close()
	c := NewClient("token", hs.URL, ClientOptions{HTTPClient: hs.Client()})
	var wg stdsync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := c.UpdateComment(context.Background(), "IC_1", "hi"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d mutations were in flight at once, want 1", most)
	}
}

func TestClientMutationWaitHonoursContext(t *testing.T) {
	t.Parallel()
	c, srv, _, _ := newPacedClient(t, ClientOptions{HourlyCap: 1})
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := c.AddComment(ctx, "I_1", "hi"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := c.AddComment(ctx, "I_1", "hi"); err == nil {
		t.Error("second comment made after the context was cancelled")
	}
	if n := len(srv.At()); n != 1 {
		t.Errorf("%d mutations reached GitHub, want 1", n)
	}
}

func TestGraphQLURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"github.com by default", nil, "https://api.github.com/graphql"},
		{"the runner's endpoint on GHES", map[string]string{"GITHUB_GRAPHQL_URL": "https://ghe.example.com/api/graphql"}, "https://ghe.example.com/api/graphql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := GraphQLURL(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("GraphQLURL = %q, want %q", got, tt.want)
			}
		})
	}
}

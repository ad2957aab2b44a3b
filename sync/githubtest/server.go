package githubtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

// DefaultLogin is the login of the user behind Server.Token and of tokens
// added without a Login.
const DefaultLogin = "minutes-bot"

// Primary rate limit of the fake, as on github.com for a user token.
const rateLimitPoints = 5000

// Server is a fake GitHub GraphQL API. Create it with NewServer; it is
// closed when the test ends. All its methods are safe for concurrent use.
type Server struct {
	// URL is the GraphQL endpoint, as GITHUB_GRAPHQL_URL gives it:
	// http://127.0.0.1:port/graphql.
	URL string
	// Token is a token with every permission, for DefaultLogin.
	Token string

	tb     testing.TB
	ts     *httptest.Server
	schema *ast.Schema

	mu     sync.Mutex
	tokens map[string]Permissions
	seq    int
	owners map[string]*owner // by lower-case login
	repos  map[string]*repo  // by lower-case owner/name
	nodes  map[string]any    // by node ID

	stats Stats
	log   []string

	latency       time.Duration
	failRequests  int
	failStatus    int
	mutationCount int               // mutations received so far
	failMutations map[int]FaultMode // by mutation ordinal
	secondary     int               // requests left to refuse
	secondaryWait time.Duration
	secondaryCode int
	remaining     int
	used          int
	reset         time.Time
}

// Permissions says what a token may do.
type Permissions struct {
	// Projects is the project scope: read and write Projects (v2).
	Projects bool
	// Write allows creating and updating issues and comments. A fork pull
	// request's GITHUB_TOKEN lacks it.
	Write bool
	// Login is the user the token authenticates; "" means DefaultLogin. The
	// user is created if it does not exist.
	Login string
}

// NewServer starts a fake GitHub GraphQL API that is closed through
// tb.Cleanup. The store starts empty but for DefaultLogin's user.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	schema, err := loadSchema()
	if err != nil {
		tb.Fatalf("githubtest: %v", err)
	}
	s := &Server{
		Token:         "ghp_githubtestDefaultToken0000000000000",
		tb:            tb,
		schema:        schema,
		tokens:        map[string]Permissions{},
		owners:        map[string]*owner{},
		repos:         map[string]*repo{},
		nodes:         map[string]any{},
		failMutations: map[int]FaultMode{},
		remaining:     rateLimitPoints,
		reset:         time.Now().Add(time.Hour).Truncate(time.Second),
	}
	s.AddToken(s.Token, Permissions{Projects: true, Write: true})
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", s.serveGraphQL)
	mux.HandleFunc("/api/graphql", s.serveGraphQL)
	s.ts = httptest.NewServer(mux)
	tb.Cleanup(s.ts.Close)
	s.URL = s.ts.URL + "/graphql"
	return s
}

// AddToken makes token valid with the given permissions.
func (s *Server) AddToken(token string, p Permissions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Login == "" {
		p.Login = DefaultLogin
	}
	s.addOwnerLocked(p.Login, false)
	s.tokens[token] = p
}

// Stats counts what the server was asked since it started or since
// ResetStats.
type Stats struct {
	// Requests counts every HTTP request, faulted ones included.
	Requests int
	// Queries and Mutations count operations that passed validation,
	// GitHub's limits and the rate limit, faulted mutations included.
	Queries   int
	Mutations int
	// Points is the primary rate limit spent, as GitHub computes it.
	Points int
	// MutationsByName counts top-level mutation fields by name.
	MutationsByName map[string]int
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.MutationsByName = make(map[string]int, len(s.stats.MutationsByName))
	for k, v := range s.stats.MutationsByName {
		st.MutationsByName[k] = v
	}
	return st
}

// ResetStats sets the counters to zero and empties the log.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{}
	s.log = nil
}

// Log returns one line per request: the operation kind and its top-level
// fields ("query organization rateLimit", "mutation addComment"), or what
// happened to it ("401 bad credentials", "502 FailMutation before").
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// FaultMode says when an injected mutation failure happens.
type FaultMode int

const (
	// FailBefore answers 502 Bad Gateway without applying the mutation.
	FailBefore FaultMode = iota + 1
	// FailAfter applies the mutation, then answers 502 Bad Gateway: the
	// client cannot know that it was applied.
	FailAfter
)

// String returns the mode's name.
func (m FaultMode) String() string {
	switch m {
	case FailBefore:
		return "FailBefore"
	case FailAfter:
		return "FailAfter"
	}
	return "FaultMode(" + strconv.Itoa(int(m)) + ")"
}

// FailMutation makes the k-th mutation request from now (1 is the next
// one) fail as mode says.
func (s *Server) FailMutation(k int, mode FaultMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failMutations[s.mutationCount+k] = mode
}

// FailRequests answers the next n requests with the HTTP status code and
// an empty body, without looking at them.
func (s *Server) FailRequests(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRequests, s.failStatus = n, status
}

// SecondaryRateLimit answers the next n authenticated requests as GitHub
// does when a secondary rate limit is hit: with status 403 (or 429) and
// GitHub's message, or with status 200 and a RATE_LIMITED GraphQL error.
// A non-zero retryAfter is sent as a Retry-After header in whole seconds;
// with zero, x-ratelimit-remaining: 0 and x-ratelimit-reset (now + 60s) are
// sent instead.
func (s *Server) SecondaryRateLimit(n int, retryAfter time.Duration, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secondary, s.secondaryWait, s.secondaryCode = n, retryAfter, status
}

// PrimaryRateLimit sets the points left until reset. A request that costs
// more than what is left gets a RATE_LIMITED error; at reset the limit goes
// back to 5,000.
func (s *Server) PrimaryRateLimit(remaining int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining, s.used, s.reset = remaining, rateLimitPoints-remaining, reset.Truncate(time.Second)
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

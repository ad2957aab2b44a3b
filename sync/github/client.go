package github

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	stdsync "sync"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/shurcooL/githubv4"
	"golang.org/x/oauth2"
)

// DefaultGraphQLURL is GitHub.com's GraphQL endpoint.
const DefaultGraphQLURL = "https://api.github.com/graphql"

// GraphQLURL returns the GraphQL endpoint the runner names in
// GITHUB_GRAPHQL_URL (set on GitHub Enterprise Server too), else
// DefaultGraphQLURL.
func GraphQLURL(getenv func(string) string) string {
	if u := strings.TrimSpace(getenv("GITHUB_GRAPHQL_URL")); u != "" {
		return u
	}
	return DefaultGraphQLURL
}

// The defaults of ClientOptions.
const (
	// DefaultMutationInterval follows GitHub's advice to wait at least a
	// second between mutations so as not to trip its secondary rate limits.
	DefaultMutationInterval = time.Second
	// DefaultHourlyCap stays at GitHub's secondary limit on content-creating
	// requests, 500 an hour.
	DefaultHourlyCap = 500
	// DefaultMaxWait is the longest rate-limit wait before giving up: a
	// scheduled workflow can afford a quarter of an hour, not the full hour
	// a primary limit may need.
	DefaultMaxWait = 15 * time.Minute
)

// ClientOptions tune a Client. The zero value gives the defaults, except that
// a zero MutationInterval means no pause (use DefaultMutationInterval for
// GitHub).
type ClientOptions struct {
	// MutationInterval is the least pause between the end of one mutation
	// and the start of the next.
	MutationInterval time.Duration
	// HourlyCap is how many content-creating requests (new items, issues,
	// comments and status updates) may be made in any hour; default
	// DefaultHourlyCap.
	HourlyCap int
	// MaxWait is the longest rate-limit wait before a request gives up with
	// an error wrapping ErrRateLimited; default DefaultMaxWait.
	MaxWait time.Duration
	// Logger receives the waits and, at debug level, the requests.
	Logger sync.Logger
	// HTTPClient supplies the base transport (its Transport only); default
	// http.DefaultTransport.
	HTTPClient *http.Client
	// Sleep waits for d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now tells the time; tests replace it.
	Now func() time.Time
}

// ClientStats counts what a Client did.
type ClientStats struct {
	Requests  int           // HTTP requests sent, retries included
	Mutations int           // mutations attempted
	Retries   int           // requests sent again after a failure or a rate limit
	Waited    time.Duration // time spent pausing: pacing, backoff and rate limits
}

// Client reads and changes Projects (v2) boards through GitHub's GraphQL
// API. It implements GitHub. Its methods are safe for concurrent use;
// mutations are made one at a time, paced and capped per hour, and
// transient failures and rate limits are handled inside it.
type Client struct {
	gql  *githubv4.Client
	log  sync.Logger
	now  func() time.Time
	wait func(ctx context.Context, d time.Duration) error // Sleep, counted in stats

	interval  time.Duration
	hourlyCap int

	statsMu stdsync.Mutex
	stats   ClientStats

	// mutating holds a token while a mutation is paced and made.
	mutating     chan struct{}
	lastMutation time.Time   // end of the previous mutation; guarded by mutating
	created      []time.Time // starts of content-creating mutations within the hour; guarded by mutating

	// What the client looks up once: the token's login and repository IDs.
	cacheMu stdsync.Mutex
	viewer  string
	repoIDs map[string]string // owner/name -> node ID
}

var _ sync.GitHub = (*Client)(nil)

// NewClient returns a Client that authenticates with token and talks to the
// GraphQL endpoint (see GraphQLURL).
func NewClient(token, endpoint string, opts ClientOptions) *Client {
	if opts.HourlyCap <= 0 {
		opts.HourlyCap = DefaultHourlyCap
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.Logger == nil {
		opts.Logger = sync.Discard
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	base := http.DefaultTransport
	if opts.HTTPClient != nil && opts.HTTPClient.Transport != nil {
		base = opts.HTTPClient.Transport
	}
	c := &Client{
		log:       opts.Logger,
		now:       opts.Now,
		interval:  opts.MutationInterval,
		hourlyCap: opts.HourlyCap,
		mutating:  make(chan struct{}, 1),
	}
	c.wait = func(ctx context.Context, d time.Duration) error {
		if d <= 0 {
			return nil
		}
		c.count(func(s *ClientStats) { s.Waited += d })
		return opts.Sleep(ctx, d)
	}
	rt := &transport{
		base:    base,
		log:     opts.Logger,
		now:     opts.Now,
		sleep:   c.wait,
		maxWait: opts.MaxWait,
		jitter:  fullJitter,
		count:   c.count,
		timeout: attemptTimeout,
	}
	httpClient := &http.Client{Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}),
		Base:   rt,
	}}
	c.gql = githubv4.NewEnterpriseClient(endpoint, httpClient)
	return c
}

// Stats returns what the client did so far.
func (c *Client) Stats() ClientStats {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return c.stats
}

func (c *Client) count(f func(*ClientStats)) {
	c.statsMu.Lock()
	f(&c.stats)
	c.statsMu.Unlock()
}

// sleepCtx waits for d on a timer, or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fullJitter returns a random duration in [0, d]: exponential backoff with
// "full jitter" spreads clients that failed together.
func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// query runs one GraphQL query: one request, retried by the transport.
func (c *Client) query(ctx context.Context, q any, vars map[string]any) error {
	x := new(exchange)
	err := c.gql.Query(withExchange(ctx, x), q, vars)
	return explain(ctx, err, x)
}

// creates tells whether a mutation counts against the hourly cap.
type creates bool

const (
	createsContent creates = true
	changesContent creates = false
)

// mutate runs one GraphQL mutation, after the previous one has ended, at
// least the mutation interval later, and within the hourly cap.
func (c *Client) mutate(ctx context.Context, kind creates, m any, input githubv4.Input) error {
	select {
	case c.mutating <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.mutating }()
	if err := c.pace(ctx, kind); err != nil {
		return err
	}
	c.count(func(s *ClientStats) { s.Mutations++ })
	x := new(exchange)
	err := c.gql.Mutate(withExchange(ctx, x), m, input, nil)
	c.lastMutation = c.now()
	return explain(ctx, err, x)
}

// pace waits out the mutation interval and, for a content-creating
// mutation, the hourly cap, then records the mutation's start. The caller
// holds the mutating token.
func (c *Client) pace(ctx context.Context, kind creates) error {
	if !c.lastMutation.IsZero() {
		if d := c.lastMutation.Add(c.interval).Sub(c.now()); d > 0 {
			c.log.Debugf("pausing %s between mutations", d)
			if err := c.wait(ctx, d); err != nil {
				return err
			}
		}
	}
	if kind != createsContent {
		return nil
	}
	for {
		now := c.now()
		kept := c.created[:0]
		for _, t := range c.created {
			if now.Sub(t) < time.Hour {
				kept = append(kept, t)
			}
		}
		c.created = kept
		if len(c.created) < c.hourlyCap {
			c.created = append(c.created, now)
			return nil
		}
		d := c.created[0].Add(time.Hour).Sub(now)
		c.log.Infof("made %d content-creating requests in the last hour; waiting %s until GitHub's limit allows more",
			len(c.created), d.Round(time.Second))
		if err := c.wait(ctx, d); err != nil {
			return err
		}
	}
}

// explain turns what githubv4 returned into an error callers can branch on:
// the transport's own error when it gave up, else the GraphQL errors of the
// response classified by type, else the error as it came.
func explain(ctx context.Context, err error, x *exchange) error {
	if err == nil {
		return nil
	}
	var te *apiError
	if errors.As(err, &te) {
		return te
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if len(x.errors) > 0 {
		return classifyGraphQLErrors(x.operation, x.errors)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// splitRepo splits "owner/name".
func splitRepo(repo string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("repository %q is not owner/name", repo)
	}
	return owner, name, nil
}

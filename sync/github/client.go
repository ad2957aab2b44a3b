package github

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	stdsync "sync"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/shurcooL/githubv4"
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
	// Logger receives the rate-limit waits and the retries at info level
	// (never as warnings: they are not problems in the minutes) and, at
	// debug level, the pacing and the requests.
	Logger sync.Logger
	// OnWait, when set, hears of every wait before it starts: how long, and
	// why in a few words, for a progress line. The reasons:
	//
	//	pace: 1s between changes
	//	hourly cap: 500 content-creating requests an hour
	//	secondary rate limit, as Retry-After says
	//	secondary rate limit, until x-ratelimit-reset
	//	secondary rate limit, GitHub names no time
	//	rate limit used up, resets at 15:04:05 UTC
	//	attempt 2 of 4 after GitHub answered 502 Bad Gateway
	//
	// It is called on the goroutine that waits; reads may wait at the same
	// time on several.
	OnWait func(d time.Duration, reason string)
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
// API. It implements sync.GitHub, sync.Commenter and their extensions
// (sync.BoardLister, sync.LinkReader, sync.CreatedIssueLister,
// sync.Remover). Its methods are safe for concurrent use;
// mutations are made one at a time, paced and capped per hour, and
// transient failures and rate limits are handled inside it.
type Client struct {
	endpoint  string
	transport http.RoundTripper // debugDump down to the base transport; see transport.go
	log       sync.Logger
	wait      func(ctx context.Context, d time.Duration) error // Sleep, counted in stats
	pacer     *pacer

	statsMu stdsync.Mutex
	stats   ClientStats

	// What the client looks up once: the token's login and repository IDs.
	cacheMu stdsync.Mutex
	viewer  string
	repoIDs map[string]string // owner/name -> node ID
}

var (
	_ sync.GitHub             = (*Client)(nil)
	_ sync.Commenter          = (*Client)(nil)
	_ sync.BoardLister        = (*Client)(nil)
	_ sync.LinkReader         = (*Client)(nil)
	_ sync.CreatedIssueLister = (*Client)(nil)
	_ sync.Remover            = (*Client)(nil)
)

// NewClient returns a Client that authenticates with token and talks to the
// GraphQL endpoint (see GraphQLURL).
func NewClient(token, endpoint string, opts ClientOptions) *Client {
	opts = opts.withDefaults()
	c := &Client{endpoint: endpoint, log: opts.Logger}
	c.wait = func(ctx context.Context, d time.Duration) error {
		if d <= 0 {
			return nil
		}
		c.count(func(s *ClientStats) { s.Waited += d })
		return opts.Sleep(ctx, d)
	}
	c.pacer = newPacer(opts, c.wait)
	c.transport = &debugDump{log: opts.Logger, next: authenticate(token, &retryPolicy{
		next:    opts.baseTransport(),
		log:     opts.Logger,
		onWait:  opts.OnWait,
		now:     opts.Now,
		sleep:   c.wait,
		jitter:  fullJitter,
		count:   c.count,
		maxWait: opts.MaxWait,
		timeout: attemptTimeout,
	})}
	return c
}

// withDefaults fills in the options left zero.
func (o ClientOptions) withDefaults() ClientOptions {
	if o.HourlyCap <= 0 {
		o.HourlyCap = DefaultHourlyCap
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.Logger == nil {
		o.Logger = sync.Discard
	}
	if o.OnWait == nil {
		o.OnWait = func(time.Duration, string) {}
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// baseTransport is the RoundTripper at the bottom of the chain.
func (o ClientOptions) baseTransport() http.RoundTripper {
	if o.HTTPClient != nil && o.HTTPClient.Transport != nil {
		return o.HTTPClient.Transport
	}
	return http.DefaultTransport
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

// query runs one GraphQL query; name is its top-level field, for messages.
// The transport may send it again after a transient failure.
func (c *Client) query(ctx context.Context, name string, q any, vars map[string]any) error {
	return c.do(ctx, operation{kind: kindQuery, name: name}, func(ctx context.Context, gql *githubv4.Client) error {
		return gql.Query(ctx, q, vars)
	})
}

// mutate runs one GraphQL mutation, in its turn (see pacer); name is its
// top-level field, for messages. The transport never sends it again once it
// may have reached GitHub.
func (c *Client) mutate(ctx context.Context, name string, effect creates, m any, input githubv4.Input) error {
	done, err := c.pacer.start(ctx, effect)
	if err != nil {
		return err
	}
	defer done()
	c.count(func(s *ClientStats) { s.Mutations++ })
	return c.do(ctx, operation{kind: kindMutation, name: name}, func(ctx context.Context, gql *githubv4.Client) error {
		return gql.Mutate(ctx, m, input, nil)
	})
}

// do makes the request of one call, marked as op, through a githubv4 client
// of its own whose bodyKeeper keeps the response, and explains its failure.
func (c *Client) do(ctx context.Context, op operation, call func(context.Context, *githubv4.Client) error) error {
	keep := &bodyKeeper{next: c.transport}
	gql := githubv4.NewEnterpriseClient(c.endpoint, &http.Client{Transport: keep})
	err := call(withOperation(ctx, op), gql)
	return explain(ctx, op, err, keep.body)
}

// splitRepo splits "owner/name".
func splitRepo(repo string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("repository %q is not owner/name", repo)
	}
	return owner, name, nil
}

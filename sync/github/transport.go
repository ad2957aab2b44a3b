package github

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/minutes-sync/minutes-sync/sync"
)

// The transport under the GraphQL client: small RoundTrippers, each with
// one job. A request goes through, outermost first:
//
//   - bodyKeeper, one per call (Client.do): keeps the response's body so
//     that the client reads the GraphQL errors githubv4 reduces to a message;
//   - debugDump: the request and the answer at debug level;
//   - oauth2.Transport: the Authorization header;
//   - retryPolicy: retries, rate-limit waits, never a mutation twice, as
//     the pure function classify decides;
//   - the base transport (ClientOptions.HTTPClient's, else
//     http.DefaultTransport).
//
// What a request does (query or mutation, and its name) is marked by the
// call that makes it, with withOperation; nothing reads it back from the
// GraphQL document.

// debugDumpLimit bounds a request or response dumped at debug level.
const debugDumpLimit = 4 << 10

// kind tells a query, which may be sent again, from a mutation, which is
// not sent again once it may have reached GitHub.
type kind int

const (
	kindMutation kind = iota // the zero value is the safe one
	kindQuery
)

// operation is what one GraphQL request does.
type operation struct {
	kind kind
	name string // the top-level field, for messages: "repositoryOwner", "addComment"
}

func (o operation) String() string {
	if o.kind == kindQuery {
		return "query " + o.name
	}
	return "mutation " + o.name
}

// operationKey is the context key of a request's operation.
type operationKey struct{}

// withOperation returns a copy of ctx that marks the requests made with it
// as op. Client.query and Client.mutate mark every request they make.
func withOperation(ctx context.Context, op operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// operationOf returns the operation req is marked with. A request nobody
// marked is taken for a mutation named "request": it is never sent twice.
func operationOf(req *http.Request) operation {
	op, ok := req.Context().Value(operationKey{}).(operation)
	if !ok {
		return operation{kind: kindMutation, name: "request"}
	}
	if op.name == "" {
		op.name = "request"
	}
	return op
}

// authenticate returns oauth2's RoundTripper, which sets each request's
// Authorization header to the bearer token, on next.
func authenticate(token string, next http.RoundTripper) http.RoundTripper {
	return &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}),
		Base:   next,
	}
}

// bodyKeeper keeps the body of the response it delivers. One serves one
// call (see Client.do): githubv4 reduces the GraphQL errors of a response
// to the first message, and the client needs their types (NOT_FOUND,
// FORBIDDEN, INSUFFICIENT_SCOPES) to explain them.
type bodyKeeper struct {
	next http.RoundTripper
	body []byte // of the last response delivered
}

// RoundTrip sends req on and keeps the body of the response.
func (k *bodyKeeper) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := k.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := readResponseBody(resp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", operationOf(req), err)
	}
	k.body = b
	return resp, nil
}

// debugDump logs each request and the answer it got at debug level,
// clipped (see clip). It sits above oauth2.Transport, so the requests it
// sees carry no Authorization header; it dumps bodies and status lines
// only.
type debugDump struct {
	next http.RoundTripper
	log  sync.Logger
}

// RoundTrip dumps req, sends it on and dumps the answer.
func (d *debugDump) RoundTrip(req *http.Request) (*http.Response, error) {
	op := operationOf(req)
	body, err := readRequestBody(req)
	if err != nil {
		return nil, fmt.Errorf("%s: read request body: %w", op, err)
	}
	d.log.Debugf("GitHub GraphQL %s: %s", op, clip(body))
	resp, err := d.next.RoundTrip(withBody(req.Clone(req.Context()), body))
	if err != nil {
		d.log.Debugf("GitHub GraphQL %s failed: %v", op, err)
		return nil, err
	}
	b, err := readResponseBody(resp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	d.log.Debugf("GitHub answered %s with %s: %s", op, resp.Status, clip(b))
	return resp, nil
}

// readResponseBody reads the body of resp and puts it back, to be read
// again.
func readResponseBody(resp *http.Response) ([]byte, error) {
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	return b, nil
}

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

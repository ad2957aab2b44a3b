// Package github is the adapter between package sync and GitHub's GraphQL
// API. Client reads Projects (v2) boards, the boards of an owner, issues,
// pull requests, the boards they are on and their comments (read.go) and
// changes them, one mutation per change (write.go), through
// github.com/shurcooL/githubv4. Wire structs sit next to their queries and
// link the schema pages they follow; the shared ones and the conversions to
// the types of package sync are in wire.go.
//
// What it reads tells who made it, so that markers are trusted only where
// the token's user wrote them: viewerDidAuthor for issues, pull requests
// and comments, and the creator of drafts, items and status updates
// compared with the token's login, which a board's first request reads
// along (viewer), so that it costs no request of its own.
//
// Every request goes through a chain of small RoundTrippers (transport.go):
// a bodyKeeper per call, a debug dump, oauth2's Authorization header, and
// retryPolicy (retry.go), which acts on classify (classify.go), a pure
// function from one attempt to a decision: deliver the response, retry a
// transient failure, wait out a rate limit, or fail with an error wrapping
// one of package sync's sentinel errors. Client.query and Client.mutate
// mark each request as a query or a mutation where it is made; a mutation
// is never sent again once it may have reached GitHub. The client paces its
// mutations itself (pace.go).
//
// The tests run the real githubv4 client against package githubtest, an
// in-process fake of GitHub that validates every request against GitHub's
// schema.
package github

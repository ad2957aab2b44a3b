// Package githubtest is an in-process fake of GitHub's GraphQL API for
// tests.
//
// NewServer starts an httptest server that answers POST /graphql (and
// /api/graphql, as GitHub Enterprise Server does) the way github.com does:
// it checks the bearer token, parses and validates every operation and its
// variables against GitHub's published schema (testdata/schema.graphql),
// enforces GitHub's pagination, node and rate limits, and executes the
// operation over an in-memory store of organizations, users, repositories,
// issues, pull requests, comments and Projects (v2) boards.
//
// Tests seed the store with AddOrg, AddRepo, AddIssue, AddProject and
// friends, point a real client (github.com/shurcooL/githubv4) at Server.URL
// with Server.Token, and compare Server.State before and after. Faults
// (FailMutation, FailRequests, SecondaryRateLimit, PrimaryRateLimit,
// SetLatency) reproduce what a client meets in production.
//
// A field the fake does not implement is answered with null and an error
// naming it, so a client that starts using a new field fails its tests
// instead of reading silent nulls.
package githubtest

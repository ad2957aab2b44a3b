// Package sync brings GitHub Projects (v2) boards in line with meeting
// minutes.
//
// Plan computes, from parsed meetings and a snapshot of the boards they
// report on, a deterministic list of changes; Apply executes a plan through
// GitHub's GraphQL API; RenderMarkdown shows a plan to people. Running the
// same minutes twice, after a crash, or after the minutes were edited always
// leaves a board in the same state: everything this package writes carries a
// hidden marker that later runs find again.
//
// The GitHub GraphQL adapter (Client) lives in the github*.go files; an
// in-process fake of GitHub for tests lives in package githubtest.
//
// This package shadows the standard library's sync; inside it the standard
// one is imported as stdsync.
package sync

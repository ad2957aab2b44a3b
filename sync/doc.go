// Package sync brings GitHub Projects (v2) boards in line with meeting
// minutes. It is the core: it knows no network, and talks to GitHub through
// the ports in ports.go (Reader, Writer, Commenter), which package
// sync/github implements.
//
// Data flows one way:
//
//   - ReadBoards takes a snapshot (Boards) of every board the meetings report
//     on, through a Reader; through EmptyBoards it plans offline;
//   - NewPlan computes from the meetings and the snapshot a deterministic
//     Plan: a list of changes, each made by one typed Step (CreateDraft,
//     AddComment, SetStatus, ...). Which card a work item lands on is
//     decided in one place, match, whose Match says which card and why;
//   - Apply makes the plan's steps through a Writer, and when the outcome
//     of one is unknown reads the boards again and plans again;
//   - RenderMarkdown shows a plan, or what Apply did, to people, and
//     UpsertSticky keeps it in one pull request comment.
//
// Running the same minutes twice, after a crash, or after the minutes were
// edited always leaves a board in the same state: everything this package
// writes carries a hidden marker (markers.go) that later runs find again.
//
// A plan is a value; as JSON (a plan file) it carries every step, so that it
// can be inspected and applied later.
//
// This package shadows the standard library's sync; inside it the standard
// one is imported as stdsync.
package sync

// Package pipeline is the application layer of minutes-sync: one run reads
// the minutes a Source names, takes a snapshot of the boards they report
// on, plans, and applies the plan when asked, returning an Outcome.
//
// The command line (internal/cli) and the action (internal/action) both
// run it; they differ only in where the minutes come from (a Source), how
// they talk to GitHub (Deps) and how they show what happened (an Observer
// and the Outcome). Data flows one way: main -> action | cli -> pipeline ->
// sync -> sync/github.
package pipeline

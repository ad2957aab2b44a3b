// Package cli is minutes-sync on a laptop: the parse, lint, plan and apply
// commands. Plan and apply run the same pipeline as the action, with the
// minutes files named on the command line.
package cli

package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/spf13/cobra"
)

// Env is what a command may touch of the outside world; tests replace it.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Root returns the command line: parse, lint, plan and apply, shell
// completion and help; main adds the commands that are not the command line's
// (the action's entry point, version). Flags may come before or after the
// files. Errors are returned, not printed: a command that reported its
// problems itself returns pipeline.ErrReported.
func Root(e Env, more ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{
		Use:   "minutes-sync",
		Short: "minutes-sync keeps GitHub Projects boards in line with meeting minutes.",
		Long: `minutes-sync keeps GitHub Projects boards in line with meeting minutes.

Run "minutes-sync COMMAND --help" for a command's flags.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		fmt.Fprintf(e.Stderr, "%s: %v\n", c.CommandPath(), err)
		fmt.Fprint(e.Stderr, c.UsageString())
		return errFailed
	})
	root.AddCommand(newParseCmd(e), newLintCmd(e), newSyncCmd(e, "plan"), newSyncCmd(e, "apply"))
	root.AddCommand(more...)
	return root
}

// needFiles requires at least one minutes file, and says so with the usage
// on standard error.
func needFiles(e Env) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return nil
		}
		fmt.Fprintf(e.Stderr, "%s: no minutes files given\n", c.CommandPath())
		fmt.Fprint(e.Stderr, c.UsageString())
		return errFailed
	}
}

// errFailed says the command already reported what went wrong.
var errFailed = pipeline.ErrReported

// writeJSON prints v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

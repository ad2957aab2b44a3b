// Command minutes-sync keeps GitHub Projects (v2) boards in line with meeting
// minutes written in Markdown.
//
// As a command-line tool it parses, lints, plans and applies minutes files;
// inside a GitHub Actions runner ("minutes-sync action", the container's
// default) it reads the event and does the same for the minutes a push or
// pull request touched.
//
// main only dispatches: the commands live in internal/cli and
// internal/action, which both run internal/pipeline.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/minutes-sync/minutes-sync/internal/action"
	"github.com/minutes-sync/minutes-sync/internal/cli"
	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	e := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	err := run(ctx, e, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, pipeline.ErrReported) {
			fmt.Fprintln(os.Stderr, "minutes-sync:", err)
		}
		os.Exit(1)
	}
}

// run runs the command args name, with the command line's commands and the
// action's entry point.
func run(ctx context.Context, e cli.Env, args []string) error {
	root := cli.Root(e,
		&cobra.Command{
			Use:   "action",
			Short: "run as a GitHub Action (the container's default)",
			Long:  "minutes-sync action runs inside GitHub Actions: it reads INPUT_* and GITHUB_* from the environment (see action.yml and README.md).",
			Args:  cobra.NoArgs,
			RunE: func(c *cobra.Command, args []string) error {
				return action.Run(c.Context(), e.Stdout, e.Getenv, args)
			},
		},
		&cobra.Command{
			Use:   "version",
			Short: "print the version",
			Args:  cobra.NoArgs,
			Run: func(c *cobra.Command, _ []string) {
				fmt.Fprintln(e.Stdout, "minutes-sync", pipeline.Version())
			},
		},
	)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

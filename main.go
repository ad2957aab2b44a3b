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
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/minutes-sync/minutes-sync/internal/action"
	"github.com/minutes-sync/minutes-sync/internal/cli"
	"github.com/minutes-sync/minutes-sync/internal/pipeline"
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

// commands are the command line's commands and the action's entry point.
func commands() []cli.Command {
	return append(cli.Commands(),
		cli.Command{Name: "action", Summary: "run as a GitHub Action (the container's default)", Run: func(ctx context.Context, e cli.Env, args []string) error {
			return action.Run(ctx, e.Stdout, e.Getenv, args)
		}},
		cli.Command{Name: "version", Summary: "print the version", Run: func(_ context.Context, e cli.Env, _ []string) error {
			fmt.Fprintln(e.Stdout, "minutes-sync", pipeline.Version())
			return nil
		}},
	)
}

func run(ctx context.Context, e cli.Env, args []string) error {
	if len(args) == 0 {
		usage(e.Stderr)
		return pipeline.ErrReported
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(e.Stdout)
		return nil
	}
	for _, c := range commands() {
		if c.Name == name {
			return c.Run(ctx, e, args[1:])
		}
	}
	usage(e.Stderr)
	return fmt.Errorf("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `minutes-sync keeps GitHub Projects boards in line with meeting minutes.

Usage:
  minutes-sync COMMAND [flags] FILE...

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.Name, c.Summary)
	}
	fmt.Fprint(w, `
Run "minutes-sync COMMAND --help" for a command's flags.
`)
}

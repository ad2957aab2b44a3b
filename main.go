// Command minutes-sync keeps GitHub Projects (v2) boards in line with meeting
// minutes written in Markdown.
//
// As a command-line tool it parses, lints, plans and applies minutes files;
// inside a GitHub Actions runner ("minutes-sync action", the container's
// default) it reads the event and does the same for the minutes a push or
// pull request touched.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// errFailed says the command already reported what went wrong; main only
// sets the exit code.
var errFailed = errors.New("failed")

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"parse", "show what minutes files say: meetings, boards and work items", runParse},
		{"lint", "report problems in minutes files as file:line: message", runLint},
		{"plan", "show the changes a sync would make to the boards", runPlan},
		{"apply", "make the changes to the boards", runApply},
		{"action", "run as a GitHub Action (the container's default)", runAction},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	err := run(ctx, e, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, errFailed) {
			fmt.Fprintln(os.Stderr, "minutes-sync:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		usage(e.stderr)
		return errFailed
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(e.stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	usage(e.stderr)
	return fmt.Errorf("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `minutes-sync keeps GitHub Projects boards in line with meeting minutes.

Usage:
  minutes-sync COMMAND [flags] FILE...

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "minutes-sync COMMAND --help" for a command's flags.
`)
}

// version is set at build time with -ldflags "-X main.version=..."; a plain
// build reports the module version Go recorded, or "devel".
var version = ""

func runVersion(_ context.Context, e *env, _ []string) error {
	v := version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintln(e.stdout, "minutes-sync", v)
	return nil
}

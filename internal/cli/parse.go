package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/spf13/cobra"
)

// parseFlags are the flags of parse and lint.
type parseFlags struct {
	json   bool   // parse: print JSON
	strict bool   // lint: warnings fail too
	config string // the configuration file
	repo   string // the minutes' repository, owner/name
}

func newParseCmd(e Env) *cobra.Command {
	var f parseFlags
	c := &cobra.Command{
		Use:   "parse [--json] FILE...",
		Short: "show what minutes files say: meetings, boards and work items",
		Long: `Show what minutes files say: the meeting's date, title, attendees and regrets,
the boards it reported on, its work items and warnings.

With --json the output is one JSON array with one meeting object per file
read, in the order given; a file that cannot be read is reported on stderr
and left out of the array.`,
		Args: needFiles(e),
		RunE: func(c *cobra.Command, args []string) error { return runParse(c.Context(), e, f, args) },
	}
	c.Flags().BoolVar(&f.json, "json", false, "print the meetings as a JSON array")
	configFlag(c, &f)
	return c
}

func newLintCmd(e Env) *cobra.Command {
	var f parseFlags
	c := &cobra.Command{
		Use:   "lint [--strict] FILE...",
		Short: "report problems in minutes files as file:line: message",
		Long: `Report problems in minutes files, one line each: FILE:LINE: MESSAGE.

The exit status is 1 when a file cannot be read as minutes at all (missing,
a directory, binary, not UTF-8, over 1 MiB, empty, or without a date); the
other files are still checked. Warnings alone do not fail unless --strict.`,
		Args: needFiles(e),
		RunE: func(c *cobra.Command, args []string) error { return runLint(c.Context(), e, f, args) },
	}
	c.Flags().BoolVar(&f.strict, "strict", false, "exit with status 1 when there are warnings too")
	configFlag(c, &f)
	return c
}

func configFlag(c *cobra.Command, f *parseFlags) {
	c.Flags().StringVar(&f.config, "config", sync.DefaultConfigPath, "the configuration `file` (optional): housekeeping sections and handle overrides")
	c.Flags().StringVar(&f.repo, "repo", "", "the minutes' repository as `OWNER/NAME`, for bare #12 references; default the origin remote of the files' git checkout")
}

func runParse(ctx context.Context, e Env, f parseFlags, files []string) error {
	opts, err := parserOptions(ctx, f, files)
	if err != nil {
		return err
	}
	meetings := make([]*minutes.Meeting, 0, len(files))
	failed := false
	for _, path := range files {
		m, err := parseFile(ctx, opts, path)
		if err != nil {
			fmt.Fprintln(e.Stderr, "minutes-sync parse:", err)
			failed = true
			continue
		}
		meetings = append(meetings, m)
	}
	if f.json {
		if err := writeJSON(e.Stdout, meetings); err != nil {
			return err
		}
	} else {
		for i, m := range meetings {
			if i > 0 {
				fmt.Fprintln(e.Stdout)
			}
			writeOutline(e.Stdout, m)
		}
		if len(meetings) > 0 {
			fmt.Fprintln(e.Stdout, "\n"+legend)
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

// writeOutline prints a meeting for a person: the boards with their items,
// then the items on no board, then the warnings.
func writeOutline(w io.Writer, m *minutes.Meeting) {
	fmt.Fprintf(w, "%s: %s %q", m.File, m.Date, m.Title)
	if m.StartTime != "" {
		fmt.Fprintf(w, " at %s", m.StartTime)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  attendees: %s\n", handles(m.Attendees))
	fmt.Fprintf(w, "  regrets:   %s\n", handles(m.Regrets))
	byBoard := map[string][]minutes.Item{}
	var loose []minutes.Item
	for _, it := range m.Items {
		if it.Board == nil {
			loose = append(loose, it)
			continue
		}
		byBoard[it.Board.Key()] = append(byBoard[it.Board.Key()], it)
	}
	for _, r := range m.Boards {
		fmt.Fprintf(w, "  board %q (%s, line %d)", r.Board.Title, r.Board.URL, r.Line)
		if r.Status != "" {
			fmt.Fprintf(w, ": %s", r.Status)
		}
		fmt.Fprintln(w)
		for _, it := range byBoard[r.Board.Key()] {
			writeItem(w, it)
		}
	}
	if len(loose) > 0 {
		fmt.Fprintln(w, "  no board")
		for _, it := range loose {
			writeItem(w, it)
		}
	}
	for _, x := range m.Warnings {
		fmt.Fprintf(w, "  warning: line %d: %s\n", x.Line, x.Message)
	}
}

// legend explains the marks of the outline.
const legend = `Marks: [open] a check box of the item is not ticked; [done] every box is ticked;
[-] the item has no check box. "line N #anchor" is where it is in the file.`

func writeItem(w io.Writer, it minutes.Item) {
	state := string(it.State)
	if state == "" {
		state = "-"
	}
	fmt.Fprintf(w, "    [%s] %s", state, it.Title)
	if len(it.Owners) > 0 {
		fmt.Fprintf(w, " (%s)", handles(it.Owners))
	}
	fmt.Fprintf(w, "  line %d #%s", it.Line, it.Anchor)
	if it.Section != "" {
		fmt.Fprintf(w, " in %q", it.Section)
	}
	for _, r := range it.Refs {
		fmt.Fprintf(w, " %s", r)
	}
	fmt.Fprintln(w)
}

func handles(logins []string) string {
	if len(logins) == 0 {
		return "-"
	}
	return "@" + strings.Join(logins, ", @")
}

func runLint(ctx context.Context, e Env, f parseFlags, files []string) error {
	opts, err := parserOptions(ctx, f, files)
	if err != nil {
		return err
	}
	failed := false
	for _, path := range files {
		m, err := parseFile(ctx, opts, path)
		if err != nil {
			fmt.Fprintln(e.Stdout, err) // a *minutes.ParseError or *pipeline.ReadError: FILE[:LINE]: problem
			failed = true
			continue
		}
		problems := lintProblems(m)
		for _, x := range problems {
			fmt.Fprintf(e.Stdout, "%s:%d: %s\n", m.File, x.Line, x.Message)
		}
		if f.strict && len(problems) > 0 {
			failed = true
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

// parserOptions reads the parser options from the configuration file: its
// housekeeping sections and handle overrides apply to parse and lint as they
// do to plan. A missing file gives the defaults.
func parserOptions(ctx context.Context, f parseFlags, files []string) (minutes.Options, error) {
	cfg, err := pipeline.Files{ConfigPath: f.config}.Config(ctx)
	if err != nil {
		return minutes.Options{}, err
	}
	opts := cfg.MinutesOptions()
	opts.Repo = (&linker{repo: f.repo}).repoOf(files)
	return opts, nil
}

// parseFile reads one minutes file as the pipeline does: a regular file,
// not a FIFO or a device, and no more than the parser takes.
func parseFile(ctx context.Context, opts minutes.Options, path string) (*minutes.Meeting, error) {
	b, err := pipeline.Files{}.Read(ctx, path)
	if err != nil {
		return nil, &pipeline.ReadError{File: path, Err: err}
	}
	return opts.Parse(path, b)
}

// lintProblems are a meeting's warnings and the parser's advice to its
// author (no work items found, a heading of many topics read as one, a
// guessed date), by line.
func lintProblems(m *minutes.Meeting) []minutes.Warning {
	out := append(append([]minutes.Warning(nil), m.Warnings...), m.Lint...)
	slices.SortStableFunc(out, func(a, b minutes.Warning) int { return cmp.Compare(a.Line, b.Line) })
	return out
}

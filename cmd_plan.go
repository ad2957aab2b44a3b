package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
)

// syncFlags are the flags plan and apply share.
type syncFlags struct {
	json             bool
	markdown         bool
	offline          bool
	config           string
	defaultProject   string
	minutesURL       string
	mutationInterval time.Duration
}

func newSyncFlags(name string, e *env, f *syncFlags) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.BoolVar(&f.json, "json", false, "print the plan (or the result) as JSON")
	fs.BoolVar(&f.markdown, "markdown", false, "print the plan as the Markdown the action posts")
	fs.StringVar(&f.config, "config", sync.DefaultConfigPath, "the configuration `file` (optional)")
	fs.StringVar(&f.defaultProject, "default-project", "", "board `URL` for work items outside any board section")
	fs.StringVar(&f.minutesURL, "minutes-url", "", "link `template` back to the minutes: {server} {repo} {sha} {path} {anchor}; default the file path")
	if name == "plan" {
		fs.BoolVar(&f.offline, "offline", false, "plan against empty boards without reading GitHub")
	} else {
		fs.DurationVar(&f.mutationInterval, "mutation-interval", time.Second, "pause between changes (GitHub asks for at least 1s)")
	}
	fs.Usage = func() {
		verb := map[string]string{"plan": "Show the changes a sync would make", "apply": "Make the changes"}[name]
		fmt.Fprintf(fs.Output(), "%s to the boards the minutes report on.\n\nUsage: minutes-sync %s [flags] FILE...\n\n", verb, name)
		if name == "plan" {
			fmt.Fprint(fs.Output(), "The token comes from GH_TOKEN or GITHUB_TOKEN (not needed with --offline);\nthe endpoint from GITHUB_GRAPHQL_URL, else https://api.github.com/graphql.\n\nFlags:\n")
		} else {
			fmt.Fprint(fs.Output(), "The token comes from GH_TOKEN or GITHUB_TOKEN; it needs read and write access\nto the boards' Projects. The endpoint comes from GITHUB_GRAPHQL_URL, else\nhttps://api.github.com/graphql.\n\nFlags:\n")
		}
		fs.PrintDefaults()
	}
	return fs
}

func runPlan(ctx context.Context, e *env, args []string) error {
	return planOrApply(ctx, e, "plan", args)
}

func runApply(ctx context.Context, e *env, args []string) error {
	return planOrApply(ctx, e, "apply", args)
}

func planOrApply(ctx context.Context, e *env, name string, args []string) error {
	var f syncFlags
	fs := newSyncFlags(name, e, &f)
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout) // help asked for goes to standard output
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errFailed
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%s: name at least one minutes file", name)
	}
	cfg, err := sync.LoadConfig(f.config)
	if err != nil {
		return err
	}
	if f.defaultProject != "" {
		if err := cfg.SetDefaultProject(f.defaultProject); err != nil {
			return err
		}
	}
	token := firstNonEmpty(e.getenv("GH_TOKEN"), e.getenv("GITHUB_TOKEN"))
	if token == "" && !f.offline {
		return fmt.Errorf("%s: no token: set GH_TOKEN or GITHUB_TOKEN to a token with access to the boards' Projects%s", name,
			map[bool]string{true: ", or use --offline", false: ""}[name == "plan"])
	}

	failed := false
	meetings := readMeetings(e.stderr, cfg.MinutesOptions(), fs.Args(), &failed)
	opts := sync.Options{Config: cfg, MinutesURL: minutesLink(f.minutesURL, e.getenv), Offline: f.offline, Logger: cliLogger{e.stderr}}

	var client *github.Client
	var boards *sync.Boards
	if f.offline {
		boards, err = sync.ReadBoards(ctx, nil, meetings, opts)
	} else {
		client = github.NewClient(token, github.GraphQLURL(e.getenv), github.ClientOptions{MutationInterval: f.mutationInterval, Logger: opts.Logger})
		boards, err = sync.ReadBoards(ctx, client, meetings, opts)
	}
	if err != nil {
		return err
	}
	for ref, err := range boards.Errors {
		fmt.Fprintf(e.stderr, "board %s: %v\n", ref, err)
		failed = true
	}
	plan := sync.NewPlan(meetings, boards, opts)

	var res *sync.Result
	if name == "apply" {
		res, err = sync.Apply(ctx, client, plan)
		if res != nil && len(res.Errors) > 0 {
			failed = true
		}
	}
	switch {
	case f.json && res != nil:
		err = errors.Join(err, writeJSON(e.stdout, res))
	case f.json:
		err = errors.Join(err, writeJSON(e.stdout, plan))
	case f.markdown:
		fmt.Fprint(e.stdout, sync.RenderMarkdown(plan, res, "minutes-sync "+name, sync.MaxCommentSize))
	default:
		printPlan(e.stdout, plan, res)
	}
	if err != nil {
		return err
	}
	if failed {
		return errFailed
	}
	return nil
}

// readMeetings parses each file, reporting the ones that cannot be read and
// going on with the others.
func readMeetings(stderr io.Writer, opts minutes.Options, files []string, failed *bool) []*minutes.Meeting {
	var out []*minutes.Meeting
	for _, file := range files {
		m, err := opts.ParseFile(file)
		if err != nil {
			fmt.Fprintln(stderr, err)
			*failed = true
			continue
		}
		for _, w := range m.Warnings {
			fmt.Fprintf(stderr, "%s:%d: %s\n", m.File, w.Line, w.Message)
		}
		out = append(out, m)
	}
	return out
}

// minutesLink turns a link template into the function plans use to link
// back to the minutes, with the values a runner's environment gives. An
// empty template links to the file path and anchor.
func minutesLink(tmpl string, getenv func(string) string) func(m *minutes.Meeting, anchor string) string {
	if tmpl == "" {
		return nil
	}
	return func(m *minutes.Meeting, anchor string) string {
		return expandURL(tmpl, map[string]string{
			"server": firstNonEmpty(getenv("GITHUB_SERVER_URL"), "https://github.com"),
			"repo":   getenv("GITHUB_REPOSITORY"),
			"sha":    getenv("GITHUB_SHA"),
			"path":   m.File,
			"anchor": anchor,
		})
	}
}

func printPlan(w io.Writer, p *sync.Plan, res *sync.Result) {
	changes, counts, verb := p.Changes, p.Counts, "Plan"
	if res != nil {
		changes, counts, verb = res.Done, res.Counts, "Applied"
	}
	if p.Offline {
		fmt.Fprintln(w, "Planned offline, against empty boards.")
	}
	counts.Unplaced = p.Counts.Unplaced
	fmt.Fprintf(w, "%s: %s.\n", verb, countsText(counts))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	board := ""
	for _, c := range changes {
		if c.Board != board {
			board = c.Board
			fmt.Fprintf(tw, "\nboard %s\n", board)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s:%d\t%s\n", c.Op, c.Item, c.File, c.Line, c.Detail)
	}
	tw.Flush()
	if res != nil && len(res.Errors) > 0 {
		fmt.Fprintf(w, "\nFailed:\n")
		for _, e := range res.Errors {
			fmt.Fprintf(w, "  %s:%d: %s %q: %s\n", e.Change.File, e.Change.Line, e.Change.Op, e.Change.Item, e.Error)
		}
	}
	if len(p.Unplaced) > 0 {
		fmt.Fprintf(w, "\nNot placed on any board (set default-project or a route):\n")
		for _, u := range p.Unplaced {
			fmt.Fprintf(w, "  %s:%d: %s\n", u.File, u.Line, u.Title)
		}
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(w, "\nWarnings:\n")
		for _, x := range p.Warnings {
			if x.File != "" {
				fmt.Fprintf(w, "  %s:%d: %s\n", x.File, x.Line, x.Message)
			} else {
				fmt.Fprintf(w, "  %s\n", x.Message)
			}
		}
	}
}

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

// countsText sums up a plan or what apply did, on one line.
func countsText(c sync.Counts) string {
	return fmt.Sprintf("%d changes (%d items created, %d added, %d notes added, %d updated, %d fields set, %d status updates), %d not placed",
		c.Changes, c.ItemsCreated, c.ItemsAdded, c.NotesAdded, c.NotesUpdated, c.FieldsSet, c.StatusUpdates, c.Unplaced)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// cliLogger reports progress on standard error.
type cliLogger struct{ w io.Writer }

func (l cliLogger) Infof(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
func (l cliLogger) Warningf(format string, args ...any) {
	fmt.Fprintf(l.w, "warning: "+format+"\n", args...)
}
func (cliLogger) Debugf(string, ...any) {}

package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/spf13/cobra"
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
	repo             string
	planFile         string // apply: a plan file to apply instead of minutes
	files            []string
}

func newSyncCmd(e Env, name string) *cobra.Command {
	var f syncFlags
	c := &cobra.Command{
		Use: name + " [flags] FILE...",
		Args: func(c *cobra.Command, args []string) error {
			if f.planFile != "" {
				return cobra.NoArgs(c, args)
			}
			return needFiles(e)(c, args)
		},
		RunE: func(c *cobra.Command, args []string) error {
			if f.planFile != "" {
				return applyPlanFile(c.Context(), e, f)
			}
			f.files = args
			return planOrApply(c.Context(), e, name, f)
		},
	}
	if name == "plan" {
		c.Short = "show the changes a sync would make to the boards"
		c.Long = `Show the changes a sync would make to the boards the minutes report on.

The token comes from GH_TOKEN or GITHUB_TOKEN (not needed with --offline);
the endpoint from GITHUB_GRAPHQL_URL, else https://api.github.com/graphql.`
		c.Flags().BoolVar(&f.offline, "offline", false, "plan against empty boards without reading GitHub")
	} else {
		c.Short = "make the changes to the boards"
		c.Long = `Make the changes to the boards the minutes report on.

The token comes from GH_TOKEN or GITHUB_TOKEN; it needs read and write access
to the boards' Projects. The endpoint comes from GITHUB_GRAPHQL_URL, else
https://api.github.com/graphql.`
		c.Flags().DurationVar(&f.mutationInterval, "mutation-interval", time.Second, "pause between changes (GitHub asks for at least 1s)")
		c.Flags().StringVar(&f.planFile, "plan", "", "apply the plan `file` a plan --json (or the action's plan-file output) wrote, instead of planning from minutes")
	}
	fl := c.Flags()
	fl.BoolVar(&f.json, "json", false, "print the plan (or the result) as JSON")
	fl.BoolVar(&f.markdown, "markdown", false, "print the plan as the Markdown the action posts")
	fl.StringVar(&f.config, "config", sync.DefaultConfigPath, "the configuration `file` (optional)")
	fl.StringVar(&f.defaultProject, "default-project", "", "board `URL` for work items outside any board section")
	fl.StringVar(&f.minutesURL, "minutes-url", "", "link `template` back to the minutes: {server} {repo} {sha} {path} {anchor}; default the file at the checked-out commit on GitHub")
	fl.StringVar(&f.repo, "repo", "", "the minutes' repository as `OWNER/NAME`; default the origin remote of the files' git checkout")
	return c
}

func planOrApply(ctx context.Context, e Env, name string, f syncFlags) error {
	files := pipeline.Files{Names: f.files, ConfigPath: f.config}
	cfg, err := files.Config(ctx)
	if err != nil {
		return err
	}
	if f.defaultProject != "" {
		if err := cfg.SetDefaultProject(f.defaultProject); err != nil {
			return err
		}
	}
	var prog *progress
	stderr := e.Stderr
	if name == "apply" {
		prog = newProgress(e.Stderr, time.Now)
		defer prog.Close()
		stderr = prog
	}
	obs := &observer{stderr: stderr}
	deps, err := syncDeps(e, name, f, obs, prog)
	if err != nil {
		return err
	}
	out, err := pipeline.Run(ctx, configured{files, cfg}, deps)
	if prog != nil {
		prog.Close() // the live line ends before the plan is printed
	}
	if out.Plan != nil {
		err = errors.Join(err, show(e.Stdout, name, f, out))
		if out.Result != nil && len(out.Result.Errors) > 0 {
			obs.failed = true
		}
	}
	if err == nil && obs.failed {
		return errFailed
	}
	return err
}

// syncDeps connects plan or apply to GitHub with the token the environment
// gives; --offline plans against empty boards with none. prog, set for
// apply, shows how far it is and the client's waits, and the log goes
// through it.
func syncDeps(e Env, name string, f syncFlags, obs pipeline.Observer, prog *progress) (pipeline.Deps, error) {
	links := &linker{tmpl: f.minutesURL, repo: f.repo, getenv: e.Getenv}
	deps := pipeline.Deps{Link: links.link(), Repo: links.repoOf(f.files), Logger: cliLogger{e.Stderr}, Observer: obs}
	opts := github.ClientOptions{MutationInterval: f.mutationInterval}
	if prog != nil {
		deps.Logger, deps.Progress, opts.OnWait = cliLogger{prog}, prog, prog.Wait
	}
	opts.Logger = deps.Logger
	if name == "apply" {
		if err := links.check(f.files); err != nil {
			return deps, err
		}
	}
	if f.offline {
		return deps, nil
	}
	token := cmp.Or(e.Getenv("GH_TOKEN"), e.Getenv("GITHUB_TOKEN"))
	if token == "" {
		return deps, fmt.Errorf("%s: no token: set GH_TOKEN or GITHUB_TOKEN to a token with access to the boards' Projects%s", name,
			map[bool]string{true: ", or use --offline", false: ""}[name == "plan"])
	}
	client := github.NewClient(token, github.GraphQLURL(e.Getenv), opts)
	deps.Boards = client
	if name == "apply" {
		deps.Writer = client
	}
	return deps, nil
}

// show prints the plan, or what apply did, as asked.
func show(w io.Writer, name string, f syncFlags, out *pipeline.Outcome) error {
	switch {
	case f.json && out.Result != nil:
		return writeJSON(w, out.Result)
	case f.json:
		return writeJSON(w, out.Plan)
	case f.markdown:
		fmt.Fprint(w, sync.RenderMarkdown(out.Plan, out.Result, "minutes-sync "+name, sync.MaxCommentSize))
	default:
		printPlan(w, out.Plan, out.Result)
	}
	return nil
}

// configured is a Source whose configuration was read already.
type configured struct {
	pipeline.Files
	cfg *sync.Config
}

// Config returns the configuration read before.
func (c configured) Config(context.Context) (*sync.Config, error) { return c.cfg, nil }

// observer prints, on standard error, the files that cannot be read, the
// minutes' warnings and the boards that cannot be read, as they come.
type observer struct {
	stderr io.Writer
	failed bool
}

func (o *observer) Stage(string) {}

func (o *observer) Unreadable(_ string, err error) {
	fmt.Fprintln(o.stderr, err)
	o.failed = true
}

func (o *observer) Read(m *minutes.Meeting) {
	for _, w := range m.Warnings {
		fmt.Fprintf(o.stderr, "%s:%d: %s\n", m.File, w.Line, w.Message)
	}
}

func (o *observer) BoardsRead(b *sync.Boards) {
	for ref, err := range b.Errors {
		fmt.Fprintln(o.stderr, pipeline.BoardError(ref, err))
		o.failed = true
	}
}

func (o *observer) Planned(*sync.Plan) {}

// minutesLink turns a link template into the function plans use to link
// back to the minutes, with the values a runner's environment gives. An
// empty template links to the file path and anchor.
func minutesLink(tmpl string, getenv func(string) string) func(m *minutes.Meeting, anchor string) string {
	return pipeline.Link(tmpl, pipeline.LinkValues{
		Server: cmp.Or(getenv("GITHUB_SERVER_URL"), "https://github.com"),
		Repo:   getenv("GITHUB_REPOSITORY"),
		SHA:    getenv("GITHUB_SHA"),
	})
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
	fmt.Fprintf(w, "%s: %s.\n", verb, pipeline.CountsText(counts))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	board := ""
	for _, c := range changes {
		if c.Board != board {
			board = c.Board
			fmt.Fprintf(tw, "\nboard %s\n", boardName(p, board))
		}
		detail := c.Detail
		if c.Match != "" {
			detail = c.Match + "; " + detail
		}
		if c.Preview != "" && (c.Op == sync.OpAddNote || c.Op == sync.OpUpdateNote) {
			detail += ": “" + c.Preview + "”"
		}
		if c.Card != "" {
			detail += " " + c.Card
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s:%d\t%s\n", c.Op, c.Item, c.File, c.Line, detail)
	}
	tw.Flush()
	if res != nil && len(res.Errors) > 0 {
		fmt.Fprintf(w, "\nFailed:\n")
		for _, e := range res.Errors {
			fmt.Fprintf(w, "  %s:%d: %s %q: %s\n", e.Change.File, e.Change.Line, e.Change.Op, e.Change.Item, e.Error)
		}
	}
	printNearMisses(w, p.NearMisses)
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

// cliLogger reports progress on standard error (through the live line,
// when apply shows one).
type cliLogger struct{ w io.Writer }

func (l cliLogger) Infof(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
func (l cliLogger) Warningf(format string, args ...any) {
	fmt.Fprintf(l.w, "warning: "+format+"\n", args...)
}
func (cliLogger) Debugf(string, ...any) {}

// boardName names a board by its title and owner/number.
func boardName(p *sync.Plan, ref string) string {
	if t := p.Boards[ref]; t != "" {
		return t + " (" + ref + ")"
	}
	return ref
}

// applyPlanFile applies a plan written earlier (plan --json, or the
// action's plan file): its steps, as inspected. A change whose outcome is
// lost is not repeated: with no minutes to plan again from, the run stops
// there and a new plan from the minutes finishes the work.
func applyPlanFile(ctx context.Context, e Env, f syncFlags) error {
	b, err := os.ReadFile(f.planFile)
	if err != nil {
		return fmt.Errorf("apply: read the plan: %w", err)
	}
	var plan sync.Plan
	if err := json.Unmarshal(b, &plan); err != nil {
		return fmt.Errorf("apply: %s is not a plan file: %w", f.planFile, err)
	}
	prog := newProgress(e.Stderr, time.Now)
	defer prog.Close()
	deps, err := syncDeps(e, "apply", syncFlags{mutationInterval: f.mutationInterval, minutesURL: "plan file"}, &observer{stderr: prog}, prog)
	if err != nil {
		return err
	}
	gh := struct {
		sync.Reader
		sync.Writer
	}{deps.Boards, deps.Writer}
	res, err := sync.ApplyWithProgress(ctx, gh, &plan, nil, sync.Options{Logger: deps.Logger}, prog)
	prog.Close()
	if res != nil {
		err = errors.Join(err, show(e.Stdout, "apply", f, &pipeline.Outcome{Plan: &plan, Result: res}))
		if err == nil && len(res.Errors) > 0 {
			return errFailed
		}
	}
	return err
}

// printNearMisses lists the cards work items nearly matched, each with its
// link when it has one: pasted into the work item's title line, it names
// the card.
func printNearMisses(w io.Writer, ms []sync.NearMiss) {
	if len(ms) == 0 {
		return
	}
	fmt.Fprintf(w, "\nNear misses (each gets a new card; if it is the same work, put the card's link in the work item's title line, or add an alias):\n")
	for _, m := range ms {
		fmt.Fprintf(w, "  %s:%d: %s resembles %q on %s (%.2f: %s)\n", m.File, m.Line, m.Title, m.Card, m.Board, m.Score, strings.Join(m.Shared, ", "))
		if m.URL != "" {
			fmt.Fprintf(w, "    %s\n", m.URL)
		}
	}
}

package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
)

// planFileName is where, in the workspace, the action writes the JSON plan
// (the plan-file output).
const planFileName = "minutes-sync-plan.json"

// summaryRenderLimit bounds the rendered plan in the job summary; the rest
// of the 1 MiB is for notes and problems.
const summaryRenderLimit = 900 << 10

// Run is the action's entry point: it reads the inputs and the event, finds
// the minutes the event concerns, runs the pipeline, and applies the plan or
// posts it on the pull request. Everything it reports goes through one
// *githubactions.Action writing to stdout. The error is
// pipeline.ErrReported when the run failed.
func Run(ctx context.Context, stdout io.Writer, getenv func(string) string, args []string) error {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(stdout, "minutes-sync action runs inside GitHub Actions: it reads INPUT_* and GITHUB_* from the environment (see action.yml and README.md).")
			return nil
		}
		return fmt.Errorf("action: takes no arguments, got %q (inputs come from INPUT_* variables)", args)
	}
	return newRunner(stdout, getenv, clock{now: time.Now}).main(ctx)
}

// newRunner returns a run of the action that reports through one
// *githubactions.Action writing to stdout, on the time c tells.
func newRunner(stdout io.Writer, getenv func(string) string, c clock) *runner {
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(stdout))
	return &runner{a: a, r: newReporter(a, getenv), getenv: getenv, clock: c}
}

// main runs the action to its end: pipeline.ErrReported when it failed.
func (run *runner) main(ctx context.Context) error {
	run.finish(run.execute(ctx))
	run.r.endGroup()
	if run.r.failed {
		return pipeline.ErrReported
	}
	return nil
}

// runner is one run of the action.
type runner struct {
	a      *githubactions.Action
	r      *reporter
	getenv func(string) string
	clock  clock
	in     actionConfig
	ev     event
	mode   string // plan or apply, once the inputs are read
	ctx    runContext
	pr     *pullRequest // for pull-request events
}

// runContext is what the runner says of the run: where and what.
type runContext struct {
	workspace string // the checkout, absolute
	repo      string // owner/name of the repository the workflow runs in
	sha       string // the commit links point at
	server    string // https://github.com or the GHES address
	endpoint  string // GraphQL
}

// execute runs the action up to its outcome; nil when it stopped before the
// pipeline (and said why).
func (run *runner) execute(ctx context.Context) *pipeline.Outcome {
	if !run.start() {
		return nil
	}
	run.r.group("Find minutes")
	src, ok := run.source(ctx)
	if !ok {
		return nil
	}
	deps := run.deps()
	obs := &observer{run: run, offline: deps.Boards == nil}
	deps.Observer = obs
	out, err := pipeline.Run(ctx, src, deps)
	run.stopped(err)
	if out.Result != nil {
		obs.applied(out.Result)
	}
	if run.pr != nil && run.in.Comment && (len(out.Files) == 0 || out.Plan != nil && run.mode != modeApply) {
		run.r.group("Comment")
		run.comment(ctx, planComment(out))
	}
	return out
}

// start reads the inputs and the event, masking the tokens before anything
// is printed; false when they are bad (and were reported).
func (run *runner) start() bool {
	in, err := readActionConfig(run.a)
	for _, tok := range []string{in.ProjectToken, in.GitHubToken} {
		if tok != "" {
			run.a.AddMask(tok)
		}
	}
	run.in = in
	ev, evErr := readEvent(run.env("GITHUB_EVENT_NAME"), run.env("GITHUB_EVENT_PATH"))
	run.ev = ev
	if err == nil && evErr == nil {
		err = in.checkForEvent(ev.Name)
	}
	if err := errors.Join(err, evErr); err != nil {
		for _, e := range splitJoined(err) {
			run.r.fail("", 0, "minutes-sync: bad inputs", e)
		}
		return false
	}
	run.mode = in.effectiveMode(ev.Name)
	run.ctx = runContext{
		repo:      run.env("GITHUB_REPOSITORY"),
		sha:       run.env("GITHUB_SHA"),
		server:    cmp.Or(strings.TrimRight(run.env("GITHUB_SERVER_URL"), "/"), "https://github.com"),
		endpoint:  github.GraphQLURL(run.getenv),
		workspace: cmp.Or(run.env("GITHUB_WORKSPACE"), "."),
	}
	if abs, err := filepath.Abs(run.ctx.workspace); err == nil {
		run.ctx.workspace = abs
	}
	run.r.infof("minutes-sync %s: %s event, mode %s", pipeline.Version(), ev.Name, run.mode)
	return true
}

func (run *runner) env(k string) string { return strings.TrimSpace(run.getenv(k)) }

// deps are the pipeline's connections: the boards through project-token
// (none: an offline plan against empty boards), written only to apply,
// with its progress logged.
func (run *runner) deps() pipeline.Deps {
	deps := pipeline.Deps{
		Link: pipeline.Link(run.in.MinutesURL, pipeline.LinkValues{
			Server: run.ctx.server, Repo: run.ctx.repo, SHA: run.ctx.sha,
		}),
		DefaultProject: run.in.DefaultProject,
		Repo:           run.ctx.repo,
		InScopeOnly:    isPullRequestEvent(run.ev.Name),
		Logger:         actionLogger{run.r},
	}
	if run.in.ProjectToken == "" {
		return deps
	}
	opts := github.ClientOptions{
		MutationInterval: run.in.MutationInterval,
		Logger:           actionLogger{run.r},
		Now:              run.clock.now,
		Sleep:            run.clock.sleep,
	}
	if run.mode == modeApply {
		prog := newProgressLog(run.r, run.clock.now)
		deps.Progress, opts.OnWait = prog, prog.Wait
	}
	client := github.NewClient(run.in.ProjectToken, run.ctx.endpoint, opts)
	deps.Boards = client
	if run.mode == modeApply {
		deps.Writer = client
	}
	return deps
}

// stopped reports what stopped the pipeline, by stage.
func (run *runner) stopped(err error) {
	var pe *pipeline.Error
	if !errors.As(err, &pe) {
		if err != nil {
			run.r.fail("", 0, "minutes-sync", err.Error())
		}
		return
	}
	switch pe.Stage {
	case pipeline.StageConfig:
		run.r.fail(run.in.configName(), 0, "minutes-sync: configuration", pe.Err.Error())
	case pipeline.StageBoards:
		run.r.fail("", 0, "minutes-sync: cannot read the boards", tokenHint(pe.Err))
	case pipeline.StageApply:
		run.r.fail("", 0, "minutes-sync: apply stopped", tokenHint(pe.Err)+" (the sync is idempotent: run it again to finish)")
	default:
		run.r.fail("", 0, "minutes-sync", pe.Err.Error())
	}
}

// planComment is the plan comment for the pull request: "" when there is
// nothing to sync (no new comment, and an old one says so).
func planComment(out *pipeline.Outcome) string {
	p := out.Plan
	if p == nil || p.Counts.Changes == 0 && len(p.Unplaced) == 0 && len(p.Warnings) == 0 && len(out.Boards.Errors) == 0 {
		return ""
	}
	return sync.RenderMarkdown(p, nil, "minutes-sync plan", sync.MaxCommentSize)
}

// comment keeps the one plan comment on the pull request up to date. A
// refused comment (a fork's read-only token) is said once; the plan is in
// the job summary anyway.
func (run *runner) comment(ctx context.Context, markdown string) {
	act, err := sync.UpsertSticky(ctx, run.pr.client, run.pr.ID, markdown)
	switch {
	case errors.Is(err, sync.ErrForbidden):
		run.r.warn("", 0, "minutes-sync: plan not posted",
			"the token cannot comment on this pull request (pull requests from forks get a read-only token): the plan is in the job summary only")
		run.r.notes = append(run.r.notes, "The plan could not be posted on the pull request (read-only token): it is shown here only.")
	case err != nil:
		run.r.fail("", 0, "minutes-sync: plan comment", tokenHint(err))
	default:
		run.r.infof("plan comment: %s", act)
	}
}

// finish writes the outputs and the job summary.
func (run *runner) finish(out *pipeline.Outcome) {
	r := run.r
	r.endGroup()
	var plan *sync.Plan
	var res *sync.Result
	if out != nil {
		plan, res = out.Plan, out.Result
	}
	counts := outcomeCounts(plan, res)
	for _, o := range []struct {
		name string
		n    int
	}{
		{"changes", counts.Changes}, {"items-created", counts.ItemsCreated}, {"notes-added", counts.NotesAdded},
		{"notes-updated", counts.NotesUpdated}, {"unplaced", counts.Unplaced},
	} {
		r.setOutput(o.name, strconv.Itoa(o.n))
	}
	r.writeSummary(run.summary(plan, res))
}

// outcomeCounts are the counts the outputs give: what was applied, or what
// the plan would do, with the items no board takes.
func outcomeCounts(plan *sync.Plan, res *sync.Result) sync.Counts {
	var counts sync.Counts
	if plan != nil {
		counts = plan.Counts
	}
	if res != nil {
		unplaced := counts.Unplaced
		counts = res.Counts
		counts.Unplaced = unplaced
	}
	return counts
}

// summary is the job summary: the event, the notes, the plan or what was
// applied, and the problems.
func (run *runner) summary(plan *sync.Plan, res *sync.Result) string {
	r := run.r
	var b strings.Builder
	b.WriteString("## minutes-sync\n\n")
	if run.ev.Name != "" {
		fmt.Fprintf(&b, "Event `%s`, mode **%s**.\n\n", run.ev.Name, cmp.Or(run.mode, "not started"))
	}
	for _, n := range r.notes {
		fmt.Fprintf(&b, "- %s\n", mdEscape(n))
	}
	if len(r.notes) > 0 {
		b.WriteString("\n")
	}
	if plan != nil {
		heading := "Plan"
		if res != nil {
			heading = "Applied"
		}
		b.WriteString(sync.RenderMarkdown(plan, res, heading, summaryRenderLimit))
		b.WriteString("\n")
	}
	b.WriteString(r.summaryTail())
	if r.failed {
		b.WriteString("\n**The run failed**: see the errors above and the annotations.\n")
	}
	return b.String()
}

// tokenHint adds what to do to the errors users can act on.
func tokenHint(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, sync.ErrBadCredentials):
		return msg + ": the token is invalid or expired; check the secret behind project-token (or github-token)"
	case errors.Is(err, sync.ErrNotFound):
		return msg + ": it does not exist or the token cannot see it; for organization boards use a fine-grained PAT or GitHub App token with organization Projects access"
	case errors.Is(err, sync.ErrRateLimited):
		return msg + ": wait for the rate limit to reset and run again; the sync picks up where it stopped"
	}
	return msg
}

// splitJoined lists the messages of an errors.Join error.
func splitJoined(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, splitJoined(e)...)
		}
		return out
	}
	return []string{err.Error()}
}

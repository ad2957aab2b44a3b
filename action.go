package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
)

// planFileName is where, in the workspace, the action writes the JSON plan
// (the plan-file output).
const planFileName = "minutes-sync-plan.json"

// summaryRenderLimit bounds the rendered plan in the job summary; the rest
// of the 1 MiB is for notes and problems.
const summaryRenderLimit = 900 << 10

// runAction is the action's entry point: it reads the inputs and the event,
// finds the minutes the event concerns, plans, and applies the plan or
// posts it on the pull request. Everything it reports goes through one
// *githubactions.Action.
func runAction(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(e.stdout, "minutes-sync action runs inside GitHub Actions: it reads INPUT_* and GITHUB_* from the environment (see action.yml and README.md).")
			return nil
		}
		return fmt.Errorf("action: takes no arguments, got %q (inputs come from INPUT_* variables)", args)
	}
	a := githubactions.New(githubactions.WithGetenv(e.getenv), githubactions.WithWriter(e.stdout))
	r := newReporter(a, e.getenv)
	run := &actionRun{e: e, a: a, r: r}
	run.execute(ctx)
	r.endGroup()
	if r.failed {
		return errFailed
	}
	return nil
}

// actionRun is one run of the action.
type actionRun struct {
	e   *env
	a   *githubactions.Action
	r   *reporter
	cfg actionConfig
	ev  event

	workspace string // the checkout, absolute
	repo      string // owner/name of the repository the workflow runs in
	sha       string // the commit links point at
	server    string // https://github.com or the GHES address
	endpoint  string // GraphQL

	syncCfg *sync.Config
	mode    string // plan or apply

	// For pull requests: the pull request, and the client with github-token.
	pr     *github.PullRequest
	github *github.Client

	summary strings.Builder
}

func (run *actionRun) getenv(k string) string { return strings.TrimSpace(run.e.getenv(k)) }

func (run *actionRun) execute(ctx context.Context) {
	r := run.r
	cfg, err := readActionConfig(run.a)
	// Mask first: nothing may print a token before this.
	for _, tok := range []string{cfg.ProjectToken, cfg.GitHubToken} {
		if tok != "" {
			run.a.AddMask(tok)
		}
	}
	run.cfg = cfg
	ev, evErr := readEvent(run.getenv("GITHUB_EVENT_NAME"), run.getenv("GITHUB_EVENT_PATH"))
	run.ev = ev
	if err == nil && evErr == nil {
		err = cfg.checkForEvent(ev.Name)
	}
	if err := errors.Join(err, evErr); err != nil {
		for _, e := range splitJoined(err) {
			r.fail("", 0, "minutes-sync: bad inputs", e)
		}
		run.finish(nil, nil)
		return
	}
	run.mode = cfg.effectiveMode(ev.Name)
	run.repo = run.getenv("GITHUB_REPOSITORY")
	run.sha = run.getenv("GITHUB_SHA")
	run.server = strings.TrimRight(run.getenv("GITHUB_SERVER_URL"), "/")
	if run.server == "" {
		run.server = "https://github.com"
	}
	run.endpoint = github.GraphQLURL(run.e.getenv)
	run.workspace = run.getenv("GITHUB_WORKSPACE")
	if run.workspace == "" {
		run.workspace = "."
	}
	if abs, err := filepath.Abs(run.workspace); err == nil {
		run.workspace = abs
	}
	r.infof("minutes-sync %s: %s event, mode %s", versionString(), ev.Name, run.mode)

	r.group("Find minutes")
	files, read, ok := run.findMinutes(ctx)
	if !ok {
		run.finish(nil, nil)
		return
	}
	if len(files) == 0 {
		if run.pr != nil && cfg.Comment {
			run.r.group("Comment")
			run.comment(ctx, "")
		}
		run.finish(nil, nil)
		return
	}
	if !run.loadSyncConfig(ctx) {
		run.finish(nil, nil)
		return
	}

	r.group("Read minutes")
	meetings := run.readMinutes(ctx, files, read)
	if len(meetings) == 0 {
		run.finish(nil, nil)
		return
	}

	opts := sync.Options{
		Config:     run.syncCfg,
		MinutesURL: run.minutesURL,
		Logger:     actionLogger{r},
	}
	r.group("Read boards")
	var project *github.Client
	var reader sync.Reader // nil when offline
	if cfg.ProjectToken == "" {
		opts.Offline = true
		r.note("no project-token: planned against empty boards, so the plan shows every change as new")
	} else {
		project = github.NewClient(cfg.ProjectToken, run.endpoint, github.ClientOptions{
			MutationInterval: cfg.MutationInterval,
			Logger:           actionLogger{r},
		})
		reader = project
	}
	boards, err := sync.ReadBoards(ctx, reader, meetings, opts)
	if err != nil {
		r.fail("", 0, "minutes-sync: cannot read the boards", tokenHint(err))
		run.finish(nil, nil)
		return
	}
	for ref, err := range sortedErrors(boards.Errors) {
		r.fail("", 0, "minutes-sync: board "+ref, fmt.Sprintf("board %s: %s", ref, tokenHint(err)))
	}
	for _, w := range boards.Warnings {
		r.warn(w.File, w.Line, "minutes-sync", w.Message)
	}

	r.group("Plan")
	plan := sync.NewPlan(meetings, boards, opts)
	for _, w := range plan.Warnings {
		msg := w.Message
		if w.Board != "" && !strings.Contains(msg, w.Board) {
			msg = "board " + w.Board + ": " + msg
		}
		r.warn(w.File, w.Line, "minutes-sync", msg)
	}
	for _, u := range plan.Unplaced {
		r.warn(u.File, u.Line, "minutes-sync: not placed on any board",
			fmt.Sprintf("%q belongs to no board: put it under a board heading, add a route, or set default-project", u.Title))
	}
	r.infof("plan: %s", countsText(plan.Counts))
	run.writePlanFile(plan)

	var result *sync.Result
	switch {
	case run.mode == modeApply && plan.Offline:
		r.fail("", 0, "minutes-sync", "cannot apply without a project-token")
	case run.mode == modeApply:
		r.group("Apply")
		result = run.apply(ctx, project, plan)
	case run.pr != nil && cfg.Comment:
		r.group("Comment")
		body := sync.RenderMarkdown(plan, nil, "minutes-sync plan", sync.MaxCommentSize)
		if plan.Counts.Changes == 0 && len(plan.Unplaced) == 0 && len(plan.Warnings) == 0 && len(boards.Errors) == 0 {
			body = "" // nothing to sync: no new comment, and an old one says so
		}
		run.comment(ctx, body)
	}
	run.finish(plan, result)
}

// findMinutes lists the minutes files the event concerns and how to read
// them. ok is false when that failed (and was reported).
func (run *actionRun) findMinutes(ctx context.Context) (files []string, read func(context.Context, string) ([]byte, error), ok bool) {
	r, cfg := run.r, run.cfg
	fromWorkspace := func(_ context.Context, name string) ([]byte, error) {
		return readLimited(filepath.Join(run.workspace, filepath.FromSlash(name)))
	}
	switch {
	case isPullRequestEvent(run.ev.Name):
		return run.pullRequestFiles(ctx)
	case len(cfg.Files) > 0:
		found, err := findFiles(run.workspace, cfg.Files)
		if err != nil {
			for _, e := range splitJoined(err) {
				r.fail("", 0, "minutes-sync: input files", e)
			}
			return nil, nil, false
		}
		r.infof("files input: %d %s", len(found), plural(len(found), "file", "files"))
		if len(found) == 0 {
			r.note("the files input matches no file in the workspace: nothing to sync")
		}
		return found, fromWorkspace, true
	case run.ev.Name == eventPush:
		changed, note, err := pushChanges(ctx, gitRepo{dir: run.workspace}, *run.ev.Push)
		if err != nil {
			r.fail("", 0, "minutes-sync: cannot tell what the push changed", err.Error())
			return nil, nil, false
		}
		if note != "" {
			r.note("%s", note)
		}
		found := filterGlobs(cfg.Minutes, changed)
		r.infof("the push changed %d %s, %d of them minutes", len(changed), plural(len(changed), "file", "files"), len(found))
		if len(found) == 0 && !run.ev.Push.Deleted {
			r.note("the push changed no minutes (%s): nothing to sync", strings.Join(cfg.Minutes, ", "))
		}
		// A file changed by the push but deleted since (a later push)
		// cannot be read from the workspace: skip it.
		var present []string
		for _, f := range found {
			if _, err := os.Stat(filepath.Join(run.workspace, filepath.FromSlash(f))); err == nil {
				present = append(present, f)
			} else {
				r.warn(f, 0, "minutes-sync", "changed by the push but not in the workspace: is the checkout at the pushed commit?")
			}
		}
		return present, fromWorkspace, true
	default:
		found, err := findFiles(run.workspace, cfg.Minutes)
		if err != nil {
			r.fail("", 0, "minutes-sync: minutes input", err.Error())
			return nil, nil, false
		}
		r.infof("%d minutes %s match %s", len(found), plural(len(found), "file", "files"), strings.Join(cfg.Minutes, ", "))
		if len(found) == 0 {
			r.note("no file in the workspace matches %s: nothing to sync (did the workflow run actions/checkout?)", strings.Join(cfg.Minutes, ", "))
		}
		return found, fromWorkspace, true
	}
}

// pullRequestChangeTypes are the changes that leave a file to read.
var pullRequestChangeTypes = map[string]bool{"ADDED": true, "MODIFIED": true, "RENAMED": true}

// pullRequestFiles lists the minutes a pull request adds or changes, from
// the API: the head's code is never checked out, let alone run.
func (run *actionRun) pullRequestFiles(ctx context.Context) ([]string, func(context.Context, string) ([]byte, error), bool) {
	r, cfg, pe := run.r, run.cfg, run.ev.PullRequest
	if run.cfg.GitHubToken == "" {
		r.fail("", 0, "minutes-sync: input github-token", "github-token is empty: pull requests are read through the API with it (default ${{ github.token }})")
		return nil, nil, false
	}
	if run.repo == "" {
		run.repo = pe.PullRequest.Base.Repo.FullName
	}
	run.github = github.NewClient(cfg.GitHubToken, run.endpoint, github.ClientOptions{
		MutationInterval: cfg.MutationInterval,
		Logger:           actionLogger{r},
	})
	pr, err := run.github.PullRequest(ctx, run.repo, pe.Number)
	if err != nil {
		r.fail("", 0, "minutes-sync: cannot read the pull request", fmt.Sprintf("pull request %s#%d: %s", run.repo, pe.Number, tokenHint(err)))
		return nil, nil, false
	}
	run.pr = &pr
	head := pr.HeadSHA
	if head == "" {
		head = pe.PullRequest.Head.SHA
	}
	run.sha = head // links point at the head commit
	globs := cfg.Minutes
	if len(cfg.Files) > 0 {
		globs = cfg.Files
	}
	var found []string
	for _, f := range pr.Files {
		if pullRequestChangeTypes[strings.ToUpper(string(f.ChangeType))] && matchAny(globs, f.Path) {
			found = append(found, f.Path)
		}
	}
	r.infof("pull request #%d changes %d %s, %d of them minutes", pe.Number, len(pr.Files), plural(len(pr.Files), "file", "files"), len(found))
	if pr.IsCrossRepository || pe.isFork() {
		r.infof("the pull request comes from a fork (%s): its token may be read-only", firstNonEmpty(pr.HeadRepo, pe.PullRequest.Head.Repo.FullName))
	}
	if len(found) == 0 {
		r.note("pull request #%d changes no minutes (%s): nothing to sync", pe.Number, strings.Join(globs, ", "))
	}
	read := func(ctx context.Context, name string) ([]byte, error) {
		text, err := run.github.FileText(ctx, run.repo, head, name)
		if err != nil {
			return nil, err
		}
		if len(text) > minutes.MaxFileSize {
			return nil, fmt.Errorf("larger than %d bytes", minutes.MaxFileSize)
		}
		return []byte(text), nil
	}
	return found, read, true
}

// loadSyncConfig reads the configuration file: from the workspace, or for
// pull requests from the base commit through the API, so a pull request
// cannot change how its own plan is made.
func (run *actionRun) loadSyncConfig(ctx context.Context) bool {
	name := path.Clean(strings.TrimPrefix(run.cfg.ConfigPath, "./"))
	var c *sync.Config
	var err error
	if run.pr != nil {
		base := run.pr.BaseSHA
		if base == "" {
			base = run.ev.PullRequest.PullRequest.Base.SHA
		}
		var text string
		text, err = run.github.FileText(ctx, run.repo, base, name)
		switch {
		case errors.Is(err, sync.ErrNotFound):
			c, err = sync.DefaultConfig(), nil
		case err == nil:
			c, err = sync.ParseConfig(name, []byte(text))
		}
	} else {
		c, err = sync.LoadConfig(filepath.Join(run.workspace, filepath.FromSlash(name)))
	}
	if err == nil && run.cfg.DefaultProject != "" {
		err = c.SetDefaultProject(run.cfg.DefaultProject)
	}
	if err != nil {
		run.r.fail(name, 0, "minutes-sync: configuration", err.Error())
		return false
	}
	run.syncCfg = c
	return true
}

// readMinutes parses each file; problems become annotations on the file.
func (run *actionRun) readMinutes(ctx context.Context, files []string, read func(context.Context, string) ([]byte, error)) []*minutes.Meeting {
	r := run.r
	var meetings []*minutes.Meeting
	for _, f := range files {
		src, err := read(ctx, f)
		if err != nil {
			r.fail(f, 0, "minutes-sync: cannot read the minutes", err.Error())
			continue
		}
		m, err := parseMinutes(f, src, run.syncCfg.MinutesOptions())
		if err != nil {
			var pe *minutes.ParseError
			if errors.As(err, &pe) {
				r.fail(f, pe.Line, "minutes-sync: not minutes", pe.Err.Error())
			} else {
				r.fail(f, 0, "minutes-sync: not minutes", err.Error())
			}
			continue
		}
		m.File = f
		for _, w := range m.Warnings {
			r.warn(f, w.Line, "minutes-sync", w.Message)
		}
		r.infof("%s: meeting of %s, %d work %s on %d %s", f, m.Date, len(m.Items), plural(len(m.Items), "item", "items"), len(m.Boards), plural(len(m.Boards), "board", "boards"))
		meetings = append(meetings, m)
	}
	return meetings
}

// minutesURL links a place in a meeting's minutes.
func (run *actionRun) minutesURL(m *minutes.Meeting, anchor string) string {
	return expandURL(run.cfg.MinutesURL, map[string]string{
		"server": run.server, "repo": run.repo, "sha": run.sha, "path": m.File, "anchor": anchor,
	})
}

// apply makes the plan's changes; each failed change is an error on the
// line of the minutes it came from.
func (run *actionRun) apply(ctx context.Context, gh sync.GitHub, plan *sync.Plan) *sync.Result {
	r := run.r
	if plan.Counts.Changes == 0 {
		r.infof("the boards already match the minutes: nothing to change")
	}
	res, err := sync.Apply(ctx, gh, plan)
	if res != nil {
		for _, ce := range res.Errors {
			msg := ce.Error
			if msg == "" && ce.Err != nil {
				msg = ce.Err.Error()
			}
			r.fail(ce.Change.File, ce.Change.Line, "minutes-sync: change failed",
				fmt.Sprintf("%s %q on %s: %s", ce.Change.Op, ce.Change.Item, ce.Change.Board, msg))
		}
		r.infof("applied: %s", countsText(res.Counts))
	}
	if err != nil {
		r.fail("", 0, "minutes-sync: apply stopped", tokenHint(err)+" (the sync is idempotent: run it again to finish)")
	}
	if res == nil {
		res = &sync.Result{}
	}
	return res
}

// comment keeps the one plan comment on the pull request up to date. A
// refused comment (a fork's read-only token) is said once; the plan is in
// the job summary anyway.
func (run *actionRun) comment(ctx context.Context, markdown string) {
	act, err := sync.UpsertSticky(ctx, run.github, run.pr.ID, markdown)
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

// writePlanFile writes the plan as JSON in the workspace and sets the
// plan-file output to its workspace-relative path.
func (run *actionRun) writePlanFile(plan *sync.Plan) {
	b, err := json.MarshalIndent(plan, "", "  ")
	if err == nil {
		err = writeFile(filepath.Join(run.workspace, planFileName), append(b, '\n'))
	}
	if err != nil {
		run.r.warn("", 0, "minutes-sync", "cannot write the plan file: "+err.Error())
		return
	}
	run.r.setOutput("plan-file", planFileName)
}

// finish writes the outputs and the job summary.
func (run *actionRun) finish(plan *sync.Plan, res *sync.Result) {
	r := run.r
	r.endGroup()
	var counts sync.Counts
	if plan != nil {
		counts = plan.Counts
	}
	if res != nil {
		unplaced := counts.Unplaced
		counts = res.Counts
		counts.Unplaced = unplaced
	}
	for _, o := range []struct {
		name string
		n    int
	}{
		{"changes", counts.Changes}, {"items-created", counts.ItemsCreated}, {"notes-added", counts.NotesAdded},
		{"notes-updated", counts.NotesUpdated}, {"unplaced", counts.Unplaced},
	} {
		r.setOutput(o.name, strconv.Itoa(o.n))
	}

	var b strings.Builder
	b.WriteString("## minutes-sync\n\n")
	if run.ev.Name != "" {
		fmt.Fprintf(&b, "Event `%s`, mode **%s**.\n\n", run.ev.Name, firstNonEmpty(run.mode, "not started"))
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
	r.writeSummary(b.String())
}

// parseMinutes reads one minutes file; a variable so that the seam to the
// minutes package is one line.
var parseMinutes = func(name string, src []byte, opts minutes.Options) (*minutes.Meeting, error) {
	return opts.Parse(name, src)
}

// readLimited reads a file of at most minutes.MaxFileSize bytes.
func readLimited(p string) ([]byte, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.Size() > minutes.MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", minutes.MaxFileSize)
	}
	return os.ReadFile(p)
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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func versionString() string {
	var b strings.Builder
	_ = runVersion(context.Background(), &env{stdout: &b}, nil)
	return strings.TrimSpace(strings.TrimPrefix(b.String(), "minutes-sync"))
}

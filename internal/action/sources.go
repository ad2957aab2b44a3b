package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
)

// source finds the minutes the event concerns and where to read them: the
// pull request through the API, or files in the workspace. ok is false when
// that failed (and was reported).
func (run *runner) source(ctx context.Context) (pipeline.Source, bool) {
	if isPullRequestEvent(run.ev.Name) {
		return run.pullRequestSource(ctx)
	}
	names, ok := run.workspaceMinutes(ctx)
	if !ok {
		return nil, false
	}
	return pipeline.Files{Root: run.ctx.workspace, Names: names, ConfigPath: run.in.configName()}, true
}

// workspaceMinutes lists the minutes in the workspace the event concerns:
// the files input, else what a push changed, else every file matching the
// minutes globs.
func (run *runner) workspaceMinutes(ctx context.Context) ([]string, bool) {
	r, in := run.r, run.in
	switch {
	case len(in.Files) > 0:
		found, err := findFiles(run.ctx.workspace, in.Files)
		if err != nil {
			for _, e := range splitJoined(err) {
				r.fail("", 0, "minutes-sync: input files", e)
			}
			return nil, false
		}
		r.infof("files input: %d %s", len(found), sync.Plural(len(found), "file", "files"))
		if len(found) == 0 {
			r.note("the files input matches no file in the workspace: nothing to sync")
		}
		return found, true
	case run.ev.Name == eventPush:
		return run.pushMinutes(ctx)
	default:
		found, err := findFiles(run.ctx.workspace, in.Minutes)
		if err != nil {
			r.fail("", 0, "minutes-sync: minutes input", err.Error())
			return nil, false
		}
		r.infof("%d minutes %s match %s", len(found), sync.Plural(len(found), "file", "files"), strings.Join(in.Minutes, ", "))
		if len(found) == 0 {
			r.note("no file in the workspace matches %s: nothing to sync (did the workflow run actions/checkout?)", strings.Join(in.Minutes, ", "))
		}
		return found, true
	}
}

// pushMinutes lists the minutes a push added or changed that are still in
// the workspace.
func (run *runner) pushMinutes(ctx context.Context) ([]string, bool) {
	r, in := run.r, run.in
	changed, note, err := pushChanges(ctx, gitRepo{dir: run.ctx.workspace}, *run.ev.Push)
	if err != nil {
		r.fail("", 0, "minutes-sync: cannot tell what the push changed", err.Error())
		return nil, false
	}
	if note != "" {
		r.note("%s", note)
	}
	found := filterGlobs(in.Minutes, changed)
	r.infof("the push changed %d %s, %d of them minutes", len(changed), sync.Plural(len(changed), "file", "files"), len(found))
	if len(found) == 0 && !run.ev.Push.Deleted {
		r.note("the push changed no minutes (%s): nothing to sync", strings.Join(in.Minutes, ", "))
	}
	// A file changed by the push but deleted since (a later push) cannot be
	// read from the workspace: skip it.
	var present []string
	for _, f := range found {
		if _, err := os.Stat(filepath.Join(run.ctx.workspace, filepath.FromSlash(f))); err == nil {
			present = append(present, f)
		} else {
			r.warn(f, 0, "minutes-sync", "changed by the push but not in the workspace: is the checkout at the pushed commit?")
		}
	}
	return present, true
}

// pullRequest is the pull request of a pull-request event, read with
// github-token, which also posts the plan comment.
type pullRequest struct {
	github.PullRequest
	client *github.Client
	repo   string
}

// pullRequestChangeTypes are the changes that leave a file to read.
var pullRequestChangeTypes = map[string]bool{"ADDED": true, "MODIFIED": true, "RENAMED": true}

// pullRequestSource lists the minutes a pull request adds or changes, from
// the API: the head's code is never checked out, let alone run.
func (run *runner) pullRequestSource(ctx context.Context) (pipeline.Source, bool) {
	r, in, pe := run.r, run.in, run.ev.PullRequest
	if in.GitHubToken == "" {
		r.fail("", 0, "minutes-sync: input github-token", "github-token is empty: pull requests are read through the API with it (default ${{ github.token }})")
		return nil, false
	}
	run.ctx.repo = cmp.Or(run.ctx.repo, pe.PullRequest.Base.Repo.FullName)
	client := github.NewClient(in.GitHubToken, run.ctx.endpoint, github.ClientOptions{
		MutationInterval: in.MutationInterval,
		Logger:           actionLogger{r},
	})
	pr, err := client.PullRequest(ctx, run.ctx.repo, pe.Number)
	if err != nil {
		r.fail("", 0, "minutes-sync: cannot read the pull request", fmt.Sprintf("pull request %s#%d: %s", run.ctx.repo, pe.Number, tokenHint(err)))
		return nil, false
	}
	run.pr = &pullRequest{PullRequest: pr, client: client, repo: run.ctx.repo}
	src := prSource{pr: run.pr, head: cmp.Or(pr.HeadSHA, pe.PullRequest.Head.SHA), base: cmp.Or(pr.BaseSHA, pe.PullRequest.Base.SHA), config: in.configName()}
	run.ctx.sha = src.head // links point at the head commit
	globs := in.Minutes
	if len(in.Files) > 0 {
		globs = in.Files
	}
	for _, f := range pr.Files {
		if pullRequestChangeTypes[strings.ToUpper(string(f.ChangeType))] && matchAny(globs, f.Path) {
			src.names = append(src.names, f.Path)
		}
	}
	r.infof("pull request #%d changes %d %s, %d of them minutes", pe.Number, len(pr.Files), sync.Plural(len(pr.Files), "file", "files"), len(src.names))
	if pr.IsCrossRepository || pe.isFork() {
		r.infof("the pull request comes from a fork (%s): its token may be read-only", cmp.Or(pr.HeadRepo, pe.PullRequest.Head.Repo.FullName))
	}
	if len(src.names) == 0 {
		r.note("pull request #%d changes no minutes (%s): nothing to sync", pe.Number, strings.Join(globs, ", "))
	}
	return src, true
}

// prSource reads a pull request's minutes at its head commit and the
// configuration at its base commit, so that a pull request cannot change
// how its own plan is made.
type prSource struct {
	pr         *pullRequest
	head, base string
	config     string
	names      []string
}

// List returns the minutes the pull request adds or changes.
func (s prSource) List(context.Context) ([]string, error) { return s.names, nil }

// Read reads a file at the head commit.
func (s prSource) Read(ctx context.Context, name string) ([]byte, error) {
	text, err := s.pr.client.FileText(ctx, s.pr.repo, s.head, name)
	if err != nil {
		return nil, err
	}
	if len(text) > minutes.MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", minutes.MaxFileSize)
	}
	return []byte(text), nil
}

// Config reads the configuration at the base commit.
func (s prSource) Config(ctx context.Context) (*sync.Config, error) {
	text, err := s.pr.client.FileText(ctx, s.pr.repo, s.base, s.config)
	switch {
	case errors.Is(err, sync.ErrNotFound):
		return sync.DefaultConfig(), nil
	case err != nil:
		return nil, err
	}
	return sync.ParseConfig(s.config, []byte(text))
}

// configName is the configuration file's path, repository-relative.
func (in actionConfig) configName() string {
	return path.Clean(strings.TrimPrefix(in.ConfigPath, "./"))
}

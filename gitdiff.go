package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// pushEvent is the part of a push event's payload the action reads.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
type pushEvent struct {
	Ref        string `json:"ref"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Created    bool   `json:"created"`
	Deleted    bool   `json:"deleted"`
	Forced     bool   `json:"forced"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// errShallow says the checkout lacks the history a push diff needs.
var errShallow = errors.New("the checkout is shallow: set `fetch-depth: 0` (or 2) on actions/checkout")

// gitRepo runs git in a working tree. Every call passes
// -c safe.directory=*: in a container action the runner mounts the
// workspace owned by another user, and git refuses such repositories
// otherwise.
type gitRepo struct {
	dir string
}

// git runs one git command and returns its standard output.
func (g gitRepo) git(ctx context.Context, args ...string) (string, error) {
	full := append([]string{"-c", "safe.directory=*", "-C", g.dir}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stdout.String(), &gitError{args: args, code: ee.ExitCode(), stderr: strings.TrimSpace(stderr.String())}
		}
		if errors.Is(err, exec.ErrNotFound) {
			return "", errors.New("git is not installed: the push event needs it to find the changed minutes")
		}
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return stdout.String(), nil
}

// gitError is a git command that exited non-zero.
type gitError struct {
	args   []string
	code   int
	stderr string
}

func (e *gitError) Error() string {
	msg := fmt.Sprintf("git %s: exit status %d", strings.Join(e.args, " "), e.code)
	if e.stderr != "" {
		msg += ": " + e.stderr
	}
	return msg
}

// exitCode is the exit status of a git command, or -1 when it did not run.
func exitCode(err error) int {
	var ge *gitError
	if errors.As(err, &ge) {
		return ge.code
	}
	return -1
}

// hasCommit reports whether the repository holds the commit. An unknown
// object is not an error.
func (g gitRepo) hasCommit(ctx context.Context, rev string) (bool, error) {
	_, err := g.git(ctx, "cat-file", "-e", rev+"^{commit}")
	if err == nil {
		return true, nil
	}
	if exitCode(err) > 0 {
		return false, nil
	}
	return false, err
}

func (g gitRepo) isShallow(ctx context.Context) (bool, error) {
	out, err := g.git(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(out) == "true", nil
}

// isAncestor reports whether a is an ancestor of b.
func (g gitRepo) isAncestor(ctx context.Context, a, b string) (bool, error) {
	_, err := g.git(ctx, "merge-base", "--is-ancestor", a, b)
	if err == nil {
		return true, nil
	}
	if exitCode(err) == 1 {
		return false, nil
	}
	return false, err
}

// mergeBase returns the best common ancestor of a and b, "" when there is
// none.
func (g gitRepo) mergeBase(ctx context.Context, a, b string) (string, error) {
	out, err := g.git(ctx, "merge-base", a, b)
	if err != nil {
		if exitCode(err) == 1 {
			return "", nil
		}
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// diffNames lists the files added or modified from a to b. Renames count as
// additions of the new name (--no-renames), so a moved minutes file syncs.
func (g gitRepo) diffNames(ctx context.Context, a, b string) ([]string, error) {
	out, err := g.git(ctx, "diff", "--name-only", "--no-renames", "--diff-filter=AM", "-z", a, b, "--")
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// commitNames lists the files a commit added or modified against its first
// parent, or every file of a root commit. A shallow boundary commit (its
// parents not fetched) is errShallow, since it would look like a root commit
// that adds everything.
func (g gitRepo) commitNames(ctx context.Context, rev string) ([]string, error) {
	if ok, err := g.hasCommit(ctx, rev+"^1"); err != nil {
		return nil, err
	} else if ok {
		return g.diffNames(ctx, rev+"^1", rev)
	}
	parents, err := g.git(ctx, "rev-list", "--parents", "-n", "1", rev)
	if err != nil {
		return nil, err
	}
	if len(strings.Fields(parents)) > 1 {
		return nil, errShallow
	}
	if shallow, err := g.isShallow(ctx); err != nil {
		return nil, err
	} else if shallow {
		// A grafted commit reports no parents: it may be a shallow
		// boundary, not a root.
		boundary, err := g.isShallowBoundary(ctx, rev)
		if err != nil {
			return nil, err
		}
		if boundary {
			return nil, errShallow
		}
	}
	out, err := g.git(ctx, "diff-tree", "--root", "--no-commit-id", "--name-only", "--no-renames", "--diff-filter=AM", "-r", "-z", rev)
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// isShallowBoundary reports whether rev is listed in the repository's
// shallow file.
func (g gitRepo) isShallowBoundary(ctx context.Context, rev string) (bool, error) {
	full, err := g.git(ctx, "rev-parse", "--verify", rev+"^{commit}")
	if err != nil {
		return false, err
	}
	p, err := g.git(ctx, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return false, err
	}
	p = strings.TrimSpace(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(g.dir, p)
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read shallow list: %w", err)
	}
	return slices.Contains(strings.Fields(string(b)), strings.TrimSpace(full)), nil
}

func splitNUL(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "\x00") {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// isZeroSHA reports whether s is the all-zeros object name GitHub sends as
// before for a new branch and as after for a deleted one.
func isZeroSHA(s string) bool {
	return s == "" || strings.Trim(s, "0") == ""
}

// pushChanges finds the files a push added or modified. note says, for
// the log and the summary, how they were found when that is not the plain
// diff from before to after (new branch, force push, deleted ref).
func pushChanges(ctx context.Context, g gitRepo, ev pushEvent) (files []string, note string, err error) {
	if ev.Deleted || isZeroSHA(ev.After) {
		return nil, fmt.Sprintf("the push deleted %s: nothing to sync", ev.Ref), nil
	}
	ok, err := g.hasCommit(ctx, ev.After)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		if shallow, _ := g.isShallow(ctx); shallow {
			return nil, "", errShallow
		}
		return nil, "", fmt.Errorf("the pushed commit %s is not in the workspace: check out the pushed ref with actions/checkout before this step", short(ev.After))
	}
	if isZeroSHA(ev.Before) {
		files, err := g.commitNames(ctx, ev.After)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("new branch %s: syncing the files its last commit %s changed", ev.Ref, short(ev.After)), nil
	}
	ok, err = g.hasCommit(ctx, ev.Before)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		if shallow, err := g.isShallow(ctx); err != nil {
			return nil, "", err
		} else if shallow {
			return nil, "", errShallow
		}
		files, err := g.commitNames(ctx, ev.After)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("the commit before the push (%s) is not in the checkout, as after a force push: syncing only the files %s changed", short(ev.Before), short(ev.After)), nil
	}
	anc, err := g.isAncestor(ctx, ev.Before, ev.After)
	if err != nil {
		return nil, "", err
	}
	if anc {
		files, err := g.diffNames(ctx, ev.Before, ev.After)
		return files, "", err
	}
	base, err := g.mergeBase(ctx, ev.Before, ev.After)
	if err != nil {
		return nil, "", err
	}
	if base == "" {
		files, err := g.commitNames(ctx, ev.After)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("force push: %s and %s share no history: syncing only the files %s changed", short(ev.Before), short(ev.After), short(ev.After)), nil
	}
	files, err = g.diffNames(ctx, base, ev.After)
	if err != nil {
		return nil, "", err
	}
	return files, fmt.Sprintf("force push: %s is not an ancestor of %s: syncing the files changed since their merge base %s", short(ev.Before), short(ev.After), short(base)), nil
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

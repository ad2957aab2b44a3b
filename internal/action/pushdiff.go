package action

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/utils/merkletrie"
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

// gitRepo is the git working tree a push is diffed in. Its repository is
// read with go-git, in process: the objects, packs and shallow file
// directly, so the action's image needs no git binary.
//
// No safe.directory concern arises: that is a check of the git binary,
// which refuses a repository owned by another user (as the workspace the
// runner mounts into a container action is); go-git does not make it.
type gitRepo struct {
	dir string
}

// history is an open repository. Its commits are read through a storer
// that honours the shallow file as git does.
type history struct {
	repo    *git.Repository
	objects storer.EncodedObjectStorer
	shallow map[plumbing.Hash]bool
}

// open opens the repository whose working tree is g.dir. The directory
// itself must hold .git (a directory, or a file pointing at one): parents
// are not searched, so a workspace that is not a checkout is not mistaken
// for part of an enclosing repository.
func (g gitRepo) open(ctx context.Context) (*history, error) {
	repo, err := git.PlainOpenWithOptions(g.dir, &git.PlainOpenOptions{
		DetectDotGit: false,
		// Linked worktrees (git worktree add) keep their objects in the
		// main repository's directory, named by .git/commondir.
		EnableDotGitCommonDir: true,
	})
	if err != nil {
		return nil, err
	}
	list, err := repo.Storer.Shallow()
	if err != nil {
		return nil, fmt.Errorf("read the shallow list: %w", err)
	}
	shallow := make(map[plumbing.Hash]bool, len(list))
	for _, h := range list {
		shallow[h] = true
	}
	return &history{
		repo:    repo,
		objects: graftedStorer{EncodedObjectStorer: repo.Storer, ctx: ctx, shallow: shallow},
		shallow: shallow,
	}, nil
}

// close releases the files the repository keeps open.
func (h *history) close() {
	if c, ok := h.repo.Storer.(io.Closer); ok {
		_ = c.Close() // read only: nothing to lose
	}
}

// isShallow reports whether the repository is a shallow clone.
func (h *history) isShallow() bool {
	return len(h.shallow) > 0
}

// graftedStorer reads objects as git sees them in a shallow clone: the
// commits listed in the shallow file have no parents. git treats them as
// root commits in every walk; go-git's walks (IsAncestor, MergeBase) would
// otherwise stop with an error at a parent that was never fetched, or walk
// on into history git does not consider when that parent arrived through
// another ref. Each read also checks ctx, so that long walks end when the
// run is cancelled.
type graftedStorer struct {
	storer.EncodedObjectStorer
	ctx     context.Context
	shallow map[plumbing.Hash]bool
}

// EncodedObject returns the object named h, a shallow commit without its
// parents.
func (s graftedStorer) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	o, err := s.EncodedObjectStorer.EncodedObject(t, h)
	if err != nil || !s.shallow[h] || o.Type() != plumbing.CommitObject {
		return o, err
	}
	var c object.Commit
	if err := c.Decode(o); err != nil {
		return nil, fmt.Errorf("read shallow commit %s: %w", short(h.String()), err)
	}
	c.ParentHashes = nil
	grafted := &plumbing.MemoryObject{}
	if err := c.Encode(grafted); err != nil {
		return nil, fmt.Errorf("read shallow commit %s: %w", short(h.String()), err)
	}
	return graftedObject{EncodedObject: grafted, hash: h}, nil
}

// graftedObject is a rewritten commit that keeps its original name.
type graftedObject struct {
	plumbing.EncodedObject
	hash plumbing.Hash
}

func (o graftedObject) Hash() plumbing.Hash { return o.hash }

// commit returns the commit named by rev, a full object name, peeling
// annotated tags (a pushed tag's after is the tag object).
// plumbing.ErrObjectNotFound means the repository does not hold it: rev
// is malformed, unknown, or names a tree or blob.
func (h *history) commit(rev string) (*object.Commit, error) {
	if !plumbing.IsHash(rev) {
		return nil, plumbing.ErrObjectNotFound
	}
	o, err := object.GetObject(h.objects, plumbing.NewHash(rev))
	for err == nil {
		switch v := o.(type) {
		case *object.Commit:
			return v, nil
		case *object.Tag:
			o, err = v.Object()
		default:
			return nil, plumbing.ErrObjectNotFound
		}
	}
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, plumbing.ErrObjectNotFound
	}
	return nil, fmt.Errorf("read commit %s: %w", short(rev), err)
}

// diffNames lists the files added or modified from a to b (a nil a is the
// empty tree), sorted as git sorts paths. A rename is a deletion and an
// addition of the new name (no rename detection), so a moved minutes file
// syncs. As with git's --diff-filter=AM, a change of type (a file that
// becomes a symbolic link or a submodule) is neither; a change of the
// executable bit is a modification.
func (h *history) diffNames(ctx context.Context, a, b *object.Commit) ([]string, error) {
	var from *object.Tree
	if a != nil {
		t, err := a.Tree()
		if err != nil {
			return nil, fmt.Errorf("read the tree of %s: %w", short(a.Hash.String()), err)
		}
		from = t
	}
	to, err := b.Tree()
	if err != nil {
		return nil, fmt.Errorf("read the tree of %s: %w", short(b.Hash.String()), err)
	}
	changes, err := object.DiffTreeWithOptions(ctx, from, to, &object.DiffTreeOptions{DetectRenames: false})
	if err != nil {
		if a == nil {
			return nil, fmt.Errorf("list the files of %s: %w", short(b.Hash.String()), err)
		}
		return nil, fmt.Errorf("diff %s..%s: %w", short(a.Hash.String()), short(b.Hash.String()), err)
	}
	var files []string
	for _, c := range changes {
		action, err := c.Action()
		if err != nil {
			return nil, fmt.Errorf("diff %s: %w", c, err)
		}
		switch action {
		case merkletrie.Insert:
			files = append(files, c.To.Name)
		case merkletrie.Modify:
			if kind(c.From.TreeEntry.Mode) == kind(c.To.TreeEntry.Mode) {
				files = append(files, c.To.Name)
			}
		}
	}
	// Byte order of the full paths is git's order (a directory sorts as
	// its name followed by a slash).
	slices.Sort(files)
	return files, nil
}

// kind is the type of a tree entry in git's sense: a file (executable or
// not), a symbolic link or a submodule.
func kind(m filemode.FileMode) filemode.FileMode {
	switch m {
	case filemode.Regular, filemode.Executable, filemode.Deprecated:
		return filemode.Regular
	default:
		return m
	}
}

// commitNames lists the files a commit added or modified against its first
// parent, or every file of a root commit. A shallow boundary commit (its
// parents not fetched) is errShallow, since it would look like a root commit
// that adds everything; so is a commit whose parent is missing.
func (h *history) commitNames(ctx context.Context, c *object.Commit) ([]string, error) {
	if h.shallow[c.Hash] {
		return nil, errShallow
	}
	if c.NumParents() == 0 {
		return h.diffNames(ctx, nil, c)
	}
	parent, err := c.Parent(0)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, errShallow
	}
	if err != nil {
		return nil, fmt.Errorf("read the parent of %s: %w", short(c.Hash.String()), err)
	}
	return h.diffNames(ctx, parent, c)
}

// mergeBase returns the best common ancestor of a and b, nil when there is
// none. When there are several (criss-cross merges), it picks the most
// recently committed one, the first of them on a tie by name, so that the
// choice does not depend on the walk.
func mergeBase(a, b *object.Commit) (*object.Commit, error) {
	bases, err := a.MergeBase(b)
	if err != nil {
		return nil, fmt.Errorf("find the merge base of %s and %s: %w", short(a.Hash.String()), short(b.Hash.String()), err)
	}
	if len(bases) == 0 {
		return nil, nil
	}
	return slices.MinFunc(bases, func(x, y *object.Commit) int {
		if c := y.Committer.When.Compare(x.Committer.When); c != 0 {
			return c
		}
		return strings.Compare(x.Hash.String(), y.Hash.String())
	}), nil
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
	notHere := func(why string) error {
		return fmt.Errorf("the pushed commit %s is not in the workspace%s: check out the pushed ref with actions/checkout before this step", short(ev.After), why)
	}
	h, err := g.open(ctx)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, "", notHere(" (" + g.dir + " is not a git repository)")
	}
	if err != nil {
		return nil, "", fmt.Errorf("open the repository in %s: %w", g.dir, err)
	}
	defer h.close()
	after, err := h.commit(ev.After)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		if h.isShallow() {
			return nil, "", errShallow
		}
		return nil, "", notHere("")
	}
	if err != nil {
		return nil, "", err
	}
	if isZeroSHA(ev.Before) {
		files, err := h.commitNames(ctx, after)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("new branch %s: syncing the files its last commit %s changed", ev.Ref, short(ev.After)), nil
	}
	return h.sinceBefore(ctx, ev, after)
}

// sinceBefore finds the files changed from the push's before commit to
// after: the plain diff, or after a force push what after changed since the
// merge base (or, with no shared history, by itself).
func (h *history) sinceBefore(ctx context.Context, ev pushEvent, after *object.Commit) ([]string, string, error) {
	before, err := h.commit(ev.Before)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		if h.isShallow() {
			return nil, "", errShallow
		}
		files, err := h.commitNames(ctx, after)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("the commit before the push (%s) is not in the checkout, as after a force push: syncing only the files %s changed", short(ev.Before), short(ev.After)), nil
	}
	if err != nil {
		return nil, "", err
	}
	anc, err := before.IsAncestor(after)
	if err != nil {
		return nil, "", fmt.Errorf("walk the history of %s: %w", short(ev.After), err)
	}
	if anc {
		files, err := h.diffNames(ctx, before, after)
		return files, "", err
	}
	base, err := mergeBase(before, after)
	if err != nil {
		return nil, "", err
	}
	if base == nil {
		files, err := h.commitNames(ctx, after)
		if err != nil {
			return nil, "", err
		}
		return files, fmt.Sprintf("force push: %s and %s share no history: syncing only the files %s changed", short(ev.Before), short(ev.After), short(ev.After)), nil
	}
	files, err := h.diffNames(ctx, base, after)
	if err != nil {
		return nil, "", err
	}
	return files, fmt.Sprintf("force push: %s is not an ancestor of %s: syncing the files changed since their merge base %s", short(ev.Before), short(ev.After), short(base.Hash.String())), nil
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

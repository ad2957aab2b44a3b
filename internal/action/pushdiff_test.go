package action

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
)

// testRepo is a temporary git repository with real commits.
type testRepo struct {
	t   *testing.T
	dir string
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	r := &testRepo{t: t, dir: t.TempDir()}
	r.run("init", "-q", "-b", "main")
	r.run("config", "user.name", "Test")
	r.run("config", "user.email", "test@example.com")
	r.run("config", "commit.gpgsign", "false")
	return r
}

func (r *testRepo) run(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes the files (an empty content deletes the file) and commits
// them, returning the commit's SHA.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.run("add", "-A")
	r.run("commit", "-q", "--allow-empty", "-m", msg)
	return r.run("rev-parse", "HEAD")
}

const zeroSHA = "0000000000000000000000000000000000000000"

func TestGitPushChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// main: c1 -- c2 -- c3; side: c1 -- s1 (a rewrite of c2)
	r := newTestRepo(t)
	c1 := r.commit("first", map[string]string{"a-minutes.md": "a", "README.md": "r", "old/x-minutes.md": "x"})
	c2 := r.commit("second", map[string]string{"a-minutes.md": "a2", "b/2024-minutes.md": "b", "README.md": ""})
	c3 := r.commit("third", map[string]string{"c-minutes.md": "c"})
	r.run("mv", "old/x-minutes.md", "new-minutes.md")
	c4 := r.commit("rename", nil)
	r.run("checkout", "-q", "-b", "side", c1)
	s1 := r.commit("rewrite", map[string]string{"s-minutes.md": "s"})
	orphanRoot := func() string {
		r.run("checkout", "-q", "--orphan", "orphan")
		r.run("rm", "-rq", "--cached", ".")
		r.run("clean", "-fdq")
		return r.commit("orphan root", map[string]string{"o-minutes.md": "o"})
	}()
	r.run("tag", "-a", "v1", "-m", "v1", c3)
	tagObject := r.run("rev-parse", "v1")
	treeOfC1 := r.run("rev-parse", c1+"^{tree}")

	tests := []struct {
		name      string
		ev        pushEvent
		want      []string
		wantNote  string // a substring; "" means no note
		wantError error
	}{
		{
			name: "fast-forward lists added and modified, not deleted",
			ev:   pushEvent{Ref: "refs/heads/main", Before: c1, After: c3},
			want: []string{"a-minutes.md", "b/2024-minutes.md", "c-minutes.md"},
		},
		{
			name: "a rename counts as the new name",
			ev:   pushEvent{Ref: "refs/heads/main", Before: c3, After: c4},
			want: []string{"new-minutes.md"},
		},
		{
			name:     "new branch: the last commit against its parent",
			ev:       pushEvent{Ref: "refs/heads/side", Before: zeroSHA, After: s1, Created: true},
			want:     []string{"s-minutes.md"},
			wantNote: "new branch refs/heads/side",
		},
		{
			name:     "new branch from a root commit: every file",
			ev:       pushEvent{Ref: "refs/heads/orphan", Before: zeroSHA, After: orphanRoot, Created: true},
			want:     []string{"o-minutes.md"},
			wantNote: "new branch",
		},
		{
			name:     "force push: diff from the merge base",
			ev:       pushEvent{Ref: "refs/heads/main", Before: c3, After: s1, Forced: true},
			want:     []string{"s-minutes.md"},
			wantNote: "merge base " + c1[:12],
		},
		{
			name:     "force push with no shared history: the commit's own changes",
			ev:       pushEvent{Ref: "refs/heads/main", Before: c2, After: orphanRoot, Forced: true},
			want:     []string{"o-minutes.md"},
			wantNote: "share no history",
		},
		{
			name:     "force push whose before is unknown: the commit's own changes",
			ev:       pushEvent{Ref: "refs/heads/main", Before: "1234567890123456789012345678901234567890", After: c3, Forced: true},
			want:     []string{"c-minutes.md"},
			wantNote: "not in the checkout",
		},
		{
			name:     "new tag: the tagged commit against its parent",
			ev:       pushEvent{Ref: "refs/tags/v1", Before: zeroSHA, After: tagObject, Created: true},
			want:     []string{"c-minutes.md"},
			wantNote: "refs/tags/v1",
		},
		{
			name:     "before names a tree, not a commit: unknown, as to git",
			ev:       pushEvent{Ref: "refs/heads/main", Before: treeOfC1, After: c3, Forced: true},
			want:     []string{"c-minutes.md"},
			wantNote: "not in the checkout",
		},
		{
			name:     "malformed before: unknown",
			ev:       pushEvent{Ref: "refs/heads/main", Before: "not-a-sha", After: c3, Forced: true},
			want:     []string{"c-minutes.md"},
			wantNote: "not in the checkout",
		},
		{
			name:     "deleted ref: nothing",
			ev:       pushEvent{Ref: "refs/heads/gone", Before: c3, After: zeroSHA, Deleted: true},
			wantNote: "deleted refs/heads/gone",
		},
		{
			name:      "after missing",
			ev:        pushEvent{Ref: "refs/heads/main", Before: c1, After: "abcdefabcdefabcdefabcdefabcdefabcdefabcd"},
			wantError: errors.New("not in the workspace"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, note, err := pushChanges(ctx, gitRepo{dir: r.dir}, tt.ev)
			if tt.wantError != nil {
				if err == nil || !strings.Contains(err.Error(), tt.wantError.Error()) {
					t.Fatalf("pushChanges() error = %v, want one containing %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("pushChanges() error = %v", err)
			}
			checkPush(t, got, note, tt.want, tt.wantNote)
		})
	}
}

func TestGitPushChangesShallow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newTestRepo(t)
	c1 := src.commit("first", map[string]string{"a-minutes.md": "a"})
	c2 := src.commit("second", map[string]string{"b-minutes.md": "b"})
	c3 := src.commit("third", map[string]string{"c-minutes.md": "c"})
	// side: c1 -- s1, fetched only by clones of every branch.
	src.run("checkout", "-q", "-b", "side", c1)
	s1 := src.commit("side", map[string]string{"s-minutes.md": "s"})
	src.run("checkout", "-q", "main")

	clone := func(args ...string) string {
		dst := filepath.Join(t.TempDir(), "clone")
		src.run(append(append([]string{"clone", "-q"}, args...), "file://"+src.dir, dst)...)
		return dst
	}
	depth1, depth2 := clone("--depth", "1"), clone("--depth", "2")
	// Every branch at depth 2: c3, c2 and s1, c1; both c2 and c1 are in the
	// shallow list, so c1 is present but, to git, not c2's parent.
	all2 := clone("--depth", "2", "--no-single-branch")

	tests := []struct {
		name     string
		dir      string
		ev       pushEvent
		want     []string
		wantErr  error
		wantNote string
	}{
		{"depth 1, before missing", depth1, pushEvent{Before: c2, After: c3}, nil, errShallow, ""},
		{"depth 1, new branch at a boundary commit", depth1, pushEvent{Before: zeroSHA, After: c3, Created: true}, nil, errShallow, ""},
		{"depth 1, force push with before missing", depth1, pushEvent{Before: c1, After: c3, Forced: true}, nil, errShallow, ""},
		{"depth 1, after missing", depth1, pushEvent{Before: c2, After: s1}, nil, errShallow, ""},
		{"depth 2 is enough for one commit", depth2, pushEvent{Before: c2, After: c3}, []string{"c-minutes.md"}, nil, ""},
		{"depth 2, two commits pushed", depth2, pushEvent{Before: c1, After: c3}, nil, errShallow, ""},
		// git treats a shallow commit as a root even when its parent
		// arrived through another branch: c1 is not an ancestor of c3 and
		// the two share no history, so only c3's own change is synced,
		// exactly as git merge-base says.
		{"depth 2, every branch, before below the boundary", all2, pushEvent{Before: c1, After: c3}, []string{"c-minutes.md"}, nil, "share no history"},
		{"depth 2, every branch, force push across the boundary", all2, pushEvent{Before: s1, After: c3, Forced: true}, []string{"c-minutes.md"}, nil, "share no history"},
		{"depth 2, every branch, new branch at a boundary commit", all2, pushEvent{Before: zeroSHA, After: c2, Created: true}, nil, errShallow, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, note, err := pushChanges(ctx, gitRepo{dir: tt.dir}, tt.ev)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("pushChanges() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pushChanges() files (-want +got):\n%s", diff)
			}
			if !strings.Contains(note, tt.wantNote) {
				t.Errorf("pushChanges() note = %q, want one containing %q", note, tt.wantNote)
			}
		})
	}
	if !strings.Contains(errShallow.Error(), "fetch-depth: 0") {
		t.Errorf("errShallow = %q, want it to say what to set", errShallow)
	}
}

func TestGitIsZeroSHA(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{zeroSHA: true, "": true, "0a00": false, "abc": false} {
		if got := isZeroSHA(s); got != want {
			t.Errorf("isZeroSHA(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestGitDiffNamesMatchesGit compares the files go-git finds between every
// two commits of a repository full of awkward changes with what
// git diff --name-only --no-renames --diff-filter=AM says, order included.
func TestGitDiffNamesMatchesGit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newTestRepo(t)
	var commits []string
	commitIndex := func(msg string) {
		r.run("commit", "-q", "--allow-empty", "-m", msg)
		commits = append(commits, r.run("rev-parse", "HEAD"))
	}
	write := func(name, content string) {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(name string) {
		if err := os.RemoveAll(filepath.Join(r.dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, name string) {
		remove(name)
		if err := os.Symlink(target, filepath.Join(r.dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	// Paths whose git order differs from a walk of names ("a" before
	// "a-b.md" before "a.md" before "a/", a space, non-ASCII).
	for _, f := range []string{"a.md", "a/x.md", "a-b.md", "ab.md", "dir/f-minutes.md", "sp ace.md", "ünï-minutes.md", "x.sh", "t.md", "fd", "df/inner.md"} {
		write(f, f)
	}
	r.run("add", "-A")
	commitIndex("root")

	// Executable bit (a modification); a delete; a rename; a content change.
	if err := os.Chmod(filepath.Join(r.dir, "x.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	remove("a-b.md")
	r.run("mv", "dir/f-minutes.md", "g-minutes.md")
	write("a/x.md", "changed")
	r.run("add", "-A")
	commitIndex("mode, delete, rename, edit")

	// A file becomes a symbolic link (a change of type, not listed); a file
	// becomes a directory and a directory a file.
	symlink("a.md", "t.md")
	remove("fd")
	write("fd/inner.md", "now a directory")
	remove("df")
	write("df", "now a file")
	r.run("add", "-A")
	commitIndex("type changes")

	// A submodule appears (a gitlink entry, no checkout of it needed).
	r.run("update-index", "--add", "--cacheinfo", "160000,"+commits[0]+",sub")
	commitIndex("add submodule")

	// The submodule moves to another commit; the link becomes a file again.
	r.run("update-index", "--cacheinfo", "160000,"+commits[1]+",sub")
	remove("t.md")
	write("t.md", "a file again")
	r.run("add", "t.md")
	commitIndex("move submodule")

	// The submodule becomes a file; a symbolic link is added.
	r.run("update-index", "--force-remove", "sub")
	write("sub", "a file")
	symlink("x.sh", "new-link")
	r.run("add", "sub", "new-link")
	commitIndex("submodule to file")

	h, err := gitRepo{dir: r.dir}.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	commit := func(sha string) *object.Commit {
		c, err := h.commit(sha)
		if err != nil {
			t.Fatalf("commit(%s): %v", sha, err)
		}
		return c
	}
	gitNames := func(args ...string) []string {
		var out []string
		for _, f := range strings.Split(r.run(args...), "\x00") {
			if f != "" {
				out = append(out, f)
			}
		}
		return out
	}

	want := gitNames("diff-tree", "--root", "--no-commit-id", "--name-only", "--no-renames", "--diff-filter=AM", "-r", "-z", commits[0])
	got, err := h.diffNames(ctx, nil, commit(commits[0]))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("root commit (-git +go-git):\n%s", diff)
	}
	for i, a := range commits {
		for j, b := range commits {
			if i == j {
				continue
			}
			want := gitNames("diff", "--name-only", "--no-renames", "--diff-filter=AM", "-z", a, b, "--")
			got, err := h.diffNames(ctx, commit(a), commit(b))
			if err != nil {
				t.Fatalf("diffNames(%d, %d): %v", i, j, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("commits %d..%d (-git +go-git):\n%s", i, j, diff)
			}
		}
	}
}

func TestGitPushChangesMerge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// main: m1 -- m2 -- M; side: m1 -- s1 -- s2, merged into main by M.
	r := newTestRepo(t)
	m1 := r.commit("first", map[string]string{"a-minutes.md": "a"})
	r.run("checkout", "-q", "-b", "side")
	s1 := r.commit("side one", map[string]string{"s-minutes.md": "s"})
	s2 := r.commit("side two", map[string]string{"s-minutes.md": "s2"})
	r.run("checkout", "-q", "main")
	m2 := r.commit("main", map[string]string{"m-minutes.md": "m"})
	r.run("merge", "-q", "--no-ff", "-m", "merge", "side")
	merge := r.run("rev-parse", "HEAD")
	// main': m2 -- n1, a rewrite of the merge.
	r.run("checkout", "-q", "-b", "rewrite", m2)
	n1 := r.commit("rewrite", map[string]string{"n-minutes.md": "n"})

	tests := []struct {
		name     string
		ev       pushEvent
		want     []string
		wantNote string
	}{
		{"before on the merged side", pushEvent{Before: s1, After: merge}, []string{"m-minutes.md", "s-minutes.md"}, ""},
		{"before on the first parent", pushEvent{Before: m2, After: merge}, []string{"s-minutes.md"}, ""},
		{"before below both parents", pushEvent{Before: m1, After: merge}, []string{"m-minutes.md", "s-minutes.md"}, ""},
		{"new branch at a merge: against the first parent", pushEvent{Ref: "refs/heads/x", Before: zeroSHA, After: merge}, []string{"s-minutes.md"}, "new branch"},
		{"force push over a merge", pushEvent{Before: merge, After: n1, Forced: true}, []string{"n-minutes.md"}, "merge base " + m2[:12]},
		{"force push from the side branch", pushEvent{Before: s2, After: n1, Forced: true}, []string{"m-minutes.md", "n-minutes.md"}, "merge base " + m1[:12]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, note, err := pushChanges(ctx, gitRepo{dir: r.dir}, tt.ev)
			if err != nil {
				t.Fatalf("pushChanges() error = %v", err)
			}
			checkPush(t, got, note, tt.want, tt.wantNote)
		})
	}
}

func TestGitPushChangesWorkspaces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newTestRepo(t)
	c1 := r.commit("first", map[string]string{"a-minutes.md": "a"})
	c2 := r.commit("second", map[string]string{"b-minutes.md": "b"})
	ev := pushEvent{Ref: "refs/heads/main", Before: c1, After: c2}

	t.Run("linked worktree", func(t *testing.T) {
		t.Parallel()
		wt := filepath.Join(t.TempDir(), "wt")
		r.run("worktree", "add", "-q", "--detach", wt, c2)
		got, _, err := pushChanges(ctx, gitRepo{dir: wt}, ev)
		if err != nil {
			t.Fatalf("pushChanges() error = %v", err)
		}
		if diff := cmp.Diff([]string{"b-minutes.md"}, got); diff != "" {
			t.Errorf("pushChanges() files (-want +got):\n%s", diff)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		_, _, err := pushChanges(ctx, gitRepo{dir: dir}, ev)
		if err == nil || !strings.Contains(err.Error(), "not in the workspace") || !strings.Contains(err.Error(), "not a git repository") {
			t.Fatalf("pushChanges() error = %v, want one saying the workspace is not a git repository", err)
		}
	})
	t.Run("a subdirectory of a repository is not one", func(t *testing.T) {
		t.Parallel()
		sub := filepath.Join(r.dir, "nested")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		_, _, err := pushChanges(ctx, gitRepo{dir: sub}, ev)
		if err == nil || !strings.Contains(err.Error(), "not a git repository") {
			t.Fatalf("pushChanges() error = %v, want one saying the workspace is not a git repository", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, err := pushChanges(ctx, gitRepo{dir: r.dir}, ev)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("pushChanges() error = %v, want context.Canceled", err)
		}
	})
}

// TestGitPushChangesWithoutGitBinary runs the push diff with no git on
// PATH, as in the distroless image. Not parallel: it changes PATH, which
// the fixtures of the other tests need.
func TestGitPushChangesWithoutGitBinary(t *testing.T) {
	ctx := context.Background()
	src := newTestRepo(t)
	c1 := src.commit("first", map[string]string{"a-minutes.md": "a"})
	c2 := src.commit("second", map[string]string{"b-minutes.md": "b", "a-minutes.md": "a2"})
	shallow := filepath.Join(t.TempDir(), "shallow")
	src.run("clone", "-q", "--depth", "1", "file://"+src.dir, shallow)
	// Pack the objects too, so that packs are read as well as loose objects.
	packed := filepath.Join(t.TempDir(), "packed")
	src.run("clone", "-q", "--no-local", src.dir, packed)
	src.run("-C", packed, "gc", "-q")

	t.Setenv("PATH", t.TempDir())
	if p, err := exec.LookPath("git"); err == nil {
		t.Fatalf("git still found at %s", p)
	}
	for _, dir := range []string{src.dir, packed} {
		got, _, err := pushChanges(ctx, gitRepo{dir: dir}, pushEvent{Before: c1, After: c2})
		if err != nil {
			t.Fatalf("pushChanges(%s) error = %v", dir, err)
		}
		if diff := cmp.Diff([]string{"a-minutes.md", "b-minutes.md"}, got); diff != "" {
			t.Errorf("pushChanges(%s) files (-want +got):\n%s", dir, diff)
		}
	}
	if _, _, err := pushChanges(ctx, gitRepo{dir: shallow}, pushEvent{Before: c1, After: c2}); !errors.Is(err, errShallow) {
		t.Errorf("pushChanges(shallow) error = %v, want %v", err, errShallow)
	}
}

// checkPush compares what pushChanges found with what a case wants: the
// files exactly, and a note containing wantNote (none when wantNote is "").
func checkPush(t *testing.T, got []string, note string, want []string, wantNote string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pushChanges() files (-want +got):\n%s", diff)
	}
	if wantNote == "" && note != "" || !strings.Contains(note, wantNote) {
		t.Errorf("pushChanges() note = %q, want one containing %q", note, wantNote)
	}
}

package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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

func TestPushChanges(t *testing.T) {
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
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pushChanges() files (-want +got):\n%s", diff)
			}
			if tt.wantNote == "" && note != "" || !strings.Contains(note, tt.wantNote) {
				t.Errorf("pushChanges() note = %q, want one containing %q", note, tt.wantNote)
			}
		})
	}
}

func TestPushChangesShallow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newTestRepo(t)
	c1 := src.commit("first", map[string]string{"a-minutes.md": "a"})
	c2 := src.commit("second", map[string]string{"b-minutes.md": "b"})
	c3 := src.commit("third", map[string]string{"c-minutes.md": "c"})

	clone := func(depth string) string {
		dst := filepath.Join(t.TempDir(), "clone")
		src.run("clone", "-q", "--depth", depth, "file://"+src.dir, dst)
		return dst
	}
	depth1, depth2 := clone("1"), clone("2")

	tests := []struct {
		name    string
		dir     string
		ev      pushEvent
		want    []string
		wantErr error
	}{
		{"depth 1, before missing", depth1, pushEvent{Before: c2, After: c3}, nil, errShallow},
		{"depth 1, new branch at a boundary commit", depth1, pushEvent{Before: zeroSHA, After: c3, Created: true}, nil, errShallow},
		{"depth 1, force push with before missing", depth1, pushEvent{Before: c1, After: c3, Forced: true}, nil, errShallow},
		{"depth 2 is enough for one commit", depth2, pushEvent{Before: c2, After: c3}, []string{"c-minutes.md"}, nil},
		{"depth 2, two commits pushed", depth2, pushEvent{Before: c1, After: c3}, nil, errShallow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, _, err := pushChanges(ctx, gitRepo{dir: tt.dir}, tt.ev)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("pushChanges() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pushChanges() files (-want +got):\n%s", diff)
			}
		})
	}
	if !strings.Contains(errShallow.Error(), "fetch-depth: 0") {
		t.Errorf("errShallow = %q, want it to say what to set", errShallow)
	}
}

func TestIsZeroSHA(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{zeroSHA: true, "": true, "0a00": false, "abc": false} {
		if got := isZeroSHA(s); got != want {
			t.Errorf("isZeroSHA(%q) = %v, want %v", s, got, want)
		}
	}
}

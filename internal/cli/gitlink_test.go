package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/minutes-sync/minutes-sync/minutes"
)

func TestParseRemote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		remote, server, repo string
		ok                   bool
	}{
		{"https://github.com/acme/meetings.git", "https://github.com", "acme/meetings", true},
		{"https://github.com/acme/meetings", "https://github.com", "acme/meetings", true},
		{"git@github.com:acme/meetings.git", "https://github.com", "acme/meetings", true},
		{"ssh://git@github.example.com/acme/meetings", "https://github.example.com", "acme/meetings", true},
		{"/srv/git/meetings.git", "", "", false},
		{"https://github.com/acme", "", "", false},
	}
	for _, tt := range tests {
		server, repo, ok := parseRemote(tt.remote)
		if server != tt.server || repo != tt.repo || ok != tt.ok {
			t.Errorf("parseRemote(%q) = %q, %q, %v; want %q, %q, %v", tt.remote, server, repo, ok, tt.server, tt.repo, tt.ok)
		}
	}
}

// clone makes a git checkout with an origin remote and one commit holding
// meetings/2025-01-15-minutes.md, and returns the file's path and the commit.
func clone(t *testing.T, origin string) (file, sha string) {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if origin != "" {
		if _, err := r.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{origin}}); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, "meetings", "2025-01-15-minutes.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	wt, _ := r.Worktree()
	if _, err := wt.Add("meetings/2025-01-15-minutes.md"); err != nil {
		t.Fatal(err)
	}
	h, err := wt.Commit("minutes", &git.CommitOptions{Author: &object.Signature{Name: "T", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	return file, h.String()
}

// From a clone, notes link to the file at the checked-out commit on GitHub.
func TestLinksToThePermalink(t *testing.T) {
	t.Parallel()
	file, sha := clone(t, "git@github.com:acme/meetings.git")
	m := &minutes.Meeting{File: file}
	got := (&linker{}).link()(m, "cna")
	if want := "https://github.com/acme/meetings/blob/" + sha + "/meetings/2025-01-15-minutes.md#cna"; got != want {
		t.Errorf("link = %s, want %s", got, want)
	}
	got = (&linker{repo: "other/notes"}).link()(m, "")
	if want := "https://github.com/other/notes/blob/" + sha + "/meetings/2025-01-15-minutes.md"; got != want {
		t.Errorf("link with --repo = %s, want %s", got, want)
	}
	got = (&linker{}).link()(&minutes.Meeting{File: "elsewhere/x.md"}, "a")
	if got != "elsewhere/x.md#a" {
		t.Errorf("link outside a checkout = %s, want the path", got)
	}
	if _, _, err := runCLI(t, nil, "plan", "--offline", "--config", "none.yml", file); err != nil {
		t.Errorf("plan from a clone: %v", err)
	}
}

// Apply refuses to write notes whose links are file paths, unless
// --minutes-url says how to link.
func TestApplyRefusesPathLinks(t *testing.T) {
	t.Parallel()
	environ := map[string]string{"GH_TOKEN": "t", "GITHUB_GRAPHQL_URL": "http://127.0.0.1:1/graphql"}
	noOrigin, _ := clone(t, "")
	for _, file := range []string{noOrigin, filepath.Join(t.TempDir(), "2025-01-15-minutes.md")} {
		_, _, err := runCLI(t, environ, "apply", "--config", "none.yml", file)
		if err == nil || !strings.Contains(err.Error(), "--minutes-url") {
			t.Errorf("apply %s: %v; want it refused, naming --minutes-url", file, err)
		}
	}
}

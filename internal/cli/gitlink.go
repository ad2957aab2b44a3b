package cli

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/minutes"
)

// checkout is where a minutes file sits in a git checkout: the repository
// on GitHub its origin remote names, the checked-out commit, and the file's
// path in the repository.
type checkout struct {
	server string // https://github.com, or a GHES address
	repo   string // owner/name
	sha    string // HEAD
	root   string // the working tree, absolute
}

// findCheckout opens the git repository holding file (searching parent
// folders) and reads its origin and HEAD. repo, when not empty, overrides
// the origin's owner/name (--repo).
func findCheckout(file, repo string) (checkout, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return checkout{}, err
	}
	r, err := git.PlainOpenWithOptions(filepath.Dir(abs), &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return checkout{}, fmt.Errorf("%s is not in a git checkout: %w", file, err)
	}
	wt, err := r.Worktree()
	if err != nil {
		return checkout{}, fmt.Errorf("%s: %w", file, err)
	}
	head, err := r.Head()
	if err != nil {
		return checkout{}, fmt.Errorf("%s: no commit checked out: %w", file, err)
	}
	c := checkout{server: "https://github.com", repo: repo, sha: head.Hash().String(), root: wt.Filesystem.Root()}
	if remote, err := r.Remote("origin"); err == nil && len(remote.Config().URLs) > 0 {
		server, name, ok := parseRemote(remote.Config().URLs[0])
		if ok {
			c.server = server
			if c.repo == "" {
				c.repo = name
			}
		}
	}
	if c.repo == "" {
		return checkout{}, fmt.Errorf("%s: the checkout has no GitHub origin remote; say which repository it is with --repo OWNER/NAME", file)
	}
	return c, nil
}

// parseRemote reads a remote's address, in any of the forms git takes
// (https://host/o/r.git, git@host:o/r.git, ssh://git@host/o/r), as the
// server's web address and owner/name.
func parseRemote(remote string) (server, repo string, ok bool) {
	host, path := "", ""
	if u, err := url.Parse(remote); err == nil && u.Host != "" {
		host, path = u.Hostname(), u.Path
	} else if at := strings.Index(remote, "@"); at >= 0 {
		h, p, found := strings.Cut(remote[at+1:], ":")
		if !found {
			return "", "", false
		}
		host, path = h, p
	} else {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(strings.TrimSuffix(path, ".git"), "/"), "/")
	if host == "" || len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return "https://" + host, parts[0] + "/" + parts[1], true
}

// linker links notes back to the minutes from a laptop: with --minutes-url,
// that template; else the permalink of each file at the checked-out commit
// of its repository on GitHub. A file outside any such checkout links to its
// path, which apply refuses (a later run could not fix such links).
type linker struct {
	tmpl     string // --minutes-url
	repo     string // --repo
	getenv   func(string) string
	checkout map[string]checkout // by folder
	problems []error             // files that cannot have a permalink
}

// link returns the function the pipeline links with.
func (l *linker) link() func(m *minutes.Meeting, anchor string) string {
	if l.tmpl != "" {
		return minutesLink(l.tmpl, l.getenv)
	}
	return func(m *minutes.Meeting, anchor string) string {
		c, err := l.find(m.File)
		if err != nil {
			if anchor == "" {
				return m.File
			}
			return m.File + "#" + anchor
		}
		abs, _ := filepath.Abs(m.File)
		rel, _ := filepath.Rel(c.root, abs)
		return pipeline.Link("{server}/{repo}/blob/{sha}/{path}#{anchor}", pipeline.LinkValues{Server: c.server, Repo: c.repo, SHA: c.sha})(
			&minutes.Meeting{File: filepath.ToSlash(rel)}, anchor)
	}
}

// find returns the checkout of a file, looked up once per folder.
func (l *linker) find(file string) (checkout, error) {
	dir := filepath.Dir(file)
	if c, ok := l.checkout[dir]; ok {
		return c, nil
	}
	c, err := findCheckout(file, l.repo)
	if err != nil {
		l.problems = append(l.problems, err)
		return c, err
	}
	if l.checkout == nil {
		l.checkout = map[string]checkout{}
	}
	l.checkout[dir] = c
	return c, nil
}

// check says, before an apply, which files would be linked by path: each
// cannot be linked from a board. It is nil with --minutes-url, which says
// explicitly how to link.
func (l *linker) check(files []string) error {
	if l.tmpl != "" {
		return nil
	}
	var errs []error
	for _, f := range files {
		if _, err := l.find(f); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("apply: notes must link back to the minutes on GitHub, and %w\n(run from a clone of the minutes' repository, or give --minutes-url, e.g. https://github.com/OWNER/REPO/blob/main/{path}#{anchor})", errors.Join(errs...))
	}
	return nil
}

// repoOf is the minutes' repository, owner/name: --repo, else the origin of
// the first file's checkout; "" when neither is known.
func (l *linker) repoOf(files []string) string {
	if l.repo != "" || len(files) == 0 {
		return l.repo
	}
	c, err := l.find(files[0])
	if err != nil {
		return ""
	}
	return c.repo
}

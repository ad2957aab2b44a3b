package action

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Globs name files relative to the repository root with "/" separators, in
// the syntax of github.com/bmatcuk/doublestar: "*" and "?" within a segment,
// "**" for any number of directories (none included), "[ab]" classes and
// "{a,b}" alternatives. A pattern without "/" matches in the root only:
// "**/x.md" matches everywhere.

// checkGlob reports a pattern that is not valid or escapes the repository.
func checkGlob(p string) error {
	clean := strings.TrimPrefix(p, "./")
	if clean == "" {
		return errors.New("empty glob")
	}
	if strings.HasPrefix(clean, "/") {
		return fmt.Errorf("glob %q must be relative to the repository root", p)
	}
	if slices.Contains(strings.Split(clean, "/"), "..") {
		return fmt.Errorf("glob %q leaves the repository", p)
	}
	if !doublestar.ValidatePattern(clean) {
		return fmt.Errorf("glob %q: %w", p, doublestar.ErrBadPattern)
	}
	return nil
}

// matchGlob reports whether the repository-relative name matches pattern.
func matchGlob(pattern, name string) bool {
	ok, _ := doublestar.Match(strings.TrimPrefix(pattern, "./"), strings.TrimPrefix(name, "./"))
	return ok
}

// matchAny reports whether name matches one of the patterns.
func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if matchGlob(p, name) {
			return true
		}
	}
	return false
}

// filterGlobs keeps the names that match one of the patterns, in order.
func filterGlobs(patterns, names []string) []string {
	var out []string
	for _, n := range names {
		if matchAny(patterns, n) {
			out = append(out, n)
		}
	}
	return out
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[{\`) }

// findFiles lists the regular files under root that match the patterns,
// repository-relative, sorted; .git is skipped. A pattern without
// wildcards names a file that must exist.
func findFiles(root string, patterns []string) ([]string, error) {
	var errs []error
	var globs []string
	found := map[string]bool{}
	for _, p := range patterns {
		if hasMeta(p) {
			globs = append(globs, p)
			continue
		}
		name := path.Clean(strings.TrimPrefix(p, "./"))
		fi, err := fs.Stat(os.DirFS(root), name)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: no such file in the workspace", name))
		case !fi.Mode().IsRegular():
			errs = append(errs, fmt.Errorf("%s: not a regular file", name))
		default:
			found[name] = true
		}
	}
	if len(globs) > 0 {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && matchAny(globs, rel) {
				found[rel] = true
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("list files: %w", err))
		}
	}
	out := make([]string, 0, len(found))
	for n := range found {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, errors.Join(errs...)
}

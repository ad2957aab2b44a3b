// Package layout holds the checks that keep the code in the shape the
// README's "How the code is laid out" describes: data flows one way (main ->
// action | cli -> pipeline -> sync -> sync/github), the core knows no
// network or files, and functions stay short.
package layout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/minutes-sync/minutes-sync"

// maxFuncLines is the longest function outside tests and the fake of
// GitHub: a longer one is two ideas.
const maxFuncLines = 60

// root is the module's root, from this package's folder.
const root = "../.."

// sources parses every non-test Go file of the module, by package folder
// (slash-separated, relative to the root).
func sources(t *testing.T) map[string][]*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkgs[filepath.ToSlash(rel)] = append(pkgs[filepath.ToSlash(rel)], f)
		lines[f] = func(n ast.Node) (string, int) {
			s, e := fset.Position(n.Pos()), fset.Position(n.End())
			return s.Filename + ":" + strconv.Itoa(s.Line), e.Line - s.Line + 1
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// lines tells, for a node of a parsed file, where it starts and how many
// lines it spans.
var lines = map[*ast.File]func(ast.Node) (string, int){}

func imports(files []*ast.File) []string {
	var out []string
	for _, f := range files {
		for _, i := range f.Imports {
			p, _ := strconv.Unquote(i.Path.Value)
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func TestOnlyMainAtTheRoot(t *testing.T) {
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && e.Name() != "main.go" {
			t.Errorf("%s is a Go file at the root: only main.go lives there", e.Name())
		}
	}
}

func TestFunctionsAreShort(t *testing.T) {
	for dir, files := range sources(t) {
		if dir == "sync/githubtest" {
			continue // the fake of GitHub resolves GraphQL in long, flat switches
		}
		for _, f := range files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if at, n := lines[f](fd); n > maxFuncLines {
					t.Errorf("%s: %s is %d lines; split it (at most %d)", at, fd.Name.Name, n, maxFuncLines)
				}
			}
		}
	}
}

// TestDependenciesFlowOneWay checks the imports between the project's
// packages, and that the core reads no network and no files: the pure
// packages import no net/http, oauth2 or os (fmt, which they use, imports
// os itself, so "go list -deps" would always list it; what matters is that
// the core does not use it).
func TestDependenciesFlowOneWay(t *testing.T) {
	pkgs := sources(t)
	allowed := map[string][]string{
		".":                 {"internal/action", "internal/cli", "internal/pipeline"},
		"internal/action":   {"internal/pipeline", "internal/logsafe", "minutes", "sync", "sync/github"},
		"internal/cli":      {"internal/pipeline", "minutes", "sync", "sync/github"},
		"internal/pipeline": {"minutes", "sync"},
		"sync":              {"minutes"},
		"sync/github":       {"minutes", "sync"},
		"minutes":           {},
	}
	pure := []string{"sync", "minutes"}
	forbidden := []string{"net/http", "golang.org/x/oauth2", "os", "os/exec", "net"}
	for dir, files := range pkgs {
		ok, known := allowed[dir]
		for _, imp := range imports(files) {
			if slices.Contains(pure, dir) && slices.Contains(forbidden, imp) {
				t.Errorf("package %s imports %s: the core reads no network and no files", dir, imp)
			}
			own, isOwn := strings.CutPrefix(imp, module+"/")
			if !isOwn || !known {
				continue
			}
			if !slices.Contains(ok, own) {
				t.Errorf("package %s imports %s: dependencies flow main -> action | cli -> pipeline -> sync -> sync/github", dir, own)
			}
		}
	}
}

package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// workspace makes a root with a minutes file and, beside it (outside the
// root), a secret file.
func workspace(t *testing.T) (root, outside string) {
	t.Helper()
	dir := t.TempDir()
	root = filepath.Join(dir, "ws")
	if err := os.MkdirAll(filepath.Join(root, "meetings"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "meetings", "2025-01-01-minutes.md"), "# Minutes 2025-01-01\n")
	outside = filepath.Join(dir, "secret.md")
	write(t, outside, "# Secret 2025-01-01\n")
	return root, outside
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func TestFilesReadsOnlyRegularFilesInsideTheRoot(t *testing.T) {
	t.Parallel()
	root, outside := workspace(t)
	symlink(t, outside, filepath.Join(root, "meetings", "out-minutes.md"))
	symlink(t, "../"+filepath.Base(filepath.Dir(root))+"/secret.md", filepath.Join(root, "meetings", "rel-minutes.md"))
	symlink(t, "/dev/zero", filepath.Join(root, "meetings", "zero-minutes.md"))
	symlink(t, "2025-01-01-minutes.md", filepath.Join(root, "meetings", "alias-minutes.md"))
	if err := syscall.Mkfifo(filepath.Join(root, "meetings", "fifo-minutes.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "meetings", "dir-minutes.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    string
		wantErr string // "" reads the file
	}{
		{"a plain file", "meetings/2025-01-01-minutes.md", ""},
		{"a link to a file inside the root", "meetings/alias-minutes.md", ""},
		{"a link out of the root", "meetings/out-minutes.md", "cannot open"},
		{"a relative link out of the root", "meetings/rel-minutes.md", "cannot open"},
		{"a link to a device", "meetings/zero-minutes.md", "cannot open"},
		{"a named pipe", "meetings/fifo-minutes.md", "not a regular file (a named pipe)"},
		{"a directory", "meetings/dir-minutes.md", "is a directory"},
		{"a name that climbs out", "../secret.md", "cannot open"},
		{"a missing file", "meetings/nope.md", "cannot open"},
	}
	f := Files{Root: root}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := f.Read(context.Background(), tt.file)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Read(%s) = %v, want the file", tt.file, err)
			case tt.wantErr == "" && !strings.HasPrefix(string(b), "# Minutes"):
				t.Fatalf("Read(%s) = %q, want the minutes", tt.file, b)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Read(%s) = %q, %v; want an error containing %q", tt.file, b, err, tt.wantErr)
			}
		})
	}
}

func TestFilesReadsNoMoreThanTheParserTakes(t *testing.T) {
	t.Parallel()
	root, _ := workspace(t)
	write(t, filepath.Join(root, "big.md"), strings.Repeat("x", 3*minutes.MaxFileSize))
	b, err := Files{Root: root}.Read(context.Background(), "big.md")
	if err != nil || len(b) != minutes.MaxFileSize+1 {
		t.Fatalf("Read = %d bytes, %v; want %d (one more than the parser takes)", len(b), err, minutes.MaxFileSize+1)
	}
}

func TestFilesWithoutARootReadPathsAsGiven(t *testing.T) {
	t.Parallel()
	root, outside := workspace(t)
	b, err := Files{}.Read(context.Background(), outside)
	if err != nil || !strings.HasPrefix(string(b), "# Secret") {
		t.Fatalf("Read(%s) = %q, %v; want the file", outside, b, err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Files{}).Read(context.Background(), filepath.Join(root, "fifo.md")); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("Read(fifo) = %v, want it refused without waiting for a writer", err)
	}
}

func TestFilesConfig(t *testing.T) {
	t.Parallel()
	root, outside := workspace(t)
	ctx := context.Background()
	if c, err := (Files{Root: root, ConfigPath: ".github/minutes-sync.yml"}).Config(ctx); err != nil || c == nil {
		t.Fatalf("missing configuration: %v, want the defaults", err)
	}
	if err := os.MkdirAll(filepath.Join(root, ".github"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, outside, "mentions: true\n")
	symlink(t, outside, filepath.Join(root, ".github", "out.yml"))
	symlink(t, "/dev/zero", filepath.Join(root, ".github", "zero.yml"))
	for _, name := range []string{".github/out.yml", ".github/zero.yml"} {
		if _, err := (Files{Root: root, ConfigPath: name}).Config(ctx); err == nil || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Config(%s) = %v, want it refused", name, err)
		}
	}
	write(t, filepath.Join(root, ".github", "minutes-sync.yml"), "mentions: true\n")
	c, err := Files{Root: root, ConfigPath: ".github/minutes-sync.yml"}.Config(ctx)
	if err != nil || !c.Mentions {
		t.Fatalf("Config = %+v, %v; want mentions on", c, err)
	}
}

func TestFilesConfigMissingFileIsDefault(t *testing.T) {
	t.Parallel()
	c, err := Files{ConfigPath: filepath.Join(t.TempDir(), "none.yml")}.Config(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sync.DefaultConfig(), c, cmp.AllowUnexported(sync.Config{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.yml"), []byte("routes: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Files{ConfigPath: filepath.Join(dir, "c.yml")}).Config(context.Background()); err == nil || !strings.Contains(err.Error(), "c.yml:1: routes must be a list") {
		t.Errorf("err = %v", err)
	}
}

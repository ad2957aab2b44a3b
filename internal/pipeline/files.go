package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// maxConfigSize bounds the configuration file; real ones are a few lines.
const maxConfigSize = 1 << 20

// Files is a Source of minutes files on disk.
//
// With a Root (the action's workspace), names are relative to it and are
// opened through an os.Root: a symbolic link may point elsewhere inside the
// root, never outside it. Without one (the command line), names are paths
// as given. Either way only regular files are read (not a FIFO or a device,
// which could hang the run or never end), and no more than the parser
// accepts.
type Files struct {
	Root       string   // "" for paths as given
	Names      []string // the minutes files
	ConfigPath string   // the configuration file, under Root; "" for none
}

// List returns the names.
func (f Files) List(context.Context) ([]string, error) { return f.Names, nil }

// Read reads one minutes file, at most one byte over minutes.MaxFileSize
// (the parser then says it is too large).
func (f Files) Read(_ context.Context, name string) ([]byte, error) {
	return f.read(name, minutes.MaxFileSize+1)
}

// Config reads the configuration file; a missing file gives the defaults.
func (f Files) Config(context.Context) (*sync.Config, error) {
	if f.ConfigPath == "" {
		return sync.DefaultConfig(), nil
	}
	b, err := f.read(f.ConfigPath, maxConfigSize+1)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sync.DefaultConfig(), nil
	case err != nil:
		return nil, fmt.Errorf("read config %s: %w", f.ConfigPath, err)
	case len(b) > maxConfigSize:
		return nil, fmt.Errorf("read config %s: larger than %d bytes", f.ConfigPath, maxConfigSize)
	}
	return sync.ParseConfig(f.ConfigPath, b)
}

// read opens name without blocking (a FIFO would otherwise wait for a
// writer), requires a regular file, and reads at most limit bytes.
func (f Files) read(name string, limit int64) ([]byte, error) {
	file, err := f.open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot open: %w", unwrapPath(err))
	}
	defer file.Close()
	fi, err := file.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot open: %w", unwrapPath(err))
	case fi.IsDir():
		return nil, errors.New("is a directory, not a minutes file")
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("is not a regular file (%s)", fileKind(fi.Mode()))
	}
	b, err := io.ReadAll(io.LimitReader(file, limit))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	return b, nil
}

func (f Files) open(name string) (*os.File, error) {
	const flags = os.O_RDONLY | syscall.O_NONBLOCK
	if f.Root == "" {
		return os.OpenFile(name, flags, 0)
	}
	root, err := os.OpenRoot(f.Root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.OpenFile(filepath.FromSlash(name), flags, 0)
}

// unwrapPath drops the path an *fs.PathError repeats: the caller names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return m.Type().String()
}

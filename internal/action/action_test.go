package action

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
)

// The action in process, with the environment and the writer injected.
func TestRunActionInProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	if err := os.MkdirAll(filepath.Join(ws, "meetings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, janPath), []byte(minutesJan), 0o644); err != nil {
		t.Fatal(err)
	}
	summary, output := filepath.Join(dir, "summary"), filepath.Join(dir, "output")
	tests := []struct {
		name       string
		vars       map[string]string
		wantErr    error
		wantStdout []string
		wantOutput string
	}{
		{
			name: "offline plan on dispatch",
			vars: map[string]string{
				"GITHUB_EVENT_NAME": "workflow_dispatch", "INPUT_MODE": "plan", "INPUT_PROJECT-TOKEN": "",
			},
			wantStdout: []string{"::group::Find minutes", "planned against empty boards"},
			wantOutput: "items-created<<",
		},
		{
			name: "apply without a project token",
			vars: map[string]string{
				"GITHUB_EVENT_NAME": "workflow_dispatch", "INPUT_PROJECT-TOKEN": "",
			},
			wantErr:    pipeline.ErrReported,
			wantStdout: []string{"::error title=minutes-sync%3A bad inputs::input project-token: required to apply"},
		},
		{
			name:       "not in a runner",
			vars:       map[string]string{},
			wantErr:    pipeline.ErrReported,
			wantStdout: []string{"GITHUB_EVENT_NAME is not set"},
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sum, out := summary+string(rune('a'+i)), output+string(rune('a'+i))
			vars := map[string]string{
				"GITHUB_WORKSPACE": ws, "GITHUB_REPOSITORY": "acme/meetings", "GITHUB_SHA": "abc",
				"GITHUB_STEP_SUMMARY": sum, "GITHUB_OUTPUT": out, "INPUT_MUTATION-INTERVAL": "0s",
			}
			for k, v := range tt.vars {
				vars[k] = v
			}
			var stdout bytes.Buffer
			err := Run(context.Background(), &stdout, func(k string) string { return vars[k] }, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("run(action) = %v, want %v\n%s", err, tt.wantErr, stdout.String())
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			if b, _ := os.ReadFile(out); !strings.Contains(string(b), tt.wantOutput) {
				t.Errorf("outputs lack %q:\n%s", tt.wantOutput, b)
			}
			if b, _ := os.ReadFile(sum); !strings.Contains(string(b), "## minutes-sync") {
				t.Errorf("no job summary:\n%s", b)
			}
		})
	}
}

// A backfill lists the work items no board takes once, in the summary; it
// does not annotate every file it read.
func TestBackfillListsUnplacedOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	if err := os.MkdirAll(filepath.Join(ws, "meetings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, janPath), []byte(minutesJan), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := filepath.Join(dir, "summary")
	vars := map[string]string{
		"GITHUB_WORKSPACE": ws, "GITHUB_REPOSITORY": "acme/meetings", "GITHUB_SHA": "abc", "GITHUB_STEP_SUMMARY": sum,
		"GITHUB_EVENT_NAME": "workflow_dispatch", "INPUT_MODE": "plan", "INPUT_PROJECT-TOKEN": "",
	}
	var stdout bytes.Buffer
	if err := Run(context.Background(), &stdout, func(k string) string { return vars[k] }, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stdout.String(), "not placed on any board") {
		t.Errorf("a backfill annotated an unplaced item:\n%s", stdout.String())
	}
	b, _ := os.ReadFile(sum)
	if n := strings.Count(string(b), "order stickers for the conference"); n != 1 {
		t.Errorf("the summary names the unplaced item %d times, want once:\n%s", n, b)
	}
}

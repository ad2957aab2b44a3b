package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadEvent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	push := write("push.json", `{"ref":"refs/heads/main","before":"aaa","after":"bbb","created":false,"deleted":false,"forced":true,
		"repository":{"full_name":"acme/meetings"},"commits":[{"id":"bbb"}]}`)
	pr := write("pr.json", `{"action":"synchronize","number":7,"pull_request":{"number":7,
		"head":{"sha":"hhh","repo":{"full_name":"fork/meetings"}},"base":{"sha":"bbb","repo":{"full_name":"acme/meetings"}}}}`)
	broken := write("broken.json", `{"number":`)
	noHead := write("nohead.json", `{"number":7,"pull_request":{"number":7}}`)

	tests := []struct {
		name     string
		event    string
		path     string
		wantPush *pushEvent
		wantPR   func(*pullRequestEvent) bool
		wantErr  string
	}{
		{name: "push", event: "push", path: push, wantPush: func() *pushEvent {
			p := &pushEvent{Ref: "refs/heads/main", Before: "aaa", After: "bbb", Forced: true}
			p.Repository.FullName = "acme/meetings"
			return p
		}()},
		{name: "fork pull request", event: "pull_request", path: pr, wantPR: func(e *pullRequestEvent) bool {
			return e.Number == 7 && e.PullRequest.Head.SHA == "hhh" && e.isFork()
		}},
		{name: "pull_request_target reads the same payload", event: "pull_request_target", path: pr, wantPR: func(e *pullRequestEvent) bool {
			return e.Number == 7 && e.PullRequest.Base.SHA == "bbb"
		}},
		{name: "dispatch needs no payload", event: "workflow_dispatch", path: ""},
		{name: "schedule needs no payload", event: "schedule", path: filepath.Join(dir, "missing.json")},
		{name: "no event name", event: "", wantErr: "GITHUB_EVENT_NAME is not set"},
		{name: "push without payload", event: "push", path: "", wantErr: "GITHUB_EVENT_PATH is not set"},
		{name: "missing payload file", event: "push", path: filepath.Join(dir, "missing.json"), wantErr: "read event payload"},
		{name: "broken JSON", event: "pull_request", path: broken, wantErr: "read event payload"},
		{name: "pull request without head", event: "pull_request", path: noHead, wantErr: "no pull request number or head commit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readEvent(tt.event, tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readEvent() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("readEvent() error = %v", err)
			}
			if diff := cmp.Diff(tt.wantPush, got.Push); diff != "" {
				t.Errorf("readEvent() push (-want +got):\n%s", diff)
			}
			if (tt.wantPR != nil) != (got.PullRequest != nil) || tt.wantPR != nil && !tt.wantPR(got.PullRequest) {
				t.Errorf("readEvent() pull request = %+v", got.PullRequest)
			}
		})
	}
}

// FuzzReadEvent reads any payload for the events the action reads one for:
// an event or an error, never a panic; a push it accepts has a commit (or
// deletes its ref), a pull request a number and a head commit.
func FuzzReadEvent(f *testing.F) {
	for _, seed := range []string{
		`{"after":"abc","before":"0000"}`, `{"deleted":true,"ref":"refs/heads/x"}`,
		`{"number":7,"pull_request":{"head":{"sha":"abc","repo":{"full_name":"a/b"}},"base":{"sha":"d","repo":{"full_name":"a/b"}}}}`,
		`{}`, `[]`, `null`, `{"number":-1}`, `{"after":5}`, "\x00",
	} {
		f.Add("push", seed)
		f.Add("pull_request_target", seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name, payload string) {
		path := filepath.Join(dir, "event.json")
		if err := os.WriteFile(path, []byte(payload), 0o644); err != nil {
			t.Fatal(err)
		}
		ev, err := readEvent(name, path)
		if err != nil {
			return
		}
		switch {
		case ev.Push != nil && ev.Push.After == "" && !ev.Push.Deleted:
			t.Fatalf("a push without a commit was accepted: %+v", ev.Push)
		case ev.PullRequest != nil && (ev.PullRequest.Number <= 0 || ev.PullRequest.PullRequest.Head.SHA == ""):
			t.Fatalf("a pull request without a number or head was accepted: %+v", ev.PullRequest)
		}
	})
}

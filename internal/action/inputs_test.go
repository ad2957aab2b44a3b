package action

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// inputs is a fake inputGetter keyed by input name.
type inputs map[string]string

func (in inputs) GetInput(name string) string { return strings.TrimSpace(in[name]) }

func TestReadActionConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      inputs
		want    actionConfig
		wantErr []string // substrings, all must appear
	}{
		{
			name: "defaults",
			in:   inputs{"github-token": "ghs_x"},
			want: actionConfig{
				GitHubToken:      "ghs_x",
				Minutes:          []string{"**/*minutes*.md"},
				Mode:             "auto",
				ConfigPath:       ".github/minutes-sync.yml",
				MinutesURL:       defaultMinutesURL,
				Comment:          true,
				MutationInterval: time.Second,
			},
		},
		{
			name: "every input set",
			in: inputs{
				"project-token":     "pat",
				"github-token":      "ghs",
				"minutes":           "meetings/**/*.md\nnotes/*-minutes.md, extra.md",
				"mode":              "Apply",
				"files":             "meetings/2024-01-06.md\n# a comment\n\nmeetings/2025-*.md",
				"config":            "ci/sync.yml",
				"default-project":   "https://github.com/orgs/acme/projects/7",
				"minutes-url":       "https://docs.example/{path}#{anchor}",
				"comment":           "false",
				"mutation-interval": "0s",
			},
			want: actionConfig{
				ProjectToken:     "pat",
				GitHubToken:      "ghs",
				Minutes:          []string{"meetings/**/*.md", "notes/*-minutes.md", "extra.md"},
				Mode:             "apply",
				Files:            []string{"meetings/2024-01-06.md", "meetings/2025-*.md"},
				ConfigPath:       "ci/sync.yml",
				DefaultProject:   "https://github.com/orgs/acme/projects/7",
				MinutesURL:       "https://docs.example/{path}#{anchor}",
				Comment:          false,
				MutationInterval: 0,
			},
		},
		{
			name: "every problem reported at once",
			in: inputs{
				"minutes":           ",",
				"mode":              "yolo",
				"files":             "../secret.md\nbad[.md",
				"default-project":   "acme/7",
				"minutes-url":       "{server}/{branch}",
				"comment":           "yes",
				"mutation-interval": "-1s",
			},
			wantErr: []string{
				"input minutes: give at least one glob",
				`input mode: "yolo" is not auto, plan or apply`,
				`input files: glob "../secret.md" leaves the repository`,
				`input files: glob "bad[.md"`,
				"input default-project:",
				"input minutes-url: \"{server}/{branch}\" uses {branch}",
				`input comment: "yes" is not true or false`,
				`input mutation-interval: "-1s" is negative`,
			},
		},
		{
			name:    "a duration without unit",
			in:      inputs{"mutation-interval": "2"},
			wantErr: []string{`input mutation-interval: "2" is not a duration`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readActionConfig(tt.in)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("readActionConfig() error = nil, want %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("readActionConfig() error = %q\nwant it to contain %q", err, w)
					}
				}
				if n := strings.Count(err.Error(), "\n") + 1; n != len(tt.wantErr) {
					t.Errorf("readActionConfig() reported %d problems, want %d:\n%v", n, len(tt.wantErr), err)
				}
				return
			}
			if err != nil {
				t.Fatalf("readActionConfig() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readActionConfig() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEffectiveModeAndToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode, event, token string
		want               string
		wantErr            bool
	}{
		{"auto", "pull_request", "", "plan", false},
		{"auto", "pull_request_target", "", "plan", false},
		{"auto", "push", "pat", "apply", false},
		{"auto", "push", "", "apply", true},
		{"auto", "workflow_dispatch", "", "apply", true},
		{"auto", "schedule", "pat", "apply", false},
		{"plan", "push", "", "plan", false},
		{"apply", "pull_request", "", "apply", true},
	}
	for _, tt := range tests {
		c := actionConfig{Mode: tt.mode, ProjectToken: tt.token}
		if got := c.effectiveMode(tt.event); got != tt.want {
			t.Errorf("mode %s on %s: effectiveMode() = %s, want %s", tt.mode, tt.event, got, tt.want)
		}
		if err := c.checkForEvent(tt.event); (err != nil) != tt.wantErr {
			t.Errorf("mode %s on %s with token %q: checkForEvent() = %v, want error %v", tt.mode, tt.event, tt.token, err, tt.wantErr)
		}
	}
}

func TestMatchGlob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"**/*minutes*.md", "minutes.md", true},
		{"**/*minutes*.md", "2024-01-06-minutes.md", true},
		{"**/*minutes*.md", "a/b/c/team-minutes-01.md", true},
		{"**/*minutes*.md", "a/minutes/notes.md", false},
		{"**/*minutes*.md", "a/minutes.txt", false},
		{"*minutes*.md", "a/minutes.md", false},
		{"meetings/**", "meetings/2024/x.md", true},
		{"meetings/**", "other/x.md", false},
		{"meetings/**/x.md", "meetings/x.md", true},
		{"meetings/**/x.md", "meetings/a/b/x.md", true},
		{"meetings/**/**/x.md", "meetings/a/x.md", true},
		{"meetings/*/x.md", "meetings/a/b/x.md", false},
		{"./notes/*.md", "notes/a.md", true},
		{"notes/?.md", "notes/ab.md", false},
		{"notes/[ab].md", "notes/b.md", true},
		{"exact.md", "exact.md", true},
		{"exact.md", "sub/exact.md", false},
		{"{meetings,notes}/*.md", "notes/a.md", true},
		{"{meetings,notes}/*.md", "other/a.md", false},
		{"**/*-{minutes,notes}-*.md", "a/b/team-notes-2024.md", true},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestSplitList(t *testing.T) {
	t.Parallel()
	got := splitList(" a.md, b/*.md\n\n# comment\nc.md # trailing\n{x,y}/*.md, z.md\n")
	if diff := cmp.Diff([]string{"a.md", "b/*.md", "c.md", "{x,y}/*.md", "z.md"}, got); diff != "" {
		t.Errorf("splitList() (-want +got):\n%s", diff)
	}
}

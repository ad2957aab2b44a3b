package sync

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// everyStep is one step of each type, with the placeholders a plan would
// give them: new:1 and new:2 are the draft and the card CreateDraft makes,
// new:3 the issue CreateIssue makes, and so on.
func everyStep() []Step {
	return []Step{
		CreateDraft{Project: "P1", Title: "Write the guide", Body: "draft body", Draft: "new:1", Item: "new:2"},
		NoteInNewDraft{Draft: "new:1"},
		NoteAlongside{Target: "new:1"},
		UpdateDraft{Draft: "new:1", Title: "Write the guide", Body: "draft body, second note"},
		SetStatus{Project: "P1", Item: "new:2", Field: "F-status", Option: "O-todo"},
		CreateIssue{Repo: "acme/meetings", Title: "Ship it", Body: "<!-- marker --> issue body", Marker: "<!-- marker -->", Issue: "new:3"},
		AddItem{Project: "P1", Content: "new:3", Item: "new:4"},
		AddComment{Subject: "new:3", Body: "note & <more>", Comment: "new:5"},
		UpdateComment{Comment: "new:5", Body: "note, rewritten"},
		SetDate{Project: "P1", Item: "new:4", Field: "F-date", Date: "2025-03-12"},
		AddItem{Project: "P1", Content: "IS7", Item: "new:6"},
		UpdateComment{Comment: "C1", Body: "old note, rewritten"},
		CreateStatusUpdate{Project: "P1", Body: "status", StartDate: "2025-03-12", StatusUpdate: "new:7"},
		UpdateStatusUpdate{StatusUpdate: "new:7", Body: "status, rewritten"},
		UpdateStatusUpdate{StatusUpdate: "SU1", Body: "older status, rewritten"},
		ArchiveItem{Project: "P9", Item: "I-old"},
		DeleteItem{Project: "P1", Item: "I-dup"},
		DeleteComment{Comment: "C-dup"},
		DeleteStatusUpdate{StatusUpdate: "SU-dup"},
	}
}

func TestStepsApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		step    Step
		known   IDs // placeholders resolved before the step
		call    string
		defines IDs // what the step resolves
		uses    []string
	}{
		{CreateDraft{Project: "P1", Title: "T", Body: "B", Draft: "new:1", Item: "new:2"}, nil,
			"AddDraftIssue P1 T B", IDs{"new:2": "R1", "new:1": "R1-draft"}, nil},
		{NoteInNewDraft{Draft: "new:1"}, IDs{"new:1": "D1"},
			"", nil, []string{"new:1"}},
		{CreateIssue{Repo: "acme/m", Title: "T", Body: "B", Marker: "M", Issue: "new:1"}, nil,
			"CreateIssue acme/m T B", IDs{"new:1": "R1"}, nil},
		{AddItem{Project: "P1", Content: "new:1", Item: "new:2"}, IDs{"new:1": "IS1"},
			"AddProjectItem P1 IS1", IDs{"new:2": "R1"}, []string{"new:1"}},
		{AddItem{Project: "P1", Content: "IS7", Item: "new:2"}, nil,
			"AddProjectItem P1 IS7", IDs{"new:2": "R1"}, nil},
		{AddComment{Subject: "new:1", Body: "B", Comment: "new:2"}, IDs{"new:1": "IS1"},
			"AddComment IS1 B", IDs{"new:2": "R1"}, []string{"new:1"}},
		{UpdateComment{Comment: "new:2", Body: "B"}, IDs{"new:2": "C9"},
			"UpdateComment C9 B", nil, []string{"new:2"}},
		{UpdateDraft{Draft: "new:1", Title: "T", Body: "B"}, IDs{"new:1": "D1"},
			"UpdateDraftIssue D1 T B", nil, []string{"new:1"}},
		{SetStatus{Project: "P1", Item: "new:2", Field: "F", Option: "O"}, IDs{"new:2": "I1"},
			"SetSingleSelect P1 I1 F O", nil, []string{"new:2"}},
		{SetDate{Project: "P1", Item: "I7", Field: "F", Date: "2025-03-12"}, nil,
			"SetDate P1 I7 F 2025-03-12", nil, nil},
		{CreateStatusUpdate{Project: "P1", Body: "B", StartDate: "2025-03-12", StatusUpdate: "new:3"}, nil,
			"CreateStatusUpdate P1 B 2025-03-12", IDs{"new:3": "R1"}, nil},
		{UpdateStatusUpdate{StatusUpdate: "new:3", Body: "B"}, IDs{"new:3": "SU1"},
			"UpdateStatusUpdate SU1 B", nil, []string{"new:3"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %v", tc.step.Type(), tc.step), func(t *testing.T) {
			t.Parallel()
			w := &recorder{}
			ids := IDs{}
			for k, v := range tc.known {
				ids[k] = v
			}
			if err := tc.step.Apply(context.Background(), w, ids); err != nil {
				t.Fatal(err)
			}
			var wantCalls []string
			if tc.call != "" {
				wantCalls = []string{tc.call}
			}
			if diff := cmp.Diff(wantCalls, w.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			wantIDs := IDs{}
			for k, v := range tc.known {
				wantIDs[k] = v
			}
			var defines []string
			for k, v := range tc.defines {
				wantIDs[k] = v
				defines = append(defines, k)
			}
			if diff := cmp.Diff(wantIDs, ids); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(defines, tc.step.Defines(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("Defines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.uses, tc.step.Uses()); diff != "" {
				t.Errorf("Uses (-want +got):\n%s", diff)
			}
			// Without what it uses, the step fails without a call.
			if len(tc.uses) > 0 {
				w := &recorder{}
				if err := tc.step.Apply(context.Background(), w, IDs{}); !errors.Is(err, errSkipped) || len(w.calls) > 0 {
					t.Errorf("unresolved: err = %v, calls = %v; want errSkipped and no call", err, w.calls)
				}
			}
		})
	}
}

func TestStepsCoverEveryType(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, s := range everyStep() {
		seen[s.Type()] = true
	}
	for typ := range stepTypes {
		if !seen[typ] {
			t.Errorf("everyStep has no %s step", typ)
		}
	}
}

// TestCreateIssueLostAnswer: when GitHub's answer to createIssue is lost,
// the issue is looked for by its marker before it is created again.
func TestCreateIssueLostAnswer(t *testing.T) {
	t.Parallel()
	lost := fmt.Errorf("create issue: %w", ErrUnknownOutcome)
	step := CreateIssue{Repo: "acme/m", Title: "T", Body: "M B", Marker: "M", Issue: "new:1"}
	tests := []struct {
		name    string
		found   *Content
		findErr error
		want    []string
		wantID  string
		wantErr error
	}{
		{"made after all: found", &Content{ID: "IS9"}, nil, []string{"CreateIssue acme/m T M B", "FindIssue acme/m M"}, "IS9", nil},
		{"not made: made again", nil, nil, []string{"CreateIssue acme/m T M B", "FindIssue acme/m M", "CreateIssue acme/m T M B"}, "R2", nil},
		{"cannot look: still unknown", nil, ErrForbidden, []string{"CreateIssue acme/m T M B", "FindIssue acme/m M"}, "", ErrUnknownOutcome},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := &recorder{found: tc.found, once: map[string]error{"CreateIssue": lost}}
			if tc.findErr != nil {
				w.fail = map[string]error{"FindIssue": tc.findErr}
			}
			ids := IDs{}
			err := step.Apply(context.Background(), w, ids)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, w.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if ids["new:1"] != tc.wantID {
				t.Errorf("new:1 = %q, want %q", ids["new:1"], tc.wantID)
			}
		})
	}
}

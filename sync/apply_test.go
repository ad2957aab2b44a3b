package sync

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// TestApplyNewDraftNoteNeedsTheDraft: the note that rides in a new draft's
// body is made only when the draft is.
func TestApplyNewDraftNoteNeedsTheDraft(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	gh := &recorder{fail: map[string]error{"AddDraftIssue": errors.New("refused")}}
	res, err := Apply(context.Background(), gh, p, []*minutes.Meeting{m}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var done []Op
	for _, c := range res.Done {
		done = append(done, c.Op)
	}
	if diff := cmp.Diff([]Op{OpCreateStatus}, done); diff != "" {
		t.Errorf("done (-want +got):\n%s", diff)
	}
	want := Counts{Changes: 1, StatusUpdates: 1}
	if diff := cmp.Diff(want, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if len(res.Errors) != 3 || !errors.Is(res.Errors[1].Err, errSkipped) || res.Errors[1].Change.Op != OpAddNote {
		t.Errorf("errors = %+v, want the draft failed and its note and fields skipped", res.Errors)
	}
}

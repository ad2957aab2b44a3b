package sync

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
)

func TestApplyRefusesAnOfflinePlan(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide"})
	bs, err := ReadBoards(context.Background(), EmptyBoards{}, []*minutes.Meeting{m}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := &recorder{}
	res, err := Apply(context.Background(), w, NewPlan([]*minutes.Meeting{m}, bs, Options{}), []*minutes.Meeting{m}, Options{})
	if res != nil || err == nil || err.Error() != "apply: an offline plan cannot be applied; plan against the live boards" || len(w.calls) > 0 {
		t.Errorf("Apply = %+v, %v after %v", res, err, w.calls)
	}
}

func TestApplyGivesUpAfterMaxReplans(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write the guide"})
	w := &recorder{board: emptyBoard(), fail: map[string]error{"AddDraftIssue": fmt.Errorf("add draft issue: %w", ErrUnknownOutcome)}}
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	res, err := Apply(context.Background(), w, p, []*minutes.Meeting{m}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Replans != maxReplans || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error, "gave up after 5 unknown outcomes") {
		t.Errorf("replans = %d, errors = %+v", res.Replans, res.Errors)
	}
	if n := strings.Count(strings.Join(w.calls, "\n"), "AddDraftIssue"); n != maxReplans+1 {
		t.Errorf("%d drafts tried, want %d: %v", n, maxReplans+1, w.calls)
	}
}

// TestApplyWithoutMinutesDoesNotReplan: a plan applied without the minutes
// it was made from (a plan file) stops at an unknown outcome.
func TestApplyWithoutMinutesDoesNotReplan(t *testing.T) {
	t.Parallel()
	w := &recorder{fail: map[string]error{"CreateStatusUpdate": fmt.Errorf("create status update: %w", ErrUnknownOutcome)}}
	p := &Plan{Changes: []Change{
		{Op: OpCreateStatus, Board: "acme/1", Step: CreateStatusUpdate{Project: "P1", Body: "B", StartDate: "2025-03-12", StatusUpdate: "new:1"}},
		{Op: OpUpdateStatus, Board: "acme/1", Step: UpdateStatusUpdate{StatusUpdate: "new:1", Body: "B2"}},
	}}
	res, err := Apply(context.Background(), w, p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Replans != 0 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error, "no minutes to plan again from") || len(w.calls) != 1 {
		t.Errorf("replans = %d, errors = %+v, calls = %v", res.Replans, res.Errors, w.calls)
	}
}

package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// maxReplans bounds how often one Apply reads the boards again after
// mutations whose outcome was unknown; past it, the run stops and the next
// run finishes the work.
const maxReplans = 5

// Apply makes the plan's changes through gh, one at a time, in order. A
// change that fails is recorded and the changes that depend on it are
// skipped; the others go on. When a change's outcome is unknown (the
// request failed after GitHub may have applied it) it is not repeated:
// Apply reads the boards again, plans again from meetings with opts (what
// plan was made from) against what is really there, and goes on with that
// plan. The error returned is for failures that stop everything (bad
// credentials, the rate limit, a cancelled context, an offline plan);
// per-change failures are in Result.Errors.
func Apply(ctx context.Context, gh GitHub, plan *Plan, meetings []*minutes.Meeting, opts Options) (*Result, error) {
	return ApplyWithProgress(ctx, gh, plan, meetings, opts, nil)
}

// ApplyWithProgress is Apply telling progress how far it is: before each
// change that calls GitHub, and once when it stops (see Progress). A nil
// progress hears nothing.
func ApplyWithProgress(ctx context.Context, gh GitHub, plan *Plan, meetings []*minutes.Meeting, opts Options, progress Progress) (*Result, error) {
	if plan.Offline {
		return nil, errors.New("apply: an offline plan cannot be applied; plan against the live boards")
	}
	log := logger(opts.Logger)
	res := &Result{Done: []Change{}, Errors: []ChangeError{}}
	res.Counts.Unplaced = plan.Counts.Unplaced
	count := newProgressCount(progress)
	defer count.stop()
	for {
		count.plan(plan)
		unknown, err := applyChanges(ctx, gh, plan, log, res, count)
		if err != nil || unknown == nil {
			return res, err
		}
		if msg := stopReplanning(res.Replans, meetings); msg != "" {
			res.Errors = append(res.Errors, ChangeError{Change: *unknown, Err: unknown.err(), Error: msg})
			return res, nil
		}
		res.Replans++
		log.Infof("%s %q: GitHub's answer was lost, so it may or may not have been made; reading the boards again before going on", unknown.Op, unknown.Item)
		boards, err := ReadBoards(ctx, gh, meetings, opts)
		if err != nil {
			return res, fmt.Errorf("read boards again: %w", err)
		}
		plan = NewPlan(meetings, boards, opts)
	}
}

// stopReplanning says why Apply must not plan again after an unknown
// outcome, or "" when it may.
func stopReplanning(replans int, meetings []*minutes.Meeting) string {
	switch {
	case replans == maxReplans:
		return fmt.Sprintf("gave up after %d unknown outcomes; run again to finish", maxReplans)
	case len(meetings) == 0:
		return "GitHub's answer was lost and there are no minutes to plan again from; run again to finish"
	}
	return ""
}

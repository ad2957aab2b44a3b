package sync

import (
	"context"
	"errors"
	"fmt"
)

// Result is what Apply did.
type Result struct {
	Counts Counts        `json:"counts"`
	Done   []Change      `json:"done"`
	Errors []ChangeError `json:"errors"`
	// Replans counts how often Apply read the boards again because a
	// change's outcome was unknown.
	Replans int `json:"replans"`
}

// ChangeError is a change that failed.
type ChangeError struct {
	Change Change `json:"change"`
	Err    error  `json:"-"`
	Error  string `json:"error"`
}

// maxReplans bounds how often one Apply reads the boards again after
// mutations whose outcome was unknown; past it, the run stops and the next
// run finishes the work.
const maxReplans = 5

// Apply makes the plan's changes, one at a time, in order. A change that
// fails is recorded and the changes that depend on it are skipped; the others
// go on. When a change's outcome is unknown (the request failed after GitHub
// may have applied it) it is not repeated: Apply reads the boards again, plans
// again from what is really there, and goes on with that plan. The error
// returned is for failures that stop everything (bad credentials, the rate
// limit, a cancelled context); per-change failures are in Result.Errors.
func Apply(ctx context.Context, gh GitHub, p *Plan) (*Result, error) {
	if p.Offline {
		return nil, errors.New("apply: an offline plan cannot be applied; plan against the live boards")
	}
	res := &Result{}
	log := logger(p.opts.Logger)
	res.Counts.Unplaced = p.Counts.Unplaced
	for {
		unknown, err := applyChanges(ctx, gh, p, res)
		if err != nil {
			return res, err
		}
		if unknown == nil {
			return res, nil
		}
		if res.Replans == maxReplans {
			res.Errors = append(res.Errors, ChangeError{Change: *unknown, Err: unknown.err(), Error: "gave up after " + fmt.Sprint(maxReplans) + " unknown outcomes; run again to finish"})
			return res, nil
		}
		res.Replans++
		log.Warningf("%s %q: GitHub's answer was lost, so it may or may not have been made; reading the boards again before going on", unknown.Op, unknown.Item)
		boards, err := ReadBoards(ctx, gh, p.meetings, p.opts)
		if err != nil {
			return res, fmt.Errorf("read boards again: %w", err)
		}
		p = NewPlan(p.meetings, boards, p.opts)
	}
}

// applyChanges runs a plan's changes. It returns the change whose outcome
// became unknown, if one did, so that Apply can plan again.
func applyChanges(ctx context.Context, gh GitHub, p *Plan, res *Result) (*Change, error) {
	log := logger(p.opts.Logger)
	ids := IDs{}
	failed := func(c Change, err error) {
		res.Errors = append(res.Errors, ChangeError{Change: c, Err: err, Error: err.Error()})
		log.Warningf("%s:%d: %s %q on board %s failed: %v", c.File, c.Line, c.Op, c.Item, c.Board, err)
	}
	for i := range p.Changes {
		c := p.Changes[i]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		err := applyOne(ctx, gh, c, ids)
		switch {
		case err == nil:
			res.Done = append(res.Done, c)
			res.Counts.add(c.Op)
			if _, inDraft := c.Step.(NoteInNewDraft); !inDraft { // no call was made
				log.Infof("%s: %s %q: %s", c.Board, c.Op, c.Item, c.Detail)
			}
		case errors.Is(err, ErrUnknownOutcome):
			return &p.Changes[i], nil
		case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrRateLimited), ctx.Err() != nil:
			failed(c, err)
			return nil, err
		default:
			failed(c, err)
		}
	}
	return nil, nil
}

func (c Change) err() error { return fmt.Errorf("%s %q: %w", c.Op, c.Item, ErrUnknownOutcome) }

// applyOne makes one change through its step. ids maps the plan's
// placeholders to what they became.
func applyOne(ctx context.Context, w Writer, c Change, ids IDs) error {
	if c.Step == nil {
		return fmt.Errorf("%s %q: the change has no step (a plan file from an older minutes-sync?)", c.Op, c.Item)
	}
	return c.Step.Apply(ctx, w, ids)
}

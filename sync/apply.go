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

// applyChanges makes a plan's changes through w, one at a time, in order,
// and records what it did in res. A change that fails is recorded and the
// changes whose steps use what it would have defined are skipped. It stops
// at the first change whose outcome is unknown and returns it, so that the
// loop can plan again; the error is for failures that stop everything.
// count hears of each change that calls GitHub as it starts and ends.
func applyChanges(ctx context.Context, w Writer, p *Plan, log Logger, res *Result, count *progressCount) (*Change, error) {
	ids := IDs{}
	failed := func(c Change, err error) {
		res.Errors = append(res.Errors, ChangeError{Change: c, Err: err, Error: err.Error()})
		log.Infof("%s:%d: %s %q on board %s failed: %v", c.File, c.Line, c.Op, c.Item, c.Board, err)
	}
	for i := range p.Changes {
		c := p.Changes[i]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		count.start(&c)
		err := applyOne(ctx, w, c, ids)
		count.end(&c)
		switch {
		case err == nil:
			res.Done = append(res.Done, c)
			res.Counts.add(c.Op)
			// A note written with the one before made no call of its own.
			if makesCall(c) {
				log.Debugf("%s: %s %q: %s", c.Board, c.Op, c.Item, c.Detail)
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

// err is the error of a change whose outcome stayed unknown.
func (c Change) err() error { return fmt.Errorf("%s %q: %w", c.Op, c.Item, ErrUnknownOutcome) }

// applyOne makes one change through its step. ids maps the plan's
// placeholders to what they became.
func applyOne(ctx context.Context, w Writer, c Change, ids IDs) error {
	if c.Step == nil {
		return fmt.Errorf("%s %q: the change has no step (a plan file from an older minutes-sync?)", c.Op, c.Item)
	}
	return c.Step.Apply(ctx, w, ids)
}

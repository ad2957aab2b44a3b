package sync

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	ids := map[string]string{} // placeholder -> real ID
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
			if !c.x.noCall {
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

// errSkipped says a change depends on one that failed.
var errSkipped = errors.New("skipped: a change it depends on failed")

func (c Change) err() error { return fmt.Errorf("%s %q: %w", c.Op, c.Item, ErrUnknownOutcome) }

// applyOne makes one change. ids maps the plan's placeholders to what they
// became.
func applyOne(ctx context.Context, gh GitHub, c Change, ids map[string]string) error {
	x := c.x
	id := func(s string) (string, error) {
		if !strings.HasPrefix(s, "new:") {
			return s, nil
		}
		if r, ok := ids[s]; ok {
			return r, nil
		}
		return "", errSkipped
	}
	if x.noCall { // made with the draft: done when the draft is
		_, err := id(x.contentID)
		return err
	}
	switch c.Op {
	case OpCreateItem:
		if x.repo != "" {
			issue, err := gh.CreateIssue(ctx, x.repo, x.title, x.body)
			if errors.Is(err, ErrUnknownOutcome) {
				// Look for the marker before making it again.
				found, ok, ferr := gh.FindIssue(ctx, x.repo, x.marker)
				switch {
				case ferr != nil:
					return err
				case ok:
					issue, err = found, nil
				default:
					issue, err = gh.CreateIssue(ctx, x.repo, x.title, x.body)
				}
			}
			if err != nil {
				return err
			}
			ids[x.newID] = issue.ID
			return nil
		}
		itemID, draft, err := gh.AddDraftIssue(ctx, x.projectID, x.title, x.body)
		if err != nil {
			return err
		}
		ids[x.newID], ids[x.contentID] = itemID, draft.ID
		return nil
	case OpAddItem:
		content, err := id(x.contentID)
		if err != nil {
			return err
		}
		itemID, err := gh.AddProjectItem(ctx, x.projectID, content)
		if err != nil {
			return err
		}
		ids[x.newID] = itemID
		return nil
	case OpAddNote, OpUpdateNote:
		if x.commentID != "" {
			comment, err := id(x.commentID)
			if err != nil {
				return err
			}
			return gh.UpdateComment(ctx, comment, x.body)
		}
		content, err := id(x.contentID)
		if err != nil {
			return err
		}
		if x.kind == ContentDraft {
			return gh.UpdateDraftIssue(ctx, content, x.title, x.body)
		}
		comment, err := gh.AddComment(ctx, content, x.body)
		if err != nil {
			return err
		}
		ids[x.newID] = comment
		return nil
	case OpSetField:
		item, err := id(x.itemID)
		if err != nil {
			return err
		}
		if x.optionID != "" {
			return gh.SetSingleSelect(ctx, x.projectID, item, x.fieldID, x.optionID)
		}
		return gh.SetDate(ctx, x.projectID, item, x.fieldID, x.date)
	case OpCreateStatus:
		status, err := gh.CreateStatusUpdate(ctx, x.projectID, x.body, x.date)
		if err != nil {
			return err
		}
		ids[x.newID] = status
		return nil
	case OpUpdateStatus:
		status, err := id(x.statusID)
		if err != nil {
			return err
		}
		return gh.UpdateStatusUpdate(ctx, status, x.body)
	}
	return fmt.Errorf("unknown change %q", c.Op)
}

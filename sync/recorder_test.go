package sync

import (
	"context"
	"fmt"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// recorder is a GitHub that records the calls of a Writer, one line each,
// and answers with made-up IDs R1, R2, ...; fail makes the named method
// fail, once makes its next call fail.
type recorder struct {
	calls []string
	n     int
	fail  map[string]error
	once  map[string]error
	found *Content // what FindIssue finds
	board *Board   // what Board reads, whatever the reference
}

var _ GitHub = (*recorder)(nil)

func (r *recorder) call(method string, args ...string) (string, error) {
	r.calls = append(r.calls, method+" "+strings.Join(args, " "))
	if err := r.once[method]; err != nil {
		delete(r.once, method)
		return "", err
	}
	if err := r.fail[method]; err != nil {
		return "", err
	}
	r.n++
	return fmt.Sprintf("R%d", r.n), nil
}

func (r *recorder) Board(context.Context, BoardRef, FieldNames) (*Board, error) {
	if r.board == nil {
		return nil, ErrNotFound
	}
	b := *r.board
	return &b, nil
}

func (r *recorder) Comments(context.Context, []string) (map[string][]Comment, error) {
	return nil, nil
}

func (r *recorder) Content(context.Context, minutes.Ref) (Content, error) {
	return Content{}, ErrNotFound
}

func (r *recorder) FindIssue(_ context.Context, repo, marker string) (Content, bool, error) {
	if _, err := r.call("FindIssue", repo, marker); err != nil {
		return Content{}, false, err
	}
	if r.found == nil {
		return Content{}, false, nil
	}
	return *r.found, true, nil
}

func (r *recorder) AddDraftIssue(_ context.Context, projectID, title, body string) (string, Content, error) {
	id, err := r.call("AddDraftIssue", projectID, title, body)
	if err != nil {
		return "", Content{}, err
	}
	return id, Content{ID: id + "-draft", Type: ContentDraft, Title: title, Body: body}, nil
}

func (r *recorder) UpdateDraftIssue(_ context.Context, draftID, title, body string) error {
	_, err := r.call("UpdateDraftIssue", draftID, title, body)
	return err
}

func (r *recorder) AddProjectItem(_ context.Context, projectID, contentID string) (string, error) {
	return r.call("AddProjectItem", projectID, contentID)
}

func (r *recorder) CreateIssue(_ context.Context, repo, title, body string) (Content, error) {
	id, err := r.call("CreateIssue", repo, title, body)
	if err != nil {
		return Content{}, err
	}
	return Content{ID: id, Type: ContentIssue, Title: title, Body: body, Repo: repo}, nil
}

func (r *recorder) AddComment(_ context.Context, subjectID, body string) (string, error) {
	return r.call("AddComment", subjectID, body)
}

func (r *recorder) UpdateComment(_ context.Context, commentID, body string) error {
	_, err := r.call("UpdateComment", commentID, body)
	return err
}

func (r *recorder) SetSingleSelect(_ context.Context, projectID, itemID, fieldID, optionID string) error {
	_, err := r.call("SetSingleSelect", projectID, itemID, fieldID, optionID)
	return err
}

func (r *recorder) SetDate(_ context.Context, projectID, itemID, fieldID, date string) error {
	_, err := r.call("SetDate", projectID, itemID, fieldID, date)
	return err
}

func (r *recorder) CreateStatusUpdate(_ context.Context, projectID, body, startDate string) (string, error) {
	return r.call("CreateStatusUpdate", projectID, body, startDate)
}

func (r *recorder) UpdateStatusUpdate(_ context.Context, id, body string) error {
	_, err := r.call("UpdateStatusUpdate", id, body)
	return err
}

func (r *recorder) ListBoards(context.Context, string) ([]BoardSummary, error) { return nil, nil }

func (r *recorder) ContentBoards(ctx context.Context, ref minutes.Ref) (Content, []BoardRef, error) {
	c, err := r.Content(ctx, ref)
	return c, nil, err
}

func (r *recorder) CreatedIssues(context.Context, string) ([]Content, error) { return nil, nil }

func (r *recorder) ArchiveItem(_ context.Context, projectID, itemID string) error {
	_, err := r.call("ArchiveItem", projectID, itemID)
	return err
}

func (r *recorder) DeleteItem(_ context.Context, projectID, itemID string) error {
	_, err := r.call("DeleteItem", projectID, itemID)
	return err
}

func (r *recorder) DeleteComment(_ context.Context, commentID string) error {
	_, err := r.call("DeleteComment", commentID)
	return err
}

func (r *recorder) DeleteStatusUpdate(_ context.Context, id string) error {
	_, err := r.call("DeleteStatusUpdate", id)
	return err
}

package sync

import (
	"context"
	"fmt"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// EmptyBoards is the Reader of offline planning: every board is empty, as
// GitHub makes a new one plus the date field, so that a plan against it
// shows every change a first sync would make. It reads nothing from GitHub.
type EmptyBoards struct{}

var (
	_ Reader             = EmptyBoards{}
	_ BoardLister        = EmptyBoards{}
	_ LinkReader         = EmptyBoards{}
	_ CreatedIssueLister = EmptyBoards{}
)

// Offline reports that nothing is read from GitHub: ReadBoards marks the
// snapshot offline, and so the plans made from it, which Apply refuses.
func (EmptyBoards) Offline() bool { return true }

// Board returns an empty board with a Status field (options Todo, In
// Progress and the done option) and the date field, as names call them.
func (EmptyBoards) Board(_ context.Context, ref BoardRef, names FieldNames) (*Board, error) {
	return offlineBoard(ref, names), nil
}

// Comments returns no comments.
func (EmptyBoards) Comments(context.Context, []string) (map[string][]Comment, error) {
	return map[string][]Comment{}, nil
}

// Content returns an open issue for any reference.
func (EmptyBoards) Content(_ context.Context, ref minutes.Ref) (Content, error) {
	return Content{ID: "offline:" + ref.String(), Type: ContentIssue, Title: ref.String(), Repo: ref.Owner + "/" + ref.Repo,
		Number: ref.Number, URL: fmt.Sprintf("https://github.com/%s/%s/issues/%d", ref.Owner, ref.Repo, ref.Number)}, nil
}

// ContentBoards returns what Content does, on no board.
func (e EmptyBoards) ContentBoards(ctx context.Context, ref minutes.Ref) (Content, []BoardRef, error) {
	c, err := e.Content(ctx, ref)
	return c, nil, err
}

// ListBoards returns no boards: offline, no owner's boards are known.
func (EmptyBoards) ListBoards(context.Context, string) ([]BoardSummary, error) {
	return nil, nil
}

// CreatedIssues returns no issues.
func (EmptyBoards) CreatedIssues(context.Context, string) ([]Content, error) {
	return nil, nil
}

// offlineBoard is an empty board as GitHub makes a new one, plus the date
// field, so that an offline plan shows every change a real one would.
func offlineBoard(ref BoardRef, names FieldNames) *Board {
	id := "offline:" + ref.String()
	b := &Board{Ref: ref, ID: id, Title: ref.String(), URL: ref.URL()}
	if names.Status != "" {
		opts := []Option{{ID: id + ":todo", Name: "Todo"}, {ID: id + ":in-progress", Name: "In Progress"}}
		if names.DoneOption != "" {
			opts = append(opts, Option{ID: id + ":done", Name: names.DoneOption})
		}
		b.Fields = append(b.Fields, Field{ID: id + ":status", Name: names.Status, DataType: FieldSingleSelect, Options: opts})
	}
	if names.LastDiscussed != "" {
		b.Fields = append(b.Fields, Field{ID: id + ":date", Name: names.LastDiscussed, DataType: FieldDate})
	}
	return b
}

package sync

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeCommenter keeps comments in memory and records the calls made.
type fakeCommenter struct {
	comments []Comment
	calls    []string
	addErr   error
	readErr  error
}

var _ Commenter = (*fakeCommenter)(nil)

func (f *fakeCommenter) IssueComments(_ context.Context, subjectID string) ([]Comment, error) {
	f.calls = append(f.calls, "read "+subjectID)
	return append([]Comment(nil), f.comments...), f.readErr
}

func (f *fakeCommenter) AddComment(_ context.Context, subjectID, body string) (string, error) {
	f.calls = append(f.calls, "add "+subjectID)
	if f.addErr != nil {
		return "", f.addErr
	}
	id := fmt.Sprintf("C%d", len(f.comments)+1)
	f.comments = append(f.comments, Comment{ID: id, Body: body, ByViewer: true})
	return id, nil
}

func (f *fakeCommenter) UpdateComment(_ context.Context, commentID, body string) error {
	f.calls = append(f.calls, "update "+commentID)
	for i := range f.comments {
		if f.comments[i].ID == commentID {
			f.comments[i].Body = body
			return nil
		}
	}
	return ErrNotFound
}

func TestUpsertSticky(t *testing.T) {
	t.Parallel()
	plan := "## Plan\n\n1 change"
	tests := []struct {
		name         string
		comments     []Comment
		plan         string
		addErr       error
		want         StickyAction
		wantErr      error
		wantCalls    []string
		wantComments []Comment
	}{
		{
			name:         "first run posts one comment",
			comments:     []Comment{{ID: "C1", Body: "LGTM"}},
			plan:         plan,
			want:         StickyCreated,
			wantCalls:    []string{"read PR", "add PR"},
			wantComments: []Comment{{ID: "C1", Body: "LGTM"}, {ID: "C2", Body: StickyBody(plan), ByViewer: true}},
		},
		{
			name:         "a changed plan edits the comment in place",
			comments:     []Comment{{ID: "C1", Body: StickyBody("old plan"), ByViewer: true}, {ID: "C2", Body: "LGTM"}},
			plan:         plan,
			want:         StickyUpdated,
			wantCalls:    []string{"read PR", "update C1"},
			wantComments: []Comment{{ID: "C1", Body: StickyBody(plan), ByViewer: true}, {ID: "C2", Body: "LGTM"}},
		},
		{
			name:         "the same plan makes no call",
			comments:     []Comment{{ID: "C1", Body: StickyBody(plan), ByViewer: true}},
			plan:         plan,
			want:         StickyUnchanged,
			wantCalls:    []string{"read PR"},
			wantComments: []Comment{{ID: "C1", Body: StickyBody(plan), ByViewer: true}},
		},
		{
			name:         "CRLF line ends as GitHub stores them count as the same",
			comments:     []Comment{{ID: "C1", Body: StickyMarker + "\r\n## Plan\r\n\r\n1 change\r\n", ByViewer: true}},
			plan:         plan,
			want:         StickyUnchanged,
			wantCalls:    []string{"read PR"},
			wantComments: []Comment{{ID: "C1", Body: StickyMarker + "\r\n## Plan\r\n\r\n1 change\r\n", ByViewer: true}},
		},
		{
			name:         "no longer touching minutes says nothing to sync",
			comments:     []Comment{{ID: "C1", Body: StickyBody(plan), ByViewer: true}},
			plan:         "",
			want:         StickyUpdated,
			wantCalls:    []string{"read PR", "update C1"},
			wantComments: []Comment{{ID: "C1", Body: StickyBody(""), ByViewer: true}},
		},
		{
			name:         "nothing to sync and no comment posts nothing",
			comments:     []Comment{{ID: "C1", Body: "LGTM"}},
			plan:         "  \n",
			want:         StickySkipped,
			wantCalls:    []string{"read PR"},
			wantComments: []Comment{{ID: "C1", Body: "LGTM"}},
		},
		{
			name:         "a reply quoting the comment is not the comment",
			comments:     []Comment{{ID: "C1", Body: "> " + StickyBody("old")}},
			plan:         plan,
			want:         StickyCreated,
			wantCalls:    []string{"read PR", "add PR"},
			wantComments: []Comment{{ID: "C1", Body: "> " + StickyBody("old")}, {ID: "C2", Body: StickyBody(plan), ByViewer: true}},
		},
		{
			name:         "of two sticky comments the oldest is kept",
			comments:     []Comment{{ID: "C1", Body: StickyBody("a"), ByViewer: true}, {ID: "C2", Body: StickyBody("b"), ByViewer: true}},
			plan:         plan,
			want:         StickyUpdated,
			wantCalls:    []string{"read PR", "update C1"},
			wantComments: []Comment{{ID: "C1", Body: StickyBody(plan), ByViewer: true}, {ID: "C2", Body: StickyBody("b"), ByViewer: true}},
		},
		{
			name:         "someone else's comment carrying the marker is not ours: ours is posted beside it",
			comments:     []Comment{{ID: "C1", Body: StickyBody("forged plan")}},
			plan:         plan,
			want:         StickyCreated,
			wantCalls:    []string{"read PR", "add PR"},
			wantComments: []Comment{{ID: "C1", Body: StickyBody("forged plan")}, {ID: "C2", Body: StickyBody(plan), ByViewer: true}},
		},
		{
			name:         "a refused comment is an error wrapping ErrForbidden",
			plan:         plan,
			addErr:       fmt.Errorf("add comment: %w", ErrForbidden),
			wantErr:      ErrForbidden,
			wantCalls:    []string{"read PR", "add PR"},
			wantComments: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeCommenter{comments: tt.comments, addErr: tt.addErr}
			got, err := UpsertSticky(context.Background(), f, "PR", tt.plan)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("UpsertSticky() error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("UpsertSticky() = %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff(tt.wantCalls, f.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantComments, f.comments); diff != "" {
				t.Errorf("comments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUpsertStickyReadError(t *testing.T) {
	t.Parallel()
	f := &fakeCommenter{readErr: ErrBadCredentials}
	if _, err := UpsertSticky(context.Background(), f, "PR", "plan"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("UpsertSticky() error = %v, want ErrBadCredentials", err)
	}
	if diff := cmp.Diff([]string{"read PR"}, f.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

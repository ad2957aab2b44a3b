package sync

import (
	"context"
	"errors"
	"strings"
)

// Step is one mutation of a plan: it knows how to make itself through a
// Writer, and which placeholders it defines and uses. Things the plan
// itself creates have placeholder IDs, "new:N", until Apply learns their
// node IDs.
type Step interface {
	// Type names the step in a plan file, e.g. "add-comment".
	Type() string
	// Apply makes the mutation through w, with the placeholders the step
	// uses resolved through ids, and records in ids the node IDs of what
	// it creates. A step whose placeholder is not resolved (the step that
	// defines it failed) fails without a call.
	Apply(ctx context.Context, w Writer, ids IDs) error
	// Defines lists the placeholders the step gives node IDs to.
	Defines() []string
	// Uses lists the placeholders the step needs resolved.
	Uses() []string
}

// placeholderPrefix starts the IDs a plan gives what it creates.
const placeholderPrefix = "new:"

// IDs maps a plan's placeholders to the node IDs GitHub gave what they
// stand for, as Apply makes the steps that define them.
type IDs map[string]string

// errSkipped says a change depends on one that failed.
var errSkipped = errors.New("skipped: a change it depends on failed")

// Resolve returns the node ID id stands for: id itself when it is not a
// placeholder, else what the placeholder became; an error when the step
// that defines it was not made.
func (ids IDs) Resolve(id string) (string, error) {
	if !strings.HasPrefix(id, placeholderPrefix) {
		return id, nil
	}
	if r, ok := ids[id]; ok {
		return r, nil
	}
	return "", errSkipped
}

// placeholders returns those of ids that are placeholders.
func placeholders(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, placeholderPrefix) {
			out = append(out, id)
		}
	}
	return out
}

// CreateDraft adds a draft issue to a board: a new card for a work item.
type CreateDraft struct {
	Project string `json:"project"`
	Title   string `json:"title"`
	Body    string `json:"body"`  // the item marker and the meeting's note
	Item    string `json:"item"`  // placeholder of the new card
	Draft   string `json:"draft"` // placeholder of its draft issue
}

// Type returns "create-draft".
func (CreateDraft) Type() string { return "create-draft" }

// Apply adds the draft and records the card's and the draft's node IDs.
func (s CreateDraft) Apply(ctx context.Context, w Writer, ids IDs) error {
	item, draft, err := w.AddDraftIssue(ctx, s.Project, s.Title, s.Body)
	if err != nil {
		return err
	}
	ids[s.Item], ids[s.Draft] = item, draft.ID
	return nil
}

// Defines returns the card's and the draft's placeholders.
func (s CreateDraft) Defines() []string { return []string{s.Item, s.Draft} }

// Uses returns nothing: the board exists.
func (CreateDraft) Uses() []string { return nil }

// NoteInNewDraft is a meeting's note that rides in the body of the draft a
// CreateDraft makes: it makes no call, and is done when the draft is.
type NoteInNewDraft struct {
	Draft string `json:"draft"` // placeholder of the draft issue
}

// Type returns "note-in-new-draft".
func (NoteInNewDraft) Type() string { return "note-in-new-draft" }

// Apply checks that the draft was made.
func (s NoteInNewDraft) Apply(_ context.Context, _ Writer, ids IDs) error {
	_, err := ids.Resolve(s.Draft)
	return err
}

// Defines returns nothing.
func (NoteInNewDraft) Defines() []string { return nil }

// Uses returns the draft's placeholder.
func (s NoteInNewDraft) Uses() []string { return placeholders(s.Draft) }

// noCall is a step that makes no call of its own: a note written by the
// step before it.
type noCall interface{ noCall() }

func (NoteInNewDraft) noCall() {}
func (NoteAlongside) noCall()  {}

// NoteAlongside is a meeting's note written in the same body as the note of
// the change before it: several meetings' notes on one card are one
// comment, or one rewrite of a draft or comment. It makes no call, and is
// done when that write is.
type NoteAlongside struct {
	Target string `json:"target"` // the comment or draft written (a placeholder or an ID)
}

// Type returns "note-alongside".
func (NoteAlongside) Type() string { return "note-alongside" }

// Apply checks that the write it rides with was made.
func (s NoteAlongside) Apply(_ context.Context, _ Writer, ids IDs) error {
	_, err := ids.Resolve(s.Target)
	return err
}

// Defines returns nothing.
func (NoteAlongside) Defines() []string { return nil }

// Uses returns the target's placeholder, if it is one.
func (s NoteAlongside) Uses() []string { return placeholders(s.Target) }

// CreateIssue creates an issue in the issue repository: a new card's
// content, put on the board by the AddItem after it. When GitHub's answer
// is lost, the issue is looked for by its marker before it is created
// again.
type CreateIssue struct {
	Repo   string `json:"repo"` // owner/name
	Title  string `json:"title"`
	Body   string `json:"body"`
	Marker string `json:"marker"` // the item marker in Body
	Issue  string `json:"issue"`  // placeholder of the new issue
}

// Type returns "create-issue".
func (CreateIssue) Type() string { return "create-issue" }

// Apply creates the issue, or finds the one a lost answer made, and
// records its node ID.
func (s CreateIssue) Apply(ctx context.Context, w Writer, ids IDs) error {
	issue, err := w.CreateIssue(ctx, s.Repo, s.Title, s.Body)
	if errors.Is(err, ErrUnknownOutcome) {
		issue, err = s.retry(ctx, w, err)
	}
	if err != nil {
		return err
	}
	ids[s.Issue] = issue.ID
	return nil
}

// retry looks for the issue whose creation had an unknown outcome, and
// creates it when it is not there. When the issue cannot be looked for,
// the outcome stays unknown.
func (s CreateIssue) retry(ctx context.Context, w Writer, unknown error) (Content, error) {
	found, ok, err := w.FindIssue(ctx, s.Repo, s.Marker)
	switch {
	case err != nil:
		return Content{}, unknown
	case ok:
		return found, nil
	}
	return w.CreateIssue(ctx, s.Repo, s.Title, s.Body)
}

// Defines returns the issue's placeholder.
func (s CreateIssue) Defines() []string { return []string{s.Issue} }

// Uses returns nothing.
func (CreateIssue) Uses() []string { return nil }

// AddItem puts an issue or pull request on a board.
type AddItem struct {
	Project string `json:"project"`
	Content string `json:"content"` // the issue or pull request, or the placeholder of a created issue
	Item    string `json:"item"`    // placeholder of the new card
}

// Type returns "add-item".
func (AddItem) Type() string { return "add-item" }

// Apply adds the content and records the card's node ID.
func (s AddItem) Apply(ctx context.Context, w Writer, ids IDs) error {
	content, err := ids.Resolve(s.Content)
	if err != nil {
		return err
	}
	item, err := w.AddProjectItem(ctx, s.Project, content)
	if err != nil {
		return err
	}
	ids[s.Item] = item
	return nil
}

// Defines returns the card's placeholder.
func (s AddItem) Defines() []string { return []string{s.Item} }

// Uses returns the content's placeholder, if it is one.
func (s AddItem) Uses() []string { return placeholders(s.Content) }

// AddComment comments on an issue or pull request: a meeting's note.
type AddComment struct {
	Subject string `json:"subject"` // the issue or pull request, or the placeholder of a created issue
	Body    string `json:"body"`
	Comment string `json:"comment"` // placeholder of the new comment
}

// Type returns "add-comment".
func (AddComment) Type() string { return "add-comment" }

// Apply comments and records the comment's node ID.
func (s AddComment) Apply(ctx context.Context, w Writer, ids IDs) error {
	subject, err := ids.Resolve(s.Subject)
	if err != nil {
		return err
	}
	comment, err := w.AddComment(ctx, subject, s.Body)
	if err != nil {
		return err
	}
	ids[s.Comment] = comment
	return nil
}

// Defines returns the comment's placeholder.
func (s AddComment) Defines() []string { return []string{s.Comment} }

// Uses returns the subject's placeholder, if it is one.
func (s AddComment) Uses() []string { return placeholders(s.Subject) }

// UpdateComment rewrites a meeting's note in a comment: the minutes
// changed.
type UpdateComment struct {
	Comment string `json:"comment"` // the comment, or the placeholder of one the plan adds
	Body    string `json:"body"`
}

// Type returns "update-comment".
func (UpdateComment) Type() string { return "update-comment" }

// Apply rewrites the comment.
func (s UpdateComment) Apply(ctx context.Context, w Writer, ids IDs) error {
	comment, err := ids.Resolve(s.Comment)
	if err != nil {
		return err
	}
	return w.UpdateComment(ctx, comment, s.Body)
}

// Defines returns nothing.
func (UpdateComment) Defines() []string { return nil }

// Uses returns the comment's placeholder, if it is one.
func (s UpdateComment) Uses() []string { return placeholders(s.Comment) }

// UpdateDraft rewrites a draft issue's title and body: a meeting's note
// added to it or rewritten in it.
type UpdateDraft struct {
	Draft string `json:"draft"` // the draft issue, or the placeholder of one the plan creates
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Type returns "update-draft".
func (UpdateDraft) Type() string { return "update-draft" }

// Apply rewrites the draft.
func (s UpdateDraft) Apply(ctx context.Context, w Writer, ids IDs) error {
	draft, err := ids.Resolve(s.Draft)
	if err != nil {
		return err
	}
	return w.UpdateDraftIssue(ctx, draft, s.Title, s.Body)
}

// Defines returns nothing.
func (UpdateDraft) Defines() []string { return nil }

// Uses returns the draft's placeholder, if it is one.
func (s UpdateDraft) Uses() []string { return placeholders(s.Draft) }

// SetStatus sets a card's single-select status field to an option.
type SetStatus struct {
	Project string `json:"project"`
	Item    string `json:"item"` // the card, or the placeholder of a new one
	Field   string `json:"field"`
	Option  string `json:"option"`
}

// Type returns "set-status".
func (SetStatus) Type() string { return "set-status" }

// Apply sets the field.
func (s SetStatus) Apply(ctx context.Context, w Writer, ids IDs) error {
	item, err := ids.Resolve(s.Item)
	if err != nil {
		return err
	}
	return w.SetSingleSelect(ctx, s.Project, item, s.Field, s.Option)
}

// Defines returns nothing.
func (SetStatus) Defines() []string { return nil }

// Uses returns the card's placeholder, if it is one.
func (s SetStatus) Uses() []string { return placeholders(s.Item) }

// SetDate sets a card's date field.
type SetDate struct {
	Project string `json:"project"`
	Item    string `json:"item"` // the card, or the placeholder of a new one
	Field   string `json:"field"`
	Date    string `json:"date"` // YYYY-MM-DD
}

// Type returns "set-date".
func (SetDate) Type() string { return "set-date" }

// Apply sets the field.
func (s SetDate) Apply(ctx context.Context, w Writer, ids IDs) error {
	item, err := ids.Resolve(s.Item)
	if err != nil {
		return err
	}
	return w.SetDate(ctx, s.Project, item, s.Field, s.Date)
}

// Defines returns nothing.
func (SetDate) Defines() []string { return nil }

// Uses returns the card's placeholder, if it is one.
func (s SetDate) Uses() []string { return placeholders(s.Item) }

// CreateStatusUpdate posts a board's status update for a meeting.
type CreateStatusUpdate struct {
	Project      string `json:"project"`
	Body         string `json:"body"`
	StartDate    string `json:"start-date"`    // the meeting's date
	StatusUpdate string `json:"status-update"` // placeholder of the new status update
}

// Type returns "create-status-update".
func (CreateStatusUpdate) Type() string { return "create-status-update" }

// Apply posts the status update and records its node ID.
func (s CreateStatusUpdate) Apply(ctx context.Context, w Writer, ids IDs) error {
	id, err := w.CreateStatusUpdate(ctx, s.Project, s.Body, s.StartDate)
	if err != nil {
		return err
	}
	ids[s.StatusUpdate] = id
	return nil
}

// Defines returns the status update's placeholder.
func (s CreateStatusUpdate) Defines() []string { return []string{s.StatusUpdate} }

// Uses returns nothing.
func (CreateStatusUpdate) Uses() []string { return nil }

// UpdateStatusUpdate rewrites a meeting's status update: the minutes
// changed.
type UpdateStatusUpdate struct {
	StatusUpdate string `json:"status-update"` // the status update, or the placeholder of one the plan posts
	Body         string `json:"body"`
}

// Type returns "update-status-update".
func (UpdateStatusUpdate) Type() string { return "update-status-update" }

// Apply rewrites the status update.
func (s UpdateStatusUpdate) Apply(ctx context.Context, w Writer, ids IDs) error {
	id, err := ids.Resolve(s.StatusUpdate)
	if err != nil {
		return err
	}
	return w.UpdateStatusUpdate(ctx, id, s.Body)
}

// Defines returns nothing.
func (UpdateStatusUpdate) Defines() []string { return nil }

// Uses returns the status update's placeholder, if it is one.
func (s UpdateStatusUpdate) Uses() []string { return placeholders(s.StatusUpdate) }

// ArchiveItem archives a card: one the minutes moved off the default board
// to a real one, or a duplicate another run made.
type ArchiveItem struct {
	Project string `json:"project"`
	Item    string `json:"item"`
}

// Type returns "archive-item".
func (ArchiveItem) Type() string { return "archive-item" }

// Apply archives the card.
func (s ArchiveItem) Apply(ctx context.Context, w Writer, ids IDs) error {
	item, err := ids.Resolve(s.Item)
	if err != nil {
		return err
	}
	return w.ArchiveItem(ctx, s.Project, item)
}

// Defines returns nothing.
func (ArchiveItem) Defines() []string { return nil }

// Uses returns the card's placeholder, if it is one.
func (s ArchiveItem) Uses() []string { return placeholders(s.Item) }

// DeleteItem removes a duplicate draft card two runs at once made (its
// notes were taken into the card kept).
type DeleteItem struct {
	Project string `json:"project"`
	Item    string `json:"item"`
}

// Type returns "delete-item".
func (DeleteItem) Type() string { return "delete-item" }

// Apply deletes the card.
func (s DeleteItem) Apply(ctx context.Context, w Writer, ids IDs) error {
	item, err := ids.Resolve(s.Item)
	if err != nil {
		return err
	}
	return w.DeleteItem(ctx, s.Project, item)
}

// Defines returns nothing.
func (DeleteItem) Defines() []string { return nil }

// Uses returns the card's placeholder, if it is one.
func (s DeleteItem) Uses() []string { return placeholders(s.Item) }

// DeleteComment deletes a comment that repeats a note another comment
// holds.
type DeleteComment struct {
	Comment string `json:"comment"`
}

// Type returns "delete-comment".
func (DeleteComment) Type() string { return "delete-comment" }

// Apply deletes the comment.
func (s DeleteComment) Apply(ctx context.Context, w Writer, ids IDs) error {
	id, err := ids.Resolve(s.Comment)
	if err != nil {
		return err
	}
	return w.DeleteComment(ctx, id)
}

// Defines returns nothing.
func (DeleteComment) Defines() []string { return nil }

// Uses returns the comment's placeholder, if it is one.
func (s DeleteComment) Uses() []string { return placeholders(s.Comment) }

// DeleteStatusUpdate deletes a status update that repeats a meeting's
// another run posted.
type DeleteStatusUpdate struct {
	StatusUpdate string `json:"status-update"`
}

// Type returns "delete-status-update".
func (DeleteStatusUpdate) Type() string { return "delete-status-update" }

// Apply deletes the status update.
func (s DeleteStatusUpdate) Apply(ctx context.Context, w Writer, ids IDs) error {
	id, err := ids.Resolve(s.StatusUpdate)
	if err != nil {
		return err
	}
	return w.DeleteStatusUpdate(ctx, id)
}

// Defines returns nothing.
func (DeleteStatusUpdate) Defines() []string { return nil }

// Uses returns the status update's placeholder, if it is one.
func (s DeleteStatusUpdate) Uses() []string { return placeholders(s.StatusUpdate) }

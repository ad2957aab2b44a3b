package sync

import (
	"context"
	"fmt"
	"strings"
)

// StickyMarker opens the one pull request comment that carries the plan.
// Later runs find the comment by it and edit it in place.
const StickyMarker = "<!-- minutes-sync:plan -->"

// NothingToSync is the sticky comment's text once a pull request no longer
// touches any minutes, or its minutes need no change to the boards.
const NothingToSync = "**minutes-sync:** nothing to sync: this pull request changes no minutes, or the boards already match them."

// StickyAction says what UpsertSticky did.
type StickyAction string

// The outcomes of UpsertSticky.
const (
	StickyCreated   StickyAction = "created"   // a new comment was posted
	StickyUpdated   StickyAction = "updated"   // the comment was edited
	StickyUnchanged StickyAction = "unchanged" // the comment already said this: no call
	StickySkipped   StickyAction = "skipped"   // nothing to say and no comment to correct
)

// StickyBody is the full text of the sticky comment for a rendered plan;
// an empty plan gives the "nothing to sync" text.
func StickyBody(plan string) string {
	plan = strings.TrimSpace(plan)
	if plan == "" {
		plan = NothingToSync
	}
	return StickyMarker + "\n" + plan + "\n"
}

// isSticky reports whether a comment is the sticky one: its body starts
// with the marker (a reply quoting it starts with "> " instead).
func isSticky(body string) bool {
	return strings.HasPrefix(strings.TrimLeft(body, " \t\r\n"), StickyMarker)
}

// UpsertSticky keeps one comment on the subject showing plan (Markdown,
// without the marker). When plan is empty the pull request touches no
// minutes: an existing sticky comment is changed to say there is nothing to
// sync, and when there is none nothing is posted. A comment that already
// says the same is left alone, without a call. Should several sticky
// comments exist (two runs raced), the oldest is kept up to date.
func UpsertSticky(ctx context.Context, c Commenter, subjectID, plan string) (StickyAction, error) {
	comments, err := c.IssueComments(ctx, subjectID)
	if err != nil {
		return "", fmt.Errorf("read pull request comments: %w", err)
	}
	var existing *Comment
	for i := range comments {
		if comments[i].ByViewer && isSticky(comments[i].Body) { // someone else's "sticky" is not ours
			existing = &comments[i]
			break
		}
	}
	body := StickyBody(plan)
	switch {
	case existing == nil && strings.TrimSpace(plan) == "":
		return StickySkipped, nil
	case existing == nil:
		if _, err := c.AddComment(ctx, subjectID, body); err != nil {
			return "", fmt.Errorf("post plan comment: %w", err)
		}
		return StickyCreated, nil
	case sameBody(existing.Body, body):
		return StickyUnchanged, nil
	default:
		if err := c.UpdateComment(ctx, existing.ID, body); err != nil {
			return "", fmt.Errorf("update plan comment: %w", err)
		}
		return StickyUpdated, nil
	}
}

// sameBody compares comment bodies as GitHub returns them: it stores line
// ends as CRLF at times and drops trailing white space.
func sameBody(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	}
	return norm(a) == norm(b)
}

package sync

import (
	"context"
	"errors"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// Reader reads boards and what hangs off their items: what a snapshot
// (ReadBoards) is made of. *github.Client implements it against GitHub's
// GraphQL API; EmptyBoards is the Reader of offline planning.
type Reader interface {
	// Board reads a whole board, every page of fields, items and status
	// updates, one request per page. Item.Status and Item.LastDate are the
	// values of the fields named in names. A board that does not exist or is
	// not visible to the token gives an error wrapping ErrNotFound.
	Board(ctx context.Context, ref BoardRef, names FieldNames) (*Board, error)
	// Comments reads every comment of the given issues and pull requests
	// (node IDs), batched; the map is keyed by subject ID.
	Comments(ctx context.Context, subjectIDs []string) (map[string][]Comment, error)
	// Content resolves an issue or pull request reference. A reference to
	// something that does not exist gives an error wrapping ErrNotFound.
	Content(ctx context.Context, ref minutes.Ref) (Content, error)
	BoardLister
	LinkReader
	CreatedIssueLister
}

// BoardLister finds the boards of an owner without reading their items.
type BoardLister interface {
	// ListBoards lists every Projects (v2) board of an organization or user
	// visible to the token, closed ones included, all pages, by number. An
	// owner that does not exist gives an error wrapping ErrNotFound.
	ListBoards(ctx context.Context, owner string) ([]BoardSummary, error)
}

// LinkReader resolves a linked issue or pull request with the boards it
// is on, in one request. (The boards are not a field of Content: Content
// stays comparable with ==.)
type LinkReader interface {
	// ContentBoards is Content together with the boards the issue or pull
	// request is on, archived items included, all pages.
	ContentBoards(ctx context.Context, ref minutes.Ref) (Content, []BoardRef, error)
}

// ItemMarkerPrefix begins the marker in the body of every item this tool
// creates ("<!-- minutes-sync:item key=KEY -->", see markers.go).
const ItemMarkerPrefix = "<!-- minutes-sync:item key="

// CreatedIssueLister finds the issues this tool created in earlier runs,
// so that a plan adds an issue whose item was lost to its board instead of
// creating it again.
type CreatedIssueLister interface {
	// CreatedIssues lists the issues of repo (owner/name) that the token's
	// user created and whose body contains ItemMarkerPrefix, open and
	// closed, newest first. A repository that does not exist gives an error
	// wrapping ErrNotFound.
	CreatedIssues(ctx context.Context, repo string) ([]Content, error)
}

// Remover archives and deletes board items and deletes comments, one
// GraphQL mutation each, paced like the Writer's other changes.
type Remover interface {
	// ArchiveItem archives an item of a board: it leaves the board's views
	// and keeps its fields; archiving an archived item changes nothing.
	ArchiveItem(ctx context.Context, projectID, itemID string) error
	// DeleteItem removes an item from a board; a draft issue is deleted
	// with it, an issue or pull request stays in its repository.
	DeleteItem(ctx context.Context, projectID, itemID string) error
	// DeleteComment deletes a comment on an issue or pull request.
	DeleteComment(ctx context.Context, commentID string) error
	// DeleteStatusUpdate deletes a project status update.
	DeleteStatusUpdate(ctx context.Context, id string) error
}

// Writer makes the changes of a plan. Each method but FindIssue is one
// GraphQL mutation. *github.Client paces mutations and caps
// content-creating requests per hour.
type Writer interface {
	// FindIssue looks in repo (owner/name) for an issue the token's user
	// created whose body contains marker; ok is false when there is none.
	// A created issue whose answer was lost is looked for with it before it
	// is created again.
	FindIssue(ctx context.Context, repo, marker string) (c Content, ok bool, err error)
	AddDraftIssue(ctx context.Context, projectID, title, body string) (itemID string, draft Content, err error)
	UpdateDraftIssue(ctx context.Context, draftID, title, body string) error
	AddProjectItem(ctx context.Context, projectID, contentID string) (itemID string, err error)
	CreateIssue(ctx context.Context, repo, title, body string) (Content, error)
	AddComment(ctx context.Context, subjectID, body string) (commentID string, err error)
	UpdateComment(ctx context.Context, commentID, body string) error
	SetSingleSelect(ctx context.Context, projectID, itemID, fieldID, optionID string) error
	SetDate(ctx context.Context, projectID, itemID, fieldID, date string) error
	CreateStatusUpdate(ctx context.Context, projectID, body, startDate string) (id string, err error)
	UpdateStatusUpdate(ctx context.Context, id, body string) error
	Remover
}

// GitHub is everything Apply needs: it writes, and reads the boards again
// when the outcome of a write is unknown.
type GitHub interface {
	Reader
	Writer
}

// Commenter reads and writes the comments of an issue or pull request.
// *github.Client implements it.
type Commenter interface {
	// IssueComments reads every comment of the subject (an issue or pull
	// request node ID), all pages.
	IssueComments(ctx context.Context, subjectID string) ([]Comment, error)
	AddComment(ctx context.Context, subjectID, body string) (commentID string, err error)
	UpdateComment(ctx context.Context, commentID, body string) error
}

// Errors callers branch on. The adapter wraps them with the details.
var (
	// ErrNotFound: a board, issue or repository does not exist or is not
	// visible to the token.
	ErrNotFound = errors.New("not found")
	// ErrUnknownOutcome: a mutation failed after it may have been applied.
	// It must not be repeated before the state is read again.
	ErrUnknownOutcome = errors.New("outcome unknown")
	// ErrBadCredentials: the token is invalid or expired (HTTP 401).
	ErrBadCredentials = errors.New("bad credentials")
	// ErrForbidden: the token lacks a scope or permission.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: the primary rate limit is exhausted and its reset is
	// too far away to wait for.
	ErrRateLimited = errors.New("rate limited")
	// ErrOutOfScope: a board of an owner a pull request's plan may not
	// read (see Options.Owners); it was skipped.
	ErrOutOfScope = errors.New("outside the owners in scope")
)

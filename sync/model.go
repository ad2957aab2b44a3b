package sync

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// BoardRef names a Projects (v2) board by owner and number.
type BoardRef struct {
	Owner  string
	Kind   minutes.OwnerKind // org or user; "" when unknown
	Number int
}

// String returns "owner/number", the form plans use.
func (r BoardRef) String() string { return r.Owner + "/" + strconv.Itoa(r.Number) }

// URL returns the board's address on github.com.
func (r BoardRef) URL() string {
	kind := "orgs"
	if r.Kind == minutes.KindUser {
		kind = "users"
	}
	return fmt.Sprintf("https://github.com/%s/%s/projects/%d", kind, r.Owner, r.Number)
}

// RefOf returns the BoardRef of a board named in the minutes.
func RefOf(b minutes.Board) BoardRef {
	return BoardRef{Owner: b.Owner, Kind: b.Kind, Number: b.Number}
}

// ParseBoardURL reads a board address such as
// https://github.com/orgs/O/projects/N or https://github.com/users/U/projects/N/views/2.
func ParseBoardURL(s string) (BoardRef, error) {
	u := strings.TrimSpace(s)
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	if b, ok := minutes.ParseBoardURL(u); ok {
		return RefOf(b), nil
	}
	return BoardRef{}, fmt.Errorf("%q is not a board address like https://github.com/orgs/OWNER/projects/NUMBER", s)
}

// Board is a snapshot of one board: what Plan needs to know of it.
type Board struct {
	Ref           BoardRef
	ID            string // the ProjectV2 node ID
	Title         string
	URL           string
	Fields        []Field // every field of the board, all pages read
	Items         []Item  // every item of the board, all pages read
	StatusUpdates []StatusUpdate
}

// FieldType is a ProjectV2FieldType, e.g. "SINGLE_SELECT" or "DATE".
type FieldType string

// The field types Plan uses.
const (
	FieldSingleSelect FieldType = "SINGLE_SELECT"
	FieldDate         FieldType = "DATE"
)

// Field is one field of a board.
type Field struct {
	ID       string
	Name     string
	DataType FieldType
	Options  []Option // single-select options, in board order
}

// Option is one option of a single-select field.
type Option struct {
	ID   string
	Name string
}

// ContentType is what a board item is: a ProjectV2ItemType.
type ContentType string

// The content types of board items.
const (
	ContentDraft       ContentType = "DRAFT_ISSUE"
	ContentIssue       ContentType = "ISSUE"
	ContentPullRequest ContentType = "PULL_REQUEST"
	ContentRedacted    ContentType = "REDACTED" // hidden from the token
)

// Item is one item on a board.
type Item struct {
	ID       string // the ProjectV2Item node ID
	Type     ContentType
	Archived bool
	Content  Content
	Status   string    // the option name of the board's status field, "" when unset
	LastDate string    // the date field's value, YYYY-MM-DD, "" when unset
	Comments []Comment // read only for the issues and pull requests that get notes
	// DatabaseID is the item's database ID (ProjectV2Item.fullDatabaseId,
	// the REST API's item_id), 0 when unknown. GitHub's pages use it as the
	// itemId of an item's links, though its documentation does not say so:
	// https://github.com/orgs/O/projects/5/views/2?pane=issue&itemId=12345678.
	DatabaseID int64
	// ByViewer: the token's user added the item to the board
	// (ProjectV2Item.creator).
	ByViewer bool
}

// Content is an item's draft issue, issue or pull request.
type Content struct {
	ID     string // DraftIssue, Issue or PullRequest node ID
	Type   ContentType
	Title  string
	Body   string
	URL    string // "" for drafts
	Repo   string // owner/name, "" for drafts
	Number int    // 0 for drafts
	// ByViewer: the token's user wrote it (an issue's or pull request's
	// viewerDidAuthor, a draft's creator). Only such a body's markers are to
	// be trusted.
	ByViewer bool
}

// Comment is a comment on an issue or pull request.
type Comment struct {
	ID   string
	Body string
	// ByViewer: the token's user wrote it (IssueComment.viewerDidAuthor).
	ByViewer bool
}

// StatusUpdate is a project status update.
type StatusUpdate struct {
	ID        string
	Body      string
	StartDate string // YYYY-MM-DD
	// ByViewer: the token's user posted it (ProjectV2StatusUpdate.creator).
	ByViewer bool
}

// BoardSummary is what BoardLister.ListBoards tells of a board: enough to
// pick the boards in scope without reading their items.
type BoardSummary struct {
	Ref    BoardRef // with Kind set
	ID     string   // the ProjectV2 node ID
	Title  string
	Closed bool
}

// FieldNames are the names of the fields Plan sets, looked up
// case-insensitively.
type FieldNames struct {
	Status        string // single select; default "Status"
	DoneOption    string // default "Done"
	LastDiscussed string // date; default "Last discussed"
}

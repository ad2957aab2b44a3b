package minutes

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxFileSize is the largest minutes file Parse accepts, in bytes.
const MaxFileSize = 1 << 20

// MaxTitleLen is the longest work-item title, in characters (runes).
const MaxTitleLen = 256

// OwnerKind tells whether a board belongs to an organization or a user.
type OwnerKind string

// The owner kinds of a board, as they appear in its URL.
const (
	KindOrg  OwnerKind = "org"
	KindUser OwnerKind = "user"
)

// State is the state of a work item, derived from its task-list check boxes.
type State string

// The states of a work item.
const (
	StateNone State = ""     // the item has no check boxes
	StateOpen State = "open" // at least one box is not ticked
	StateDone State = "done" // every box is ticked
)

// Meeting is what one minutes file says.
//
// Attendees and Regrets hold GitHub logins. People written by name only
// ("Ali Ijaz Sheikh", "Council: Mark, Eric Holk") are in AttendeeNames and
// RegretNames, unless Options.Handles or the attendance list itself ("Sam
// Roberts (@sam-github)") gives their login.
type Meeting struct {
	File          string        `json:"file"`
	Date          string        `json:"date"` // YYYY-MM-DD
	Title         string        `json:"title"`
	StartTime     string        `json:"start_time,omitempty"` // as written, e.g. "17:00 UTC"
	Attendees     []string      `json:"attendees"`            // logins, without "@"
	Regrets       []string      `json:"regrets"`              // logins, without "@"
	AttendeeNames []string      `json:"attendee_names,omitempty"`
	RegretNames   []string      `json:"regret_names,omitempty"`
	Boards        []Report      `json:"boards"` // every board the meeting reported on, in order
	Items         []Item        `json:"items"`
	Statuses      []TopicStatus `json:"statuses,omitempty"`
	Lint          []Warning     `json:"lint,omitempty"`
	Warnings      []Warning     `json:"warnings"`
}

// TopicStatus is what a meeting said about a topic that brought no work:
// a placeholder ("No progress", "N/A", "Skipped due to time") or a note
// that it was not discussed. Such topics are not work items; a later step
// can record the status on the topic's existing card.
type TopicStatus struct {
	Title   string `json:"title"`
	Board   *Board `json:"board,omitempty"`
	Status  string `json:"status"` // as written
	Subject *Ref   `json:"subject,omitempty"`
	Line    int    `json:"line"`
	Anchor  string `json:"anchor"`
}

// Report is what a meeting said about one board as a whole: that it was
// reported on, and its status when the minutes gave one: a placeholder
// ("stalled", "No activity", "…"; see IsPlaceholder) or a remark in
// parentheses ("(Volunteers needed - this topic is available for
// adoption!)") written as a bullet of the board.
type Report struct {
	Board  Board  `json:"board"`
	Status string `json:"status,omitempty"`
	Line   int    `json:"line"`
	Anchor string `json:"anchor"`
}

// Board is a GitHub Projects (v2) board named in the minutes.
type Board struct {
	Owner  string    `json:"owner"`
	Kind   OwnerKind `json:"kind"`
	Number int       `json:"number"`
	URL    string    `json:"url"`
	Title  string    `json:"title"` // the title the minutes gave it
}

// Key is the board's identity, "owner/number"; titles and URLs vary between
// meetings, the owner and number do not.
func (b Board) Key() string { return b.Owner + "/" + strconv.Itoa(b.Number) }

// ItemKind tells a topic from an action item.
type ItemKind string

// The kinds of work item.
const (
	KindTopic  ItemKind = ""       // a topic reported on or discussed
	KindAction ItemKind = "action" // something someone is to do: "AI: …", "ACTION: …", "Ann to …", a box under "Action items"
)

// Item is one work item reported in a meeting.
//
// Owners are GitHub logins. Owners written as names ("Ryan: draft the
// email", "**CAM** will …", "(Jenn)", "[dlorenc]") are in OwnerNames, as
// written, unless Options.Handles or the meeting's attendance list maps the
// name to a login, which then is in Owners instead.
//
// Subject is the issue or pull request the item is about: a reference in
// its title line, or a link standing first under a topic heading
// ("- **Link:** https://github.com/o/r/issues/5"). Refs holds every
// reference in the item, the subject included, resolved to owner/repo#N.
// Card is the card of a board the item names the same way, by its link
// (".../projects/4?pane=issue&itemId=81234567"): which card it is. Links
// deeper in the notes are only mentioned.
//
// An action item found in the notes of another item ("AI: …" nested under
// a topic) has that item's title as Topic; it is also part of that item's
// notes.
type Item struct {
	Board      *Board    `json:"board"`
	Section    string    `json:"section"` // the heading (or summary entry) it was found under
	Title      string    `json:"title"`
	Kind       ItemKind  `json:"kind,omitempty"`
	Owners     []string  `json:"owners"` // logins, without "@"
	OwnerNames []string  `json:"owner_names,omitempty"`
	State      State     `json:"state"`
	Notes      string    `json:"notes"` // the item's own Markdown, as written
	Refs       []Ref     `json:"refs"`
	Subject    *Ref      `json:"subject,omitempty"`
	Card       *CardLink `json:"card,omitempty"`
	Topic      string    `json:"topic,omitempty"`
	Line       int       `json:"line"`
	Anchor     string    `json:"anchor"` // GitHub's anchor of the nearest heading
}

// Ref is a link from a work item to a GitHub issue or pull request.
type Ref struct {
	Owner  string `json:"-"`
	Repo   string `json:"-"`
	Number int    `json:"-"`
}

// String returns the reference as owner/repo#N.
func (r Ref) String() string { return fmt.Sprintf("%s/%s#%d", r.Owner, r.Repo, r.Number) }

// MarshalText writes the reference as owner/repo#N.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a reference written as owner/repo#N.
func (r *Ref) UnmarshalText(b []byte) error {
	s := string(b)
	slash := strings.IndexByte(s, '/')
	hash := strings.LastIndexByte(s, '#')
	if slash <= 0 || hash <= slash+1 {
		return fmt.Errorf("reference %q is not owner/repo#N", s)
	}
	n, err := strconv.Atoi(s[hash+1:])
	if err != nil || n <= 0 {
		return fmt.Errorf("reference %q is not owner/repo#N", s)
	}
	*r = Ref{Owner: s[:slash], Repo: s[slash+1 : hash], Number: n}
	return nil
}

// Warning is a problem in the minutes that did not stop them being read.
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ParseError is returned when a file cannot be read as minutes at all.
type ParseError struct {
	File string
	Line int // 0 when the problem is the whole file
	Err  error
}

// Error returns "file:line: problem", or "file: problem" when the problem
// is the whole file.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying problem, so that errors.Is can see, for
// example, fs.ErrNotExist.
func (e *ParseError) Unwrap() error { return e.Err }

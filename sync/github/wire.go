package github

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// Wire types shared by several queries, and the functions that convert wire
// values to the domain types of package sync. Each query's own wire structs
// sit next to it in read.go and write.go.

// Page sizes. GitHub returns at most 100 nodes of one connection per
// request, and every connection read here is flat (no nested connection
// under a paged one, except comments in commentBatch), so full pages keep
// the number of requests, and so the rate-limit cost, lowest.
const (
	// pageSize is the page size of every connection: GitHub's maximum.
	pageSize = 100
	// commentBatch is how many issues and pull requests one comments query
	// reads, each with its first pageSize comments: 25 × 100 = 2,500 nodes
	// keeps the query's cost and the response's size modest (comment bodies
	// run to 64 KiB) while cutting the requests for a large board 25-fold.
	commentBatch = 25
)

// pageInfo follows a connection.
// https://docs.github.com/en/graphql/reference/objects#pageinfo
type pageInfo struct {
	HasNextPage bool   `graphql:"hasNextPage"`
	EndCursor   string `graphql:"endCursor"`
}

// bigInt is GitHub's BigInt scalar: a 64-bit integer sent as a string.
// https://docs.github.com/en/graphql/reference/scalars#bigint
type bigInt int64

// UnmarshalJSON reads a BigInt from a JSON string (or number); null is 0.
func (b *bigInt) UnmarshalJSON(data []byte) error {
	s := string(data)
	if s == "null" {
		*b = 0
		return nil
	}
	if u, err := strconv.Unquote(s); err == nil {
		s = u
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("BigInt %s: %w", data, err)
	}
	*b = bigInt(n)
	return nil
}

// actorWire is who made something: a user, a bot or an organization.
// https://docs.github.com/en/graphql/reference/interfaces#actor
type actorWire struct {
	Login string `graphql:"login"`
}

// by reports whether the actor is the token's user, whose login is viewer.
// A nil actor (a deleted account, or one hidden from the token) is nobody.
func (a *actorWire) by(viewer string) bool {
	return a != nil && sameLogin(a.Login, viewer)
}

// sameLogin reports whether two logins name the same account: logins are
// case-insensitive, and a GitHub App's bot, "name[bot]" as the viewer, is
// "name" as an actor.
func sameLogin(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.ToLower(s), "[bot]") }
	return a != "" && b != "" && norm(a) == norm(b)
}

// issueWire is what is read of an issue or a pull request.
// https://docs.github.com/en/graphql/reference/objects#issue
// https://docs.github.com/en/graphql/reference/objects#pullrequest
type issueWire struct {
	ID              string `graphql:"id"`
	Title           string `graphql:"title"`
	Body            string `graphql:"body"`
	URL             string `graphql:"url"`
	Number          int    `graphql:"number"`
	ViewerDidAuthor bool   `graphql:"viewerDidAuthor"`
	Repository      struct {
		NameWithOwner string `graphql:"nameWithOwner"`
	} `graphql:"repository"`
}

// draftWire is what is read of a draft issue.
// https://docs.github.com/en/graphql/reference/objects#draftissue
type draftWire struct {
	ID      string     `graphql:"id"`
	Title   string     `graphql:"title"`
	Body    string     `graphql:"body"`
	Creator *actorWire `graphql:"creator"`
}

// itemContentWire is a board item's content.
// https://docs.github.com/en/graphql/reference/unions#projectv2itemcontent
type itemContentWire struct {
	Typename    string    `graphql:"__typename"`
	DraftIssue  draftWire `graphql:"... on DraftIssue"`
	Issue       issueWire `graphql:"... on Issue"`
	PullRequest issueWire `graphql:"... on PullRequest"`
}

// issueOrPullRequestWire is an issue or a pull request.
// https://docs.github.com/en/graphql/reference/unions#issueorpullrequest
type issueOrPullRequestWire struct {
	Typename    string    `graphql:"__typename"`
	Issue       issueWire `graphql:"... on Issue"`
	PullRequest issueWire `graphql:"... on PullRequest"`
}

// commentPage is one page of an issue's or pull request's comments.
// https://docs.github.com/en/graphql/reference/objects#issuecommentconnection
type commentPage struct {
	// https://docs.github.com/en/graphql/reference/objects#issuecomment
	Nodes []struct {
		ID              string `graphql:"id"`
		Body            string `graphql:"body"`
		ViewerDidAuthor bool   `graphql:"viewerDidAuthor"`
	} `graphql:"nodes"`
	PageInfo pageInfo `graphql:"pageInfo"`
}

// commentsWire is a subject (issue or pull request) with a page of its
// comments.
type commentsWire struct {
	ID       string      `graphql:"id"`
	Comments commentPage `graphql:"comments(first: $first, after: $cursor)"`
}

// commentSubjectWire is a node that has comments.
// https://docs.github.com/en/graphql/reference/interfaces#node
type commentSubjectWire struct {
	Typename    string       `graphql:"__typename"`
	Issue       commentsWire `graphql:"... on Issue"`
	PullRequest commentsWire `graphql:"... on PullRequest"`
}

// fieldWire is one field of a board.
// https://docs.github.com/en/graphql/reference/unions#projectv2fieldconfiguration
type fieldWire struct {
	Typename string `graphql:"__typename"`
	Common   struct {
		ID       string `graphql:"id"`
		Name     string `graphql:"name"`
		DataType string `graphql:"dataType"`
	} `graphql:"... on ProjectV2FieldCommon"`
	SingleSelect struct {
		Options []struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
		} `graphql:"options"`
	} `graphql:"... on ProjectV2SingleSelectField"`
}

// fieldPage is one page of a board's fields.
// https://docs.github.com/en/graphql/reference/objects#projectv2fieldconfigurationconnection
type fieldPage struct {
	Nodes    []fieldWire `graphql:"nodes"`
	PageInfo pageInfo    `graphql:"pageInfo"`
}

// statusUpdatePage is one page of a board's status updates.
// https://docs.github.com/en/graphql/reference/objects#projectv2statusupdate
type statusUpdatePage struct {
	Nodes []struct {
		ID        string     `graphql:"id"`
		Body      string     `graphql:"body"`
		StartDate string     `graphql:"startDate"`
		Creator   *actorWire `graphql:"creator"`
	} `graphql:"nodes"`
	PageInfo pageInfo `graphql:"pageInfo"`
}

// itemWire is one board item. Its selections are flat: the item's status
// and date come from fieldValueByName, not from a nested connection.
// fullDatabaseId, not the deprecated 32-bit databaseId, is the item's
// database ID.
// https://docs.github.com/en/graphql/reference/objects#projectv2item
type itemWire struct {
	ID             string           `graphql:"id"`
	FullDatabaseID bigInt           `graphql:"fullDatabaseId"`
	Type           string           `graphql:"type"`
	IsArchived     bool             `graphql:"isArchived"`
	Creator        *actorWire       `graphql:"creator"`
	Content        *itemContentWire `graphql:"content"`
	// https://docs.github.com/en/graphql/reference/unions#projectv2itemfieldvalue
	Status *struct {
		SingleSelect struct {
			Name     string `graphql:"name"`
			OptionID string `graphql:"optionId"`
		} `graphql:"... on ProjectV2ItemFieldSingleSelectValue"`
	} `graphql:"status: fieldValueByName(name: $statusField)"`
	LastDate *struct {
		DateValue struct {
			Date string `graphql:"date"`
		} `graphql:"... on ProjectV2ItemFieldDateValue"`
	} `graphql:"lastDate: fieldValueByName(name: $dateField)"`
}

// itemPage is one page of a board's items.
// https://docs.github.com/en/graphql/reference/objects#projectv2itemconnection
type itemPage struct {
	Nodes    []itemWire `graphql:"nodes"`
	PageInfo pageInfo   `graphql:"pageInfo"`
}

// projectItemPage is one page of the board items of an issue or pull
// request, each read for the board it is on.
// https://docs.github.com/en/graphql/reference/objects#projectv2itemconnection
// https://docs.github.com/en/graphql/reference/interfaces#projectv2owner
type projectItemPage struct {
	Nodes []struct {
		Project struct {
			Number int `graphql:"number"`
			Owner  struct {
				Typename     string `graphql:"__typename"`
				Organization struct {
					Login string `graphql:"login"`
				} `graphql:"... on Organization"`
				User struct {
					Login string `graphql:"login"`
				} `graphql:"... on User"`
			} `graphql:"owner"`
		} `graphql:"project"`
	} `graphql:"nodes"`
	PageInfo pageInfo `graphql:"pageInfo"`
}

// The conversions from wire to domain types. Those of objects whose
// authorship is told by a creator take the token's login, viewer.

func (w issueWire) content(t sync.ContentType) sync.Content {
	return sync.Content{
		ID:       w.ID,
		Type:     t,
		Title:    w.Title,
		Body:     w.Body,
		URL:      w.URL,
		Repo:     w.Repository.NameWithOwner,
		Number:   w.Number,
		ByViewer: w.ViewerDidAuthor,
	}
}

func (w draftWire) content(viewer string) sync.Content {
	return sync.Content{ID: w.ID, Type: sync.ContentDraft, Title: w.Title, Body: w.Body, ByViewer: w.Creator.by(viewer)}
}

// content converts an item's content; ok is false when there is none the
// token may see.
func (w *itemContentWire) content(viewer string) (c sync.Content, ok bool) {
	if w == nil {
		return sync.Content{}, false
	}
	switch w.Typename {
	case "DraftIssue":
		return w.DraftIssue.content(viewer), true
	case "Issue":
		return w.Issue.content(sync.ContentIssue), true
	case "PullRequest":
		return w.PullRequest.content(sync.ContentPullRequest), true
	}
	return sync.Content{}, false
}

func (w *issueOrPullRequestWire) content() (c sync.Content, ok bool) {
	if w == nil {
		return sync.Content{}, false
	}
	switch w.Typename {
	case "Issue":
		return w.Issue.content(sync.ContentIssue), true
	case "PullRequest":
		return w.PullRequest.content(sync.ContentPullRequest), true
	}
	return sync.Content{}, false
}

func (w fieldWire) field() sync.Field {
	f := sync.Field{ID: w.Common.ID, Name: w.Common.Name, DataType: sync.FieldType(w.Common.DataType)}
	if w.Typename == "ProjectV2SingleSelectField" {
		for _, o := range w.SingleSelect.Options {
			f.Options = append(f.Options, sync.Option{ID: o.ID, Name: o.Name})
		}
	}
	return f
}

func (p statusUpdatePage) statusUpdates(viewer string) []sync.StatusUpdate {
	var out []sync.StatusUpdate
	for _, n := range p.Nodes {
		out = append(out, sync.StatusUpdate{ID: n.ID, Body: n.Body, StartDate: n.StartDate, ByViewer: n.Creator.by(viewer)})
	}
	return out
}

func (p commentPage) comments() []sync.Comment {
	var out []sync.Comment
	for _, n := range p.Nodes {
		out = append(out, sync.Comment{ID: n.ID, Body: n.Body, ByViewer: n.ViewerDidAuthor})
	}
	return out
}

// boards returns the boards of a page of an issue's or pull request's
// items.
func (p projectItemPage) boards() []sync.BoardRef {
	var out []sync.BoardRef
	for _, n := range p.Nodes {
		ref := sync.BoardRef{Number: n.Project.Number}
		switch o := n.Project.Owner; o.Typename {
		case "Organization":
			ref.Owner, ref.Kind = o.Organization.Login, minutes.KindOrg
		case "User":
			ref.Owner, ref.Kind = o.User.Login, minutes.KindUser
		default:
			continue // no board of an owner a BoardRef can name
		}
		out = append(out, ref)
	}
	return out
}

// subject returns the issue or pull request part of a comment subject.
func (w *commentSubjectWire) subject() (commentsWire, bool) {
	if w == nil {
		return commentsWire{}, false
	}
	switch w.Typename {
	case "Issue":
		return w.Issue, true
	case "PullRequest":
		return w.PullRequest, true
	}
	return commentsWire{}, false
}

// item converts a board item. A REDACTED item, or one whose content the
// token may not see, keeps its ID and type and has no content.
func (w itemWire) item(viewer string) sync.Item {
	it := sync.Item{ID: w.ID, Type: sync.ContentType(w.Type), Archived: w.IsArchived,
		DatabaseID: int64(w.FullDatabaseID), ByViewer: w.Creator.by(viewer)}
	if c, ok := w.Content.content(viewer); ok && it.Type != sync.ContentRedacted {
		it.Content = c
	} else {
		it.Type = sync.ContentRedacted
	}
	if w.Status != nil {
		it.Status = w.Status.SingleSelect.Name
	}
	if w.LastDate != nil {
		it.LastDate = w.LastDate.DateValue.Date
	}
	return it
}

// fieldNamed finds a field by name, case-insensitively.
func fieldNamed(fields []sync.Field, name string) (sync.Field, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return sync.Field{}, false
}

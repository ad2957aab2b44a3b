package github

import (
	"strings"

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

// issueWire is what is read of an issue or a pull request.
// https://docs.github.com/en/graphql/reference/objects#issue
// https://docs.github.com/en/graphql/reference/objects#pullrequest
type issueWire struct {
	ID         string `graphql:"id"`
	Title      string `graphql:"title"`
	Body       string `graphql:"body"`
	URL        string `graphql:"url"`
	Number     int    `graphql:"number"`
	Repository struct {
		NameWithOwner string `graphql:"nameWithOwner"`
	} `graphql:"repository"`
}

// draftWire is what is read of a draft issue.
// https://docs.github.com/en/graphql/reference/objects#draftissue
type draftWire struct {
	ID    string `graphql:"id"`
	Title string `graphql:"title"`
	Body  string `graphql:"body"`
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
	Nodes []struct {
		ID   string `graphql:"id"`
		Body string `graphql:"body"`
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
		ID        string `graphql:"id"`
		Body      string `graphql:"body"`
		StartDate string `graphql:"startDate"`
	} `graphql:"nodes"`
	PageInfo pageInfo `graphql:"pageInfo"`
}

// itemWire is one board item. Its selections are flat: the item's status
// and date come from fieldValueByName, not from a nested connection.
// https://docs.github.com/en/graphql/reference/objects#projectv2item
type itemWire struct {
	ID         string           `graphql:"id"`
	Type       string           `graphql:"type"`
	IsArchived bool             `graphql:"isArchived"`
	Content    *itemContentWire `graphql:"content"`
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

// The conversions from wire to domain types.

func (w issueWire) content(t sync.ContentType) sync.Content {
	return sync.Content{
		ID:     w.ID,
		Type:   t,
		Title:  w.Title,
		Body:   w.Body,
		URL:    w.URL,
		Repo:   w.Repository.NameWithOwner,
		Number: w.Number,
	}
}

func (w draftWire) content() sync.Content {
	return sync.Content{ID: w.ID, Type: sync.ContentDraft, Title: w.Title, Body: w.Body}
}

// content converts an item's content; ok is false when there is none the
// token may see.
func (w *itemContentWire) content() (c sync.Content, ok bool) {
	if w == nil {
		return sync.Content{}, false
	}
	switch w.Typename {
	case "DraftIssue":
		return w.DraftIssue.content(), true
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

func (p statusUpdatePage) statusUpdates() []sync.StatusUpdate {
	var out []sync.StatusUpdate
	for _, n := range p.Nodes {
		out = append(out, sync.StatusUpdate{ID: n.ID, Body: n.Body, StartDate: n.StartDate})
	}
	return out
}

func (p commentPage) comments() []sync.Comment {
	var out []sync.Comment
	for _, n := range p.Nodes {
		out = append(out, sync.Comment{ID: n.ID, Body: n.Body})
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
func (w itemWire) item() sync.Item {
	it := sync.Item{ID: w.ID, Type: sync.ContentType(w.Type), Archived: w.IsArchived}
	if c, ok := w.Content.content(); ok && it.Type != sync.ContentRedacted {
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

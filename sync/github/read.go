package github

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// The Reader half of Client, and the reads the action makes of pull
// requests. Every read is one request per page.

// Default field names, as FieldNames documents them.
const (
	defaultStatusField = "Status"
	defaultDateField   = "Last discussed"
)

// boardQuery reads a board by owner and number, with the first pages of its
// fields, status updates and items: a board of up to 100 items is one
// request. One query serves organizations and users: both are a
// ProjectV2Owner. It reads the token's login too, at no cost, to tell the
// drafts, items and status updates the token's user made.
// https://docs.github.com/en/graphql/reference/queries#repositoryowner
// https://docs.github.com/en/graphql/reference/interfaces#projectv2owner
// https://docs.github.com/en/graphql/reference/objects#projectv2
// https://docs.github.com/en/graphql/reference/queries#viewer
type boardQuery struct {
	RepositoryOwner *struct {
		ProjectV2Owner struct {
			ProjectV2 *boardWire `graphql:"projectV2(number: $number)"`
		} `graphql:"... on ProjectV2Owner"`
	} `graphql:"repositoryOwner(login: $owner)"`
	Viewer viewerWire `graphql:"viewer"`
}

// boardWire is a board with the first pages of its fields, status updates
// and items.
// https://docs.github.com/en/graphql/reference/objects#projectv2
type boardWire struct {
	ID            string           `graphql:"id"`
	Title         string           `graphql:"title"`
	URL           string           `graphql:"url"`
	Fields        fieldPage        `graphql:"fields(first: $first)"`
	StatusUpdates statusUpdatePage `graphql:"statusUpdates(first: $first)"`
	Items         itemPage         `graphql:"items(first: $first)"`
}

// boardFieldsQuery reads a further page of a board's fields.
// https://docs.github.com/en/graphql/reference/objects#projectv2
type boardFieldsQuery struct {
	Node *struct {
		ProjectV2 struct {
			Fields fieldPage `graphql:"fields(first: $first, after: $cursor)"`
		} `graphql:"... on ProjectV2"`
	} `graphql:"node(id: $id)"`
}

// boardStatusUpdatesQuery reads a further page of a board's status updates.
// https://docs.github.com/en/graphql/reference/objects#projectv2
type boardStatusUpdatesQuery struct {
	Node *struct {
		ProjectV2 struct {
			StatusUpdates statusUpdatePage `graphql:"statusUpdates(first: $first, after: $cursor)"`
		} `graphql:"... on ProjectV2"`
	} `graphql:"node(id: $id)"`
}

// boardItemsQuery reads one page of a board's items.
// https://docs.github.com/en/graphql/reference/objects#projectv2
type boardItemsQuery struct {
	Node *struct {
		ProjectV2 struct {
			Items itemPage `graphql:"items(first: $first, after: $cursor)"`
		} `graphql:"... on ProjectV2"`
	} `graphql:"node(id: $id)"`
}

// Board reads a whole board: its fields, status updates and items, every
// page, one request per page. Items whose content the token may not see are
// kept with Type ContentRedacted.
func (c *Client) Board(ctx context.Context, ref sync.BoardRef, names sync.FieldNames) (*sync.Board, error) {
	// The first page of items is read with the field names as configured;
	// fieldValueByName matches names exactly, so when the board spells a
	// field otherwise the items are read again with its spelling.
	asked := sync.FieldNames{Status: names.Status, LastDiscussed: names.LastDiscussed}
	if asked.Status == "" {
		asked.Status = defaultStatusField
	}
	if asked.LastDiscussed == "" {
		asked.LastDiscussed = defaultDateField
	}
	p, viewer, err := c.boardFirstPages(ctx, ref, asked)
	if err != nil {
		return nil, err
	}
	b := &sync.Board{Ref: ref, ID: p.ID, Title: p.Title, URL: p.URL}
	if b.Fields, err = c.boardFields(ctx, ref, p.ID, p.Fields); err != nil {
		return nil, err
	}
	if b.StatusUpdates, err = c.boardStatusUpdates(ctx, ref, p.ID, p.StatusUpdates, viewer); err != nil {
		return nil, err
	}
	// fieldValueByName matches names exactly; FieldNames match any case.
	statusName := fieldName(b.Fields, names.Status, defaultStatusField)
	dateName := fieldName(b.Fields, names.LastDiscussed, defaultDateField)
	first := &p.Items
	if statusName != asked.Status || dateName != asked.LastDiscussed {
		first = nil
	}
	if b.Items, err = c.boardItems(ctx, ref, p.ID, first, statusName, dateName, viewer); err != nil {
		return nil, err
	}
	c.log.Debugf("read board %s: %d fields, %d items, %d status updates", ref, len(b.Fields), len(b.Items), len(b.StatusUpdates))
	return b, nil
}

// boardFirstPages reads a board with the first pages of its fields, status
// updates and items, the items' values read by the field names asked, and
// the token's login, which it remembers.
func (c *Client) boardFirstPages(ctx context.Context, ref sync.BoardRef, asked sync.FieldNames) (*boardWire, string, error) {
	var q boardQuery
	err := c.query(ctx, "repositoryOwner viewer", &q, map[string]any{
		"owner":       githubv4.String(ref.Owner),
		"number":      githubv4.Int(ref.Number),
		"first":       githubv4.Int(pageSize),
		"statusField": githubv4.String(asked.Status),
		"dateField":   githubv4.String(asked.LastDiscussed),
	})
	if err != nil && !errors.Is(err, sync.ErrNotFound) {
		return nil, "", fmt.Errorf("read board %s: %w", ref, err)
	}
	if q.RepositoryOwner == nil || q.RepositoryOwner.ProjectV2Owner.ProjectV2 == nil {
		return nil, "", notFound("board %s does not exist or is not visible to the token", ref)
	}
	c.rememberViewer(q.Viewer.Login)
	return q.RepositoryOwner.ProjectV2Owner.ProjectV2, q.Viewer.Login, nil
}

// boardFields returns the fields of the first page and of every page after
// it.
func (c *Client) boardFields(ctx context.Context, ref sync.BoardRef, id string, page fieldPage) ([]sync.Field, error) {
	var fields []sync.Field
	for {
		for _, f := range page.Nodes {
			fields = append(fields, f.field())
		}
		if !page.PageInfo.HasNextPage {
			return fields, nil
		}
		var q boardFieldsQuery
		if err := c.query(ctx, "node", &q, pageVars(id, page.PageInfo.EndCursor)); err != nil {
			return nil, fmt.Errorf("read board %s: fields: %w", ref, err)
		}
		if q.Node == nil {
			return nil, notFound("read board %s: fields: the board vanished while it was read", ref)
		}
		page = q.Node.ProjectV2.Fields
	}
}

// boardStatusUpdates returns the status updates of the first page and of
// every page after it; viewer is the token's login.
func (c *Client) boardStatusUpdates(ctx context.Context, ref sync.BoardRef, id string, page statusUpdatePage, viewer string) ([]sync.StatusUpdate, error) {
	var updates []sync.StatusUpdate
	for {
		updates = append(updates, page.statusUpdates(viewer)...)
		if !page.PageInfo.HasNextPage {
			return updates, nil
		}
		var q boardStatusUpdatesQuery
		if err := c.query(ctx, "node", &q, pageVars(id, page.PageInfo.EndCursor)); err != nil {
			return nil, fmt.Errorf("read board %s: status updates: %w", ref, err)
		}
		if q.Node == nil {
			return nil, notFound("read board %s: status updates: the board vanished while it was read", ref)
		}
		page = q.Node.ProjectV2.StatusUpdates
	}
}

// boardItems returns the items of the first page, when it was read with
// the field names statusName and dateName (nil when not), and of every page
// after it; viewer is the token's login.
func (c *Client) boardItems(ctx context.Context, ref sync.BoardRef, id string, first *itemPage, statusName, dateName, viewer string) ([]sync.Item, error) {
	var items []sync.Item
	cursor := ""
	if first != nil {
		for _, it := range first.Nodes {
			items = append(items, it.item(viewer))
		}
		if !first.PageInfo.HasNextPage {
			return items, nil
		}
		cursor = first.PageInfo.EndCursor
	}
	for {
		var q boardItemsQuery
		vars := pageVars(id, cursor)
		vars["statusField"] = githubv4.String(statusName)
		vars["dateField"] = githubv4.String(dateName)
		if err := c.query(ctx, "node", &q, vars); err != nil {
			return nil, fmt.Errorf("read board %s: items: %w", ref, err)
		}
		if q.Node == nil {
			return nil, notFound("read board %s: items: the board vanished while it was read", ref)
		}
		for _, it := range q.Node.ProjectV2.Items.Nodes {
			items = append(items, it.item(viewer))
		}
		if !q.Node.ProjectV2.Items.PageInfo.HasNextPage {
			return items, nil
		}
		cursor = q.Node.ProjectV2.Items.PageInfo.EndCursor
	}
}

// fieldName returns the board's spelling of the field named name (or def
// when name is empty), matched case-insensitively.
func fieldName(fields []sync.Field, name, def string) string {
	if name == "" {
		name = def
	}
	if f, ok := fieldNamed(fields, name); ok {
		return f.Name
	}
	return name
}

// pageVars are the variables of a query for a page of a node's connection;
// an empty cursor asks for the first page.
func pageVars(id, cursor string) map[string]any {
	return map[string]any{
		"id":     githubv4.ID(id),
		"first":  githubv4.Int(pageSize),
		"cursor": cursorVar(cursor),
	}
}

// cursorVar is a connection's "after" argument: null for the first page.
func cursorVar(cursor string) *githubv4.String {
	if cursor == "" {
		return nil
	}
	return githubv4.NewString(githubv4.String(cursor))
}

// boardsQuery reads a page of an owner's boards, by number. One query
// serves organizations and users: both are a ProjectV2Owner.
// https://docs.github.com/en/graphql/reference/queries#repositoryowner
// https://docs.github.com/en/graphql/reference/interfaces#projectv2owner
// https://docs.github.com/en/graphql/reference/objects#projectv2connection
type boardsQuery struct {
	RepositoryOwner *struct {
		Typename       string `graphql:"__typename"`
		Login          string `graphql:"login"`
		ProjectV2Owner struct {
			ProjectsV2 struct {
				// https://docs.github.com/en/graphql/reference/objects#projectv2
				Nodes []struct {
					ID     string `graphql:"id"`
					Number int    `graphql:"number"`
					Title  string `graphql:"title"`
					Closed bool   `graphql:"closed"`
				} `graphql:"nodes"`
				PageInfo pageInfo `graphql:"pageInfo"`
			} `graphql:"projectsV2(first: $first, after: $cursor, orderBy: {field: NUMBER, direction: ASC})"`
		} `graphql:"... on ProjectV2Owner"`
	} `graphql:"repositoryOwner(login: $owner)"`
}

// ListBoards lists every board of an organization or user that the token
// can see, closed ones included, by number: one request per 100 boards.
func (c *Client) ListBoards(ctx context.Context, owner string) ([]sync.BoardSummary, error) {
	var boards []sync.BoardSummary
	cursor := ""
	for {
		var q boardsQuery
		err := c.query(ctx, "repositoryOwner", &q, map[string]any{
			"owner":  githubv4.String(owner),
			"first":  githubv4.Int(pageSize),
			"cursor": cursorVar(cursor),
		})
		if err != nil && !errors.Is(err, sync.ErrNotFound) {
			return nil, fmt.Errorf("list the boards of %s: %w", owner, err)
		}
		o := q.RepositoryOwner
		if o == nil {
			return nil, notFound("list the boards of %s: no such organization or user is visible to the token", owner)
		}
		kind := minutes.KindOrg
		if o.Typename == "User" {
			kind = minutes.KindUser
		}
		page := o.ProjectV2Owner.ProjectsV2
		for _, n := range page.Nodes {
			boards = append(boards, sync.BoardSummary{
				Ref: sync.BoardRef{Owner: o.Login, Kind: kind, Number: n.Number},
				ID:  n.ID, Title: n.Title, Closed: n.Closed,
			})
		}
		if !page.PageInfo.HasNextPage {
			return boards, nil
		}
		cursor = page.PageInfo.EndCursor
	}
}

// commentsBatchQuery reads the first page of comments of several issues and
// pull requests.
// https://docs.github.com/en/graphql/reference/queries#nodes
type commentsBatchQuery struct {
	Nodes []*commentSubjectWire `graphql:"nodes(ids: $ids)"`
}

// commentsQuery reads one page of comments of one issue or pull request.
// https://docs.github.com/en/graphql/reference/queries#node
type commentsQuery struct {
	Node *commentSubjectWire `graphql:"node(id: $id)"`
}

// Comments reads every comment of the given issues and pull requests:
// commentBatch subjects a request, then further pages of those with more.
func (c *Client) Comments(ctx context.Context, subjectIDs []string) (map[string][]sync.Comment, error) {
	out := make(map[string][]sync.Comment, len(subjectIDs))
	for start := 0; start < len(subjectIDs); start += commentBatch {
		batch := subjectIDs[start:min(start+commentBatch, len(subjectIDs))]
		ids := make([]githubv4.ID, len(batch))
		for i, id := range batch {
			ids[i] = githubv4.ID(id)
		}
		var q commentsBatchQuery
		err := c.query(ctx, "nodes", &q, map[string]any{
			"ids":    ids,
			"first":  githubv4.Int(pageSize),
			"cursor": cursorVar(""),
		})
		if err != nil && !errors.Is(err, sync.ErrNotFound) {
			return nil, fmt.Errorf("read comments: %w", err)
		}
		for i, id := range batch {
			var n *commentSubjectWire
			if i < len(q.Nodes) {
				n = q.Nodes[i]
			}
			s, ok := n.subject()
			if !ok {
				return nil, notFound("read comments: %s is no issue or pull request the token can see", id)
			}
			comments := s.Comments.comments()
			if s.Comments.PageInfo.HasNextPage {
				more, err := c.commentsFrom(ctx, id, s.Comments.PageInfo.EndCursor)
				if err != nil {
					return nil, fmt.Errorf("read comments: %w", err)
				}
				comments = append(comments, more...)
			}
			out[id] = comments
		}
	}
	return out, nil
}

// IssueComments reads every comment of one issue or pull request (node ID).
func (c *Client) IssueComments(ctx context.Context, subjectID string) ([]sync.Comment, error) {
	comments, err := c.commentsFrom(ctx, subjectID, "")
	if err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	return comments, nil
}

// commentsFrom reads the comments of one subject from cursor on.
func (c *Client) commentsFrom(ctx context.Context, subjectID, cursor string) ([]sync.Comment, error) {
	var comments []sync.Comment
	for {
		var q commentsQuery
		if err := c.query(ctx, "node", &q, pageVars(subjectID, cursor)); err != nil {
			return nil, fmt.Errorf("comments of %s: %w", subjectID, err)
		}
		s, ok := q.Node.subject()
		if !ok {
			return nil, notFound("comments of %s: no issue or pull request the token can see", subjectID)
		}
		comments = append(comments, s.Comments.comments()...)
		if !s.Comments.PageInfo.HasNextPage {
			return comments, nil
		}
		cursor = s.Comments.PageInfo.EndCursor
	}
}

// contentQuery resolves an issue or pull request by number.
// https://docs.github.com/en/graphql/reference/objects#repository
type contentQuery struct {
	Repository *struct {
		IssueOrPullRequest *issueOrPullRequestWire `graphql:"issueOrPullRequest(number: $number)"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// Content resolves a reference to an issue or pull request.
func (c *Client) Content(ctx context.Context, ref minutes.Ref) (sync.Content, error) {
	var q contentQuery
	err := c.query(ctx, "repository", &q, contentVars(ref))
	if err != nil && !errors.Is(err, sync.ErrNotFound) {
		return sync.Content{}, fmt.Errorf("read %s: %w", ref, err)
	}
	var w *issueOrPullRequestWire
	if q.Repository != nil {
		w = q.Repository.IssueOrPullRequest
	}
	ct, ok := w.content()
	if !ok {
		return sync.Content{}, notFound("issue or pull request %s does not exist or is not visible to the token", ref)
	}
	return ct, nil
}

// contentVars are the variables that name an issue or pull request.
func contentVars(ref minutes.Ref) map[string]any {
	return map[string]any{
		"owner":  githubv4.String(ref.Owner),
		"name":   githubv4.String(ref.Repo),
		"number": githubv4.Int(ref.Number),
	}
}

// linkedWire is an issue or pull request with a page of its board items.
// https://docs.github.com/en/graphql/reference/objects#issue
// https://docs.github.com/en/graphql/reference/objects#pullrequest
type linkedWire struct {
	issueWire
	ProjectItems projectItemPage `graphql:"projectItems(first: $first, after: $cursor)"`
}

// contentBoardsQuery resolves an issue or pull request by number, with the
// first page of the boards it is on (projectItems, archived ones included,
// as GitHub's default says).
// https://docs.github.com/en/graphql/reference/objects#repository
// https://docs.github.com/en/graphql/reference/unions#issueorpullrequest
type contentBoardsQuery struct {
	Repository *struct {
		IssueOrPullRequest *struct {
			Typename    string     `graphql:"__typename"`
			Issue       linkedWire `graphql:"... on Issue"`
			PullRequest linkedWire `graphql:"... on PullRequest"`
		} `graphql:"issueOrPullRequest(number: $number)"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// contentBoardsPageQuery reads a further page of the boards an issue or
// pull request is on.
// https://docs.github.com/en/graphql/reference/queries#node
type contentBoardsPageQuery struct {
	Node *struct {
		Typename string `graphql:"__typename"`
		Issue    struct {
			ProjectItems projectItemPage `graphql:"projectItems(first: $first, after: $cursor)"`
		} `graphql:"... on Issue"`
		PullRequest struct {
			ProjectItems projectItemPage `graphql:"projectItems(first: $first, after: $cursor)"`
		} `graphql:"... on PullRequest"`
	} `graphql:"node(id: $id)"`
}

// ContentBoards resolves a reference to an issue or pull request and reads
// the boards it is on, archived items included: one request, and one more
// per further 100 boards.
func (c *Client) ContentBoards(ctx context.Context, ref minutes.Ref) (sync.Content, []sync.BoardRef, error) {
	var q contentBoardsQuery
	vars := contentVars(ref)
	vars["first"], vars["cursor"] = githubv4.Int(pageSize), cursorVar("")
	err := c.query(ctx, "repository", &q, vars)
	if err != nil && !errors.Is(err, sync.ErrNotFound) {
		return sync.Content{}, nil, fmt.Errorf("read %s: %w", ref, err)
	}
	var w linkedWire
	var ct sync.Content
	switch {
	case q.Repository == nil || q.Repository.IssueOrPullRequest == nil:
		return sync.Content{}, nil, notFound("issue or pull request %s does not exist or is not visible to the token", ref)
	case q.Repository.IssueOrPullRequest.Typename == "Issue":
		w = q.Repository.IssueOrPullRequest.Issue
		ct = w.content(sync.ContentIssue)
	case q.Repository.IssueOrPullRequest.Typename == "PullRequest":
		w = q.Repository.IssueOrPullRequest.PullRequest
		ct = w.content(sync.ContentPullRequest)
	default:
		return sync.Content{}, nil, notFound("%s is neither an issue nor a pull request", ref)
	}
	boards, err := c.moreBoards(ctx, ct.ID, w.ProjectItems)
	if err != nil {
		return sync.Content{}, nil, fmt.Errorf("read %s: %w", ref, err)
	}
	return ct, boards, nil
}

// moreBoards returns the boards of page and of every page after it of the
// board items of an issue or pull request (node ID id).
func (c *Client) moreBoards(ctx context.Context, id string, page projectItemPage) ([]sync.BoardRef, error) {
	var boards []sync.BoardRef
	for {
		boards = append(boards, page.boards()...)
		if !page.PageInfo.HasNextPage {
			return boards, nil
		}
		var q contentBoardsPageQuery
		if err := c.query(ctx, "node", &q, pageVars(id, page.PageInfo.EndCursor)); err != nil {
			return nil, fmt.Errorf("boards: %w", err)
		}
		switch {
		case q.Node == nil:
			return nil, notFound("boards: %s vanished while it was read", id)
		case q.Node.Typename == "PullRequest":
			page = q.Node.PullRequest.ProjectItems
		default:
			page = q.Node.Issue.ProjectItems
		}
	}
}

// viewerWire is the token's user.
// https://docs.github.com/en/graphql/reference/objects#user
type viewerWire struct {
	Login string `graphql:"login"`
}

// viewerQuery reads the token's user.
// https://docs.github.com/en/graphql/reference/queries#viewer
type viewerQuery struct {
	Viewer viewerWire `graphql:"viewer"`
}

// viewerLogin returns the token's login: the one a board read brought, or
// else read once.
func (c *Client) viewerLogin(ctx context.Context) (string, error) {
	c.cacheMu.Lock()
	login := c.viewer
	c.cacheMu.Unlock()
	if login != "" {
		return login, nil
	}
	var q viewerQuery
	if err := c.query(ctx, "viewer", &q, nil); err != nil {
		return "", fmt.Errorf("read the token's user: %w", err)
	}
	c.rememberViewer(q.Viewer.Login)
	return q.Viewer.Login, nil
}

// rememberViewer keeps the token's login, read along with something else.
func (c *Client) rememberViewer(login string) {
	if login == "" {
		return
	}
	c.cacheMu.Lock()
	c.viewer = login
	c.cacheMu.Unlock()
}

// findIssueQuery reads a page of the issues a user created in a repository,
// newest first.
// https://docs.github.com/en/graphql/reference/objects#repository
// https://docs.github.com/en/graphql/reference/input-objects#issuefilters
type findIssueQuery struct {
	Repository *struct {
		Issues struct {
			Nodes    []issueWire `graphql:"nodes"`
			PageInfo pageInfo    `graphql:"pageInfo"`
		} `graphql:"issues(first: $first, after: $cursor, orderBy: {field: CREATED_AT, direction: DESC}, filterBy: {createdBy: $login})"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// FindIssue looks in repo (owner/name) for an issue the token's user
// created whose body contains marker, newest first, and stops at the first.
func (c *Client) FindIssue(ctx context.Context, repo, marker string) (sync.Content, bool, error) {
	var found sync.Content
	ok := false
	err := c.issuesByViewer(ctx, repo, func(is issueWire) bool {
		if strings.Contains(is.Body, marker) {
			found, ok = is.content(sync.ContentIssue), true
		}
		return !ok
	})
	if err != nil {
		return sync.Content{}, false, fmt.Errorf("find issue in %s: %w", repo, err)
	}
	return found, ok, nil
}

// CreatedIssues lists the issues of repo (owner/name) that the token's user
// created and whose body holds an item marker, newest first: one request per
// 100 issues of the token's user in repo, and one for the token's login
// unless a board read brought it.
func (c *Client) CreatedIssues(ctx context.Context, repo string) ([]sync.Content, error) {
	var out []sync.Content
	err := c.issuesByViewer(ctx, repo, func(is issueWire) bool {
		if strings.Contains(is.Body, sync.ItemMarkerPrefix) {
			out = append(out, is.content(sync.ContentIssue))
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("list created issues in %s: %w", repo, err)
	}
	return out, nil
}

// issuesByViewer calls visit with every issue of repo (owner/name) the
// token's user created, open or closed, newest first, until it returns
// false. GitHub filters by author (filterBy.createdBy, which takes a
// login); viewerDidAuthor confirms each issue.
func (c *Client) issuesByViewer(ctx context.Context, repo string, visit func(issueWire) bool) error {
	owner, name, err := splitRepo(repo)
	if err != nil {
		return err
	}
	login, err := c.viewerLogin(ctx)
	if err != nil {
		return err
	}
	cursor := ""
	for {
		var q findIssueQuery
		err := c.query(ctx, "repository", &q, map[string]any{
			"owner":  githubv4.String(owner),
			"name":   githubv4.String(name),
			"login":  githubv4.String(login),
			"first":  githubv4.Int(pageSize),
			"cursor": cursorVar(cursor),
		})
		if err != nil && !errors.Is(err, sync.ErrNotFound) {
			return err
		}
		if q.Repository == nil {
			return notFound("repository %s does not exist or is not visible to the token", repo)
		}
		for _, is := range q.Repository.Issues.Nodes {
			if is.ViewerDidAuthor && !visit(is) {
				return nil
			}
		}
		if !q.Repository.Issues.PageInfo.HasNextPage {
			return nil
		}
		cursor = q.Repository.Issues.PageInfo.EndCursor
	}
}

// PullRequest is what the action needs of a pull request.
type PullRequest struct {
	ID                string // node ID
	HeadSHA           string
	BaseSHA           string
	HeadRepo          string // owner/name; "" when the head repository was deleted
	IsCrossRepository bool   // the head is in a fork
	Files             []PullRequestFile
}

// PullRequestFile is a file a pull request changes.
type PullRequestFile struct {
	Path       string
	ChangeType string // a PatchStatus: ADDED, MODIFIED, DELETED, RENAMED, COPIED, CHANGED
}

// pullRequestQuery reads a pull request with a page of its changed files.
// https://docs.github.com/en/graphql/reference/objects#pullrequest
// https://docs.github.com/en/graphql/reference/objects#pullrequestchangedfile
type pullRequestQuery struct {
	Repository *struct {
		PullRequest *struct {
			ID                string `graphql:"id"`
			HeadRefOid        string `graphql:"headRefOid"`
			BaseRefOid        string `graphql:"baseRefOid"`
			IsCrossRepository bool   `graphql:"isCrossRepository"`
			HeadRepository    *struct {
				NameWithOwner string `graphql:"nameWithOwner"`
			} `graphql:"headRepository"`
			Files *struct {
				Nodes []struct {
					Path       string `graphql:"path"`
					ChangeType string `graphql:"changeType"`
				} `graphql:"nodes"`
				PageInfo pageInfo `graphql:"pageInfo"`
			} `graphql:"files(first: $first, after: $cursor)"`
		} `graphql:"pullRequest(number: $number)"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// PullRequest reads pull request number in repo (owner/name) with every
// page of its changed files.
func (c *Client) PullRequest(ctx context.Context, repo string, number int) (PullRequest, error) {
	owner, name, err := splitRepo(repo)
	if err != nil {
		return PullRequest{}, fmt.Errorf("read pull request %s#%d: %w", repo, number, err)
	}
	var pr PullRequest
	cursor := ""
	for {
		var q pullRequestQuery
		err := c.query(ctx, "repository", &q, map[string]any{
			"owner":  githubv4.String(owner),
			"name":   githubv4.String(name),
			"number": githubv4.Int(number),
			"first":  githubv4.Int(pageSize),
			"cursor": cursorVar(cursor),
		})
		if err != nil && !errors.Is(err, sync.ErrNotFound) {
			return PullRequest{}, fmt.Errorf("read pull request %s#%d: %w", repo, number, err)
		}
		if q.Repository == nil || q.Repository.PullRequest == nil {
			return PullRequest{}, notFound("pull request %s#%d does not exist or is not visible to the token", repo, number)
		}
		w := q.Repository.PullRequest
		pr.ID, pr.HeadSHA, pr.BaseSHA, pr.IsCrossRepository = w.ID, w.HeadRefOid, w.BaseRefOid, w.IsCrossRepository
		if w.HeadRepository != nil {
			pr.HeadRepo = w.HeadRepository.NameWithOwner
		}
		if w.Files == nil {
			return pr, nil
		}
		for _, f := range w.Files.Nodes {
			pr.Files = append(pr.Files, PullRequestFile{Path: f.Path, ChangeType: f.ChangeType})
		}
		if !w.Files.PageInfo.HasNextPage {
			return pr, nil
		}
		cursor = w.Files.PageInfo.EndCursor
	}
}

// fileTextQuery reads a file at a revision.
// https://docs.github.com/en/graphql/reference/objects#blob
type fileTextQuery struct {
	Repository *struct {
		Object *struct {
			Typename string `graphql:"__typename"`
			Blob     struct {
				Text        *string `graphql:"text"`
				IsBinary    *bool   `graphql:"isBinary"`
				IsTruncated bool    `graphql:"isTruncated"`
				ByteSize    int     `graphql:"byteSize"`
			} `graphql:"... on Blob"`
		} `graphql:"object(expression: $expression)"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// FileText reads the text of the file at path in repo (owner/name) at
// revision rev (a commit SHA or a ref). A missing, binary or truncated file
// is an error; a missing one wraps ErrNotFound.
func (c *Client) FileText(ctx context.Context, repo, rev, path string) (string, error) {
	owner, name, err := splitRepo(repo)
	if err != nil {
		return "", fmt.Errorf("read %s at %s: %w", path, rev, err)
	}
	var q fileTextQuery
	err = c.query(ctx, "repository", &q, map[string]any{
		"owner":      githubv4.String(owner),
		"name":       githubv4.String(name),
		"expression": githubv4.String(rev + ":" + path),
	})
	if err != nil && !errors.Is(err, sync.ErrNotFound) {
		return "", fmt.Errorf("read %s at %s in %s: %w", path, rev, repo, err)
	}
	if q.Repository == nil || q.Repository.Object == nil {
		return "", notFound("read %s at %s in %s: no such file", path, rev, repo)
	}
	o := q.Repository.Object
	switch {
	case o.Typename != "Blob":
		return "", fmt.Errorf("read %s at %s in %s: it is a %s, not a file", path, rev, repo, strings.ToLower(o.Typename))
	case o.Blob.IsBinary != nil && *o.Blob.IsBinary, o.Blob.Text == nil:
		return "", fmt.Errorf("read %s at %s in %s: it is a binary file (%d bytes)", path, rev, repo, o.Blob.ByteSize)
	case o.Blob.IsTruncated:
		return "", fmt.Errorf("read %s at %s in %s: GitHub gives only part of its %d bytes", path, rev, repo, o.Blob.ByteSize)
	}
	return *o.Blob.Text, nil
}

package github_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// Tests of *github.Client through the real githubv4 client against the fake
// GitHub of package githubtest, which validates every request against
// GitHub's schema.

// ghClient returns a client of srv with token that records its waits.
func ghClient(srv *githubtest.Server, token string) (*github.Client, *githubtest.Sleeps) {
	s := new(githubtest.Sleeps)
	return github.NewClient(token, srv.URL, github.ClientOptions{Sleep: s.Sleep}), s
}

// ghCount counts the log lines of the fake that are line.
func ghCount(srv *githubtest.Server, line string) int {
	n := 0
	for _, l := range srv.Log() {
		if l == line {
			n++
		}
	}
	return n
}

func TestClientBoard(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	p := srv.AddProject("acme", 7, "Roadmap")
	dateField := p.AddField("Last discussed", "DATE")
	ref := sync.BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: 7}
	want := &sync.Board{Ref: ref, ID: p.ID(), Title: "Roadmap", URL: "https://github.com/orgs/acme/projects/7"}
	for i := range 250 {
		title, body, n := fmt.Sprintf("item %03d", i), fmt.Sprintf("body of item %03d", i), i+1
		// Every third item's content is someone else's, every fifth item was
		// added by someone else; the token's user made the rest.
		theirs, addedByThem := i%3 == 1, i%5 == 2
		var it sync.Item
		switch {
		case i%10 == 3:
			id := srv.AddIssue("acme/tools", n, title, body)
			if theirs {
				srv.SetAuthor(id, "alice")
			}
			it = sync.Item{ID: p.AddContent(id), Type: sync.ContentIssue, Content: sync.Content{
				ID: id, Type: sync.ContentIssue, Title: title, Body: body,
				URL: fmt.Sprintf("https://github.com/acme/tools/issues/%d", n), Repo: "acme/tools", Number: n, ByViewer: !theirs,
			}, ByViewer: true}
			if addedByThem {
				srv.SetAuthor(it.ID, "bob")
				it.ByViewer = false
			}
		case i%10 == 7:
			id := srv.AddPullRequest("acme/tools", n, title, githubtest.PullRequest{Body: body, HeadSHA: "h", BaseSHA: "b"})
			if theirs {
				srv.SetAuthor(id, "alice")
			}
			it = sync.Item{ID: p.AddContent(id), Type: sync.ContentPullRequest, Content: sync.Content{
				ID: id, Type: sync.ContentPullRequest, Title: title, Body: body,
				URL: fmt.Sprintf("https://github.com/acme/tools/pull/%d", n), Repo: "acme/tools", Number: n, ByViewer: !theirs,
			}, ByViewer: true}
		case i%50 == 9:
			it = sync.Item{ID: p.AddRedacted(), Type: sync.ContentRedacted}
		default:
			// A draft's creator is its item's.
			it = sync.Item{ID: p.AddDraft(title, body), Type: sync.ContentDraft,
				Content: sync.Content{Type: sync.ContentDraft, Title: title, Body: body, ByViewer: !theirs}, ByViewer: !theirs}
			if theirs {
				srv.SetAuthor(it.ID, "alice")
			}
		}
		it.DatabaseID = p.DatabaseID(it.ID)
		if i%4 == 0 && it.Type != sync.ContentRedacted {
			p.SetValue(it.ID, "Status", "Done")
			it.Status = "Done"
		}
		if i%6 == 0 && it.Type != sync.ContentRedacted {
			p.SetValue(it.ID, "Last discussed", "2026-03-04")
			it.LastDate = "2026-03-04"
		}
		if i%25 == 1 {
			p.Archive(it.ID)
			it.Archived = true
		}
		want.Items = append(want.Items, it)
	}
	for _, d := range []string{"2026-02-04", "2026-03-04"} {
		id := p.AddStatusUpdate("meeting of "+d, d, "ON_TRACK")
		want.StatusUpdates = append(want.StatusUpdates, sync.StatusUpdate{ID: id, Body: "meeting of " + d, StartDate: d, ByViewer: true})
	}
	theirs := p.AddStatusUpdate("alice's update", "", "")
	srv.SetAuthor(theirs, "alice")
	want.StatusUpdates = append(want.StatusUpdates, sync.StatusUpdate{ID: theirs, Body: "alice's update"})
	srv.ResetStats()

	c, _ := ghClient(srv, srv.Token)
	// FieldNames match whatever the case.
	got, err := c.Board(context.Background(), ref, sync.FieldNames{Status: "status", LastDiscussed: "LAST DISCUSSED"})
	if err != nil {
		t.Fatal(err)
	}

	// Fields: GitHub's defaults and ours; option and default field IDs are
	// the fake's to choose.
	var status, date sync.Field
	var names []string
	for _, f := range got.Fields {
		names = append(names, f.Name+":"+string(f.DataType))
		if f.ID == "" {
			t.Errorf("field %q has no ID", f.Name)
		}
		switch f.Name {
		case "Status":
			status = f
		case "Last discussed":
			date = f
		}
	}
	if date.ID != dateField || date.DataType != sync.FieldDate {
		t.Errorf("date field %+v, want ID %s of type DATE", date, dateField)
	}
	var options []string
	for _, o := range status.Options {
		options = append(options, o.Name)
		if o.ID == "" {
			t.Errorf("option %q has no ID", o.Name)
		}
	}
	if diff := cmp.Diff([]string{"Todo", "In Progress", "Done"}, options); diff != "" {
		t.Errorf("status options (-want +got):\n%s", diff)
	}
	if status.DataType != sync.FieldSingleSelect {
		t.Errorf("status field type %q", status.DataType)
	}
	if !strings.Contains(strings.Join(names, ","), "Title:TITLE") {
		t.Errorf("fields %q lack GitHub's Title", names)
	}
	got.Fields = nil

	// Draft IDs are the fake's to choose.
	for i := range got.Items {
		if got.Items[i].Type == sync.ContentDraft {
			if got.Items[i].Content.ID == "" {
				t.Errorf("draft %q has no ID", got.Items[i].Content.Title)
			}
			got.Items[i].Content.ID = ""
		}
	}
	// GitHub lists status updates newest first; the order is not ours to check.
	byID := cmpopts.SortSlices(func(a, b sync.StatusUpdate) bool { return a.ID < b.ID })
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(sync.Item{}), byID); diff != "" {
		t.Errorf("board (-want +got):\n%s", diff)
	}
	wantLog := []string{"query repositoryOwner viewer", "query node", "query node", "query node"}
	if diff := cmp.Diff(wantLog, srv.Log()); diff != "" {
		t.Errorf("requests (-want +got): one for the board and the token's login, then the items again with the board's spelling of the field names, one per page of 100\n%s", diff)
	}

	// Field names spelled as on the board: the board's first request
	// brings the first page of items too.
	srv.ResetStats()
	again, err := c.Board(context.Background(), ref, sync.FieldNames{Status: "Status", LastDiscussed: "Last discussed"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range again.Items {
		if again.Items[i].Type == sync.ContentDraft {
			again.Items[i].Content.ID = ""
		}
	}
	if diff := cmp.Diff(want.Items, again.Items, cmp.AllowUnexported(sync.Item{})); diff != "" {
		t.Errorf("items read with exact names (-want +got):\n%s", diff)
	}
	wantLog = []string{"query repositoryOwner viewer", "query node", "query node"}
	if diff := cmp.Diff(wantLog, srv.Log()); diff != "" {
		t.Errorf("requests (-want +got): one per page of 100 items, the first with the board\n%s", diff)
	}
}

func TestClientBoardOfUser(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddUser("alice")
	p := srv.AddProject("alice", 2, "Mine")
	item := p.AddDraft("Write docs", "")
	c, _ := ghClient(srv, srv.Token)
	ref := sync.BoardRef{Owner: "alice", Kind: minutes.KindUser, Number: 2}
	got, err := c.Board(context.Background(), ref, sync.FieldNames{})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != p.ID() || got.URL != "https://github.com/users/alice/projects/2" || len(got.Items) != 1 || got.Items[0].ID != item {
		t.Errorf("got board %+v", got)
	}
}

func TestClientErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ref     sync.BoardRef
		token   func(srv *githubtest.Server) string
		fault   func(srv *githubtest.Server)
		wantErr error
		wantMsg string
	}{
		{
			name:    "missing board",
			ref:     sync.BoardRef{Owner: "acme", Number: 99},
			wantErr: sync.ErrNotFound,
			wantMsg: "board acme/99 does not exist or is not visible to the token",
		},
		{
			name:    "missing owner",
			ref:     sync.BoardRef{Owner: "nobody", Number: 1},
			wantErr: sync.ErrNotFound,
			wantMsg: "board nobody/1 does not exist or is not visible to the token",
		},
		{
			name:    "bad token",
			ref:     sync.BoardRef{Owner: "acme", Number: 1},
			token:   func(*githubtest.Server) string { return "expired" },
			wantErr: sync.ErrBadCredentials,
			wantMsg: "GitHub rejected the token (401 Bad credentials): check that the token is valid and not expired",
		},
		{
			name: "token without the project scope",
			ref:  sync.BoardRef{Owner: "acme", Number: 1},
			token: func(srv *githubtest.Server) string {
				srv.AddToken("repo-only", githubtest.Permissions{Write: true})
				return "repo-only"
			},
			wantErr: sync.ErrForbidden,
			wantMsg: "the token lacks access to Projects: a classic PAT needs the `project` scope",
		},
		{
			name:    "primary rate limit resetting too late",
			ref:     sync.BoardRef{Owner: "acme", Number: 1},
			fault:   func(srv *githubtest.Server) { srv.PrimaryRateLimit(0, time.Now().Add(2*time.Hour)) },
			wantErr: sync.ErrRateLimited,
			wantMsg: "GitHub's API rate limit for the token is used up",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddOrg("acme")
			srv.AddProject("acme", 1, "Roadmap")
			token := srv.Token
			if tt.token != nil {
				token = tt.token(srv)
			}
			if tt.fault != nil {
				tt.fault(srv)
			}
			c, slept := ghClient(srv, token)
			_, err := c.Board(context.Background(), tt.ref, sync.FieldNames{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
			if s := slept.All(); len(s) != 0 {
				t.Errorf("waited %v", s)
			}
		})
	}
}

func TestClientWaitsOutTransientFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fault     func(srv *githubtest.Server)
		wantWaits func(d []time.Duration) bool
		wantSaid  string
	}{
		{
			name:      "secondary rate limit with Retry-After (403)",
			fault:     func(srv *githubtest.Server) { srv.SecondaryRateLimit(2, 7*time.Second, 403) },
			wantWaits: func(d []time.Duration) bool { return cmp.Equal(d, []time.Duration{7 * time.Second, 7 * time.Second}) },
		},
		{
			name:      "secondary rate limit in a 200 answer",
			fault:     func(srv *githubtest.Server) { srv.SecondaryRateLimit(1, 3*time.Second, 200) },
			wantWaits: func(d []time.Duration) bool { return cmp.Equal(d, []time.Duration{3 * time.Second}) },
		},
		{
			name:  "secondary rate limit until x-ratelimit-reset (429)",
			fault: func(srv *githubtest.Server) { srv.SecondaryRateLimit(1, 0, 429) },
			wantWaits: func(d []time.Duration) bool {
				return len(d) == 1 && d[0] > 59*time.Second && d[0] <= 62*time.Second
			},
		},
		{
			name:  "502 on a query",
			fault: func(srv *githubtest.Server) { srv.FailRequests(2, 502) },
			wantWaits: func(d []time.Duration) bool {
				return len(d) == 2 && d[0] <= time.Second && d[1] <= 2*time.Second
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddOrg("acme")
			p := srv.AddProject("acme", 1, "Roadmap")
			c, slept := ghClient(srv, srv.Token)
			tt.fault(srv)
			b, err := c.Board(context.Background(), sync.BoardRef{Owner: "acme", Number: 1}, sync.FieldNames{})
			if err != nil {
				t.Fatal(err)
			}
			if b.ID != p.ID() {
				t.Errorf("read board %s, want %s", b.ID, p.ID())
			}
			if d := slept.All(); !tt.wantWaits(d) {
				t.Errorf("waited %v", d)
			}
			if st := c.Stats(); st.Retries != len(slept.All()) || st.Waited == 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestClientWriter(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	p := srv.AddProject("acme", 1, "Roadmap")
	dateField := p.AddField("Last discussed", "DATE")
	existing := srv.AddIssue("acme/tools", 1, "Existing", "old body")
	ctx := context.Background()
	c, _ := ghClient(srv, srv.Token)
	b, err := c.Board(ctx, sync.BoardRef{Owner: "acme", Number: 1}, sync.FieldNames{})
	if err != nil {
		t.Fatal(err)
	}
	var statusField, done string
	for _, f := range b.Fields {
		if f.Name == "Status" {
			statusField = f.ID
			for _, o := range f.Options {
				if o.Name == "Done" {
					done = o.ID
				}
			}
		}
	}

	draftItem, draft, err := c.AddDraftIssue(ctx, p.ID(), "Draft", "draft body")
	if err != nil {
		t.Fatal(err)
	}
	if draft.ID == "" || draftItem == "" {
		t.Errorf("draft %+v in item %q", draft, draftItem)
	}
	if diff := cmp.Diff(sync.Content{ID: draft.ID, Type: sync.ContentDraft, Title: "Draft", Body: "draft body", ByViewer: true}, draft); diff != "" {
		t.Errorf("draft (-want +got):\n%s", diff)
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(c.UpdateDraftIssue(ctx, draft.ID, "Draft, renamed", "draft body, edited"))
	issueItem, err := c.AddProjectItem(ctx, p.ID(), existing)
	check(err)
	created, err := c.CreateIssue(ctx, "acme/tools", "New issue", "new body")
	check(err)
	wantCreated := sync.Content{ID: created.ID, Type: sync.ContentIssue, Title: "New issue", Body: "new body",
		URL: "https://github.com/acme/tools/issues/2", Repo: "acme/tools", Number: 2, ByViewer: true}
	if diff := cmp.Diff(wantCreated, created); diff != "" {
		t.Errorf("created issue (-want +got):\n%s", diff)
	}
	_, err = c.CreateIssue(ctx, "acme/tools", "Another issue", "")
	check(err)
	comment, err := c.AddComment(ctx, created.ID, "first")
	check(err)
	check(c.UpdateComment(ctx, comment, "first, edited"))
	check(c.SetSingleSelect(ctx, p.ID(), draftItem, statusField, done))
	check(c.SetDate(ctx, p.ID(), issueItem, dateField, "2026-03-04"))
	update, err := c.CreateStatusUpdate(ctx, p.ID(), "on track", "2026-03-04")
	check(err)
	check(c.UpdateStatusUpdate(ctx, update, "on track, edited"))

	st := srv.State()
	wantItems := []githubtest.ItemState{
		{Type: "DRAFT_ISSUE", Title: "Draft, renamed", Body: "draft body, edited", Values: map[string]string{"Status": "Done"}},
		{Type: "ISSUE", Repo: "acme/tools", Title: "Existing", Body: "old body", Values: map[string]string{"Last discussed": "2026-03-04"}},
	}
	if diff := cmp.Diff(wantItems, st.Projects[0].Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantUpdates := []githubtest.StatusUpdateState{{Body: "on track, edited", StartDate: "2026-03-04"}}
	if diff := cmp.Diff(wantUpdates, st.Projects[0].StatusUpdates); diff != "" {
		t.Errorf("status updates (-want +got):\n%s", diff)
	}
	wantIssues := []githubtest.IssueState{
		{Repo: "acme/tools", Title: "Another issue", State: "OPEN", Author: githubtest.DefaultLogin},
		{Repo: "acme/tools", Title: "Existing", Body: "old body", State: "OPEN", Author: githubtest.DefaultLogin},
		{Repo: "acme/tools", Title: "New issue", Body: "new body", State: "OPEN", Author: githubtest.DefaultLogin,
			Comments: []githubtest.CommentState{{Author: githubtest.DefaultLogin, Body: "first, edited"}}},
	}
	if diff := cmp.Diff(wantIssues, st.Issues); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	if n := ghCount(srv, "query repository"); n != 1 {
		t.Errorf("looked up the repository %d times, want once", n)
	}
	if got := c.Stats().Mutations; got != 11 {
		t.Errorf("Stats().Mutations = %d, want 11", got)
	}
}

func TestClientMutationFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		token        func(srv *githubtest.Server) string
		fault        func(srv *githubtest.Server)
		wantErr      error
		wantMsg      string
		wantComments int
	}{
		{
			name:         "502 after the comment was made",
			fault:        func(srv *githubtest.Server) { srv.FailMutation(1, githubtest.FailAfter) },
			wantErr:      sync.ErrUnknownOutcome,
			wantMsg:      "may or may not have been applied",
			wantComments: 1,
		},
		{
			name:         "502 before the comment was made is just as unknown",
			fault:        func(srv *githubtest.Server) { srv.FailMutation(1, githubtest.FailBefore) },
			wantErr:      sync.ErrUnknownOutcome,
			wantComments: 0,
		},
		{
			name:         "secondary rate limit is waited out and the mutation sent again",
			fault:        func(srv *githubtest.Server) { srv.SecondaryRateLimit(1, 2*time.Second, 403) },
			wantComments: 1,
		},
		{
			name: "token that may not write",
			token: func(srv *githubtest.Server) string {
				srv.AddToken("read-only", githubtest.Permissions{Projects: true})
				return "read-only"
			},
			wantErr: sync.ErrForbidden,
			wantMsg: "the token may not addComment: Resource not accessible by integration",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo("acme/tools")
			issue := srv.AddIssue("acme/tools", 1, "Issue", "")
			token := srv.Token
			if tt.token != nil {
				token = tt.token(srv)
			}
			if tt.fault != nil {
				tt.fault(srv)
			}
			c, _ := ghClient(srv, token)
			_, err := c.AddComment(context.Background(), issue, "note")
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("got %v, want an error wrapping %v", err, tt.wantErr)
			case err != nil && !strings.Contains(err.Error(), tt.wantMsg):
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
			if got := len(srv.State().Issues[0].Comments); got != tt.wantComments {
				t.Errorf("%d comments made, want %d", got, tt.wantComments)
			}
			if tt.wantErr == sync.ErrUnknownOutcome && srv.Stats().Requests != 1 {
				t.Errorf("mutation sent %d times, want once", srv.Stats().Requests)
			}
		})
	}
}

// debugLog keeps the operations a client names in its debug log.
type debugLog struct {
	mu  stdsync.Mutex
	ops []string
}

func (*debugLog) Infof(string, ...any)    {}
func (*debugLog) Warningf(string, ...any) {}
func (l *debugLog) Debugf(format string, args ...any) {
	op, ok := strings.CutPrefix(fmt.Sprintf(format, args...), "GitHub GraphQL ")
	if !ok {
		return
	}
	op, _, _ = strings.Cut(op, ":")
	l.mu.Lock()
	l.ops = append(l.ops, op)
	l.mu.Unlock()
}

// Every call names its operation as it marks it, without the GraphQL
// document being read: the names must be those GitHub sees.
func TestClientMarksOperations(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	p := srv.AddProject("acme", 1, "Roadmap")
	dateField := p.AddField("Last discussed", "DATE")
	issue := srv.AddIssue("acme/tools", 1, "Issue", "body")
	srv.AddPullRequest("acme/tools", 2, "PR", githubtest.PullRequest{HeadSHA: "h", BaseSHA: "b",
		Files: []githubtest.PRFile{{Path: "minutes.md", ChangeType: "ADDED", Content: "# Minutes\n"}}})
	srv.ResetStats()
	log := new(debugLog)
	c := github.NewClient(srv.Token, srv.URL, github.ClientOptions{Logger: log})
	ctx := context.Background()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := c.Board(ctx, sync.BoardRef{Owner: "acme", Number: 1}, sync.FieldNames{})
	check(err)
	_, err = c.Comments(ctx, []string{issue})
	check(err)
	_, err = c.IssueComments(ctx, issue)
	check(err)
	_, err = c.Content(ctx, minutes.Ref{Owner: "acme", Repo: "tools", Number: 1})
	check(err)
	_, _, err = c.FindIssue(ctx, "acme/tools", "marker")
	check(err)
	_, err = c.PullRequest(ctx, "acme/tools", 2)
	check(err)
	_, err = c.FileText(ctx, "acme/tools", "h", "minutes.md")
	check(err)
	item, draft, err := c.AddDraftIssue(ctx, p.ID(), "Draft", "")
	check(err)
	check(c.UpdateDraftIssue(ctx, draft.ID, "Draft", "body"))
	issueItem, err := c.AddProjectItem(ctx, p.ID(), issue)
	check(err)
	created, err := c.CreateIssue(ctx, "acme/tools", "New", "")
	check(err)
	comment, err := c.AddComment(ctx, created.ID, "note")
	check(err)
	check(c.UpdateComment(ctx, comment, "note, edited"))
	var status, todo string
	for _, f := range b.Fields {
		if f.Name == "Status" {
			status, todo = f.ID, f.Options[0].ID
		}
	}
	check(c.SetSingleSelect(ctx, p.ID(), item, status, todo))
	check(c.SetDate(ctx, p.ID(), issueItem, dateField, "2026-03-04"))
	update, err := c.CreateStatusUpdate(ctx, p.ID(), "on track", "")
	check(err)
	check(c.UpdateStatusUpdate(ctx, update, "on track, edited"))
	_, err = c.ListBoards(ctx, "acme")
	check(err)
	_, _, err = c.ContentBoards(ctx, minutes.Ref{Owner: "acme", Repo: "tools", Number: 1})
	check(err)
	_, err = c.CreatedIssues(ctx, "acme/tools")
	check(err)
	check(c.ArchiveItem(ctx, p.ID(), issueItem))
	check(c.DeleteItem(ctx, p.ID(), item))
	check(c.DeleteComment(ctx, comment))

	// 24 requests: the board's brings the token's login, which FindIssue
	// and CreatedIssues need, so no viewer query is made.
	if len(log.ops) != 24 || ghCount(srv, "query viewer") != 0 {
		t.Errorf("logged %d operations, want one for each of the 24 requests, no viewer query among them: %q", len(log.ops), log.ops)
	}
	if diff := cmp.Diff(srv.Log(), log.ops); diff != "" {
		t.Errorf("operations as marked (+) and as GitHub saw them (-):\n%s", diff)
	}
}

func TestClientComments(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("acme/tools")
	want := map[string][]sync.Comment{}
	var ids []string
	for n := 1; n <= 30; n++ { // two batches: 25 and 5
		var id string
		if n%7 == 0 {
			id = srv.AddPullRequest("acme/tools", n, "PR", githubtest.PullRequest{HeadSHA: "h", BaseSHA: "b"})
		} else {
			id = srv.AddIssue("acme/tools", n, "Issue", "")
		}
		comments := n % 3
		if n == 4 {
			comments = 230 // three pages: one in the batch, two more
		}
		want[id] = nil
		for i := range comments {
			body := fmt.Sprintf("comment %d on #%d", i, n)
			author, mine := "someone", i%4 == 1
			if mine {
				author = githubtest.DefaultLogin
			}
			want[id] = append(want[id], sync.Comment{ID: srv.AddComment(id, body, author), Body: body, ByViewer: mine})
		}
		ids = append(ids, id)
	}
	srv.ResetStats()
	c, _ := ghClient(srv, srv.Token)
	got, err := c.Comments(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"query nodes", "query node", "query node", "query nodes"}, srv.Log()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}

	one, err := c.IssueComments(context.Background(), ids[3])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[ids[3]], one); diff != "" {
		t.Errorf("IssueComments (-want +got):\n%s", diff)
	}

	_, err = c.Comments(context.Background(), []string{ids[0], "I_missing"})
	if !errors.Is(err, sync.ErrNotFound) {
		t.Errorf("comments of a missing issue: got %v, want ErrNotFound", err)
	}
}

func TestClientContent(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("acme/tools")
	issue := srv.AddIssue("acme/tools", 1, "Bug", "it breaks")
	pr := srv.AddPullRequest("acme/tools", 2, "Fix", githubtest.PullRequest{Body: "fixes #1", HeadSHA: "h", BaseSHA: "b"})
	theirs := srv.AddIssue("acme/tools", 4, "Quote", "<!-- minutes-sync:item key=x -->")
	srv.SetAuthor(theirs, "alice")
	c, _ := ghClient(srv, srv.Token)
	tests := []struct {
		name    string
		ref     minutes.Ref
		want    sync.Content
		wantErr error
	}{
		{
			name: "issue",
			ref:  minutes.Ref{Owner: "acme", Repo: "tools", Number: 1},
			want: sync.Content{ID: issue, Type: sync.ContentIssue, Title: "Bug", Body: "it breaks",
				URL: "https://github.com/acme/tools/issues/1", Repo: "acme/tools", Number: 1, ByViewer: true},
		},
		{
			name: "pull request",
			ref:  minutes.Ref{Owner: "acme", Repo: "tools", Number: 2},
			want: sync.Content{ID: pr, Type: sync.ContentPullRequest, Title: "Fix", Body: "fixes #1",
				URL: "https://github.com/acme/tools/pull/2", Repo: "acme/tools", Number: 2, ByViewer: true},
		},
		{
			name: "someone else's issue",
			ref:  minutes.Ref{Owner: "acme", Repo: "tools", Number: 4},
			want: sync.Content{ID: theirs, Type: sync.ContentIssue, Title: "Quote", Body: "<!-- minutes-sync:item key=x -->",
				URL: "https://github.com/acme/tools/issues/4", Repo: "acme/tools", Number: 4},
		},
		{name: "missing number", ref: minutes.Ref{Owner: "acme", Repo: "tools", Number: 3}, wantErr: sync.ErrNotFound},
		{name: "missing repository", ref: minutes.Ref{Owner: "acme", Repo: "gone", Number: 1}, wantErr: sync.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.Content(context.Background(), tt.ref)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("content (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClientFindIssue(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("acme/tools")
	const marker = "<!-- minutes-sync:item key=parser -->"
	oldest := srv.AddIssue("acme/tools", 1, "Parser", "text\n"+marker)
	for n := 2; n <= 150; n++ { // the oldest is on the second page
		srv.AddIssue("acme/tools", n, fmt.Sprintf("Issue %d", n), "")
	}
	// Someone else's issue quoting the marker is not ours.
	srv.AddToken("human", githubtest.Permissions{Projects: true, Write: true, Login: "human"})
	human, _ := ghClient(srv, "human")
	if _, err := human.CreateIssue(context.Background(), "acme/tools", "Quote", "see "+strings.ReplaceAll(marker, "parser", "other")); err != nil {
		t.Fatal(err)
	}
	c, _ := ghClient(srv, srv.Token)
	ctx := context.Background()

	got, ok, err := c.FindIssue(ctx, "acme/tools", marker)
	if err != nil || !ok {
		t.Fatalf("FindIssue = %v, %v", ok, err)
	}
	want := sync.Content{ID: oldest, Type: sync.ContentIssue, Title: "Parser", Body: "text\n" + marker,
		URL: "https://github.com/acme/tools/issues/1", Repo: "acme/tools", Number: 1, ByViewer: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("found (-want +got):\n%s", diff)
	}
	_, ok, err = c.FindIssue(ctx, "acme/tools", strings.ReplaceAll(marker, "parser", "other"))
	if err != nil || ok {
		t.Errorf("found another user's issue: %v, %v", ok, err)
	}
	if n := ghCount(srv, "query viewer"); n != 1 {
		t.Errorf("read the viewer %d times, want once", n)
	}
	if _, _, err := c.FindIssue(ctx, "acme/gone", marker); !errors.Is(err, sync.ErrNotFound) {
		t.Errorf("missing repository: got %v, want ErrNotFound", err)
	}
}

func TestClientPullRequestAndFiles(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("acme/tools")
	pr := githubtest.PullRequest{HeadSHA: "abc123", BaseSHA: "def456", HeadRepo: "fork/tools"}
	var wantFiles []github.PullRequestFile
	for i := range 130 { // two pages
		f := githubtest.PRFile{Path: fmt.Sprintf("minutes/2026-03-%03d.md", i), ChangeType: "ADDED", Content: fmt.Sprintf("# Meeting %d\n", i)}
		if i == 5 {
			f.ChangeType = "DELETED"
		}
		pr.Files = append(pr.Files, f)
		wantFiles = append(wantFiles, github.PullRequestFile{Path: f.Path, ChangeType: f.ChangeType})
	}
	pr.Files = append(pr.Files, githubtest.PRFile{Path: "logo.png", ChangeType: "ADDED", Content: "\x89PNG\x00\x01"})
	wantFiles = append(wantFiles, github.PullRequestFile{Path: "logo.png", ChangeType: "ADDED"})
	id := srv.AddPullRequest("acme/tools", 9, "Minutes", pr)
	c, _ := ghClient(srv, srv.Token)
	ctx := context.Background()

	got, err := c.PullRequest(ctx, "acme/tools", 9)
	if err != nil {
		t.Fatal(err)
	}
	want := github.PullRequest{ID: id, HeadSHA: "abc123", BaseSHA: "def456", HeadRepo: "fork/tools", IsCrossRepository: true, Files: wantFiles}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pull request (-want +got):\n%s", diff)
	}
	if _, err := c.PullRequest(ctx, "acme/tools", 10); !errors.Is(err, sync.ErrNotFound) {
		t.Errorf("missing pull request: got %v, want ErrNotFound", err)
	}

	text, err := c.FileText(ctx, "fork/tools", "abc123", "minutes/2026-03-007.md")
	if err != nil || text != "# Meeting 7\n" {
		t.Errorf("FileText = %q, %v", text, err)
	}
	if _, err := c.FileText(ctx, "fork/tools", "abc123", "minutes/2026-03-005.md"); !errors.Is(err, sync.ErrNotFound) {
		t.Errorf("deleted file: got %v, want ErrNotFound", err)
	}
	if _, err := c.FileText(ctx, "fork/tools", "abc123", "logo.png"); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary file: got %v, want an error saying it is binary", err)
	}
}

// ghExampleTB stands in for the *testing.T a test passes to
// githubtest.NewServer.
type ghExampleTB struct {
	testing.TB
	cleanups []func()
}

func (*ghExampleTB) Helper()                        {}
func (*ghExampleTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (tb *ghExampleTB) Cleanup(f func())            { tb.cleanups = append(tb.cleanups, f) }

// A client reads a board and adds an item to it. In an action, the token
// comes from an input and the endpoint from GraphQLURL(os.Getenv), and
// MutationInterval is DefaultMutationInterval; here the fake GitHub of
// package githubtest stands in.
func ExampleNewClient() {
	tb := &ghExampleTB{}
	defer func() {
		for _, f := range tb.cleanups {
			f()
		}
	}()
	srv := githubtest.NewServer(tb)
	srv.AddOrg("acme")
	srv.AddProject("acme", 7, "Roadmap").AddDraft("Agree on the release date", "")

	ctx := context.Background()
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	board, err := gh.Board(ctx, sync.BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: 7}, sync.FieldNames{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, _, err := gh.AddDraftIssue(ctx, board.ID, "Publish the minutes", ""); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(board.Title, board.URL)
	for _, it := range board.Items {
		fmt.Println(it.Type, it.Content.Title)
	}
	st := gh.Stats()
	fmt.Printf("%d requests, %d mutation\n", st.Requests, st.Mutations)

	_, err = gh.Board(ctx, sync.BoardRef{Owner: "acme", Number: 99}, sync.FieldNames{})
	fmt.Println(err, errors.Is(err, sync.ErrNotFound))
	// Output:
	// Roadmap https://github.com/orgs/acme/projects/7
	// DRAFT_ISSUE Agree on the release date
	// 2 requests, 1 mutation
	// board acme/99 does not exist or is not visible to the token true
}

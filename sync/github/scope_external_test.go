package github_test

import (
	"context"
	"errors"
	"fmt"
	stdsync "sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// Tests of the reads and changes beyond Reader and Writer: BoardLister,
// LinkReader, CreatedIssueLister and Remover.

func TestClientListBoards(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddOrg("empty")
	srv.AddUser("octo")
	srv.AddToken("repo-only", githubtest.Permissions{Write: true})
	var wantAcme []sync.BoardSummary
	for n := 1; n <= 130; n++ { // two pages
		p := srv.AddProject("acme", n, fmt.Sprintf("Board %d", n))
		if n == 5 {
			p.Close()
		}
		wantAcme = append(wantAcme, sync.BoardSummary{Ref: sync.BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: n},
			ID: p.ID(), Title: fmt.Sprintf("Board %d", n), Closed: n == 5})
	}
	// Created out of order; listed by number.
	mine := srv.AddProject("octo", 9, "Later")
	first := srv.AddProject("octo", 2, "Mine")
	wantOcto := []sync.BoardSummary{
		{Ref: sync.BoardRef{Owner: "octo", Kind: minutes.KindUser, Number: 2}, ID: first.ID(), Title: "Mine"},
		{Ref: sync.BoardRef{Owner: "octo", Kind: minutes.KindUser, Number: 9}, ID: mine.ID(), Title: "Later"},
	}
	tests := []struct {
		name     string
		owner    string
		token    string
		want     []sync.BoardSummary
		requests int
		wantErr  error
	}{
		{name: "an organization's, every page", owner: "acme", want: wantAcme, requests: 2},
		{name: "a user's, as GitHub spells the login", owner: "OCTO", want: wantOcto, requests: 1},
		{name: "an owner without boards", owner: "empty", requests: 1},
		{name: "a missing owner", owner: "nobody", wantErr: sync.ErrNotFound, requests: 1},
		{name: "a token without the project scope", owner: "acme", token: "repo-only", wantErr: sync.ErrForbidden, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			token := srv.Token
			if tt.token != "" {
				token = tt.token
			}
			c, _ := ghClient(srv, token)
			got, err := c.ListBoards(context.Background(), tt.owner)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("boards (-want +got):\n%s", diff)
			}
			if st := c.Stats(); st.Requests != tt.requests {
				t.Errorf("%d requests, want %d", st.Requests, tt.requests)
			}
		})
	}
}

func TestClientContentBoards(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddUser("octo")
	srv.AddRepo("acme/tools")
	issue := srv.AddIssue("acme/tools", 1, "Bug", "it breaks")
	pr := srv.AddPullRequest("acme/tools", 2, "Fix", githubtest.PullRequest{Body: "fixes #1", HeadSHA: "h", BaseSHA: "b"})
	lonely := srv.AddIssue("acme/tools", 3, "Nobody's", "")
	everywhere := srv.AddIssue("acme/tools", 4, "Everywhere", "")
	srv.SetAuthor(everywhere, "alice")
	roadmap := srv.AddProject("acme", 1, "Roadmap")
	roadmap.AddContent(issue)
	roadmap.AddContent(pr)
	old := srv.AddProject("acme", 2, "Old")
	old.Archive(old.AddContent(issue))
	srv.AddProject("octo", 3, "Mine").AddContent(issue)
	var wantEverywhere []sync.BoardRef
	for n := 10; n < 111; n++ { // 101 boards: two pages
		srv.AddProject("acme", n, "Board").AddContent(everywhere)
		wantEverywhere = append(wantEverywhere, sync.BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: n})
	}
	acme := func(n int) sync.BoardRef { return sync.BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: n} }
	tests := []struct {
		name       string
		number     int
		want       sync.Content
		wantBoards []sync.BoardRef
		requests   int
		wantErr    error
	}{
		{
			name:   "an issue on boards of an organization and a user, archived items included",
			number: 1,
			want: sync.Content{ID: issue, Type: sync.ContentIssue, Title: "Bug", Body: "it breaks",
				URL: "https://github.com/acme/tools/issues/1", Repo: "acme/tools", Number: 1, ByViewer: true},
			wantBoards: []sync.BoardRef{acme(1), acme(2), {Owner: "octo", Kind: minutes.KindUser, Number: 3}},
			requests:   1,
		},
		{
			name:   "a pull request",
			number: 2,
			want: sync.Content{ID: pr, Type: sync.ContentPullRequest, Title: "Fix", Body: "fixes #1",
				URL: "https://github.com/acme/tools/pull/2", Repo: "acme/tools", Number: 2, ByViewer: true},
			wantBoards: []sync.BoardRef{acme(1)},
			requests:   1,
		},
		{
			name:     "an issue on no board",
			number:   3,
			want:     sync.Content{ID: lonely, Type: sync.ContentIssue, Title: "Nobody's", URL: "https://github.com/acme/tools/issues/3", Repo: "acme/tools", Number: 3, ByViewer: true},
			requests: 1,
		},
		{
			name:   "someone else's issue on more boards than a page holds",
			number: 4,
			want: sync.Content{ID: everywhere, Type: sync.ContentIssue, Title: "Everywhere",
				URL: "https://github.com/acme/tools/issues/4", Repo: "acme/tools", Number: 4},
			wantBoards: wantEverywhere,
			requests:   2, // the issue with its first 100 boards, then the rest
		},
		{name: "a missing number", number: 99, wantErr: sync.ErrNotFound, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The server is shared; the client's stats count this case's
			// requests.
			c, _ := ghClient(srv, srv.Token)
			got, boards, err := c.ContentBoards(context.Background(), minutes.Ref{Owner: "acme", Repo: "tools", Number: tt.number})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("content (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantBoards, boards); diff != "" {
				t.Errorf("boards (-want +got):\n%s", diff)
			}
			if st := c.Stats(); st.Requests != tt.requests {
				t.Errorf("%d requests, want %d", st.Requests, tt.requests)
			}
		})
	}
}

func TestClientCreatedIssues(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	srv.AddRepo("acme/empty")
	srv.AddProject("acme", 1, "Roadmap")
	marker := func(key string) string { return "text\n" + sync.ItemMarkerPrefix + key + " -->" }
	oldest := srv.AddIssue("acme/tools", 1, "Oldest", marker("oldest"))
	for n := 2; n <= 150; n++ { // the oldest is on the second page
		srv.AddIssue("acme/tools", n, fmt.Sprintf("Issue %d", n), "")
	}
	open := srv.AddIssue("acme/tools", 151, "Open", marker("open"))
	closed := srv.AddIssue("acme/tools", 152, "Closed", marker("closed"))
	srv.CloseIssue(closed)
	srv.SetAuthor(srv.AddIssue("acme/tools", 153, "Alice's quote", marker("quoted")), "alice")
	srv.AddPullRequest("acme/tools", 154, "A pull request", githubtest.PullRequest{Body: marker("pr"), HeadSHA: "h", BaseSHA: "b"})
	srv.AddIssue("acme/tools", 155, "A note only", "<!-- minutes-sync:note meeting=2026-03-04 key=k sum=1 -->")
	issue := func(id string, n int, title, key string) sync.Content {
		return sync.Content{ID: id, Type: sync.ContentIssue, Title: title, Body: marker(key),
			URL: fmt.Sprintf("https://github.com/acme/tools/issues/%d", n), Repo: "acme/tools", Number: n, ByViewer: true}
	}
	want := []sync.Content{issue(closed, 152, "Closed", "closed"), issue(open, 151, "Open", "open"), issue(oldest, 1, "Oldest", "oldest")}
	srv.ResetStats()
	ctx := context.Background()

	c, _ := ghClient(srv, srv.Token)
	got, err := c.CreatedIssues(ctx, "acme/tools")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("created issues (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"query viewer", "query repository", "query repository"}, srv.Log()); diff != "" {
		t.Errorf("requests (-want +got): the token's login, then one per 100 issues of the token's user\n%s", diff)
	}
	// FindIssue reads the same pages, and the login is known by now.
	srv.ResetStats()
	found, ok, err := c.FindIssue(ctx, "acme/tools", sync.ItemMarkerPrefix+"open -->")
	if err != nil || !ok || found.ID != open {
		t.Errorf("FindIssue = %+v, %v, %v", found, ok, err)
	}
	if _, ok, err := c.FindIssue(ctx, "acme/tools", sync.ItemMarkerPrefix+"quoted -->"); ok || err != nil {
		t.Errorf("FindIssue found someone else's issue: %v, %v", ok, err)
	}
	if n := ghCount(srv, "query viewer"); n != 0 {
		t.Errorf("read the viewer %d times more", n)
	}

	// After a board read, no request reads the login.
	other, _ := ghClient(srv, srv.Token)
	if _, err := other.Board(ctx, sync.BoardRef{Owner: "acme", Number: 1}, sync.FieldNames{}); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	none, err := other.CreatedIssues(ctx, "acme/empty")
	if err != nil || len(none) != 0 {
		t.Errorf("CreatedIssues in an empty repository = %v, %v", none, err)
	}
	if diff := cmp.Diff([]string{"query repository"}, srv.Log()); diff != "" {
		t.Errorf("requests after a board read (-want +got):\n%s", diff)
	}

	for _, repo := range []string{"acme/gone", "not-a-repo"} {
		if _, err := c.CreatedIssues(ctx, repo); err == nil {
			t.Errorf("CreatedIssues(%q) gave no error", repo)
		}
	}
	if _, err := c.CreatedIssues(ctx, "acme/gone"); !errors.Is(err, sync.ErrNotFound) {
		t.Errorf("missing repository: got %v, want ErrNotFound", err)
	}
}

func TestClientRemover(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	p := srv.AddProject("acme", 1, "Roadmap")
	draft := p.AddDraft("Drop me", "")
	issue := srv.AddIssue("acme/tools", 1, "Keep me", "")
	issueItem := p.AddContent(issue)
	comment := srv.AddComment(issue, "stale note", "")
	srv.AddComment(issue, "alice's", "alice")
	// One content-creating request an hour: the removals must not wait for
	// it, only for the interval between mutations. The clock moves only
	// when the client waits.
	var (
		mu     stdsync.Mutex
		now    = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
		waited []time.Duration
	)
	c := github.NewClient(srv.Token, srv.URL, github.ClientOptions{
		MutationInterval: time.Second,
		HourlyCap:        1,
		Now:              func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Sleep: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			now, waited = now.Add(d), append(waited, d)
			return nil
		},
	})
	ctx := context.Background()
	if _, err := c.AddComment(ctx, issue, "fresh note"); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		c.ArchiveItem(ctx, p.ID(), issueItem),
		c.DeleteItem(ctx, p.ID(), draft),
		c.DeleteComment(ctx, comment),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]time.Duration{time.Second, time.Second, time.Second}, waited); diff != "" {
		t.Errorf("waits (-want +got): the interval before each removal, none for the hourly cap\n%s", diff)
	}
	st := srv.State()
	wantItems := []githubtest.ItemState{{Type: "ISSUE", Repo: "acme/tools", Title: "Keep me", Archived: true}}
	if diff := cmp.Diff(wantItems, st.Projects[0].Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantComments := []githubtest.CommentState{{Author: "alice", Body: "alice's"}, {Author: githubtest.DefaultLogin, Body: "fresh note"}}
	if diff := cmp.Diff(wantComments, st.Issues[0].Comments); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	wantByName := map[string]int{"addComment": 1, "archiveProjectV2Item": 1, "deleteProjectV2Item": 1, "deleteIssueComment": 1}
	if diff := cmp.Diff(wantByName, srv.Stats().MutationsByName); diff != "" || c.Stats().Mutations != 4 {
		t.Errorf("mutations: client counted %d; by name (-want +got):\n%s", c.Stats().Mutations, diff)
	}
	b, err := c.Board(ctx, sync.BoardRef{Owner: "acme", Number: 1}, sync.FieldNames{})
	if err != nil || len(b.Items) != 1 || !b.Items[0].Archived {
		t.Errorf("board after the removals: %+v, %v", b, err)
	}
}

func TestClientRemoverFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		token     string
		fault     func(srv *githubtest.Server)
		call      func(c *github.Client, projectID, itemID, commentID string) error
		wantErr   error
		wantItems int
	}{
		{
			name:      "502 after the item was deleted",
			fault:     func(srv *githubtest.Server) { srv.FailMutation(1, githubtest.FailAfter) },
			call:      func(c *github.Client, p, it, _ string) error { return c.DeleteItem(context.Background(), p, it) },
			wantErr:   sync.ErrUnknownOutcome,
			wantItems: 0,
		},
		{
			name: "deleting an item of another board",
			call: func(c *github.Client, _, it, _ string) error {
				return c.DeleteItem(context.Background(), "PVT_other", it)
			},
			wantErr:   sync.ErrNotFound,
			wantItems: 1,
		},
		{
			name: "archiving an item that is gone",
			call: func(c *github.Client, p, _, _ string) error {
				return c.ArchiveItem(context.Background(), p, "PVTI_gone")
			},
			wantErr:   sync.ErrNotFound,
			wantItems: 1,
		},
		{
			name:      "a token that may not write deletes no comment",
			token:     "read-only",
			call:      func(c *github.Client, _, _, cm string) error { return c.DeleteComment(context.Background(), cm) },
			wantErr:   sync.ErrForbidden,
			wantItems: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddOrg("acme")
			srv.AddRepo("acme/tools")
			srv.AddToken("read-only", githubtest.Permissions{Projects: true})
			p := srv.AddProject("acme", 1, "Roadmap")
			item := p.AddDraft("Draft", "")
			comment := srv.AddComment(srv.AddIssue("acme/tools", 1, "Issue", ""), "note", "")
			if tt.fault != nil {
				tt.fault(srv)
			}
			token := srv.Token
			if tt.token != "" {
				token = tt.token
			}
			c, _ := ghClient(srv, token)
			err := tt.call(c, p.ID(), item, comment)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			st := srv.State()
			if n := len(st.Projects[0].Items); n != tt.wantItems {
				t.Errorf("%d items left, want %d", n, tt.wantItems)
			}
			if n := len(st.Issues[0].Comments); n != 1 {
				t.Errorf("%d comments left, want 1", n)
			}
			if srv.Stats().Requests != 1 {
				t.Errorf("mutation sent %d times, want once", srv.Stats().Requests)
			}
		})
	}
}

// A client finds the boards of an organization without reading their
// items, then the boards a linked issue is on.
func ExampleClient_ListBoards() {
	tb := &ghExampleTB{}
	defer func() {
		for _, f := range tb.cleanups {
			f()
		}
	}()
	srv := githubtest.NewServer(tb)
	srv.AddOrg("acme")
	srv.AddRepo("acme/tools")
	srv.AddProject("acme", 7, "Roadmap").AddContent(srv.AddIssue("acme/tools", 1, "Crash on start", ""))
	srv.AddProject("acme", 2, "2025").Close()

	ctx := context.Background()
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	boards, err := gh.ListBoards(ctx, "acme")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range boards {
		fmt.Println(b.Ref.URL(), b.Title, "closed:", b.Closed)
	}
	issue, on, err := gh.ContentBoards(ctx, minutes.Ref{Owner: "acme", Repo: "tools", Number: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(issue.Title, "is on", on)
	// Output:
	// https://github.com/orgs/acme/projects/2 2025 closed: true
	// https://github.com/orgs/acme/projects/7 Roadmap closed: false
	// Crash on start is on [acme/7]
}

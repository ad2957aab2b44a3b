package githubtest_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// authorship is what one token is told of who made the objects of seed.
type authorship struct {
	Viewer struct{ Login string }
	Repo   struct {
		Issue struct {
			ViewerDidAuthor bool
			Comments        struct {
				Nodes []struct {
					Body            string
					ViewerDidAuthor bool
				}
			} `graphql:"comments(first: 10)"`
		} `graphql:"issue(number: 1)"`
		Theirs struct {
			ViewerDidAuthor bool
		} `graphql:"theirs: issue(number: 2)"`
	} `graphql:"repository(owner: \"acme\", name: \"app\")"`
	Org struct {
		ProjectV2 struct {
			Items struct {
				Nodes []struct {
					Type    string
					Creator *struct{ Login string }
					Content *struct {
						Draft struct {
							Title   string
							Creator *struct{ Login string }
						} `graphql:"... on DraftIssue"`
					}
				}
			} `graphql:"items(first: 10)"`
			StatusUpdates struct {
				Nodes []struct {
					Body    string
					Creator *struct{ Login string }
				}
			} `graphql:"statusUpdates(first: 10, orderBy: {field: CREATED_AT, direction: ASC})"`
		} `graphql:"projectV2(number: 1)"`
	} `graphql:"organization(login: \"acme\")"`
}

// summary lines up what a token was told: "viewer", then the authorship
// flags and creators in the order of the query.
func (a authorship) summary() []string {
	login := func(l *struct{ Login string }) string {
		if l == nil {
			return "null"
		}
		return l.Login
	}
	out := []string{"viewer " + a.Viewer.Login,
		fmt.Sprintf("issue 1 viewerDidAuthor %t", a.Repo.Issue.ViewerDidAuthor),
		fmt.Sprintf("issue 2 viewerDidAuthor %t", a.Repo.Theirs.ViewerDidAuthor)}
	for _, c := range a.Repo.Issue.Comments.Nodes {
		out = append(out, fmt.Sprintf("comment %q viewerDidAuthor %t", c.Body, c.ViewerDidAuthor))
	}
	for _, it := range a.Org.ProjectV2.Items.Nodes {
		s := it.Type + " item creator " + login(it.Creator)
		if it.Type == "DRAFT_ISSUE" {
			s += fmt.Sprintf(", draft %q creator %s", it.Content.Draft.Title, login(it.Content.Draft.Creator))
		}
		out = append(out, s)
	}
	for _, u := range a.Org.ProjectV2.StatusUpdates.Nodes {
		out = append(out, fmt.Sprintf("status update %q creator %s", u.Body, login(u.Creator)))
	}
	return out
}

func TestAuthorshipPerToken(t *testing.T) {
	t.Parallel()
	s, p := seed(t) // a draft and issue 1 by DefaultLogin, and a redacted item
	s.AddToken("alice-token", githubtest.Permissions{Projects: true, Write: true, Login: "alice"})
	theirs := s.AddIssue("acme/app", 2, "Theirs", "")
	s.SetAuthor(theirs, "alice")
	issue1 := issueID(t, s, 1)
	s.AddComment(issue1, "by the bot", "")
	s.AddComment(issue1, "by alice", "alice")
	aliceDraft := p.AddDraft("Alice's draft", "")
	s.SetAuthor(aliceDraft, "alice")
	s.SetAuthor(p.AddStatusUpdate("alice's update", "", ""), "alice")
	p.AddStatusUpdate("the bot's update", "", "")

	// Alice adds issue 2 and a draft through the API: she is their creator.
	ctx := context.Background()
	alice := client(s, "alice-token")
	var add struct {
		AddProjectV2ItemByID struct{ Item struct{ ID string } } `graphql:"addProjectV2ItemById(input: $input)"`
	}
	must(t, alice.Mutate(ctx, &add, githubv4.AddProjectV2ItemByIdInput{ProjectID: p.ID(), ContentID: theirs}, nil))
	var d addDraft
	must(t, alice.Mutate(ctx, &d, githubv4.AddProjectV2DraftIssueInput{ProjectID: p.ID(), Title: "Alice, via the API"}, nil))
	var cs struct {
		CreateProjectV2StatusUpdate struct{ StatusUpdate struct{ ID string } } `graphql:"createProjectV2StatusUpdate(input: $input)"`
	}
	must(t, alice.Mutate(ctx, &cs, githubv4.CreateProjectV2StatusUpdateInput{ProjectID: p.ID(), Body: githubv4.NewString("alice, via the API")}, nil))

	tests := []struct {
		name  string
		token string
		want  []string
	}{
		{
			name:  "the bot's token",
			token: s.Token,
			want: []string{
				"viewer minutes-bot",
				"issue 1 viewerDidAuthor true",
				"issue 2 viewerDidAuthor false",
				`comment "by the bot" viewerDidAuthor true`,
				`comment "by alice" viewerDidAuthor false`,
				`DRAFT_ISSUE item creator minutes-bot, draft "Write the spec" creator minutes-bot`,
				"ISSUE item creator minutes-bot",
				"REDACTED item creator null",
				`DRAFT_ISSUE item creator alice, draft "Alice's draft" creator alice`,
				"ISSUE item creator alice",
				`DRAFT_ISSUE item creator alice, draft "Alice, via the API" creator alice`,
				`status update "alice's update" creator alice`,
				`status update "the bot's update" creator minutes-bot`,
				`status update "alice, via the API" creator alice`,
			},
		},
		{
			name:  "alice's token",
			token: "alice-token",
			want: []string{
				"viewer alice",
				"issue 1 viewerDidAuthor false",
				"issue 2 viewerDidAuthor true",
				`comment "by the bot" viewerDidAuthor false`,
				`comment "by alice" viewerDidAuthor true`,
				`DRAFT_ISSUE item creator minutes-bot, draft "Write the spec" creator minutes-bot`,
				"ISSUE item creator minutes-bot",
				"REDACTED item creator null",
				`DRAFT_ISSUE item creator alice, draft "Alice's draft" creator alice`,
				"ISSUE item creator alice",
				`DRAFT_ISSUE item creator alice, draft "Alice, via the API" creator alice`,
				`status update "alice's update" creator alice`,
				`status update "the bot's update" creator minutes-bot`,
				`status update "alice, via the API" creator alice`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var q authorship
			must(t, client(s, tt.token).Query(ctx, &q, nil))
			if diff := cmp.Diff(tt.want, q.summary()); diff != "" {
				t.Errorf("authorship (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProjectsOfOwner(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddOrg("acme")
	s.AddUser("octo")
	for _, n := range []int{3, 1, 12, 7} {
		p := s.AddProject("acme", n, fmt.Sprintf("Board %02d", 20-n))
		if n == 7 {
			p.Close()
		}
	}
	s.AddProject("octo", 1, "Mine")
	list := func(owner, args string) string {
		t.Helper()
		r := post(t, s, s.Token, `query($o: String!) { repositoryOwner(login: $o) { __typename login
		  ... on ProjectV2Owner { projectsV2(`+args+`) { totalCount nodes { number title closed } pageInfo { hasNextPage } } } } }`,
			map[string]any{"o": owner})
		if len(r.Errors) != 0 {
			return fmt.Sprint(r.Errors)
		}
		return string(r.Data)
	}
	tests := []struct {
		name, owner, args, want string
	}{
		{"newest number first by default", "acme", "first: 10",
			`"nodes":[{"number":12,"title":"Board 08","closed":false},{"number":7,"title":"Board 13","closed":true},{"number":3,"title":"Board 17","closed":false},{"number":1,"title":"Board 19","closed":false}]`},
		{"by number ascending, one page of two", "acme", "first: 2, orderBy: {field: NUMBER, direction: ASC}",
			`"nodes":[{"number":1,"title":"Board 19","closed":false},{"number":3,"title":"Board 17","closed":false}],"pageInfo":{"hasNextPage":true}`},
		{"by title ascending", "acme", "first: 1, orderBy: {field: TITLE, direction: ASC}",
			`"nodes":[{"number":12,"title":"Board 08","closed":false}]`},
		{"a user's", "octo", "first: 10", `{"repositoryOwner":{"__typename":"User","login":"octo","projectsV2":{"totalCount":1,`},
		{"a query filter is not implemented", "acme", `first: 10, query: "Board"`, "githubtest does not implement projectsV2(query:)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := list(tt.owner, tt.args); !strings.Contains(got, tt.want) {
				t.Errorf("got %s\nwant it to contain %s", got, tt.want)
			}
		})
	}
}

// issueID reads the node ID of issue number of acme/app.
func issueID(t *testing.T, s *githubtest.Server, number int) string {
	t.Helper()
	var q struct {
		Repository struct {
			Issue struct{ ID string } `graphql:"issue(number: $n)"`
		} `graphql:"repository(owner: \"acme\", name: \"app\")"`
	}
	must(t, client(s, s.Token).Query(context.Background(), &q, map[string]any{"n": githubv4.Int(number)}))
	return q.Repository.Issue.ID
}

func TestItemDatabaseIDs(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	draft := p.AddDraft("Another", "")
	var q struct {
		Node struct {
			Item struct {
				FullDatabaseID string `graphql:"fullDatabaseId"`
			} `graphql:"... on ProjectV2Item"`
		} `graphql:"node(id: $id)"`
	}
	must(t, client(s, s.Token).Query(context.Background(), &q, map[string]any{"id": githubv4.ID(draft)}))
	n, err := strconv.ParseInt(q.Node.Item.FullDatabaseID, 10, 64)
	if err != nil || n != p.DatabaseID(draft) || n <= 1<<32 {
		t.Errorf("fullDatabaseId %q (%v), want %d, above 2^32", q.Node.Item.FullDatabaseID, err, p.DatabaseID(draft))
	}
	// The deprecated 32-bit databaseId cannot hold it.
	r := post(t, s, s.Token, `query($id: ID!) { node(id: $id) { ... on ProjectV2Item { databaseId } } }`, map[string]any{"id": draft})
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "read fullDatabaseId") {
		t.Errorf("databaseId: errors %+v", r.Errors)
	}
}

func TestIssueProjectItems(t *testing.T) {
	t.Parallel()
	s, _ := seed(t) // issue 1 is on acme's board 1
	s.AddUser("octo")
	mine := s.AddProject("octo", 4, "Mine")
	mine.Archive(mine.AddContent(issueID(t, s, 1)))
	q := `query($n: Int!, $archived: Boolean!) { repository(owner: "acme", name: "app") { issue(number: $n) {
	  projectItems(first: 10, includeArchived: $archived) { nodes { isArchived project { number owner { __typename ... on Organization { login } ... on User { login } } } } } } } }`
	tests := []struct {
		name     string
		archived bool
		want     string
	}{
		{"archived items included", true, `{"nodes":[{"isArchived":false,"project":{"number":1,"owner":{"__typename":"Organization","login":"acme"}}},` +
			`{"isArchived":true,"project":{"number":4,"owner":{"__typename":"User","login":"octo"}}}]}`},
		{"archived items left out", false, `{"nodes":[{"isArchived":false,"project":{"number":1,"owner":{"__typename":"Organization","login":"acme"}}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, s, s.Token, q, map[string]any{"n": 1, "archived": tt.archived})
			if got := string(r.Data); !strings.Contains(got, tt.want) || len(r.Errors) != 0 {
				t.Errorf("got %s %+v\nwant it to contain %s", got, r.Errors, tt.want)
			}
		})
	}
}

func TestArchiveAndDelete(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	s.AddToken("read-only", githubtest.Permissions{Projects: true})
	archived := p.AddDraft("To archive", "")
	deleted := p.AddDraft("To delete", "")
	issue := s.AddIssue("acme/app", 2, "Commented", "")
	keep := s.AddComment(issue, "keep", "")
	gone := s.AddComment(issue, "delete me", "")
	ctx := context.Background()
	c := client(s, s.Token)

	var arch struct {
		ArchiveProjectV2Item struct {
			Item struct {
				ID         string
				IsArchived bool
			}
		} `graphql:"archiveProjectV2Item(input: $input)"`
	}
	must(t, c.Mutate(ctx, &arch, githubv4.ArchiveProjectV2ItemInput{ProjectID: p.ID(), ItemID: archived}, nil))
	if !arch.ArchiveProjectV2Item.Item.IsArchived || arch.ArchiveProjectV2Item.Item.ID != archived {
		t.Errorf("archive payload %+v", arch)
	}
	var del struct {
		DeleteProjectV2Item struct {
			DeletedItemID string `graphql:"deletedItemId"`
		} `graphql:"deleteProjectV2Item(input: $input)"`
	}
	must(t, c.Mutate(ctx, &del, githubv4.DeleteProjectV2ItemInput{ProjectID: p.ID(), ItemID: deleted}, nil))
	if del.DeleteProjectV2Item.DeletedItemID != deleted {
		t.Errorf("delete payload %+v", del)
	}
	var dc struct {
		DeleteIssueComment struct {
			ClientMutationID *string `graphql:"clientMutationId"`
		} `graphql:"deleteIssueComment(input: $input)"`
	}
	if err := client(s, "read-only").Mutate(ctx, &dc, githubv4.DeleteIssueCommentInput{ID: gone}, nil); err == nil || !strings.Contains(err.Error(), "Resource not accessible by integration") {
		t.Errorf("read-only token deleted a comment: %v", err)
	}
	must(t, c.Mutate(ctx, &dc, githubv4.DeleteIssueCommentInput{ID: gone}, nil))
	if err := c.Mutate(ctx, &dc, githubv4.DeleteIssueCommentInput{ID: gone}, nil); err == nil || !strings.Contains(err.Error(), "Could not resolve to a node") {
		t.Errorf("deleting a deleted comment: %v", err)
	}
	if err := c.Mutate(ctx, &del, githubv4.DeleteProjectV2ItemInput{ProjectID: p.ID(), ItemID: deleted}, nil); err == nil {
		t.Errorf("deleting a deleted item succeeded")
	}

	var items []string
	for _, it := range s.State().Projects[0].Items {
		items = append(items, fmt.Sprintf("%s %q archived=%t", it.Type, it.Title, it.Archived))
	}
	wantItems := []string{`DRAFT_ISSUE "To archive" archived=true`, `DRAFT_ISSUE "Write the spec" archived=false`,
		`ISSUE "Crash on start" archived=false`, `REDACTED "" archived=false`}
	if diff := cmp.Diff(wantItems, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	var comments []string
	for _, is := range s.State().Issues {
		for _, cm := range is.Comments {
			comments = append(comments, cm.Body)
		}
	}
	if diff := cmp.Diff([]string{"keep"}, comments); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	r := post(t, s, s.Token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": keep})
	if len(r.Errors) != 0 {
		t.Errorf("the comment kept is gone: %+v", r.Errors)
	}
	wantByName := map[string]int{"archiveProjectV2Item": 1, "deleteProjectV2Item": 2, "deleteIssueComment": 3}
	if diff := cmp.Diff(wantByName, s.Stats().MutationsByName); diff != "" {
		t.Errorf("mutations by name (-want +got):\n%s", diff)
	}
}

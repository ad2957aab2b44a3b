package githubtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

type addDraft struct {
	AddProjectV2DraftIssue struct {
		ProjectItem struct {
			ID      string
			Content struct {
				Draft struct{ ID string } `graphql:"... on DraftIssue"`
			}
		}
	} `graphql:"addProjectV2DraftIssue(input: $input)"`
}

// fieldIDs reads the IDs of a project's fields and Status options.
func fieldIDs(t *testing.T, c *githubv4.Client, projectID string) map[string]string {
	t.Helper()
	var q struct {
		Node struct {
			Project struct {
				Fields struct {
					Nodes []struct {
						Common struct{ ID, Name string } `graphql:"... on ProjectV2FieldCommon"`
						Single struct {
							Options []struct{ ID, Name string }
						} `graphql:"... on ProjectV2SingleSelectField"`
					}
				} `graphql:"fields(first: 50)"`
			} `graphql:"... on ProjectV2"`
		} `graphql:"node(id: $id)"`
	}
	if err := c.Query(context.Background(), &q, map[string]any{"id": githubv4.ID(projectID)}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range q.Node.Project.Fields.Nodes {
		ids[f.Common.Name] = f.Common.ID
		for _, o := range f.Single.Options {
			ids[f.Common.Name+"/"+o.Name] = o.ID
		}
	}
	return ids
}

// TestMutations runs every mutation once through githubv4 and compares the
// end state.
func TestMutations(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	c := client(s, s.Token)
	ctx := context.Background()
	ids := fieldIDs(t, c, p.ID())
	repoID := s.AddRepo("acme/app")

	var d addDraft
	must(t, c.Mutate(ctx, &d, githubv4.AddProjectV2DraftIssueInput{
		ProjectID: p.ID(), Title: "Decide on pricing", Body: githubv4.NewString("from the minutes"),
	}, nil))
	draftItem, draftID := d.AddProjectV2DraftIssue.ProjectItem.ID, d.AddProjectV2DraftIssue.ProjectItem.Content.Draft.ID
	if draftItem == "" || draftID == "" {
		t.Fatalf("payload %+v", d)
	}

	var ud struct {
		UpdateProjectV2DraftIssue struct{ DraftIssue struct{ ID string } } `graphql:"updateProjectV2DraftIssue(input: $input)"`
	}
	must(t, c.Mutate(ctx, &ud, githubv4.UpdateProjectV2DraftIssueInput{
		DraftIssueID: draftID, Body: githubv4.NewString("decided: free tier"),
	}, nil))

	var set struct {
		UpdateProjectV2ItemFieldValue struct {
			// githubv4 would spell it projectV2item, which GitHub rejects.
			ProjectV2Item struct{ ID string } `graphql:"projectV2Item"`
		} `graphql:"updateProjectV2ItemFieldValue(input: $input)"`
	}
	must(t, c.Mutate(ctx, &set, githubv4.UpdateProjectV2ItemFieldValueInput{
		ProjectID: p.ID(), ItemID: draftItem, FieldID: ids["Status"],
		Value: githubv4.ProjectV2FieldValue{SingleSelectOptionID: githubv4.NewString(githubv4.String(ids["Status/Done"]))},
	}, nil))
	must(t, c.Mutate(ctx, &set, githubv4.UpdateProjectV2ItemFieldValueInput{
		ProjectID: p.ID(), ItemID: draftItem, FieldID: ids["Last discussed"],
		Value: githubv4.ProjectV2FieldValue{Date: githubv4.NewDate(githubv4.Date{Time: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)})},
	}, nil))

	var ci struct {
		CreateIssue struct {
			Issue struct {
				ID     string
				Number int
				URL    string
			}
		} `graphql:"createIssue(input: $input)"`
	}
	must(t, c.Mutate(ctx, &ci, githubv4.CreateIssueInput{
		RepositoryID: repoID, Title: "Follow up", Body: githubv4.NewString("action item"),
	}, nil))
	if ci.CreateIssue.Issue.Number != 2 || ci.CreateIssue.Issue.URL != "https://github.com/acme/app/issues/2" {
		t.Errorf("created issue %+v", ci.CreateIssue.Issue)
	}

	var add struct {
		AddProjectV2ItemByID struct{ Item struct{ ID string } } `graphql:"addProjectV2ItemById(input: $input)"`
	}
	must(t, c.Mutate(ctx, &add, githubv4.AddProjectV2ItemByIdInput{ProjectID: p.ID(), ContentID: ci.CreateIssue.Issue.ID}, nil))
	first := add.AddProjectV2ItemByID.Item.ID
	must(t, c.Mutate(ctx, &add, githubv4.AddProjectV2ItemByIdInput{ProjectID: p.ID(), ContentID: ci.CreateIssue.Issue.ID}, nil))
	if add.AddProjectV2ItemByID.Item.ID != first {
		t.Errorf("adding the same issue twice gave items %s and %s", first, add.AddProjectV2ItemByID.Item.ID)
	}

	var ac struct {
		AddComment struct {
			CommentEdge struct{ Node struct{ ID string } }
			Subject     struct{ ID string }
		} `graphql:"addComment(input: $input)"`
	}
	must(t, c.Mutate(ctx, &ac, githubv4.AddCommentInput{SubjectID: ci.CreateIssue.Issue.ID, Body: "discussed on 2026-02-03"}, nil))
	if ac.AddComment.Subject.ID != ci.CreateIssue.Issue.ID {
		t.Errorf("addComment subject %q", ac.AddComment.Subject.ID)
	}
	var uc struct {
		UpdateIssueComment struct{ IssueComment struct{ ID string } } `graphql:"updateIssueComment(input: $input)"`
	}
	must(t, c.Mutate(ctx, &uc, githubv4.UpdateIssueCommentInput{ID: ac.AddComment.CommentEdge.Node.ID, Body: "discussed on 2026-02-03 (edited)"}, nil))

	var cs struct {
		CreateProjectV2StatusUpdate struct{ StatusUpdate struct{ ID string } } `graphql:"createProjectV2StatusUpdate(input: $input)"`
	}
	onTrack := githubv4.ProjectV2StatusUpdateStatusOnTrack
	must(t, c.Mutate(ctx, &cs, githubv4.CreateProjectV2StatusUpdateInput{
		ProjectID: p.ID(), Body: githubv4.NewString("Meeting 2026-02-03"), Status: &onTrack,
		StartDate: githubv4.NewDate(githubv4.Date{Time: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)}),
	}, nil))
	var us struct {
		UpdateProjectV2StatusUpdate struct{ StatusUpdate struct{ ID string } } `graphql:"updateProjectV2StatusUpdate(input: $input)"`
	}
	must(t, c.Mutate(ctx, &us, githubv4.UpdateProjectV2StatusUpdateInput{
		StatusUpdateID: cs.CreateProjectV2StatusUpdate.StatusUpdate.ID, Body: githubv4.NewString("Meeting 2026-02-03, revised"),
	}, nil))

	want := githubtest.State{
		Projects: []githubtest.ProjectState{{
			Owner: "acme", Number: 1, Title: "Roadmap",
			Fields: []string{"Title", "Assignees", "Status", "Labels", "Linked pull requests", "Milestone",
				"Repository", "Reviewers", "Parent issue", "Sub-issues progress", "Last discussed"},
			Items: []githubtest.ItemState{
				{Type: "DRAFT_ISSUE", Title: "Decide on pricing", Body: "decided: free tier", Values: map[string]string{"Status": "Done", "Last discussed": "2026-02-03"}},
				{Type: "DRAFT_ISSUE", Title: "Write the spec", Body: "first draft", Values: map[string]string{"Status": "In Progress", "Last discussed": "2026-01-05"}},
				{Type: "ISSUE", Repo: "acme/app", Title: "Crash on start", Body: "stack trace"},
				{Type: "ISSUE", Repo: "acme/app", Title: "Follow up", Body: "action item"},
				{Type: "REDACTED"},
			},
			StatusUpdates: []githubtest.StatusUpdateState{{Body: "Meeting 2026-02-03, revised", StartDate: "2026-02-03", Status: "ON_TRACK"}},
		}},
		Issues: []githubtest.IssueState{
			{Repo: "acme/app", Title: "Crash on start", Body: "stack trace", State: "OPEN", Author: githubtest.DefaultLogin},
			{Repo: "acme/app", Title: "Follow up", Body: "action item", State: "OPEN", Author: githubtest.DefaultLogin,
				Comments: []githubtest.CommentState{{Author: githubtest.DefaultLogin, Body: "discussed on 2026-02-03 (edited)"}}},
		},
	}
	if diff := cmp.Diff(want, s.State()); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	st := s.Stats()
	wantByName := map[string]int{"addProjectV2DraftIssue": 1, "updateProjectV2DraftIssue": 1, "updateProjectV2ItemFieldValue": 2,
		"createIssue": 1, "addProjectV2ItemById": 2, "addComment": 1, "updateIssueComment": 1,
		"createProjectV2StatusUpdate": 1, "updateProjectV2StatusUpdate": 1}
	if diff := cmp.Diff(wantByName, st.MutationsByName); diff != "" || st.Mutations != 11 || st.Queries != 1 {
		t.Errorf("stats %+v; by name (-want +got):\n%s", st, diff)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestMutationErrors(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	draftItem := p.AddDraft("A draft", "")
	issueID := s.AddIssue("acme/app", 5, "Issue", "")
	var draftID string
	{
		r := post(t, s, s.Token, `query($id: ID!) { node(id: $id) { ... on ProjectV2Item { content { ... on DraftIssue { id } } } } }`, map[string]any{"id": draftItem})
		draftID = strings.Split(strings.Split(string(r.Data), `"id":"`)[1], `"`)[0]
	}
	long := strings.Repeat("x", 65537)
	tests := []struct {
		name    string
		query   string
		vars    map[string]any
		errType string
		message string
	}{
		{"comment on a draft issue", `mutation($id: ID!) { addComment(input: {subjectId: $id, body: "hi"}) { subject { id } } }`,
			map[string]any{"id": draftID}, "NOT_FOUND", "Could not resolve to a node with the global id of '" + draftID + "'"},
		{"comment on a project item", `mutation($id: ID!) { addComment(input: {subjectId: $id, body: "hi"}) { subject { id } } }`,
			map[string]any{"id": draftItem}, "NOT_FOUND", "Could not resolve to a node with the global id of '" + draftItem + "'"},
		{"comment too long", `mutation($id: ID!, $b: String!) { addComment(input: {subjectId: $id, body: $b}) { subject { id } } }`,
			map[string]any{"id": issueID, "b": long}, "UNPROCESSABLE", "Body is too long (maximum is 65536 characters)"},
		{"empty comment", `mutation($id: ID!) { addComment(input: {subjectId: $id, body: ""}) { subject { id } } }`,
			map[string]any{"id": issueID}, "UNPROCESSABLE", "Body can't be blank"},
		{"draft body too long", `mutation($p: ID!, $b: String!) { addProjectV2DraftIssue(input: {projectId: $p, title: "t", body: $b}) { projectItem { id } } }`,
			map[string]any{"p": p.ID(), "b": long}, "UNPROCESSABLE", "Body is too long (maximum is 65536 characters)"},
		{"draft title too long", `mutation($p: ID!, $t: String!) { addProjectV2DraftIssue(input: {projectId: $p, title: $t}) { projectItem { id } } }`,
			map[string]any{"p": p.ID(), "t": strings.Repeat("t", 257)}, "UNPROCESSABLE", "Title is too long (maximum is 256 characters)"},
		{"draft in an unknown project", `mutation { addProjectV2DraftIssue(input: {projectId: "PVT_nope", title: "t"}) { projectItem { id } } }`,
			nil, "NOT_FOUND", "Could not resolve to a node with the global id of 'PVT_nope'"},
		{"status update body too long", `mutation($p: ID!, $b: String!) { createProjectV2StatusUpdate(input: {projectId: $p, body: $b}) { statusUpdate { id } } }`,
			map[string]any{"p": p.ID(), "b": long}, "UNPROCESSABLE", "Body is too long (maximum is 65536 characters)"},
		{"bad date", `mutation($p: ID!) { createProjectV2StatusUpdate(input: {projectId: $p, startDate: "next week"}) { statusUpdate { id } } }`,
			map[string]any{"p": p.ID()}, "UNPROCESSABLE", "'next week' is not a valid date, expected YYYY-MM-DD"},
		{"option of another field", `mutation($p: ID!, $i: ID!, $f: ID!) { updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: {singleSelectOptionId: "nope"}}) { projectV2Item { id } } }`,
			map[string]any{"p": p.ID(), "i": draftItem, "f": fieldIDs(t, client(s, s.Token), p.ID())["Status"]}, "UNPROCESSABLE", "The single select option Id does not belong to the field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, s, s.Token, tt.query, tt.vars)
			if len(r.Errors) != 1 {
				t.Fatalf("errors %+v, want one", r.Errors)
			}
			if e := r.Errors[0]; e.Type != tt.errType || e.Message != tt.message {
				t.Errorf("error %s %q, want %s %q", e.Type, e.Message, tt.errType, tt.message)
			}
		})
	}
	// Missing required input fields fail validation.
	r := post(t, s, s.Token, `mutation { addComment(input: {body: "x"}) { subject { id } } }`, nil)
	if len(r.Errors) == 0 || r.Data != nil {
		t.Errorf("addComment without subjectId: %+v", r)
	}
	if diff := cmp.Diff(1, len(s.State().Issues[0].Comments)+1); diff != "" {
		t.Errorf("comments were added:\n%s", diff)
	}
}

func TestFailMutation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode      githubtest.FaultMode
		wantDraft int // drafts named "second" in the end
	}{
		{githubtest.FailBefore, 0},
		{githubtest.FailAfter, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.mode), func(t *testing.T) {
			t.Parallel()
			s, p := seed(t)
			c := client(s, s.Token)
			s.FailMutation(2, tt.mode)
			var m addDraft
			must(t, c.Query(context.Background(), &struct{ Viewer struct{ Login string } }{}, nil)) // queries do not count
			must(t, c.Mutate(context.Background(), &m, githubv4.AddProjectV2DraftIssueInput{ProjectID: p.ID(), Title: "first"}, nil))
			err := c.Mutate(context.Background(), &m, githubv4.AddProjectV2DraftIssueInput{ProjectID: p.ID(), Title: "second"}, nil)
			if err == nil || !strings.Contains(err.Error(), "502") {
				t.Errorf("second mutation: %v, want a 502", err)
			}
			must(t, c.Mutate(context.Background(), &m, githubv4.AddProjectV2DraftIssueInput{ProjectID: p.ID(), Title: "third"}, nil))
			n := 0
			for _, it := range s.State().Projects[0].Items {
				if it.Title == "second" {
					n++
				}
			}
			if n != tt.wantDraft {
				t.Errorf("%d drafts named second, want %d", n, tt.wantDraft)
			}
			if st := s.Stats(); st.Requests != 4 || st.Mutations != 3 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestStateIgnoresIDsAndOrder(t *testing.T) {
	t.Parallel()
	build := func(reverse bool) githubtest.State {
		s := githubtest.NewServer(t)
		s.AddOrg("acme")
		s.AddRepo("acme/app")
		p := s.AddProject("acme", 3, "Board")
		steps := []func(){
			func() { p.SetValue(p.AddDraft("b", "body b"), "Status", "Todo") },
			func() { p.AddDraft("a", "body a") },
			func() {
				id := s.AddIssue("acme/app", 10, "issue", "")
				s.AddComment(id, "one", "alice")
				s.AddComment(id, "two", "bob")
				p.AddContent(id)
			},
			func() { s.AddOrg("zeta"); s.AddProject("zeta", 1, "Other") },
		}
		if reverse {
			for i := len(steps) - 1; i >= 0; i-- {
				steps[i]()
			}
		} else {
			for _, f := range steps {
				f()
			}
		}
		return s.State()
	}
	if diff := cmp.Diff(build(false), build(true)); diff != "" {
		t.Errorf("state depends on creation order (-forward +reverse):\n%s", diff)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddUser("octo")
	p := s.AddProject("octo", 7, "Big")
	for i := range 250 {
		p.AddDraft(fmt.Sprintf("item %03d", i), "")
	}
	c := client(s, s.Token)
	var q struct {
		User struct {
			ProjectV2 struct {
				Items struct {
					Nodes []struct {
						Content struct {
							Draft struct{ Title string } `graphql:"... on DraftIssue"`
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   githubv4.String
					}
					TotalCount int
				} `graphql:"items(first: 100, after: $cursor)"`
			} `graphql:"projectV2(number: 7)"`
		} `graphql:"user(login: \"octo\")"`
	}
	vars := map[string]any{"cursor": (*githubv4.String)(nil)}
	var titles []string
	pages := 0
	for {
		must(t, c.Query(context.Background(), &q, vars))
		pages++
		items := q.User.ProjectV2.Items
		if items.TotalCount != 250 {
			t.Fatalf("totalCount %d", items.TotalCount)
		}
		for _, n := range items.Nodes {
			titles = append(titles, n.Content.Draft.Title)
		}
		if !items.PageInfo.HasNextPage {
			break
		}
		if strings.Contains(string(items.PageInfo.EndCursor), "item") {
			t.Errorf("cursor %q is not opaque", items.PageInfo.EndCursor)
		}
		vars["cursor"] = githubv4.NewString(items.PageInfo.EndCursor)
	}
	if pages != 3 || len(titles) != 250 || titles[0] != "item 000" || titles[249] != "item 249" {
		t.Errorf("%d pages, %d titles, first %q", pages, len(titles), titles[0])
	}
	for i, title := range titles {
		if want := fmt.Sprintf("item %03d", i); title != want {
			t.Fatalf("title %d = %q, want %q", i, title, want)
		}
	}

	// Backwards with last and before.
	r := post(t, s, s.Token, `{ user(login: "octo") { projectV2(number: 7) { items(last: 2) { pageInfo { startCursor hasPreviousPage } nodes { content { ... on DraftIssue { title } } } } } } }`, nil)
	if !strings.Contains(string(r.Data), `"item 248"}},{"content":{"title":"item 249"}}`) || !strings.Contains(string(r.Data), `"hasPreviousPage":true`) {
		t.Errorf("last: 2 gave %s", r.Data)
	}
	r = post(t, s, s.Token, `{ user(login: "octo") { projectV2(number: 7) { items(first: 1, after: "bm9wZQ==") { totalCount } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Type != "INVALID_CURSOR_ARGUMENTS" {
		t.Errorf("bad cursor: %+v", r.Errors)
	}
}

func TestFindIssuesByAuthor(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddRepo("acme/app")
	s.AddIssue("acme/app", 1, "old", "<!-- marker -->")
	mine := s.AddIssue("acme/app", 2, "new", "<!-- marker -->")
	s.SetAuthor(s.AddIssue("acme/app", 3, "theirs", "<!-- marker -->"), "alice")
	s.AddPullRequest("acme/app", 4, "a PR", githubtest.PullRequest{})
	r := post(t, s, s.Token, `query($login: String!) { repository(owner: "acme", name: "app") {
	  issues(first: 10, orderBy: {field: CREATED_AT, direction: DESC}, filterBy: {createdBy: $login}) { nodes { id title } } } }`,
		map[string]any{"login": githubtest.DefaultLogin})
	want := fmt.Sprintf(`{"repository":{"issues":{"nodes":[{"id":%q,"title":"new"},`, mine)
	if !strings.HasPrefix(string(r.Data), want) || strings.Contains(string(r.Data), "theirs") || strings.Contains(string(r.Data), "PR") {
		t.Errorf("data %s, want it to start %s", r.Data, want)
	}
}

func TestPullRequestFiles(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddRepo("acme/minutes")
	s.AddPullRequest("acme/minutes", 4, "Add minutes", githubtest.PullRequest{
		Body: "fixes #1", HeadSHA: "a1b2c3", BaseSHA: "f0f0f0", HeadRepo: "fork/minutes",
		Files: []githubtest.PRFile{
			{Path: "minutes/2026-02-03.md", ChangeType: "ADDED", Content: "# Meeting\n\n- [ ] item\n"},
			{Path: "old.md", ChangeType: "DELETED"},
		},
	})
	r := post(t, s, s.Token, `{ repository(owner: "acme", name: "minutes") {
	  pullRequest(number: 4) { headRefOid baseRefOid isCrossRepository headRepository { nameWithOwner }
	    files(first: 10) { nodes { path changeType additions deletions } totalCount } }
	  base: object(expression: "a1b2c3:minutes/2026-02-03.md") { ... on Blob { text byteSize isBinary } }
	  gone: object(expression: "a1b2c3:old.md") { id } }
	  fork: repository(owner: "fork", name: "minutes") { object(expression: "a1b2c3:minutes/2026-02-03.md") { ... on Blob { text } } } }`, nil)
	if len(r.Errors) != 0 {
		t.Fatal(r.Errors)
	}
	want := `{"repository":{"pullRequest":{"headRefOid":"a1b2c3","baseRefOid":"f0f0f0","isCrossRepository":true,"headRepository":{"nameWithOwner":"fork/minutes"},` +
		`"files":{"nodes":[{"path":"minutes/2026-02-03.md","changeType":"ADDED","additions":3,"deletions":0},{"path":"old.md","changeType":"DELETED","additions":0,"deletions":0}],"totalCount":2}},` +
		`"base":{"text":"# Meeting\n\n- [ ] item\n","byteSize":22,"isBinary":false},"gone":null},` +
		`"fork":{"object":{"text":"# Meeting\n\n- [ ] item\n"}}}`
	if diff := cmp.Diff(want, string(r.Data)); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
}

func TestUnimplementedFieldIsAnError(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	// template is Boolean!: its null makes the project null, as the
	// GraphQL specification says.
	r := post(t, s, s.Token, `{ organization(login: "acme") { login projectV2(number: 1) { id template } } }`, nil)
	if r.Status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Message != "githubtest does not implement ProjectV2.template" {
		t.Errorf("status %d, errors %+v", r.Status, r.Errors)
	}
	if got, want := string(r.Data), `{"organization":{"login":"acme","projectV2":null}}`; got != want {
		t.Errorf("data %s, want %s", got, want)
	}
}

func TestSingleSelectWithoutOptions(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	p.AddField("Empty", "SINGLE_SELECT")
	r := post(t, s, s.Token, `{ organization(login: "acme") { projectV2(number: 1) { field(name: "Empty") { ... on ProjectV2SingleSelectField { name options { id } } } } } }`, nil)
	if got, want := string(r.Data), `{"organization":{"projectV2":{"field":{"name":"Empty","options":[]}}}}`; got != want || len(r.Errors) != 0 {
		t.Errorf("data %s, want %s; errors %+v", got, want, r.Errors)
	}
}

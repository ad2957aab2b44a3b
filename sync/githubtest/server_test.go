package githubtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// seed makes an organization with a board holding a draft, an issue and a
// redacted item, and a repository with an issue and a pull request.
func seed(t *testing.T) (*githubtest.Server, *githubtest.Project) {
	t.Helper()
	s := githubtest.NewServer(t)
	s.AddOrg("acme")
	s.AddRepo("acme/app")
	p := s.AddProject("acme", 1, "Roadmap")
	p.AddField("Last discussed", "DATE")
	draft := p.AddDraft("Write the spec", "first draft")
	p.SetValue(draft, "Status", "In Progress")
	p.SetValue(draft, "Last discussed", "2026-01-05")
	issue := s.AddIssue("acme/app", 1, "Crash on start", "stack trace")
	p.AddContent(issue)
	p.AddRedacted()
	return s, p
}

type boardQuery struct {
	RepositoryOwner struct {
		Typename string `graphql:"__typename"`
		Owner    struct {
			ProjectV2 struct {
				Title  string
				Number int
				Fields struct {
					Nodes []struct {
						Common struct {
							Name     string
							DataType string
						} `graphql:"... on ProjectV2FieldCommon"`
						SingleSelect struct {
							Options []struct{ Name string }
						} `graphql:"... on ProjectV2SingleSelectField"`
					}
					TotalCount int
				} `graphql:"fields(first: 20)"`
				Items struct {
					Nodes []struct {
						Type    string
						Content *struct {
							Typename string                       `graphql:"__typename"`
							Draft    struct{ Title, Body string } `graphql:"... on DraftIssue"`
							Issue    struct {
								Title      string
								Number     int
								Repository struct{ NameWithOwner string }
							} `graphql:"... on Issue"`
						}
						Status *struct {
							Single struct{ Name string } `graphql:"... on ProjectV2ItemFieldSingleSelectValue"`
						} `graphql:"status: fieldValueByName(name: \"Status\")"`
						Date *struct {
							Date struct{ Date string } `graphql:"... on ProjectV2ItemFieldDateValue"`
						} `graphql:"date: fieldValueByName(name: $dateField)"`
					}
					PageInfo struct{ HasNextPage bool }
				} `graphql:"items(first: 100)"`
			} `graphql:"projectV2(number: $number)"`
		} `graphql:"... on ProjectV2Owner"`
	} `graphql:"repositoryOwner(login: $login)"`
}

func TestQueryThroughGithubv4(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	var q boardQuery
	err := client(s, s.Token).Query(context.Background(), &q, map[string]any{
		"login":     githubv4.String("acme"),
		"number":    githubv4.Int(1),
		"dateField": githubv4.String("Last discussed"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p := q.RepositoryOwner.Owner.ProjectV2
	if q.RepositoryOwner.Typename != "Organization" || p.Title != "Roadmap" || p.Number != 1 {
		t.Errorf("owner %q, project %q #%d", q.RepositoryOwner.Typename, p.Title, p.Number)
	}
	var fields []string
	for _, f := range p.Fields.Nodes {
		fields = append(fields, f.Common.Name+":"+f.Common.DataType)
		if f.Common.Name == "Status" {
			if diff := cmp.Diff([]struct{ Name string }{{"Todo"}, {"In Progress"}, {"Done"}}, f.SingleSelect.Options); diff != "" {
				t.Errorf("Status options (-want +got):\n%s", diff)
			}
		}
	}
	wantFields := []string{"Title:TITLE", "Assignees:ASSIGNEES", "Status:SINGLE_SELECT", "Labels:LABELS",
		"Linked pull requests:LINKED_PULL_REQUESTS", "Milestone:MILESTONE", "Repository:REPOSITORY",
		"Reviewers:REVIEWERS", "Parent issue:PARENT_ISSUE", "Sub-issues progress:SUB_ISSUES_PROGRESS", "Last discussed:DATE"}
	if diff := cmp.Diff(wantFields, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	var items []string
	for _, it := range p.Items.Nodes {
		s := it.Type
		if c := it.Content; c != nil {
			// githubv4 fills every fragment with the fields it shares, so
			// __typename picks the one that applies.
			s += " " + c.Typename
			switch c.Typename {
			case "DraftIssue":
				s += " " + c.Draft.Title
			case "Issue":
				s += " " + c.Issue.Title
				s += fmt.Sprintf(" %s#%d", c.Issue.Repository.NameWithOwner, c.Issue.Number)
			}
		}
		if it.Status != nil {
			s += " status=" + it.Status.Single.Name
		}
		if it.Date != nil {
			s += " date=" + it.Date.Date.Date
		}
		items = append(items, s)
	}
	want := []string{
		"DRAFT_ISSUE DraftIssue Write the spec status=In Progress date=2026-01-05",
		"ISSUE Issue Crash on start acme/app#1",
		"REDACTED",
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestRejectedLikeGitHub(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	tests := []struct {
		name    string
		query   string
		vars    map[string]any
		errType string
		message string
	}{
		{
			name:    "field with wrong case",
			query:   `{ organization(login: "acme") { projectV2item(number: 1) { id } } }`,
			message: "Field 'projectV2item' doesn't exist on type 'Organization'",
		},
		{
			name:    "syntax error",
			query:   `{ organization(login: "acme") { id }`,
			message: "Expected Name, found <EOF>",
		},
		{
			name:    "empty query",
			query:   " ",
			message: "A query attribute must be specified and must be a string.",
		},
		{
			name:    "subscription",
			query:   `subscription { viewer { login } }`,
			message: `Schema does not support operation type "subscription"`,
		},
		{
			name:    "conflicting aliases",
			query:   `{ viewer { login login: id } }`,
			message: `Fields "login" conflict because "login" and "id" are different fields.`,
		},
		{
			name:    "unknown argument",
			query:   `{ organization(login: "acme") { projectV2(number: 1, name: "x") { id } } }`,
			message: `Unknown argument "name" on field "Organization.projectV2".`,
		},
		{
			name:    "missing required argument",
			query:   `{ organization(login: "acme") { projectV2 { id } } }`,
			message: `Field "projectV2" argument "number" of type "Int!" is required, but it was not provided.`,
		},
		{
			name:    "variable of the wrong type",
			query:   `query($n: Int!) { organization(login: "acme") { projectV2(number: $n) { id } } }`,
			vars:    map[string]any{"n": "one"},
			message: "cannot use string as Int",
		},
		{
			name:    "missing variable",
			query:   `query($n: Int!) { organization(login: "acme") { projectV2(number: $n) { id } } }`,
			message: "must be defined",
		},
		{
			name:    "selection on a union without fragment",
			query:   `{ node(id: "x") { ... on ProjectV2Item { content { title } } } }`,
			message: "Field 'title' doesn't exist on type 'ProjectV2ItemContent'",
		},
		{
			name:    "connection without first or last",
			query:   `{ organization(login: "acme") { projectV2(number: 1) { items { totalCount } } } }`,
			errType: "MISSING_PAGINATION_BOUNDARIES",
			message: "You must provide a `first` or `last` value to properly paginate the `items` connection.",
		},
		{
			name:    "first over 100",
			query:   `query($n: Int) { organization(login: "acme") { projectV2(number: 1) { items(first: $n) { totalCount } } } }`,
			vars:    map[string]any{"n": 101},
			errType: "EXCESSIVE_PAGINATION",
			message: "Requesting 101 records on the `items` connection exceeds the `first` limit of 100 records.",
		},
		{
			name:    "last over 100",
			query:   `{ repository(owner: "acme", name: "app") { issues(last: 200) { totalCount } } }`,
			errType: "EXCESSIVE_PAGINATION",
			message: "Requesting 200 records on the `issues` connection exceeds the `last` limit of 100 records.",
		},
		{
			name: "node limit",
			query: `{ organization(login: "acme") { projectsV2(first: 100) { nodes { items(first: 100) { nodes {
				fieldValues(first: 100) { totalCount } } } } } } }`,
			errType: "MAX_NODE_LIMIT_EXCEEDED",
			message: "By the time this query traverses to the fieldValues connection, it is requesting up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, s, s.Token, tt.query, tt.vars)
			if r.Status != http.StatusOK || r.Data != nil {
				t.Errorf("status %d, data %s; want 200 without data", r.Status, r.Data)
			}
			if len(r.Errors) == 0 {
				t.Fatal("no errors")
			}
			if got := r.Errors[0]; got.Type != tt.errType || !strings.Contains(got.Message, tt.message) {
				t.Errorf("error %s %q, want %s %q", got.Type, got.Message, tt.errType, tt.message)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	tests := []struct {
		name    string
		query   string
		path    []any
		message string
	}{
		{"organization", `{ organization(login: "nobody") { id } }`, []any{"organization"},
			"Could not resolve to an Organization with the login of 'nobody'."},
		{"user", `{ user(login: "acme") { id } }`, []any{"user"},
			"Could not resolve to a User with the login of 'acme'."},
		{"repositoryOwner", `{ repositoryOwner(login: "nobody") { id } }`, []any{"repositoryOwner"},
			"Could not resolve to a RepositoryOwner with the login of 'nobody'."},
		{"project", `{ organization(login: "acme") { p: projectV2(number: 99) { id } } }`, []any{"organization", "p"},
			"Could not resolve to a ProjectV2 with the number 99."},
		{"node", `{ node(id: "PVTI_nope") { id } }`, []any{"node"},
			"Could not resolve to a node with the global id of 'PVTI_nope'"},
		{"nodes", `{ nodes(ids: ["PVTI_nope"]) { id } }`, []any{"nodes", float64(0)},
			"Could not resolve to a node with the global id of 'PVTI_nope'"},
		{"issue", `{ repository(owner: "acme", name: "app") { issue(number: 7) { id } } }`, []any{"repository", "issue"},
			"Could not resolve to an Issue with the number of 7."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, s, s.Token, tt.query, nil)
			if len(r.Errors) != 1 {
				t.Fatalf("errors %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Type != "NOT_FOUND" || e.Message != tt.message {
				t.Errorf("error %s %q, want NOT_FOUND %q", e.Type, e.Message, tt.message)
			}
			if diff := cmp.Diff(tt.path, e.Path); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if r.Data == nil {
				t.Error("no data; want data with null")
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	s.AddToken("ghs_readonly", githubtest.Permissions{Projects: true})
	tests := []struct {
		name, header string
		status       int
	}{
		{"bearer", "bearer " + s.Token, http.StatusOK},
		{"Bearer", "Bearer " + s.Token, http.StatusOK},
		{"token", "token ghs_readonly", http.StatusOK},
		{"unknown token", "bearer ghp_wrong", http.StatusUnauthorized},
		{"no scheme", s.Token, http.StatusUnauthorized},
		{"missing", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(http.MethodPost, s.URL, strings.NewReader(`{"query":"{ viewer { login } }"}`))
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
	r := post(t, s, "ghp_wrong", `{ viewer { login } }`, nil)
	if r.Message != "Bad credentials" {
		t.Errorf("401 message %q, want Bad credentials", r.Message)
	}
	// GitHub Enterprise Server's path.
	ghes := githubv4.NewEnterpriseClient(strings.TrimSuffix(s.URL, "/graphql")+"/api/graphql", &http.Client{Transport: bearer{s.Token}})
	var q struct{ Viewer struct{ Login string } }
	if err := ghes.Query(context.Background(), &q, nil); err != nil || q.Viewer.Login != githubtest.DefaultLogin {
		t.Errorf("/api/graphql: %v, viewer %q", err, q.Viewer.Login)
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	s.AddToken("ghp_repo_only", githubtest.Permissions{Write: true})
	s.AddToken("ghs_fork", githubtest.Permissions{Projects: true})
	issueID := s.AddIssue("acme/app", 2, "Another", "")
	tests := []struct {
		name, token, query string
		errType, message   string
	}{
		{
			name:    "project read without project scope",
			token:   "ghp_repo_only",
			query:   `{ organization(login: "acme") { projectV2(number: 1) { id } } }`,
			errType: "INSUFFICIENT_SCOPES",
			message: "Your token has not been granted the required scopes to execute this query. The 'projectV2' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.",
		},
		{
			name:    "project items of an issue without project scope",
			token:   "ghp_repo_only",
			query:   fmt.Sprintf(`{ node(id: %q) { ... on Issue { projectItems(first: 5) { totalCount } } } }`, issueID),
			errType: "INSUFFICIENT_SCOPES",
		},
		{
			name:    "project through node without project scope",
			token:   "ghp_repo_only",
			query:   fmt.Sprintf(`{ node(id: %q) { ... on ProjectV2 { title } } }`, p.ID()),
			errType: "INSUFFICIENT_SCOPES",
			message: "Your token has not been granted the required scopes to execute this query. The 'title' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.",
		},
		{
			name:    "project mutation without project scope",
			token:   "ghp_repo_only",
			query:   fmt.Sprintf(`mutation { addProjectV2DraftIssue(input: {projectId: %q, title: "x"}) { projectItem { id } } }`, p.ID()),
			errType: "INSUFFICIENT_SCOPES",
		},
		{
			name:    "comment with a read-only token",
			token:   "ghs_fork",
			query:   fmt.Sprintf(`mutation { addComment(input: {subjectId: %q, body: "hi"}) { commentEdge { node { id } } } }`, issueID),
			errType: "FORBIDDEN",
			message: "Resource not accessible by integration",
		},
		{
			name:    "issue with a read-only token",
			token:   "ghs_fork",
			query:   `mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "x"}) { issue { id } } }`,
			errType: "FORBIDDEN",
			message: "Resource not accessible by integration",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, s, tt.token, tt.query, map[string]any{"r": repoID(t, s, "acme/app")})
			if r.Status != http.StatusOK || len(r.Errors) == 0 {
				t.Fatalf("status %d, errors %+v", r.Status, r.Errors)
			}
			if e := r.Errors[0]; e.Type != tt.errType || (tt.message != "" && e.Message != tt.message) {
				t.Errorf("error %s %q, want %s %q", e.Type, e.Message, tt.errType, tt.message)
			}
		})
	}
	// The read-only token can still read and write the project.
	r := post(t, s, "ghs_fork", fmt.Sprintf(`mutation { addProjectV2DraftIssue(input: {projectId: %q, title: "x"}) { projectItem { id } } }`, p.ID()), nil)
	if len(r.Errors) != 0 {
		t.Errorf("project mutation with a read-only token: %+v", r.Errors)
	}
}

func repoID(t *testing.T, s *githubtest.Server, nameWithOwner string) string {
	t.Helper()
	return s.AddRepo(nameWithOwner) // returns the existing repository's ID
}

func TestRateLimitHeadersAndCost(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	// 1 request for items, 100 for the fieldValues and 100 for the comments
	// of up to 100 items: 201 requests, cost round(2.01) = 2. Nodes: 100
	// items, 800 values, 500 comments.
	r := post(t, s, s.Token, `{ rateLimit { cost remaining used nodeCount limit }
	  organization(login: "acme") { projectV2(number: 1) { items(first: 100) { nodes {
	    fieldValues(first: 8) { totalCount }
	    content { ... on Issue { comments(last: 5) { totalCount } } } } } } } }`, nil)
	if len(r.Errors) != 0 {
		t.Fatal(r.Errors)
	}
	if got, want := string(r.Data[:strings.Index(string(r.Data), "},")+1]),
		`{"rateLimit":{"cost":2,"remaining":4998,"used":2,"nodeCount":1400,"limit":5000}`; got != want {
		t.Errorf("rateLimit\n got %s\nwant %s", got, want)
	}
	h := r.Header
	for k, want := range map[string]string{"X-Ratelimit-Limit": "5000", "X-Ratelimit-Remaining": "4998", "X-Ratelimit-Used": "2", "X-Ratelimit-Resource": "graphql"} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if reset, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err != nil || time.Unix(reset, 0).Before(time.Now()) {
		t.Errorf("X-Ratelimit-Reset %q: %v", h.Get("X-Ratelimit-Reset"), err)
	}
	st := s.Stats()
	if st.Points != 2 || st.Queries != 1 || st.Requests != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCost(t *testing.T) {
	t.Parallel()
	twoPerProject := func(n int) string {
		return fmt.Sprintf(`{ organization(login: "acme") { projectsV2(first: %d) { nodes {
		    items(first: 1) { totalCount } fields(first: 1) { totalCount } } } } }`, n)
	}
	tests := []struct {
		name  string
		query string
		cost  int
	}{
		{"no connection", `{ viewer { login } }`, 1},
		{"one connection", `{ repository(owner: "acme", name: "app") { issues(first: 100) { totalCount } } }`, 1},
		{"149 requests round down", twoPerProject(74), 1},
		{"151 requests round up", twoPerProject(75), 2},
		{"GitHub's example: 5,101 requests", `{ viewer { login } organization(login: "acme") { projectsV2(first: 100) { nodes {
		    items(first: 50) { nodes { fieldValues(first: 60) { totalCount } } } } } } }`, 51},
		{"mutation", `mutation { addComment(input: {subjectId: "x", body: "y"}) { subject { id } } }`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := seed(t)
			r := post(t, s, s.Token, tt.query, nil)
			if got := s.Stats().Points; got != tt.cost {
				t.Errorf("cost %d, want %d (errors %+v)", got, tt.cost, r.Errors)
			}
			if got, want := r.Header.Get("X-Ratelimit-Used"), strconv.Itoa(tt.cost); got != want {
				t.Errorf("X-Ratelimit-Used %s, want %s", got, want)
			}
		})
	}
}

func TestPrimaryRateLimit(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	reset := time.Now().Add(10 * time.Minute)
	s.PrimaryRateLimit(1, reset)
	if r := post(t, s, s.Token, `{ viewer { login } }`, nil); len(r.Errors) != 0 || r.Header.Get("X-Ratelimit-Remaining") != "0" {
		t.Errorf("last point: errors %+v, remaining %q", r.Errors, r.Header.Get("X-Ratelimit-Remaining"))
	}
	r := post(t, s, s.Token, `{ viewer { login } }`, nil)
	if r.Status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Type != "RATE_LIMITED" ||
		r.Errors[0].Message != "API rate limit exceeded for user ID 1." {
		t.Errorf("status %d, errors %+v", r.Status, r.Errors)
	}
	if got, want := r.Header.Get("X-Ratelimit-Reset"), strconv.FormatInt(reset.Unix(), 10); got != want {
		t.Errorf("X-Ratelimit-Reset %s, want %s", got, want)
	}
}

func TestSecondaryRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter time.Duration
		status     int
		wantRetry  string
	}{
		{"403 with Retry-After", 90 * time.Second, http.StatusForbidden, "90"},
		{"429 with Retry-After rounded up", 1500 * time.Millisecond, http.StatusTooManyRequests, "2"},
		{"403 with reset", 0, http.StatusForbidden, ""},
		{"200 with error", 30 * time.Second, http.StatusOK, "30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := seed(t)
			s.SecondaryRateLimit(2, tt.retryAfter, tt.status)
			for i := range 2 {
				r := post(t, s, s.Token, `{ viewer { login } }`, nil)
				if r.Status != tt.status || r.Header.Get("Retry-After") != tt.wantRetry {
					t.Errorf("request %d: status %d, Retry-After %q; want %d, %q", i, r.Status, r.Header.Get("Retry-After"), tt.status, tt.wantRetry)
				}
				msg := r.Message
				if tt.status == http.StatusOK {
					if len(r.Errors) != 1 || r.Errors[0].Type != "RATE_LIMITED" {
						t.Fatalf("errors %+v", r.Errors)
					}
					msg = r.Errors[0].Message
				}
				if !strings.HasPrefix(msg, "You have exceeded a secondary rate limit") {
					t.Errorf("message %q", msg)
				}
				if tt.retryAfter == 0 && (r.Header.Get("X-Ratelimit-Remaining") != "0" || r.Header.Get("X-Ratelimit-Reset") == "") {
					t.Errorf("headers %v", r.Header)
				}
			}
			if r := post(t, s, s.Token, `{ viewer { login } }`, nil); r.Status != http.StatusOK || len(r.Errors) != 0 {
				t.Errorf("third request: %d %+v", r.Status, r.Errors)
			}
			if got := s.Stats().Requests; got != 3 {
				t.Errorf("Requests = %d, want 3", got)
			}
		})
	}
}

func TestFailRequestsAndLatency(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	s.FailRequests(1, http.StatusBadGateway)
	s.SetLatency(20 * time.Millisecond)
	start := time.Now()
	if r := post(t, s, s.Token, `{ viewer { login } }`, nil); r.Status != http.StatusBadGateway {
		t.Errorf("status %d, want 502", r.Status)
	}
	if r := post(t, s, s.Token, `{ viewer { login } }`, nil); r.Status != http.StatusOK {
		t.Errorf("status %d, want 200", r.Status)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("two requests took %v with 20ms latency", d)
	}
	if diff := cmp.Diff([]string{"502 FailRequests", "query viewer"}, s.Log()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	s, p := seed(t)
	c := client(s, s.Token)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var m struct {
				AddProjectV2DraftIssue struct {
					ProjectItem struct{ ID string }
				} `graphql:"addProjectV2DraftIssue(input: $input)"`
			}
			in := githubv4.AddProjectV2DraftIssueInput{ProjectID: p.ID(), Title: githubv4.String(fmt.Sprint("draft ", i))}
			if err := c.Mutate(context.Background(), &m, in, nil); err != nil {
				t.Error(err)
			}
			var q boardQuery
			if err := c.Query(context.Background(), &q, map[string]any{
				"login": githubv4.String("acme"), "number": githubv4.Int(1), "dateField": githubv4.String("Status"),
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := len(s.State().Projects[0].Items); got != 23 {
		t.Errorf("%d items, want 23", got)
	}
	if st := s.Stats(); st.Mutations != 20 || st.MutationsByName["addProjectV2DraftIssue"] != 20 || st.Queries != 20 {
		t.Errorf("stats %+v", st)
	}
}

func TestFragmentsAndDirectives(t *testing.T) {
	t.Parallel()
	s, _ := seed(t)
	const doc = `
query Board($withBody: Boolean!) {
  org: organization(login: "acme") { ...Owner }
}
fragment Owner on ProjectV2Owner { projectV2(number: 1) { ...Board } }
fragment Board on ProjectV2 {
  items(first: 2) { nodes { ...Item } }
}
fragment Item on ProjectV2Item {
  type
  content {
    __typename
    ... on DraftIssue { title body @include(if: $withBody) }
    ... on Issue { title body @skip(if: true) }
    ... on Node { id @skip(if: true) }
  }
}
query Other { viewer { login } }`
	r := post(t, s, s.Token, doc, map[string]any{"withBody": false})
	if len(r.Errors) != 1 || r.Errors[0].Message != "An operation name is required" {
		t.Errorf("two operations without operationName: %+v", r.Errors)
	}
	r = postOperation(t, s, s.Token, doc, "Board", map[string]any{"withBody": false})
	if len(r.Errors) != 0 {
		t.Fatalf("errors %+v", r.Errors)
	}
	want := `{"org":{"projectV2":{"items":{"nodes":[` +
		`{"type":"DRAFT_ISSUE","content":{"__typename":"DraftIssue","title":"Write the spec"}},` +
		`{"type":"ISSUE","content":{"__typename":"Issue","title":"Crash on start"}}]}}}}`
	if diff := cmp.Diff(want, string(r.Data)); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	r = postOperation(t, s, s.Token, doc, "Other", nil)
	if got, want := string(r.Data), `{"viewer":{"login":"minutes-bot"}}`; got != want {
		t.Errorf("Other: %s, want %s", got, want)
	}
}

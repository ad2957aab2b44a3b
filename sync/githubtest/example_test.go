package githubtest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// A test seeds a board, points the real client at the fake with its token,
// and compares the state the code under test leaves. In a test, pass t to
// NewServer instead of using Standalone.
func ExampleNewServer() {

	s, stop := githubtest.Standalone()
	defer stop()
	s.AddOrg("acme")
	board := s.AddProject("acme", 1, "Roadmap")

	c := githubv4.NewEnterpriseClient(s.URL, &http.Client{Transport: bearer{s.Token}})
	var m struct {
		AddProjectV2DraftIssue struct {
			ProjectItem struct{ ID string }
		} `graphql:"addProjectV2DraftIssue(input: $input)"`
	}
	err := c.Mutate(context.Background(), &m, githubv4.AddProjectV2DraftIssueInput{
		ProjectID: board.ID(),
		Title:     "Agree on the release date",
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range s.State().Projects[0].Items {
		fmt.Println(it.Type, it.Title)
	}
	fmt.Println(s.Log())
	// Output:
	// DRAFT_ISSUE Agree on the release date
	// [mutation addProjectV2DraftIssue]
}

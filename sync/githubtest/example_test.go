package githubtest_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// exampleTB stands in for the *testing.T a test passes to NewServer.
type exampleTB struct {
	testing.TB
	cleanups []func()
}

func (*exampleTB) Helper()                        {}
func (*exampleTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (tb *exampleTB) Cleanup(f func())            { tb.cleanups = append(tb.cleanups, f) }

// A test seeds a board, points the real client at the fake with its token,
// and compares the state the code under test leaves. In a test, pass t to
// NewServer instead of tb.
func ExampleNewServer() {
	tb := &exampleTB{}
	defer func() {
		for _, f := range tb.cleanups {
			f()
		}
	}()

	s := githubtest.NewServer(tb)
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

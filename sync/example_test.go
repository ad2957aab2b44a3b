package sync_test

import (
	"context"
	"fmt"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

const exampleMinutes = `# Minutes 2025-03-12

### [Parser & Formats](https://github.com/orgs/acme/projects/1/views/2)

#### Nested check boxes
- [x] @bob - tick all boxes of a finished topic
`

// A plan made offline, against empty boards: what a first sync of these
// minutes would do.
func ExampleNewPlan() {
	m, err := minutes.Parse("minutes-2025-03-12.md", []byte(exampleMinutes))
	if err != nil {
		fmt.Println(err)
		return
	}
	boards, err := sync.ReadBoards(context.Background(), sync.EmptyBoards{}, []*minutes.Meeting{m}, sync.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan := sync.NewPlan([]*minutes.Meeting{m}, boards, sync.Options{})
	fmt.Println("offline:", plan.Offline)
	for _, c := range plan.Changes {
		fmt.Printf("%s %s: %s\n", c.Op, c.Item, c.Detail)
	}
	// Output:
	// offline: true
	// create-item Nested check boxes: create a draft issue
	// add-note Nested check boxes: the meeting's note, in the new draft's body
	// set-field Nested check boxes: Status: Done
	// set-field Nested check boxes: Last discussed: 2025-03-12
	// create-status-update (status update): post the meeting's status update
}

// A whole sync: read the boards, plan, apply. Apply is given the minutes
// and options the plan was made from, to plan again should GitHub's answer
// to a change be lost. Here the GitHub is the in-process fake; the board
// has no "Last discussed" field, so the plan warns and leaves it out.
func ExampleApply() {
	srv, stop := githubtest.Standalone()
	defer stop()
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Parser & Formats")
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})

	ctx := context.Background()
	m, err := minutes.Parse("minutes-2025-03-12.md", []byte(exampleMinutes))
	if err != nil {
		fmt.Println(err)
		return
	}
	meetings, opts := []*minutes.Meeting{m}, sync.Options{}
	boards, err := sync.ReadBoards(ctx, gh, meetings, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan := sync.NewPlan(meetings, boards, opts)
	for _, w := range plan.Warnings {
		fmt.Println("warning:", w.Message)
	}
	res, err := sync.Apply(ctx, gh, plan, meetings, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Done {
		fmt.Printf("%s %s: %s\n", c.Step.Type(), c.Item, c.Detail)
	}
	fmt.Printf("%d changes, %d failed\n", res.Counts.Changes, len(res.Errors))
	// Output:
	// warning: board acme/1 has no date field named "Last discussed" (its date fields: none); it is left alone
	// create-draft Nested check boxes: create a draft issue
	// note-in-new-draft Nested check boxes: the meeting's note, in the new draft's body
	// set-status Nested check boxes: Status: Done
	// create-status-update (status update): post the meeting's status update
	// 4 changes, 0 failed
}

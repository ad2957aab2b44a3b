package sync_test

import (
	"context"
	"fmt"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// A plan made offline, against empty boards: what a first sync of these
// minutes would do.
func ExampleNewPlan() {
	src := []byte(`# Minutes 2025-03-12

### [Parser & Formats](https://github.com/orgs/acme/projects/1/views/2)

#### Nested check boxes
- [x] @bob - tick all boxes of a finished topic
`)
	m, err := minutes.Parse("minutes-2025-03-12.md", src)
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

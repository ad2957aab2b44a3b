package sync_test

import (
	"fmt"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
)

// A ProgressMeter hears Apply's steps (it is a sync.Progress) and the
// client's waits (its Wait is github.ClientOptions.OnWait), and says where
// the run is.
func ExampleProgressMeter() {
	now := time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)
	m := sync.NewProgressMeter(func() time.Time { return now })
	c := sync.Change{Op: sync.OpCreateItem, Item: "Write the guide", Board: "acme/1"}

	m.Step(0, 230, &c)
	fmt.Println(m.Line())

	now = now.Add(3*time.Minute + 4*time.Second)
	m.Step(11, 230, &c)
	m.Wait(time.Second, "pace: 1s between changes")
	fmt.Println(m.Line())

	now = now.Add(52 * time.Minute)
	m.Step(230, 230, nil)
	fmt.Println(m.Line())
	// Output:
	// [1/230] 0s elapsed, estimating… — create-item "Write the guide" on acme/1
	// [12/230] 3m04s elapsed, about 1h01m left — waiting 1s (pace: 1s between changes)
	// [230/230] done in 55m04s
}

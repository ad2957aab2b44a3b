package pipeline_test

import (
	"context"
	"fmt"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
)

// An offline plan of a minutes file: no Boards reader plans against empty
// boards, and no Writer means nothing is applied.
func ExampleRun() {
	src := pipeline.Files{Names: []string{"../../sync/testdata/acme-minutes-2025-01-15.md"}}
	out, err := pipeline.Run(context.Background(), src, pipeline.Deps{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Plan.Offline, pipeline.CountsText(out.Plan.Counts))
	// Output: true 14 changes (3 items created, 0 items added, 3 notes added, 0 notes updated, 6 fields set, 2 status updates), 1 not placed
}

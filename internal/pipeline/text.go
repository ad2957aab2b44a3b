package pipeline

import (
	"fmt"
	"runtime/debug"

	"github.com/minutes-sync/minutes-sync/sync"
)

// CountsText sums up a plan or what apply did, on one line.
func CountsText(c sync.Counts) string {
	return fmt.Sprintf("%d changes (%d items created, %d added, %d notes added, %d updated, %d fields set, %d status updates), %d not placed",
		c.Changes, c.ItemsCreated, c.ItemsAdded, c.NotesAdded, c.NotesUpdated, c.FieldsSet, c.StatusUpdates, c.Unplaced)
}

// version is set at build time with
// -ldflags "-X github.com/minutes-sync/minutes-sync/internal/pipeline.version=..."; a plain
// build reports the module version Go recorded, or "devel".
var version = ""

// Version returns minutes-sync's version.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

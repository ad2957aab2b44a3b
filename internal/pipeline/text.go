package pipeline

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/minutes-sync/minutes-sync/sync"
)

// CountsText sums up a plan or what apply did, on one line, each count
// with its noun in the right number.
func CountsText(c sync.Counts) string {
	n := func(k int, one, many string) string { return fmt.Sprintf("%d %s", k, sync.Plural(k, one, many)) }
	return fmt.Sprintf("%s (%s created, %s added, %s added, %s updated, %s set, %s), %d not placed",
		n(c.Changes, "change", "changes"), n(c.ItemsCreated, "item", "items"), n(c.ItemsAdded, "item", "items"),
		n(c.NotesAdded, "note", "notes"), n(c.NotesUpdated, "note", "notes"), n(c.FieldsSet, "field", "fields"),
		n(c.StatusUpdates, "status update", "status updates"), c.Unplaced)
}

// BoardError says what went wrong with a board, naming the board once: the
// error may name it already.
func BoardError(ref string, err error) string {
	if msg := err.Error(); strings.Contains(msg, ref) {
		return msg
	}
	return "board " + ref + ": " + err.Error()
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

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
)

// Env is what a command may touch of the outside world; tests replace it.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Command is one command of the command line.
type Command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, e Env, args []string) error
}

// Commands lists the command-line commands, in the order usage shows them.
func Commands() []Command {
	return []Command{
		{"parse", "show what minutes files say: meetings, boards and work items", runParse},
		{"lint", "report problems in minutes files as file:line: message", runLint},
		{"plan", "show the changes a sync would make to the boards", runPlan},
		{"apply", "make the changes to the boards", runApply},
	}
}

// errFailed says the command already reported what went wrong.
var errFailed = pipeline.ErrReported

// writeJSON prints v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

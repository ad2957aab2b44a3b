package main

import (
	"context"
	"errors"
)

// Owned by the minutes work (issue 2): replaced by the real commands.
func runParse(ctx context.Context, e *env, args []string) error {
	return errors.New("parse: not built yet")
}

func runLint(ctx context.Context, e *env, args []string) error {
	return errors.New("lint: not built yet")
}

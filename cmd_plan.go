package main

import (
	"context"
	"errors"
)

// Owned by the sync work (issue 3): replaced by the real commands.
func runPlan(ctx context.Context, e *env, args []string) error {
	return errors.New("plan: not built yet")
}

func runApply(ctx context.Context, e *env, args []string) error {
	return errors.New("apply: not built yet")
}

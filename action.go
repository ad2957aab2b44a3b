package main

import (
	"context"
	"errors"
)

// Owned by the action work (issue 4): replaced by the real command.
func runAction(ctx context.Context, e *env, args []string) error {
	return errors.New("action: not built yet")
}

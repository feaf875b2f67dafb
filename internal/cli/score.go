package cli

import "context"

func runScore(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "score: not implemented yet")
}

package cli

import "context"

func runStats(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "stats: not implemented yet")
}

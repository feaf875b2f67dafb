package cli

import "context"

func runPK(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "pk: not implemented yet")
}

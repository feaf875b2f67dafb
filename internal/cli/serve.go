package cli

import "context"

func runServe(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "serve: wip")
}
func runDemo(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "demo: wip")
}
func runMigrate(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "migrate: wip")
}
func runUser(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "user: wip")
}
func runBackup(ctx context.Context, e *env, args []string) int {
	return fail(e, exitFailure, "backup: wip")
}

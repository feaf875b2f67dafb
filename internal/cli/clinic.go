package cli

import (
	"context"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/service"
)

const clinicUsage = "usage: onset clinic add --db DB --name NAME [--timezone ZONE] | onset clinic list --db DB | onset clinic rename --db DB --id ID --name NAME"

// runClinic manages the organization's clinics (locations): add one,
// list them, rename one. The first clinic is the one `serve` creates.
func runClinic(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "rename") {
		return fail(e, exitUsage, clinicUsage)
	}
	sub := args[0]
	fs := newFlags(e, "clinic "+sub)
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	name := fs.String("name", "", "the clinic's name (add, rename)")
	zone := fs.String("timezone", "", "the clinic's IANA time zone, e.g. America/Chicago (add; default UTC)")
	id := fs.Int64("id", 0, "the clinic to rename (see onset clinic list)")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	a, err := openApp(ctx, *dsn, service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	first, err := a.svc.EnsureClinic(ctx, "My clinic")
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	sys := service.System(first.ID) // the first clinic's organization
	switch sub {
	case "add":
		c, err := a.svc.AddClinic(ctx, sys, *name, *zone)
		if err != nil {
			return fail(e, codeOf(err), "%s", clinic.ErrorMessage(err))
		}
		printf(e, "added clinic %d, %s (%s); add its staff with onset user add --clinic %d\n", c.ID, c.Name, c.Timezone, c.ID)
	case "rename":
		if *id == 0 {
			return fail(e, exitUsage, "clinic rename: --id is required")
		}
		if err := a.svc.RenameClinic(ctx, sys, *id, *name); err != nil {
			return fail(e, codeOf(err), "%s", clinic.ErrorMessage(err))
		}
		printf(e, "clinic %d is now %s\n", *id, *name)
	case "list":
		all, err := a.svc.AllClinics(ctx, sys)
		if err != nil {
			return fail(e, codeOf(err), "%s", clinic.ErrorMessage(err))
		}
		printf(e, "%-4s %-32s %-24s %8s %6s\n", "ID", "NAME", "TIME ZONE", "PATIENTS", "STAFF")
		for _, c := range all {
			printf(e, "%-4s %-32s %-24s %8d %6d\n", strconv.FormatInt(c.ID, 10), c.Name, c.Timezone, c.Patients, c.Staff)
		}
	}
	return exitOK
}

package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

func runUser(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd") {
		return fail(e, exitUsage, "usage: onset user add --db DB --email E --role R [--name N] [--patient ID] [--clinic ID] | onset user passwd --db DB --email E")
	}
	sub := args[0]
	fs := newFlags(e, "user "+sub)
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	email := fs.String("email", "", "the account's email")
	role := fs.String("role", "", "admin, clinician, nurse, frontdesk or patient (add only)")
	name := fs.String("name", "", "display name (add only)")
	patient := fs.Int64("patient", 0, "patient record ID (patient accounts)")
	clinicID := fs.Int64("clinic", 0, "the clinic the account belongs to (add only; default the first, see onset clinic list)")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *email == "" {
		return fail(e, exitUsage, "user %s: --email is required", sub)
	}
	if sub == "add" && !clinic.Role(*role).Valid() {
		return fail(e, exitUsage, "user add: --role must be one of admin, clinician, nurse, frontdesk, patient")
	}
	password, err := readPassword(e)
	if err != nil {
		return fail(e, exitUsage, "user %s: %v", sub, err)
	}
	a, err := openApp(ctx, *dsn, service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	c, err := a.svc.EnsureClinic(ctx, "My clinic")
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	sys := service.System(c.ID)
	if *clinicID != 0 {
		sys = service.System(*clinicID)
	}
	if sub == "passwd" {
		if err := a.svc.SetPassword(ctx, sys, *email, password); err != nil {
			return fail(e, codeOf(err), "%s", clinic.ErrorMessage(err))
		}
		printf(e, "password changed for %s; their sessions and API tokens were ended\n", *email)
		return exitOK
	}
	u, err := a.svc.CreateUser(ctx, sys, record.NewUser{Email: *email, Name: *name, Role: clinic.Role(*role),
		Password: password, PatientID: *patient})
	if err != nil {
		return fail(e, codeOf(err), "%s", clinic.ErrorMessage(err))
	}
	printf(e, "added %s (%s), user id %d\n", u.Email, u.Role, u.ID)
	if service.MFARequired(u.Role) {
		printf(e, "%s accounts set up two-step sign-in at their first sign-in\n", u.Role)
	}
	return exitOK
}

// readPassword prompts on a terminal (twice, without echo) or reads one
// line from standard input (for scripts).
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", fmt.Errorf("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	_ = err // a last line without a newline is fine
	return line, nil
}

// codeOf maps an error to an exit status: bad input is 2.
func codeOf(err error) int {
	switch clinic.ErrorCode(err) {
	case clinic.Invalid, clinic.Conflict, clinic.NotFound:
		return exitUsage
	}
	return exitFailure
}

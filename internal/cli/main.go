// Package cli is Onset's composition root: it parses commands and flags,
// wires concrete stores into services and reports results with exit codes.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit statuses shared by every command.
const (
	exitOK      = 0
	exitFailure = 1 // the command was valid but could not be carried out
	exitUsage   = 2 // bad input: flags, arguments or file contents
)

// env carries a command's standard streams so tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the clinic web server", runServe},
		"demo":    {"run the server on a fresh demo clinic", runDemo},
		"migrate": {"apply database migrations", runMigrate},
		"user":    {"add users and set passwords", runUser},
		"clinic":  {"add, list and rename the organization's clinics (locations)", runClinic},
		"backup":  {"copy a live SQLite database consistently", runBackup},
		"audit":   {"verify the audit trail's hash chain (audit verify)", runAudit},
		"restore": {"restore a SQLite backup to a new database, after checking it", runRestore},
		"score":   {"score a questionnaire", runScore},
		"pk":      {"ketamine concentration over time", runPK},
		"stats":   {"survival statistics from a CSV file", runStats},

		// Outcome analytics and import of historical data (outcomes.go, import.go).
		"outcomes": {"outcome curves from the clinic's courses", runOutcomes},
		"import":   {"import historical patients, treatments and assessments from CSV", runImport},
		"export":   {"a clinic's records as a zip of CSV files (export csv)", runExport},

		// Measurement-based care: questionnaire schedule and delivery (outbox.go).
		"outbox": {"make due questionnaire links and deliver queued messages", runOutbox},
	}
}

// Main runs one command and returns the process exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "onset: unknown command %q (run 'onset help')\n", args[0])
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: onset COMMAND [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
}

// newFlags makes a FlagSet that reports errors instead of exiting.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("onset "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args; on failure it returns the exit status to use.
// A bad flag gets one line on stderr (scripts read it); -h gets the usage.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(out, "usage of %s:\n", fs.Name())
		fs.PrintDefaults()
		return exitOK, false
	case err != nil:
		fmt.Fprintf(out, "%s: %v (see -h)\n", fs.Name(), err)
		return exitUsage, false
	case fs.NArg() > 0:
		fmt.Fprintf(out, "%s: unexpected argument %q (see -h)\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// fail prints a one-line reason and returns code.
func fail(e *env, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(e.stderr, "onset: "+strings.TrimSpace(msg))
	return code
}

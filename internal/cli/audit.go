package cli

import (
	"context"
	"encoding/json"
	"flag"
	"strconv"
	"strings"

	"onset/internal/auditchain"
	"onset/internal/store"
)

// anchorFlags collects --anchor CLINIC:SEQ:HASH, heads a clinic wrote
// down outside the database (printed by earlier verifications).
type anchorFlags map[int64][]auditchain.Head

func (a anchorFlags) String() string { return "" }

func (a anchorFlags) Set(s string) error {
	clinicID, head, ok := strings.Cut(s, ":")
	id, err := strconv.ParseInt(clinicID, 10, 64)
	if !ok || err != nil || id < 1 {
		return errAnchor
	}
	h, err := auditchain.ParseHead(head)
	if err != nil {
		return err
	}
	a[id] = append(a[id], h)
	return nil
}

var errAnchor = flagError("an anchor is written CLINIC:SEQ:HASH, as `onset audit verify` prints it")

type flagError string

func (e flagError) Error() string { return string(e) }

func runAudit(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "verify" {
		return fail(e, exitUsage, "audit: the subcommand is verify (onset audit verify --db ...)")
	}
	fs := newFlags(e, "audit verify")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	anchors := anchorFlags{}
	fs.Var(anchors, "anchor", "a head written down earlier, CLINIC:SEQ:HASH (repeatable): the trail must still pass through it")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	db, err := store.Open(ctx, *dsn, store.Unchecked()) // verification must run on a database whose triggers are gone
	if err != nil {
		return fail(e, exitFailure, "audit verify: %v", err)
	}
	defer db.Close()
	reports, err := db.Reader().VerifyAudit(ctx, anchors)
	if err != nil {
		return fail(e, exitFailure, "audit verify: %v", err)
	}
	protections := db.CheckProtections(ctx)
	if *asJSON {
		printJSONReports(e, reports, protections)
	} else {
		for _, r := range reports {
			if r.Problem != nil {
				printf(e, "clinic %d: BROKEN at %v\n", r.ClinicID, r.Problem)
				continue
			}
			printf(e, "clinic %d: intact, %d entries chained", r.ClinicID, r.Rows)
			if r.Legacy > 0 {
				printf(e, " (%d earlier entries from before the chain, not covered)", r.Legacy)
			}
			printf(e, "; head %d:%s\n", r.ClinicID, r.Head)
		}
		if protections != nil {
			printf(e, "protections: %v\n", protections)
		}
	}
	for _, r := range reports {
		if r.Problem != nil {
			return exitFailure
		}
	}
	if protections != nil {
		return exitFailure
	}
	return exitOK
}

func printJSONReports(e *env, reports []auditchain.Report, protections error) {
	type problem struct {
		ID   int64  `json:"id,omitempty"`
		Seq  int64  `json:"seq"`
		What string `json:"what"`
	}
	type report struct {
		Clinic  int64    `json:"clinic"`
		Rows    int64    `json:"chained"`
		Legacy  int64    `json:"before_chain"`
		Head    string   `json:"head"`
		Problem *problem `json:"problem"`
	}
	out := struct {
		Clinics     []report `json:"clinics"`
		Protections string   `json:"protections,omitempty"`
	}{Clinics: []report{}}
	for _, r := range reports {
		x := report{Clinic: r.ClinicID, Rows: r.Rows, Legacy: r.Legacy, Head: strconv.FormatInt(r.ClinicID, 10) + ":" + r.Head.String()}
		if p := r.Problem; p != nil {
			x.Problem = &problem{ID: p.ID, Seq: p.Seq, What: p.What}
		}
		out.Clinics = append(out.Clinics, x)
	}
	if protections != nil {
		out.Protections = protections.Error()
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

var _ flag.Value = anchorFlags{}

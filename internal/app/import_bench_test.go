package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/store"
)

// BenchmarkImportAssessments imports 10,000 PHQ-9 totals per operation
// (new rows each time, for 500 patients) into SQLite: parsing, checks, the
// inserts with their import keys and the audit row, in one transaction.
func BenchmarkImportAssessments(b *testing.B) {
	e := newEnv(b, store.SQLite)
	ctx, sys := b.Context(), service.System(e.clinic)
	var p strings.Builder
	p.WriteString("patient,sex,birth_year,condition\n")
	for i := range 500 {
		fmt.Fprintf(&p, "P%d,female,1980,depression\n", i)
	}
	if _, err := e.svc.ImportPatients(ctx, sys, strings.NewReader(p.String()), imports.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	const rows = 10_000
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	op := 0
	b.ReportAllocs()
	for b.Loop() {
		var a strings.Builder
		a.WriteString("patient,taken_at,instrument,total\n")
		for i := range rows {
			at := base.Add(time.Duration(op*rows+i) * time.Minute)
			fmt.Fprintf(&a, "P%d,%s,phq9,%d\n", i%500, at.Format(time.RFC3339), i%28)
		}
		op++
		rep, err := e.svc.ImportAssessments(ctx, sys, strings.NewReader(a.String()), imports.ImportOptions{})
		if err != nil || rep.Added != rows {
			b.Fatalf("%+v %v", rep, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

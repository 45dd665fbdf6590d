package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// seasonDB writes a season of nSuppliers CMRTs with rowsEach declared
// smelter rows each into a new database, through the store's own API, with
// RMI lists in force: 3,000 facilities, most conformant, some active,
// not participating or non-conformant; rows also name unknown CIDs and
// facilities RMI does not list.
func seasonDB(tb testing.TB, dir string, nSuppliers, rowsEach int) string {
	tb.Helper()
	ctx := context.Background()
	db := filepath.Join(dir, "season.db")
	st, err := store.Open(db)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(9, 9))
	metals := []string{"Tantalum", "Tin", "Gold", "Tungsten"}
	// One facility in sixteen in a covered country, one in sixteen in a
	// CAHRA country.
	countries := []string{"CHINA", "JAPAN", "INDONESIA", "PERU", "RWANDA", "BRAZIL", "GERMANY", "MYANMAR",
		"MALAYSIA", "THAILAND", "KOREA, REPUBLIC OF", "UNITED STATES OF AMERICA", "BELGIUM", "SWITZERLAND", "AUSTRALIA", "CANADA"}
	var ref, conf, active []smelters.Facility
	for i := 1; i <= 3000; i++ {
		f := smelters.Facility{CID: fmt.Sprintf("CID%06d", i), Metal: metals[i%4], Name: fmt.Sprintf("Facility %d", i), Country: countries[i%len(countries)]}
		ref = append(ref, f)
		switch r := i % 100; {
		case r < 80:
			f.Status, f.StatusText = smelters.StatusConformant, "Conformant"
			year := 2025 // a few re-audits overdue, most due next year
			if r < 4 {
				year = 2024
			}
			f.LastAudit, f.AuditCycle = time.Date(year, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC), "1 Year"
			f.ReauditDue = smelters.ReauditDue(f.LastAudit, f.AuditCycle)
			conf = append(conf, f)
		case r < 88:
			f.Status, f.StatusText = smelters.StatusActive, "Active"
			active = append(active, f)
		case r < 91:
			f.Status, f.StatusText = smelters.StatusOther, "Outreach Required"
			active = append(active, f)
		}
	}
	for _, l := range []*smelters.List{
		{Kind: smelters.KindStandard, Facilities: ref, ListDate: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)},
		{Kind: smelters.KindConformant, Facilities: conf, ListDate: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
		{Kind: smelters.KindStatus, Facilities: active, ListDate: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
	} {
		l.Source, l.Format, l.RowsByMetal = string(l.Kind)+".xml", "spreadsheetml", map[string]int{}
		for _, f := range l.Facilities {
			l.Rows++
			l.RowsByMetal[f.Metal]++
		}
		l.SHA256 = fmt.Sprintf("%064d", len(l.Facilities))
		if _, err := st.Refresh(ctx, l); err != nil {
			tb.Fatal(err)
		}
	}
	layout, _ := cmrt.LookupLayout(cmrt.CMRT, "6.5")
	for s := 0; s < nSuppliers; s++ {
		d := &cmrt.Declaration{Layout: layout, Template: cmrt.Template{Family: cmrt.CMRT, Version: "6.5", Language: "English"}, Minerals: layout.Minerals}
		d.Company.Name = fmt.Sprintf("Supplier %04d Ltd", s)
		d.Company.Scope = cmrt.ScopeCompany
		d.Company.EffectiveDate = time.Date(2025, time.Month(1+s%12), 15, 0, 0, 0, 0, time.UTC)
		for qi, q := range layout.Questions {
			for mi, m := range layout.Minerals {
				v := map[string]string{"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}[q.ID]
				if rng.IntN(20) == 0 {
					v = q.Options[rng.IntN(len(q.Options))]
				}
				d.Answers = append(d.Answers, cmrt.Answer{Question: q.ID, Mineral: m, Value: v, Cell: q.Cell(mi)})
				_ = qi
			}
		}
		for _, cq := range layout.CompanyQuestions {
			d.Answers = append(d.Answers, cmrt.Answer{Question: cq.ID, Value: "Yes", Cell: cq.Cell})
		}
		var matches []smelters.Result
		for r := 0; r < rowsEach; r++ {
			i := 1 + rng.IntN(3000)
			row := cmrt.SmelterRow{Row: 5 + r, Metal: metals[i%4], Name: fmt.Sprintf("Facility %d", i), Country: countries[i%len(countries)], CID: fmt.Sprintf("CID%06d", i)}
			m := smelters.Result{Status: smelters.Matched, CID: row.CID, Score: 1, Reason: "CID exact"}
			switch rng.IntN(100) {
			case 0:
				row.CID, m = "CID999999", smelters.Result{Status: smelters.NoMatch}
			case 1:
				row.CID, row.LookupName, row.Name, m = "", cmrt.SmelterNotListed, fmt.Sprintf("Backyard %d", r), smelters.Result{Status: smelters.NoMatch}
			case 2:
				row.CID, m = "", smelters.Result{Status: smelters.NeedsReview}
			}
			d.Smelters = append(d.Smelters, row)
			matches = append(matches, m)
		}
		f := &store.ImportedFile{Path: fmt.Sprintf("supplier-%04d.xlsx", s), SHA256: fmt.Sprintf("%064x", s+1), Size: 1, Decl: d, Matches: matches, Period: 2025}
		if _, err := st.SaveDeclaration(ctx, f); err != nil {
			tb.Fatal(err)
		}
	}
	return db
}

// BenchmarkFindingsSeason runs `cmrt findings` end to end (open,
// fingerprint the inputs, list, write) over 1,000 suppliers and 150,000
// declared rows, in the default table and in JSON: "first" with no
// findings stored (read the season, evaluate, store every finding),
// "unchanged" listing the stored findings, "recompute" forcing the
// evaluation and the comparison with the stored findings. The machine is
// shared: cpu-s/op says what a run costs whatever the load, ns/op what a
// user waits.
func BenchmarkFindingsSeason(b *testing.B) {
	db := seasonDB(b, b.TempDir(), 1000, 150)
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	forget := func(b *testing.B) {
		for _, q := range []string{`DELETE FROM finding_events`, `DELETE FROM findings`, `DELETE FROM finding_runs`} {
			if _, err := raw.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu := func() float64 {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	for _, mode := range []string{"first", "unchanged", "recompute"} {
		for _, format := range []string{"table", "json"} {
			if mode == "recompute" && format == "table" {
				continue
			}
			args := []string{"cmrt", "--db", db, "findings", "--period", "2025", "--as-of", "2025-12-31", "--format", format}
			if mode == "recompute" {
				args = append(args, "--recompute")
			}
			b.Run(mode+"/"+format, func(b *testing.B) {
				spent := 0.0
				for b.Loop() {
					if mode == "first" {
						b.StopTimer()
						forget(b)
						b.StartTimer()
					}
					c0 := cpu()
					if code := run(args, io.Discard, io.Discard); code != exitProblems {
						b.Fatalf("exit %d", code)
					}
					spent += cpu() - c0
				}
				b.ReportMetric(spent/float64(b.N), "cpu-s/op")
			})
		}
	}
}

// TestWriteSeasonDB writes the benchmark's season (1,000 suppliers,
// 150,000 declared rows) to $CMRT_SEASON_DB, to time the built command on
// it: CMRT_SEASON_DB=/tmp/season.db go test ./cmd/cmrt -run TestWriteSeasonDB.
func TestWriteSeasonDB(t *testing.T) {
	path := os.Getenv("CMRT_SEASON_DB")
	if path == "" {
		t.Skip("CMRT_SEASON_DB not set")
	}
	db := seasonDB(t, t.TempDir(), 1000, 150)
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

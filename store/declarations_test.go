package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// decl builds a small CMRT declaration of company name dated date.
func decl(t *testing.T, name string, date string, smelterNames ...string) *ImportedFile {
	t.Helper()
	l, err := cmrt.LookupLayout(cmrt.CMRT, "6.5")
	if err != nil {
		t.Fatal(err)
	}
	d := &cmrt.Declaration{Layout: l, Template: cmrt.Template{Family: cmrt.CMRT, Version: "6.5", Language: "English"}, Minerals: l.Minerals}
	d.Company.Name = name
	if date != "" {
		d.Company.EffectiveDate, _ = time.Parse("2006-01-02", date)
		d.Company.EffectiveDateText = date
	}
	d.Answers = []cmrt.Answer{{Question: "1", Mineral: "Gold", Value: "Yes", Cell: "D28"}, {Question: "A", Value: "Yes", Cell: "D75", Comment: "policy"}}
	d.Products = []cmrt.Product{{Row: 6, Number: "P-1", Name: "Widget"}}
	var matches []smelters.Result
	for i, n := range smelterNames {
		d.Smelters = append(d.Smelters, cmrt.SmelterRow{Row: 5 + i, Metal: "Gold", Name: n, Country: "JAPAN", CID: fmt.Sprintf("CID%06d", i+1)})
		matches = append(matches, smelters.Result{Status: smelters.Matched, CID: fmt.Sprintf("CID%06d", i+1), Score: 1, Reason: "CID exact"})
	}
	res := cmrt.Check(d, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return &ImportedFile{Path: name + date + ".xlsx", SHA256: fmt.Sprintf("%x", []byte(name+date+fmt.Sprint(smelterNames))), Size: 100,
		Decl: d, Check: res, Matches: matches, Period: 2025}
}

func TestSaveDeclarationWholeAndUnchanged(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	f := decl(t, "Acme Ltd.", "2025-01-31", "Alpha Refinery", "Beta Smelter")
	res, err := st.SaveDeclaration(ctx, f)
	if err != nil || res.Unchanged || res.DeclarationID == 0 {
		t.Fatalf("first save: %+v, %v", res, err)
	}
	again, err := st.SaveDeclaration(ctx, f)
	if err != nil || !again.Unchanged || again.DeclarationID != res.DeclarationID {
		t.Fatalf("second save of the same bytes: %+v, %v; want unchanged", again, err)
	}
	for table, want := range map[string]int{"declarations": 1, "answers": 2, "products": 1, "declared_smelters": 2, "files": 1, "suppliers": 1} {
		if got := count(t, st, table); got != want {
			t.Errorf("%s: %d rows, want %d", table, got, want)
		}
	}
	d, err := st.Declaration(ctx, res.DeclarationID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Supplier != "Acme Ltd." || d.EffectiveDate != "2025-01-31" || len(d.Smelters) != 2 || d.Smelters[1].MatchCID != "CID000002" || d.Answers[1].Comment != "policy" {
		t.Errorf("stored declaration: %+v", d)
	}
	if !d.Company.EffectiveDate.Equal(day("2025-01-31")) || d.Company.EffectiveDateText != "2025-01-31" {
		t.Errorf("company block's effective date %v (text %q), want 2025-01-31", d.Company.EffectiveDate, d.Company.EffectiveDateText)
	}
}

func TestSaveDeclarationRollsBackOnFailure(t *testing.T) {
	st := openTemp(t)
	st.failpoint = func(point string) error {
		if point == "declaration-children" {
			return errors.New("injected")
		}
		return nil
	}
	if _, err := st.SaveDeclaration(context.Background(), decl(t, "Acme", "2025-01-31", "Alpha")); err == nil {
		t.Fatal("want the injected failure")
	}
	for _, table := range []string{"declarations", "answers", "declared_smelters", "files", "suppliers", "products", "problems"} {
		if n := count(t, st, table); n != 0 {
			t.Errorf("%s has %d rows after a failed save", table, n)
		}
	}
}

func TestSupersedeByDateThenImportOrder(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	jan, err := st.SaveDeclaration(ctx, decl(t, "Acme Ltd", "2025-01-31", "A"))
	if err != nil {
		t.Fatal(err)
	}
	// A newer effective date supersedes; the name differs only in case and
	// punctuation, so it is the same supplier.
	jun, err := st.SaveDeclaration(ctx, decl(t, "ACME LTD.", "2025-06-30", "A", "B"))
	if err != nil {
		t.Fatal(err)
	}
	if jun.SupplierID != jan.SupplierID || len(jun.Superseded) != 1 || jun.Superseded[0] != jan.DeclarationID {
		t.Fatalf("June save: %+v; want it to supersede %d of the same supplier", jun, jan.DeclarationID)
	}
	// An older file imported later is history at once.
	mar, err := st.SaveDeclaration(ctx, decl(t, "Acme Ltd", "2025-03-31", "C"))
	if err != nil {
		t.Fatal(err)
	}
	if mar.SupersededBy != jun.DeclarationID || len(mar.Superseded) != 0 {
		t.Errorf("March save: %+v; want superseded by %d", mar, jun.DeclarationID)
	}
	// Same date: the later import wins.
	jun2, err := st.SaveDeclaration(ctx, decl(t, "Acme Ltd", "2025-06-30", "D"))
	if err != nil {
		t.Fatal(err)
	}
	if len(jun2.Superseded) != 1 || jun2.Superseded[0] != jun.DeclarationID {
		t.Errorf("same-date save: %+v; want it to supersede %d", jun2, jun.DeclarationID)
	}
	cur, err := st.Declarations(ctx, DeclarationFilter{CurrentOnly: true})
	if err != nil || len(cur) != 1 || cur[0].ID != jun2.DeclarationID {
		t.Errorf("current declarations = %+v, %v; want only %d", cur, err, jun2.DeclarationID)
	}
	all, _ := st.Declarations(ctx, DeclarationFilter{})
	if len(all) != 4 {
		t.Errorf("history: %d declarations, want 4 kept", len(all))
	}
}

func TestMergeSuppliers(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	a, _ := st.SaveDeclaration(ctx, decl(t, "Acme Ltd", "2025-01-31", "A"))
	b, _ := st.SaveDeclaration(ctx, decl(t, "Acme Group Holdings", "2025-05-01", "B"))
	if a.SupplierID == b.SupplierID {
		t.Fatal("different names should be different suppliers before a merge")
	}
	if err := st.MergeSuppliers(ctx, a.SupplierID, b.SupplierID); err != nil {
		t.Fatal(err)
	}
	sup, _ := st.Suppliers(ctx)
	if len(sup) != 1 || sup[0].ID != b.SupplierID || sup[0].Declarations != 2 || sup[0].Current != 1 {
		t.Errorf("after merge: %+v; want one supplier with 2 declarations, 1 current", sup)
	}
	// A later file under the old name lands on the survivor.
	c, err := st.SaveDeclaration(ctx, decl(t, "Acme Ltd", "2025-09-01", "C"))
	if err != nil || c.SupplierID != b.SupplierID || len(c.Superseded) != 1 {
		t.Errorf("import after merge: %+v, %v", c, err)
	}
	if err := st.MergeSuppliers(ctx, b.SupplierID, b.SupplierID); err == nil {
		t.Error("merging a supplier into itself accepted")
	}
}

// TestDeclaredSmeltersRMAPStatus: declared smelters carry the RMAP status of
// the facility they matched, in the lists in force, and filter on it.
func TestDeclaredSmeltersRMAPStatus(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	ref := []smelters.Facility{
		{CID: "CID000001", Metal: "Gold", Name: "Alpha Refinery", Country: "JAPAN"},
		{CID: "CID000002", Metal: "Gold", Name: "Beta Smelter", Country: "JAPAN"},
	}
	if _, err := st.Refresh(ctx, list(smelters.KindStandard, "2026-08-01", ref)); err != nil {
		t.Fatal(err)
	}
	conf := ref[0]
	conf.Status, conf.StatusText = smelters.StatusConformant, "Conformant"
	if _, err := st.Refresh(ctx, list(smelters.KindConformant, "2026-10-01", []smelters.Facility{conf})); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveDeclaration(ctx, decl(t, "Acme", "2025-01-31", "Alpha Refinery", "Beta Smelter")); err != nil {
		t.Fatal(err)
	}
	all, err := st.DeclaredSmelters(ctx, DeclaredFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("%+v, %v", all, err)
	}
	got := map[string]smelters.Status{}
	for _, d := range all {
		got[d.CID] = d.RMAPStatus
	}
	if got["CID000001"] != smelters.StatusConformant || got["CID000002"] != smelters.StatusNotListed {
		t.Errorf("RMAP statuses %v; want CID000001 conformant, CID000002 not listed", got)
	}
	only, _ := st.DeclaredSmelters(ctx, DeclaredFilter{RMAPStatus: smelters.StatusNotListed})
	if len(only) != 1 || only[0].CID != "CID000002" {
		t.Errorf("--status not-listed gives %+v", only)
	}
}

// TestSaveDeclarationInBatches: rows go in multi-row INSERTs of up to
// insertBatch rows; a file with two full batches and a remainder keeps
// every row, in order, with its own values, and a second file of another
// size reuses the prepared statements.
func TestSaveDeclarationInBatches(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	for _, n := range []int{2*insertBatch + 3, insertBatch, 1} {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("Smelter %03d", i)
		}
		f := decl(t, fmt.Sprintf("Batch %d Ltd.", n), "2025-03-01", names...)
		res, err := st.SaveDeclaration(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.Declaration(ctx, res.DeclarationID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Smelters) != n || len(d.Problems) != len(f.Check.Problems) {
			t.Fatalf("%d rows: stored %d smelter rows and %d problems, want %d and %d", n, len(d.Smelters), len(d.Problems), n, len(f.Check.Problems))
		}
		for i, s := range d.Smelters {
			if s.Row != 5+i || s.Name != names[i] || s.MatchCID != fmt.Sprintf("CID%06d", i+1) {
				t.Fatalf("%d rows: row %d stored as %+v", n, i, s)
			}
		}
		for i, p := range d.Problems {
			if p.Code != f.Check.Problems[i].Code || p.Cell != f.Check.Problems[i].Cell {
				t.Fatalf("problem %d stored as %+v, want %+v", i, p, f.Check.Problems[i])
			}
		}
	}
}

// TestSaveDeclarationInMemory: statements are prepared before the
// transaction, so a one-connection store (":memory:") does not wait for
// itself.
func TestSaveDeclarationInMemory(t *testing.T) {
	st, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := decl(t, "Mem Ltd.", "2025-01-01", "A", "B")
	done := make(chan error, 1)
	go func() {
		_, err := st.SaveDeclaration(context.Background(), f)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("SaveDeclaration on :memory: hangs")
	}
}

package store

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	"github.com/openminerals/cmrt/cmrt"
)

// Under the write lock the season reads its declared smelter rows on a
// second connection; the read model is the same as read on one, mine
// countries included (smelter rows' first, then the Mine List's, once each).
func TestSeasonLockedReadIsTheSame(t *testing.T) {
	st := seasonStore(t)
	ctx := context.Background()
	for _, name := range []string{"Zeta", "Beta Corp", "Omega"} {
		f := decl(t, name, "2025-03-01", "Alpha Refinery", "Beta Smelter", "Gamma Works")
		f.Decl.Smelters[0].MineCountry = "PERU"
		f.Decl.Smelters[1].MineCountry = "BOLIVIA"
		f.Decl.Smelters[2].MineCountry = "recycled"
		f.Decl.Smelters[2].Name = "Gamma\x1fWorks"
		f.Decl.Mines = []cmrt.MineRow{{Row: 5, Metal: "Gold", MineName: "Pit", Country: "GHANA"}, {Row: 6, Metal: "Gold", MineName: "Pit 2", Country: "PERU"}}
		if _, err := st.SaveDeclaration(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	plain, err := st.Season(ctx, 2025, day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	err = st.withTx(ctx, func(tx *sql.Tx) error {
		locked, err := st.season(ctx, tx, 2025, day("2025-12-31"), true, nil)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(plain, locked) {
			t.Errorf("read under the lock on two connections:\n%+v\nwant\n%+v", locked, plain)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var zeta bool
	for _, s := range plain.Suppliers {
		if s.Name != "Zeta" {
			continue
		}
		zeta = true
		d := s.Declarations[0]
		if got := d.MineCountries["Gold"]; !reflect.DeepEqual(got, []string{"PERU", "BOLIVIA", "GHANA"}) || len(d.Smelters) != 3 {
			t.Fatalf("Zeta's mine countries %v, %d smelter rows", got, len(d.Smelters))
		}
		if r := d.Smelters[2]; r.Name != "Gamma\x1fWorks" || r.Country != "JAPAN" || r.Metal != "Gold" || r.CID != "CID000003" {
			t.Errorf("row with a unit separator in its name: %+v", r)
		}
	}
	if !zeta {
		t.Fatal("Zeta not in the season")
	}
}

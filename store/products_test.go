package store

import (
	"context"
	"testing"

	"github.com/openminerals/cmrt/cmrt"
)

// TestRequesterColumnsStored: a CMRT 6.6 Product List row keeps the
// requester's number and name through the store, next to a row without.
func TestRequesterColumnsStored(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	f := decl(t, "Hallwick Sensors Ltd.", "2026-05-29")
	l, err := cmrt.LookupLayout(cmrt.CMRT, "6.6")
	if err != nil {
		t.Fatal(err)
	}
	f.Decl.Layout, f.Decl.Template.Version = l, "6.6"
	want := []cmrt.Product{
		{Row: 6, Number: "HX-2210", Name: "Hall sensor module", RequesterNumber: "ACM-55-0012", RequesterName: "Position sensor"},
		{Row: 7, Number: "HX-3001", Name: "Current sensor", Comments: "no requester number given"},
	}
	f.Decl.Products = want
	res, err := st.SaveDeclaration(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.DeclarationProducts(ctx, res.DeclarationID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("products %+v, want %+v", got, want)
	}
	if none, err := st.DeclarationProducts(ctx, res.DeclarationID+1); err != nil || none == nil || len(none) != 0 {
		t.Errorf("unknown declaration: %v, %v; want an empty list", none, err)
	}
}

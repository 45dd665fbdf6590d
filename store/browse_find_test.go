package store

import (
	"errors"
	"strconv"
	"testing"
)

// TestFindSupplierByIDOrName: an ID in its own spelling finds its
// supplier; 0, an ID no supplier has, finds none, even in a store of one
// supplier (0 is not "every supplier"); a name finds by name.
func TestFindSupplierByIDOrName(t *testing.T) {
	s := openTemp(t)
	storeRows(t, s, "Acme")
	all, err := s.Suppliers(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("suppliers %+v, %v", all, err)
	}
	id := all[0].ID
	for _, ref := range []string{strconv.FormatInt(id, 10), " " + strconv.FormatInt(id, 10) + " ", "acme"} {
		if got, err := s.FindSupplier(ctx, ref); err != nil || got.ID != id {
			t.Errorf("FindSupplier(%q) = %+v, %v; want supplier %d", ref, got, err, id)
		}
	}
	for _, ref := range []string{"0", strconv.FormatInt(id+1, 10), "-1", "0" + strconv.FormatInt(id, 10)} {
		if got, err := s.FindSupplier(ctx, ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("FindSupplier(%q) = %+v, %v; want not found", ref, got, err)
		}
	}
}

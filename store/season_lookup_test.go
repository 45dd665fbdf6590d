package store

import (
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// The facility memo is keyed by CID and remembers the metal it was asked
// with: rows naming one CID with different metals, one after the other,
// each get the facility of their own metal (or the CID's first when RMI
// lists none of that metal), as without the memo.
func TestSeasonFacilityLookupMemo(t *testing.T) {
	tin := &risk.Facility{CID: "CID000001", Metal: "Tin"}
	tantalum := &risk.Facility{CID: "CID000001", Metal: "Tantalum"}
	sf := &seasonFacilities{
		byCIDMetal: map[string]*risk.Facility{"CID000001\x00tin": tin, "CID000001\x00tantalum": tantalum},
		byCID:      map[string]*risk.Facility{"CID000001": tin},
	}
	for i, c := range []struct {
		metal string
		want  *risk.Facility
	}{
		{"Tin", tin}, {"Tin", tin}, {"Tantalum", tantalum}, {"tin", tin}, {"Tantalum", tantalum},
		{"Gold", tin}, {"Tantalum", tantalum}, {"TANTALUM", tantalum}, {"Tin", tin},
	} {
		if got := sf.lookup("CID000001", c.metal); got != c.want {
			t.Errorf("row %d, %s: facility %+v, want %+v", i, c.metal, got, c.want)
		}
	}
	if got := sf.lookup("CID999999", "Tin"); got != nil {
		t.Errorf("unknown CID: %+v", got)
	}
}

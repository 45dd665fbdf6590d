package smelters_test

import (
	"testing"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// countingMatcher records what MatchRow asks the matcher.
type countingMatcher struct {
	m    *smelters.Matcher
	asks []smelters.Declared
}

func (c *countingMatcher) Match(d smelters.Declared) smelters.Result {
	c.asks = append(c.asks, d)
	return c.m.Match(d)
}

// TestMatchRow: the typed name wins over the look-up name, the look-up
// name stands in when none is typed, the "not yet identified" pseudo row
// without a CID is never matched (with one, its CID is), and a "Smelter
// not listed" row is matched by its typed name.
func TestMatchRow(t *testing.T) {
	m := &countingMatcher{m: smelters.NewMatcher(testList(), nil)}
	for _, tc := range []struct {
		name   string
		row    cmrt.SmelterRow
		asked  bool
		status smelters.MatchStatus
		cid    string
		stage  smelters.Stage
	}{
		{"typed name over look-up", cmrt.SmelterRow{Metal: "Gold", LookupName: "Agosi AG", Name: "Dowa", Country: "JAPAN"}, true, smelters.Matched, "CID000401", smelters.StageExact},
		{"look-up name", cmrt.SmelterRow{Metal: "Gold", LookupName: "Agosi AG"}, true, smelters.Matched, "CID000035", smelters.StageExact},
		{"CID", cmrt.SmelterRow{Metal: "Gold", CID: "CID002763"}, true, smelters.Matched, "CID002763", smelters.StageCID},
		{"not yet identified", cmrt.SmelterRow{Metal: "Gold", LookupName: cmrt.SmelterNotIdentified}, false, smelters.NoMatch, "", smelters.StageNone},
		{"not yet identified with a CID", cmrt.SmelterRow{Metal: "Gold", LookupName: cmrt.SmelterNotIdentified, CID: "CID000035"}, true, smelters.Matched, "CID000035", smelters.StageCID},
		{"not listed, named", cmrt.SmelterRow{Metal: "Tin", LookupName: cmrt.SmelterNotListed, Name: "Yunnan Tin Company Limited"}, true, smelters.Matched, "CID002180", smelters.StageExact},
		{"not listed, unnamed", cmrt.SmelterRow{Metal: "Tin", LookupName: cmrt.SmelterNotListed}, true, smelters.NoMatch, "", smelters.StageNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m.asks = nil
			r := smelters.MatchRow(m, tc.row)
			if r.Status != tc.status || r.CID != tc.cid || r.Stage != tc.stage {
				t.Errorf("got %s %q %s (%s); want %s %q %s", r.Status, r.CID, r.Stage, r.Reason, tc.status, tc.cid, tc.stage)
			}
			if asked := len(m.asks) > 0; asked != tc.asked {
				t.Errorf("matcher asked %v (%v), want %v", asked, m.asks, tc.asked)
			}
			if tc.asked && m.asks[0].Name != tc.row.Name && tc.row.Name != "" {
				t.Errorf("matched name %q, want the typed %q", m.asks[0].Name, tc.row.Name)
			}
		})
	}
}

package smelters_test

import (
	"testing"

	"github.com/openminerals/cmrt/smelters"
)

func TestNormalizeCID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		kind smelters.CIDKind
	}{
		{"CID002763", "CID002763", smelters.CIDRMI},
		{"cid 2763", "CID002763", smelters.CIDRMI},
		{"CID2763", "CID002763", smelters.CIDRMI},
		{" CID-002763 ", "CID002763", smelters.CIDRMI},
		{"CID_2763", "CID002763", smelters.CIDRMI},
		{"ＣＩＤ００２７６３", "CID002763", smelters.CIDRMI},
		{"CID0002763", "CID002763", smelters.CIDRMI},
		{"cid1", "CID000001", smelters.CIDRMI},
		{"CIDSN2285", "CIDSN2285", smelters.CIDOther},
		{"cidsn 2285", "CIDSN2285", smelters.CIDOther},
		{"242332", "242332", smelters.CIDOther},
		{"CID", "CID", smelters.CIDOther},
		{"CID1234567", "CID1234567", smelters.CIDOther},
		{"", "", smelters.CIDNone},
		{"  ", "", smelters.CIDNone},
	} {
		got, kind := smelters.NormalizeCID(tc.in)
		if got != tc.want || kind != tc.kind {
			t.Errorf("NormalizeCID(%q) = %q, %v; want %q, %v", tc.in, got, kind, tc.want, tc.kind)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]smelters.Status{
		"Conformant":        smelters.StatusConformant,
		"CONFORMANT":        smelters.StatusConformant,
		"Compliant":         smelters.StatusConformant,
		"Active":            smelters.StatusActive,
		" active ":          smelters.StatusActive,
		"Non Conformant":    smelters.StatusNonConformant,
		"Non-Conformant":    smelters.StatusNonConformant,
		"nonconformant":     smelters.StatusNonConformant,
		"Not in RMI list":   smelters.StatusNotParticipating,
		"":                  smelters.StatusNotParticipating,
		"Outreach Required": smelters.StatusNonConformant,
		"In Communication":  smelters.StatusNonConformant,
		"Communication Suspended - Not Interested": smelters.StatusNonConformant,
		"RMI Due Diligence Review":                 smelters.StatusNonConformant,
		"Pending Audit (new in 2027)":              smelters.StatusNonConformant, // unknown: data, not an error
	} {
		if got := smelters.ParseStatus(in); got != want {
			t.Errorf("ParseStatus(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]smelters.Status{"not-participating": smelters.StatusNotParticipating, "Not Participating": smelters.StatusNotParticipating,
		"nonconformant": smelters.StatusNonConformant, "conformant": smelters.StatusConformant, "removed": smelters.StatusRemoved,
		"unknown": smelters.StatusUnknown} {
		if got, ok := smelters.ParseStatusName(in); !ok || got != want {
			t.Errorf("ParseStatusName(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"great", "not-listed", "other"} { // the old, ambiguous names are refused
		if _, ok := smelters.ParseStatusName(bad); ok {
			t.Errorf("ParseStatusName(%q) accepted", bad)
		}
	}
}

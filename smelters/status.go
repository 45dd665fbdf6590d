package smelters

import (
	"strings"
	"unicode"
)

// Status is the small set every published status text maps to. The text
// itself is always kept too (Facility.StatusText).
//
//	published text (any case, spacing, punctuation)          Status
//	Conformant, Compliant, RMAP Conformant                   conformant
//	Active, RMAP Active, Active (in RMAP)                    active
//	Non Conformant, Non-Conformant, Not Conformant,
//	  Non Compliant                                          non-conformant
//	Not in RMI list, Not listed, Not in RMAP lists, empty    not listed
//	anything else: Outreach Required, In Communication,
//	  Communication Suspended - Not Interested, RMI Due
//	  Diligence Review, values not seen before               other
//
// A facility that appears in no status list is "not listed" as well.
type Status string

// The statuses.
const (
	StatusConformant    Status = "conformant"
	StatusActive        Status = "active"
	StatusNonConformant Status = "non-conformant"
	StatusOther         Status = "other"
	StatusNotListed     Status = "not listed"
)

// Statuses are all statuses, most assured first.
var Statuses = []Status{StatusConformant, StatusActive, StatusNonConformant, StatusOther, StatusNotListed}

var statusWords = map[string]Status{
	"conformant":        StatusConformant,
	"compliant":         StatusConformant,
	"rmapconformant":    StatusConformant,
	"conformantsmelter": StatusConformant,
	"conformantrefiner": StatusConformant,
	"active":            StatusActive,
	"rmapactive":        StatusActive,
	"activeinrmap":      StatusActive,
	"activesmelter":     StatusActive,
	"activerefiner":     StatusActive,
	"nonconformant":     StatusNonConformant,
	"notconformant":     StatusNonConformant,
	"noncompliant":      StatusNonConformant,
	"rmapnonconformant": StatusNonConformant,
	"notinrmilist":      StatusNotListed,
	"notinrmilists":     StatusNotListed,
	"notinrmaplist":     StatusNotListed,
	"notinrmaplists":    StatusNotListed,
	"notinrmap":         StatusNotListed,
	"notonrmilist":      StatusNotListed,
	"notlisted":         StatusNotListed,
	"":                  StatusNotListed,
}

// ParseStatus maps a published status text to a Status. Unknown texts are
// data, not errors: they map to StatusOther.
func ParseStatus(text string) Status {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	if s, ok := statusWords[b.String()]; ok {
		return s
	}
	return StatusOther
}

// ParseStatusName accepts a Status by its name ("conformant", "not listed",
// "not-listed", "nonconformant"...), for command-line filters.
func ParseStatusName(s string) (Status, bool) {
	k := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, st := range Statuses {
		if strings.NewReplacer("-", "", " ", "").Replace(string(st)) == k {
			return st, true
		}
	}
	return "", false
}

package smelters

import (
	"strings"
	"unicode"
)

// Status is what RMI says about a facility on a given day: one value of a
// small documented set. The published text is kept beside it
// (Facility.StatusText), so "Outreach Required" is never lost in
// "non-conformant".
//
//	Status             meaning                                      published text
//	conformant         on RMI's Conformant list                     Conformant, Compliant, RMAP Conformant
//	active             on RMI's Active list                         Active, RMAP Active, Active (in RMAP)
//	non-conformant     on a status list in a non-conformant state   Non Conformant, Not Conformant, Non
//	                                                                Compliant, Outreach Required, In
//	                                                                Communication, Communication Suspended -
//	                                                                Not Interested, RMI Due Diligence
//	                                                                Review, any text not seen before
//	removed            RMI's revision history removed it on or      "Removed" in Basis for Revision (beats
//	                   before the day (and did not return it)       any status list)
//	not-participating  in RMI's facility lists, on no status list   (none; "Not in RMI list" as a status)
//	unknown            in no RMI list loaded                        (none)
//
// Statuses of list rows are only conformant, active and non-conformant (or
// empty); removed, not-participating and unknown are decided by the rules
// over all the lists in force (see View).
type Status string

// The statuses, as printed, filtered on (--status) and written to JSON.
const (
	StatusConformant       Status = "conformant"
	StatusActive           Status = "active"
	StatusNonConformant    Status = "non-conformant"
	StatusRemoved          Status = "removed"
	StatusNotParticipating Status = "not-participating"
	StatusUnknown          Status = "unknown"
)

// Older names kept so that callers written before the status set was
// documented still build.
const (
	// Deprecated: every non-conformant state is StatusNonConformant.
	StatusOther = StatusNonConformant
	// Deprecated: use StatusNotParticipating (in RMI's lists, no status)
	// or StatusUnknown (in no RMI list).
	StatusNotListed = StatusNotParticipating
)

// Statuses are all statuses, most assured first.
var Statuses = []Status{StatusConformant, StatusActive, StatusNonConformant, StatusRemoved, StatusNotParticipating, StatusUnknown}

// Listed reports whether a status list row with this status gives the
// facility a status (conformant, active, non-conformant).
func (s Status) Listed() bool {
	return s == StatusConformant || s == StatusActive || s == StatusNonConformant
}

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
	"notinrmilist":      StatusNotParticipating,
	"notinrmilists":     StatusNotParticipating,
	"notinrmaplist":     StatusNotParticipating,
	"notinrmaplists":    StatusNotParticipating,
	"notinrmap":         StatusNotParticipating,
	"notonrmilist":      StatusNotParticipating,
	"notlisted":         StatusNotParticipating,
	"notparticipating":  StatusNotParticipating,
	"":                  StatusNotParticipating,
}

// ParseStatus maps a published status text to a Status. Texts that say
// "no status" (empty, "Not in RMI list") give StatusNotParticipating; every
// other text RMI uses for a facility in its process but not conformant
// ("Outreach Required", "In Communication", "RMI Due Diligence Review"),
// and texts not seen before, give StatusNonConformant: unknown texts are
// data, not errors, and never read as conformant.
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
	return StatusNonConformant
}

// ParseStatusName accepts a Status by its name ("conformant",
// "not-participating", "not participating", "nonconformant"...), for
// command-line filters. The old names "not-listed" and "other" are
// refused: they were ambiguous.
func ParseStatusName(s string) (Status, bool) {
	k := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, st := range Statuses {
		if strings.NewReplacer("-", "", " ", "").Replace(string(st)) == k {
			return st, true
		}
	}
	return "", false
}

// StatusNames is the list of status names for messages and --help.
func StatusNames() string {
	names := make([]string, len(Statuses))
	for i, s := range Statuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

package smelters

import (
	"slices"
	"sort"
	"time"
)

// ListKind says which RMI list a file is.
type ListKind string

// The lists RMI publishes, plus compiled status lists.
const (
	KindLookup     ListKind = "lookup"     // a template's Smelter Look-up sheet
	KindStandard   ListKind = "standard"   // CMRT/EMRT/AMRT standard smelter list
	KindConformant ListKind = "conformant" // RMAP Conformant list
	KindActive     ListKind = "active"     // RMAP Active list
	KindStatus     ListKind = "status"     // any list with a status column
	KindRevisions  ListKind = "revisions"  // revision history of the standard list
)

// ListKinds are all kinds, in the order documented for --kind.
var ListKinds = []ListKind{KindLookup, KindStandard, KindConformant, KindActive, KindStatus, KindRevisions}

// IsReference reports whether the list gives names and aliases (and so
// defines which facilities exist for the metals it covers).
func (k ListKind) IsReference() bool { return k == KindLookup || k == KindStandard }

// IsStatus reports whether the list gives RMAP statuses.
func (k ListKind) IsStatus() bool {
	return k == KindConformant || k == KindActive || k == KindStatus
}

// ParseListKind accepts a kind name as printed by String.
func ParseListKind(s string) (ListKind, bool) {
	for _, k := range ListKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Facility is one smelter or refiner for one metal, as a list gives it, or
// (after Merge) as the current lists together describe it.
type Facility struct {
	CID      string   `json:"cid"`
	NonRMI   bool     `json:"non_rmi,omitempty"` // the ID is not of RMI's CIDnnnnnn form (e.g. CIDSN2285)
	Metal    string   `json:"metal"`
	Name     string   `json:"name"`              // RMI standard smelter name
	Aliases  []string `json:"aliases,omitempty"` // look-up names, verbatim, in list order
	Country  string   `json:"country,omitempty"`
	State    string   `json:"state,omitempty"`
	City     string   `json:"city,omitempty"`
	Street   string   `json:"street,omitempty"`
	IDSource string   `json:"id_source,omitempty"` // "Source of Smelter Identification Number", e.g. RMI

	Status            Status    `json:"status,omitempty"`      // mapped; empty in reference lists
	StatusText        string    `json:"status_text,omitempty"` // as published
	LastAudit         time.Time `json:"last_audit,omitzero"`
	AuditCycle        string    `json:"audit_cycle,omitempty"` // as published: "1 Year", "3 YearS"...
	ReauditDue        time.Time `json:"reaudit_due,omitzero"`  // LastAudit + AuditCycle, derived
	ReauditInProgress bool      `json:"reaudit_in_progress,omitempty"`

	// Removal is set when RMI's revision history removed the facility on or
	// before the view's day (Status is then StatusRemoved).
	Removal *Removal `json:"removal,omitempty"`

	// Extra keeps the columns this package does not interpret (company
	// website, LBMA RG, RJC...), keyed by their header text.
	Extra map[string]string `json:"extra,omitempty"`

	Row              int   `json:"row,omitempty"`                // first source row (1-based)
	SnapshotID       int64 `json:"snapshot_id,omitempty"`        // reference list it came from
	StatusSnapshotID int64 `json:"status_snapshot_id,omitempty"` // status list it came from
}

// ReauditState says where a conformant facility stands with its next
// audit on a given day.
type ReauditState string

// Re-audit states. A facility whose re-audit is in progress (RMI's
// "Reaudit In Progress: Yes") is never overdue: RMI keeps it conformant
// while the audit runs.
const (
	ReauditStateNone       ReauditState = ""                    // not conformant, or no due date published
	ReauditStateDue        ReauditState = "reaudit_due"         // due date ahead
	ReauditStateInProgress ReauditState = "reaudit_in_progress" // re-audit under way
	ReauditStateOverdue    ReauditState = "reaudit_overdue"     // due date passed, no re-audit in progress
)

// Reaudit returns the facility's re-audit state on the given day.
func (f *Facility) Reaudit(now time.Time) ReauditState {
	if f.Status != StatusConformant {
		return ReauditStateNone
	}
	if f.ReauditInProgress {
		return ReauditStateInProgress
	}
	if f.ReauditDue.IsZero() {
		return ReauditStateNone
	}
	y, m, d := now.Date()
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(f.ReauditDue) {
		return ReauditStateOverdue
	}
	return ReauditStateDue
}

// ReauditOverdue reports whether a conformant facility's re-audit due date
// has passed on the given day with no re-audit in progress.
func (f *Facility) ReauditOverdue(now time.Time) bool { return f.Reaudit(now) == ReauditStateOverdue }

// Names returns the standard name followed by the aliases that differ from it.
func (f *Facility) Names() []string {
	out := []string{f.Name}
	for _, a := range f.Aliases {
		if a != f.Name && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Revision is one row of RMI's revision history.
type Revision struct {
	Metal        string    `json:"metal"`
	CID          string    `json:"cid"`
	Name         string    `json:"name"`
	Country      string    `json:"country,omitempty"`
	Basis        string    `json:"basis,omitempty"` // "Basis for Revision"
	Details      string    `json:"details,omitempty"`
	RevisionDate time.Time `json:"revision_date,omitzero"`
	AddedDate    time.Time `json:"added_date,omitzero"` // "Smelter Added Date"
	Row          int       `json:"row,omitempty"`
}

// List is one file's worth of an RMI list.
type List struct {
	Kind   ListKind `json:"kind"`
	Source string   `json:"source"` // file name, without directories
	// SHA256 is of the file's bytes, in hex; for a Smelter Look-up, of its
	// rows, so that the look-up carried by many supplier files of one
	// template revision is recognised as one list.
	SHA256     string    `json:"sha256"`
	ListDate   time.Time `json:"list_date,omitzero"`
	DateSource string    `json:"date_source,omitempty"` // where ListDate came from
	Format     string    `json:"format"`                // spreadsheetml, xlsx, csv, lookup-rows
	Sheet      string    `json:"sheet,omitempty"`
	HeaderRow  int       `json:"header_row,omitempty"` // 1-based

	Rows        int            `json:"rows"`          // data rows read, pseudo rows included
	RowsByMetal map[string]int `json:"rows_by_metal"` // data rows per metal, pseudo rows included
	Pseudo      int            `json:"pseudo"`        // "Smelter not listed", "Smelter not yet identified"

	Facilities []Facility `json:"facilities,omitempty"`
	Revisions  []Revision `json:"revisions,omitempty"`
	Warnings   []string   `json:"warnings,omitempty"`
}

// Metals lists the metals the list covers, sorted.
func (l *List) Metals() []string {
	out := make([]string, 0, len(l.RowsByMetal))
	for m := range l.RowsByMetal {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// AliasCount is the number of alias rows over all facilities.
func (l *List) AliasCount() int {
	n := 0
	for i := range l.Facilities {
		n += len(l.Facilities[i].Aliases)
	}
	return n
}

// CIDs is the number of distinct CIDs in the list.
func (l *List) CIDs() int {
	seen := make(map[string]bool, len(l.Facilities))
	for i := range l.Facilities {
		seen[l.Facilities[i].CID] = true
	}
	for i := range l.Revisions {
		seen[l.Revisions[i].CID] = true
	}
	return len(seen)
}

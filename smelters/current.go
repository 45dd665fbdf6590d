package smelters

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Merge combines the lists in force into one view of every facility.
// reference holds the facilities of the reference lists (standard lists,
// Smelter Look-ups), each already the one in force for its metal; they say
// which facilities exist and what they are called. statusLists are the
// status lists in force (Conformant, Active, compiled), oldest first: for
// each CID the latest list that names it gives the status, whatever the
// metal (a conformant list's "Multiple" covers them all). A facility no
// status list names with a status (conformant, active, non-conformant) is
// StatusNotParticipating; one that only a status list names is included
// with that list's name and location. Revisions are applied after Merge
// (see View).
func Merge(reference []Facility, statusLists ...[]Facility) []Facility {
	status := map[string]*Facility{}
	for _, sl := range statusLists {
		for i := range sl {
			if sl[i].Status.Listed() { // "Not in RMI list" rows give no status
				status[sl[i].CID] = &sl[i]
			}
		}
	}
	out := make([]Facility, 0, len(reference))
	seen := map[string]bool{}
	inRef := map[string]bool{}
	for _, f := range reference {
		k := f.CID + "\x00" + MetalKey(f.Metal)
		if seen[k] {
			continue
		}
		seen[k], inRef[f.CID] = true, true
		f.Aliases = append([]string(nil), f.Aliases...)
		applyStatus(&f, status[f.CID])
		out = append(out, f)
	}
	var only []string
	for cid := range status {
		if !inRef[cid] {
			only = append(only, cid)
		}
	}
	sort.Strings(only)
	for _, cid := range only {
		st := status[cid]
		f := Facility{CID: st.CID, NonRMI: st.NonRMI, Metal: st.Metal, Name: st.Name,
			Country: st.Country, State: st.State, City: st.City, Street: st.Street, Row: st.Row}
		applyStatus(&f, st)
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Metal != out[j].Metal {
			return out[i].Metal < out[j].Metal
		}
		return out[i].CID < out[j].CID
	})
	return out
}

func applyStatus(f *Facility, st *Facility) {
	if st == nil {
		f.Status, f.StatusText, f.StatusSnapshotID = StatusNotParticipating, "", 0
		f.LastAudit, f.AuditCycle, f.ReauditDue, f.ReauditInProgress = time.Time{}, "", time.Time{}, false
		return
	}
	f.Status, f.StatusText, f.StatusSnapshotID = st.Status, st.StatusText, st.SnapshotID
	f.LastAudit, f.AuditCycle, f.ReauditDue, f.ReauditInProgress = st.LastAudit, st.AuditCycle, st.ReauditDue, st.ReauditInProgress
	if len(st.Extra) > 0 {
		f.Extra = map[string]string{}
		for k, v := range st.Extra {
			f.Extra[k] = v
		}
	}
	if f.Country == "" {
		f.Country = st.Country
	}
	if f.State == "" {
		f.State = st.State
	}
}

// Filter selects facilities for list and search; empty fields select all.
type Filter struct {
	Text    string // CID, or part of the standard name or an alias
	Metal   string
	Country string
	Status  Status
}

// Search returns the facilities that pass the filter, in their order.
func Search(fs []Facility, q Filter) []Facility {
	var out []Facility
	for i := range fs {
		if q.Matches(&fs[i]) {
			out = append(out, fs[i])
		}
	}
	return out
}

// Matches reports whether f passes the filter. Text matches a CID in any
// spelling NormalizeCID accepts, or a part of a name compared after
// NameKey's normalisation (so "perth mint" finds "The Perth Mint").
func (q Filter) Matches(f *Facility) bool {
	// RMI's "Multiple" facilities are a metal value of their own: shown
	// under --metal multiple, never counted under tungsten or gold.
	if q.Metal != "" && !SameMetal(q.Metal, f.Metal) {
		return false
	}
	if q.Country != "" && !SameCountry(q.Country, f.Country) &&
		!strings.Contains(countryKey(f.Country), countryKey(q.Country)) {
		return false
	}
	if q.Status != "" && f.EffectiveStatus() != q.Status {
		return false
	}
	if strings.TrimSpace(q.Text) == "" {
		return true
	}
	if cid, k := NormalizeCID(q.Text); k == CIDRMI {
		return f.CID == cid
	}
	tk, tx := NameKey(q.Text), exactKey(q.Text)
	if strings.Contains(f.CID, strings.ToUpper(strings.TrimSpace(q.Text))) {
		return true
	}
	for _, n := range f.Names() {
		if strings.Contains(exactKey(n), tx) || (tk != "" && strings.Contains(NameKey(n), tk)) {
			return true
		}
	}
	return false
}

// ChangeKind says what changed about a facility between two views.
type ChangeKind string

// Kinds of change.
const (
	ChangeAdded   ChangeKind = "added"
	ChangeRemoved ChangeKind = "removed"
	ChangeRenamed ChangeKind = "renamed"
	ChangeStatus  ChangeKind = "status"
	ChangeCountry ChangeKind = "country"
	ChangeAliases ChangeKind = "aliases"
)

// Change is one difference between two views of the lists.
type Change struct {
	Kind  ChangeKind `json:"kind"`
	CID   string     `json:"cid"`
	Metal string     `json:"metal"`
	Name  string     `json:"name"`           // the standard name now (before, if removed)
	From  string     `json:"from,omitempty"` // old name, status, country or removed aliases
	To    string     `json:"to,omitempty"`   // new name, status, country or added aliases
}

// String renders a change for people: "CID002763 8853 S.p.A.: Active → Conformant".
func (c Change) String() string {
	switch c.Kind {
	case ChangeAdded:
		return fmt.Sprintf("added %s %s (%s)", c.CID, c.Name, c.Metal)
	case ChangeRemoved:
		return fmt.Sprintf("removed %s %s (%s)", c.CID, c.Name, c.Metal)
	case ChangeRenamed:
		return fmt.Sprintf("renamed %s (%s): %s → %s", c.CID, c.Metal, c.From, c.To)
	case ChangeCountry:
		return fmt.Sprintf("%s %s: country %s → %s", c.CID, c.Name, c.From, c.To)
	case ChangeAliases:
		var parts []string
		if c.To != "" {
			parts = append(parts, "added "+c.To)
		}
		if c.From != "" {
			parts = append(parts, "removed "+c.From)
		}
		return fmt.Sprintf("%s %s: aliases %s", c.CID, c.Name, strings.Join(parts, "; "))
	}
	return fmt.Sprintf("%s %s: %s → %s", c.CID, c.Name, c.From, c.To)
}

// StatusLabel is the status for people: "removed" for a removed facility
// (whatever its stale status list says), else the status as published, or
// the status's name when no text was published ("not-participating").
func (f *Facility) StatusLabel() string {
	if f.Status == StatusRemoved {
		return string(StatusRemoved)
	}
	if f.StatusText != "" {
		return f.StatusText
	}
	return string(f.EffectiveStatus())
}

// Diff lists what changed from one view of the lists to another: facilities
// added and removed, renamed, moved to another country, alias changes and
// every status change. Changes are ordered by CID and metal.
func Diff(before, after []Facility) []Change {
	key := func(f *Facility) string { return f.CID + "\x00" + MetalKey(f.Metal) }
	old := make(map[string]*Facility, len(before))
	for i := range before {
		old[key(&before[i])] = &before[i]
	}
	var out []Change
	seen := map[string]bool{}
	for i := range after {
		n := &after[i]
		k := key(n)
		seen[k] = true
		o := old[k]
		if o == nil {
			out = append(out, Change{Kind: ChangeAdded, CID: n.CID, Metal: n.Metal, Name: n.Name})
			continue
		}
		if o.Name != n.Name {
			out = append(out, Change{Kind: ChangeRenamed, CID: n.CID, Metal: n.Metal, Name: n.Name, From: o.Name, To: n.Name})
		}
		if countryKey(o.Country) != countryKey(n.Country) {
			out = append(out, Change{Kind: ChangeCountry, CID: n.CID, Metal: n.Metal, Name: n.Name, From: o.Country, To: n.Country})
		}
		if added, removed := aliasDiff(o.Aliases, n.Aliases); added != "" || removed != "" {
			out = append(out, Change{Kind: ChangeAliases, CID: n.CID, Metal: n.Metal, Name: n.Name, From: removed, To: added})
		}
		if o.Status != n.Status || o.StatusLabel() != n.StatusLabel() {
			out = append(out, Change{Kind: ChangeStatus, CID: n.CID, Metal: n.Metal, Name: n.Name, From: o.StatusLabel(), To: n.StatusLabel()})
		}
	}
	for i := range before {
		if o := &before[i]; !seen[key(o)] {
			out = append(out, Change{Kind: ChangeRemoved, CID: o.CID, Metal: o.Metal, Name: o.Name})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].CID != out[j].CID {
			return out[i].CID < out[j].CID
		}
		return out[i].Metal < out[j].Metal
	})
	return out
}

func aliasDiff(before, after []string) (added, removed string) {
	in := func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	}
	var a, r []string
	for _, s := range after {
		if !in(before, s) {
			a = append(a, s)
		}
	}
	for _, s := range before {
		if !in(after, s) {
			r = append(r, s)
		}
	}
	return strings.Join(a, "; "), strings.Join(r, "; ")
}

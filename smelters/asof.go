package smelters

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// This file holds the rules that turn the loaded lists into one status per
// facility and day. RMI's downloads are not one snapshot: the Conformant
// export can still carry a facility the revision history removed months
// earlier. The rules, in order:
//
//  1. Lists in force on day D (InForce): for each metal, the latest
//     reference list (standard list or Smelter Look-up) covering it; for
//     each status kind (conformant, active, compiled), the latest list;
//     every revision history, whatever its date, since each of its rows
//     carries its own. "Latest" orders by effective date (the list's own
//     date, else the day it was loaded), then load order; lists dated after
//     D are not in force.
//  2. Merge: reference lists say which facilities exist and their names;
//     for each CID the latest status list naming it gives its status
//     (conformant, active, non-conformant with the published text), else it
//     is not-participating.
//  3. Revisions (ApplyRevisions): a facility whose latest "Removed" or
//     "Added" revision on or before D is "Removed" is removed, with date,
//     reason and the successor CIDs RMI names, whatever a status list says;
//     "Added" (e.g. "Returned to operations") puts it back. Name, location
//     and metal corrections never change a status.
//  4. A CID in none of the lists in force is unknown.

// LoadedList is one loaded list as the rules see it. Facilities and
// Revisions are only needed for the lists in force.
type LoadedList struct {
	ID        int64
	Kind      ListKind
	Effective time.Time // the list's date, else the day it was loaded
	Metals    []string  // the metals a reference list covers
	// Undated is true when the list carries no date of its own.
	Undated    bool
	Facilities []Facility
	Revisions  []Revision
}

// before orders lists by effective date, then load order.
func (l *LoadedList) before(o *LoadedList) bool {
	if !l.Effective.Equal(o.Effective) {
		return l.Effective.Before(o.Effective)
	}
	return l.ID < o.ID
}

// dayOf truncates t to its UTC day.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// InForce returns the lists in force on day (rule 1), ordered by effective
// date then load order. A zero day means no date limit: every loaded list
// may be in force. The input is not changed.
func InForce(lists []LoadedList, day time.Time) []LoadedList {
	cand := make([]*LoadedList, 0, len(lists))
	for i := range lists {
		// A revision history is cumulative and dates each row: it counts
		// whatever the file's date, row by row (see Removals).
		if day.IsZero() || lists[i].Kind == KindRevisions || !lists[i].Effective.After(dayOf(day)) {
			cand = append(cand, &lists[i])
		}
	}
	sort.SliceStable(cand, func(i, j int) bool { return cand[i].before(cand[j]) })
	refFor := map[string]*LoadedList{}
	statusFor := map[ListKind]*LoadedList{}
	for _, l := range cand {
		switch {
		case l.Kind.IsReference():
			for _, m := range l.Metals {
				refFor[MetalKey(m)] = l
			}
		case l.Kind.IsStatus():
			statusFor[l.Kind] = l
		}
	}
	var out []LoadedList
	for _, l := range cand {
		keep := l.Kind == KindRevisions || statusFor[l.Kind] == l
		for _, r := range refFor {
			keep = keep || r == l
		}
		if keep {
			out = append(out, *l)
		}
	}
	return out
}

// View merges the lists in force on day (from InForce, in its order) into
// one facility per CID and metal, with its status on that day (rules 2 and
// 3). A reference list contributes only the metals it is in force for.
func View(inForce []LoadedList, day time.Time) []Facility {
	refFor := map[string]int64{}
	for _, l := range inForce {
		if l.Kind.IsReference() {
			for _, m := range l.Metals {
				refFor[MetalKey(m)] = l.ID
			}
		}
	}
	var reference []Facility
	var statusLists [][]Facility
	var revisions []Revision
	for _, l := range inForce {
		switch {
		case l.Kind.IsReference():
			for _, f := range l.Facilities {
				if refFor[MetalKey(f.Metal)] == l.ID {
					reference = append(reference, f)
				}
			}
		case l.Kind.IsStatus():
			statusLists = append(statusLists, l.Facilities)
		case l.Kind == KindRevisions:
			for _, r := range l.Revisions {
				if r.RevisionDate.IsZero() {
					r.RevisionDate = l.Effective
				}
				revisions = append(revisions, r)
			}
		}
	}
	return ApplyRevisions(Merge(reference, statusLists...), revisions, day)
}

// Removal is RMI's removal of a facility from its lists.
type Removal struct {
	Date       time.Time `json:"date"`
	Basis      string    `json:"basis"`            // "Removed"
	Reason     string    `json:"reason,omitempty"` // the revision's details, verbatim
	Successors []string  `json:"successors,omitempty"`
	// StatusListSays is what a status list in force still published for the
	// facility ("Conformant"): RMI's downloads are not one snapshot. It is
	// kept here, out of Facility.StatusText, so that nothing shows a
	// removed facility as conformant.
	StatusListSays string `json:"status_list_says,omitempty"`
}

// RevisionEffect is what a revision's basis does to a facility's status.
type RevisionEffect int

// Effects of a revision.
const (
	RevisionNoEffect RevisionEffect = iota // name, location or metal correction: status unchanged
	RevisionRemoves                        // "Removed"
	RevisionAdds                           // "Added", "Returned to operations"
)

// Effect classifies a revision by its basis (and, for an addition RMI
// explains only in the details, "Returned to operations").
func (r *Revision) Effect() RevisionEffect {
	b := strings.ToLower(strings.TrimSpace(r.Basis))
	switch {
	case strings.HasPrefix(b, "removed"), b == "removal", strings.HasPrefix(b, "remove "):
		return RevisionRemoves
	case strings.HasPrefix(b, "added"), strings.HasPrefix(b, "add "), b == "addition",
		strings.Contains(b, "returned to operation"), strings.Contains(strings.ToLower(r.Details), "returned to operation"):
		return RevisionAdds
	}
	return RevisionNoEffect
}

var cidInTextRE = regexp.MustCompile(`(?i)\bCID\s?0*(\d{1,6})\b`)

// Successors are the CIDs a removal's details point to ("Facility-level
// reporting, see Smelter IDs: CID002773, CID002774"), the removed CID
// itself left out, in the order given.
func Successors(details, self string) []string {
	var out []string
	for _, m := range cidInTextRE.FindAllStringSubmatch(details, -1) {
		cid, _ := NormalizeCID("CID" + m[1])
		if cid != self && !slices.Contains(out, cid) {
			out = append(out, cid)
		}
	}
	return out
}

// Removals returns, for each CID whose latest "Removed" or "Added"
// revision dated on or before day is a removal, that removal (rule 3). A
// zero day takes every revision. Revisions without a date count as dated
// at the start of time; same-day revisions are taken in row order.
func Removals(revs []Revision, day time.Time) map[string]Removal {
	sorted := make([]Revision, 0, len(revs))
	for _, r := range revs {
		if r.Effect() == RevisionNoEffect {
			continue
		}
		if !day.IsZero() && r.RevisionDate.After(dayOf(day)) {
			continue
		}
		sorted = append(sorted, r)
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].RevisionDate.Equal(sorted[j].RevisionDate) {
			return sorted[i].RevisionDate.Before(sorted[j].RevisionDate)
		}
		return sorted[i].Row < sorted[j].Row
	})
	out := map[string]Removal{}
	for _, r := range sorted {
		cid, _ := NormalizeCID(r.CID)
		if r.Effect() == RevisionAdds {
			delete(out, cid)
			continue
		}
		out[cid] = Removal{Date: r.RevisionDate, Basis: strings.TrimSpace(r.Basis), Reason: strings.TrimSpace(r.Details),
			Successors: Successors(r.Details, cid)}
	}
	return out
}

// ApplyRevisions marks removed every facility that RMI's revisions removed
// on or before day (see Removals), whatever its status list says, keeping
// what the status list published in Removal.StatusListSays. A removed CID that no list in force carries
// any more is added from its revision row, so that a declared CID naming it
// is still recognised, as removed. facs is changed in place and returned,
// possibly extended, sorted by metal and CID.
func ApplyRevisions(facs []Facility, revs []Revision, day time.Time) []Facility {
	applyCorrections(facs, revs, day)
	removed := Removals(revs, day)
	if len(removed) == 0 {
		return facs
	}
	seen := map[string]bool{}
	for i := range facs {
		if rm, ok := removed[facs[i].CID]; ok {
			rm := rm
			rm.StatusListSays = facs[i].StatusText
			facs[i].Status, facs[i].StatusText, facs[i].Removal = StatusRemoved, "", &rm
			seen[facs[i].CID] = true
		}
	}
	var extra []Facility
	for i := len(revs) - 1; i >= 0; i-- { // the latest row names it best
		r := &revs[i]
		cid, kind := NormalizeCID(r.CID)
		rm, ok := removed[cid]
		if !ok || seen[cid] {
			continue
		}
		seen[cid] = true
		rm2 := rm
		extra = append(extra, Facility{CID: cid, NonRMI: kind == CIDOther, Metal: NormalizeMetal(r.Metal), Name: r.Name,
			Country: r.Country, Status: StatusRemoved, Removal: &rm2, Row: r.Row})
	}
	if len(extra) == 0 {
		return facs
	}
	facs = append(facs, extra...)
	sort.SliceStable(facs, func(i, j int) bool {
		if facs[i].Metal != facs[j].Metal {
			return facs[i].Metal < facs[j].Metal
		}
		return facs[i].CID < facs[j].CID
	})
	return facs
}

// applyCorrections gives each facility the name of its latest "Name
// correction" and the country of its latest "Location correction" dated on
// or before day (a zero day: every revision). A correction never changes a
// status. The former name stays an alias, so that declarations still naming
// it match.
func applyCorrections(facs []Facility, revs []Revision, day time.Time) {
	type fix struct {
		date          time.Time
		row           int
		name, country string
	}
	latest := map[string]fix{} // by CID and what is corrected
	for _, r := range revs {
		if !day.IsZero() && r.RevisionDate.After(dayOf(day)) {
			continue
		}
		b := strings.ToLower(strings.TrimSpace(r.Basis))
		var what string
		switch {
		case strings.HasPrefix(b, "name correction") && strings.TrimSpace(r.Name) != "":
			what = "name"
		case strings.HasPrefix(b, "location correction") && strings.TrimSpace(r.Country) != "":
			what = "country"
		default:
			continue
		}
		cid, _ := NormalizeCID(r.CID)
		key := cid + "\x00" + what
		if f, ok := latest[key]; ok && (r.RevisionDate.Before(f.date) || (r.RevisionDate.Equal(f.date) && r.Row < f.row)) {
			continue
		}
		latest[key] = fix{date: r.RevisionDate, row: r.Row, name: strings.TrimSpace(r.Name), country: strings.TrimSpace(r.Country)}
	}
	if len(latest) == 0 {
		return
	}
	for i := range facs {
		f := &facs[i]
		if c, ok := latest[f.CID+"\x00name"]; ok && c.name != f.Name {
			if !slices.Contains(f.Aliases, f.Name) {
				f.Aliases = append(f.Aliases, f.Name)
			}
			f.Name = c.name
		}
		if c, ok := latest[f.CID+"\x00country"]; ok {
			f.Country = c.country
		}
	}
}

// Index finds the facilities of a view by CID.
type Index struct {
	facs  []Facility
	byCID map[string][]int
}

// NewIndex indexes a view's facilities (from View or Merge).
func NewIndex(facs []Facility) *Index {
	ix := &Index{facs: facs, byCID: make(map[string][]int, len(facs))}
	for i := range facs {
		ix.byCID[facs[i].CID] = append(ix.byCID[facs[i].CID], i)
	}
	return ix
}

// Lookup returns the facility a CID names, preferring the one of the metal
// (any metal when metal is empty or the CID is listed under another one,
// such as RMI's "Multiple"); nil when no list in force names the CID.
func (ix *Index) Lookup(cid, metal string) *Facility {
	c, _ := NormalizeCID(cid)
	is := ix.byCID[c]
	if len(is) == 0 {
		return nil
	}
	for _, i := range is {
		if metal != "" && SameMetal(ix.facs[i].Metal, metal) {
			return &ix.facs[i]
		}
	}
	return &ix.facs[is[0]]
}

// StatusOf is the CID's status in the view: StatusUnknown when no list in
// force names it.
func (ix *Index) StatusOf(cid, metal string) Status {
	f := ix.Lookup(cid, metal)
	if f == nil {
		return StatusUnknown
	}
	return f.EffectiveStatus()
}

// EffectiveStatus is the facility's status with the empty status of a
// facility on no status list read as not-participating.
func (f *Facility) EffectiveStatus() Status {
	if f.Status == "" {
		return StatusNotParticipating
	}
	return f.Status
}

// StatusOn is a CID's status on day according to the loaded lists: the
// lists in force on that day (InForce), merged (View), then looked up. It
// is the one function a report or a risk rule needs; callers that ask for
// many CIDs build the view once (View, NewIndex) instead.
func StatusOn(lists []LoadedList, cid, metal string, day time.Time) Status {
	return NewIndex(View(InForce(lists, day), day)).StatusOf(cid, metal)
}

package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// declaredFacility is a facility (or an unmatched declared name) as the
// period's current declarations name it, with its status on the as-of date.
type declaredFacility struct {
	Metal, CID, Name, Country string
	Status, StatusText        string
	Overdue                   bool
	RemovedOn                 time.Time
	Suppliers                 []supplierRef
	Rows                      int
	Declared                  []string // names as declared
	search                    string   // what the table's search box looks in, lower case
}

// suppliersShown is how many suppliers a row of the smelters table names;
// the facility page names them all. A facility most suppliers declare
// would otherwise make the table a thousand links long.
const suppliersShown = 8

// ShownSuppliers are the suppliers a row of the smelters table names.
func (f *declaredFacility) ShownSuppliers() []supplierRef {
	return f.Suppliers[:min(len(f.Suppliers), suppliersShown)]
}

// MoreSuppliers is how many suppliers the row leaves out.
func (f *declaredFacility) MoreSuppliers() int { return max(0, len(f.Suppliers)-suppliersShown) }

type supplierRef struct {
	ID   int64
	Name string
}

// facilityTable is the smelters table of a view: the facilities and the
// filters' choices.
type facilityTable struct {
	all              []*declaredFacility
	metals, statuses []string
	needsReview      int
}

func newFacilityTable(season *risk.Season) *facilityTable {
	t := &facilityTable{all: declaredFacilities(season)}
	metals, statuses := map[string]bool{}, map[string]bool{}
	for _, f := range t.all {
		metals[f.Metal], statuses[f.Status] = true, true
		if f.Status == "needs review" {
			t.needsReview++
		}
	}
	t.metals, t.statuses = slices.Sorted(maps.Keys(metals)), slices.Sorted(maps.Keys(statuses))
	return t
}

// declaredFacilities groups the season's declared rows by matched facility
// (unmatched rows by metal and declared name), most-used first.
func declaredFacilities(season *risk.Season) []*declaredFacility {
	by := map[string]*declaredFacility{}
	var out []*declaredFacility
	for _, sup := range season.Suppliers {
		for _, d := range sup.Declarations {
			for _, row := range d.Smelters {
				key := row.Metal + "\x00" + smelters.NameKey(row.Name) + "\x00" + row.MatchStatus
				if row.Facility != nil {
					key = row.Metal + "\x00" + row.Facility.CID
				}
				x := by[key]
				if x == nil {
					x = &declaredFacility{Metal: row.Metal, Name: row.Name, Country: row.Country, Status: matchLabel(row.MatchStatus)}
					if f := row.Facility; f != nil {
						x.CID, x.Name, x.Country, x.Status, x.StatusText = f.CID, f.Name, f.Country, string(f.Status), f.StatusText
						x.Overdue, x.RemovedOn = f.Reaudit == risk.ReauditOverdue, f.RemovedOn
					}
					by[key] = x
					out = append(out, x)
				}
				x.Rows++
				if ref := (supplierRef{sup.ID, sup.Name}); !slices.Contains(x.Suppliers, ref) {
					x.Suppliers = append(x.Suppliers, ref)
				}
				if !slices.Contains(x.Declared, row.Name) {
					x.Declared = append(x.Declared, row.Name)
				}
			}
		}
	}
	for _, x := range out {
		x.search = strings.ToLower(x.Name + " " + x.CID + " " + strings.Join(x.Declared, " "))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Suppliers) != len(out[j].Suppliers) {
			return len(out[i].Suppliers) > len(out[j].Suppliers)
		}
		if out[i].Metal != out[j].Metal {
			return out[i].Metal < out[j].Metal
		}
		return out[i].CID+out[i].Name < out[j].CID+out[j].Name
	})
	return out
}

func matchLabel(s string) string {
	switch s {
	case string(smelters.NeedsReview):
		return "needs review"
	case string(smelters.NoMatch):
		return "not matched"
	}
	return s
}

type smeltersData struct {
	Facilities         []*declaredFacility
	Metals, Statuses   []string
	Metal, Status, Q   string
	Page, Pages, Total int
	NeedsReview        int
}

func (s *Server) smelters(w http.ResponseWriter, r *http.Request) {
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	q := r.URL.Query()
	d := smeltersData{Metal: q.Get("metal"), Status: q.Get("status"), Q: q.Get("q")}
	needle := strings.ToLower(strings.TrimSpace(d.Q))
	t := v.declaredFacilities()
	d.Metals, d.Statuses, d.NeedsReview = t.metals, t.statuses, t.needsReview
	for _, f := range t.all {
		if d.Metal != "" && f.Metal != d.Metal || d.Status != "" && f.Status != d.Status {
			continue
		}
		if needle != "" && !strings.Contains(f.search, needle) {
			continue
		}
		d.Facilities = append(d.Facilities, f)
	}
	d.Facilities, d.Total, d.Page, d.Pages = pageOf(r, d.Facilities)
	s.render(w, r, http.StatusOK, "smelters", page{Title: "Smelters", Nav: "smelters", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

type facilityData struct {
	CID       string
	Listed    []smelters.Facility // the lists in force
	Declared  []*declaredFacility // how the period's declarations name it
	Revisions []smelters.Revision
}

func (s *Server) facility(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cid, kind := smelters.NormalizeCID(r.PathValue("cid"))
	if kind == smelters.CIDNone {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("%q is not a smelter ID", r.PathValue("cid")))
		return
	}
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	d := facilityData{CID: cid}
	lists, err := s.currentLists(ctx)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	for _, f := range lists.Facilities {
		if f.CID == cid {
			d.Listed = append(d.Listed, f)
		}
	}
	for _, f := range v.declaredFacilities().all {
		if f.CID == cid {
			d.Declared = append(d.Declared, f)
		}
	}
	if d.Revisions, err = s.st.Revisions(ctx, cid); err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	if len(d.Listed) == 0 && len(d.Declared) == 0 && len(d.Revisions) == 0 {
		s.fail(w, r, http.StatusNotFound, fmt.Errorf("%s is in no list in force and no declaration of %d", cid, period))
		return
	}
	s.render(w, r, http.StatusOK, "facility", page{Title: cid, Nav: "smelters", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

// reviewItem is one declared name a reviewer must decide on.
type reviewItem struct {
	Key, Name, Metal, Country string
	Rows                      []reviewRow
	Now                       smelters.Result // matched again now, reviewers' mappings first
	Mapped                    bool            // the decision just recorded
}

type reviewRow struct {
	SupplierID int64
	Supplier   string
	File       string
	Row        int
}

type reviewData struct {
	Items              []*reviewItem
	Mapped             *reviewItem
	Back               string
	Page, Pages, Total int
	Base               string // the queue's address, for the pager
}

// review is the needs-review queue: declared rows the matcher could not
// decide, each with the candidates, and how it matches now (after a
// reviewer's decision, through the same Matcher the import uses), a page
// at a time.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	items, m, err := v.reviewQueue(ctx, s.st)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	mapped := r.URL.Query().Get("mapped")
	d := reviewData{Back: r.URL.Path + "?period=" + itoa(period), Base: r.URL.Path + "?period=" + itoa(period)}
	// The rows of a decision just recorded are shown matched again (the
	// store re-matched them: they left the queue).
	if rows := v.rowsByMappingKey()[mapped]; mapped != "" && len(rows) > 0 {
		first := rows[0].row
		d.Mapped = &reviewItem{Key: mapped, Name: first.Name, Metal: first.Metal, Country: first.Country, Mapped: true,
			Now: m.Match(smelters.Declared{Metal: first.Metal, Name: first.Name, Country: first.Country, CID: first.CID})}
		for _, x := range rows {
			d.Mapped.Rows = append(d.Mapped.Rows, reviewRow{SupplierID: x.sup.ID, Supplier: x.sup.Name, File: x.decl.File, Row: x.row.Row})
		}
	}
	for _, it := range items {
		if it.Key != mapped {
			d.Items = append(d.Items, it)
		}
	}
	d.Items, d.Total, d.Page, d.Pages = pageOf(r, d.Items)
	s.render(w, r, http.StatusOK, "review", page{Title: "Needs review", Nav: "smelters", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

// reviewQueue is the view's needs-review queue, each declared name with
// how the reviewers' mappings and the lists in force match it now, and
// the matcher (built once per view: the view is rebuilt when a mapping
// or a list changes).
func (v *seasonData) reviewQueue(ctx context.Context, st *store.Store) ([]*reviewItem, *smelters.Matcher, error) {
	v.reviewOnce.Do(func() {
		v.matcher, v.reviewErr = st.Matcher(context.WithoutCancel(ctx), store.View{})
		if v.reviewErr != nil {
			return
		}
		by := map[string]*reviewItem{}
		for _, sup := range v.season.Suppliers {
			for _, decl := range sup.Declarations {
				for _, row := range decl.Smelters {
					if row.MatchStatus != string(smelters.NeedsReview) {
						continue
					}
					key := smelters.MappingKey(row.Name, row.Metal)
					it := by[key]
					if it == nil {
						it = &reviewItem{Key: key, Name: row.Name, Metal: row.Metal, Country: row.Country}
						it.Now = v.matcher.Match(smelters.Declared{Metal: row.Metal, Name: row.Name, Country: row.Country, CID: row.CID})
						by[key] = it
						v.review = append(v.review, it)
					}
					it.Rows = append(it.Rows, reviewRow{SupplierID: sup.ID, Supplier: sup.Name, File: decl.File, Row: row.Row})
				}
			}
		}
	})
	return v.review, v.matcher, v.reviewErr
}

// mapSmelter is `cmrt smelters map`: the reviewer's decision that a declared
// name, for a metal, is this facility.
func (s *Server) mapSmelter(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := strings.TrimSpace(r.PostFormValue("name"))
	metal := smelters.NormalizeMetal(r.PostFormValue("metal"))
	cid, kind := smelters.NormalizeCID(r.PostFormValue("cid"))
	if name == "" || metal == "" || kind == smelters.CIDNone {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("a decision needs the declared name, its metal and the facility picked"))
		return
	}
	lists, err := s.currentLists(ctx)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	found := false
	for _, f := range lists.Facilities {
		found = found || f.CID == cid
	}
	if !found {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("%s is not in the lists in force", cid))
		return
	}
	s.writing.Lock()
	// Map, as `cmrt smelters map`: the decision and the re-match of the
	// stored rows it affects, in one transaction.
	_, err = s.st.Map(ctx, smelters.Mapping{Name: name, Metal: metal, CID: cid}, r.PostFormValue("note"))
	s.writing.Unlock()
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	back := localBack(r.PostFormValue("back"), "/smelters/review")
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"mapped="+url.QueryEscape(smelters.MappingKey(name, metal)), http.StatusSeeOther)
}

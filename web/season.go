package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// seasonView is a period as the pages show it: the store's read model
// (seasonData's season and reference data), the findings (computed and stored as `cmrt findings` does), the ranks and
// their change from the previous period — the same calls as
// `cmrt suppliers --period` — and the tables the pages derive from them.
// A view is built once per change of the database (viewCache) and never
// modified afterwards: requests share it without locks; what a request
// filters, sorts or pages it copies first.
type seasonView struct {
	Period   int
	AsOf     time.Time
	Findings []risk.Finding // all but gone, in the store's order, with history
	Gone     []risk.Finding
	Ranks    []risk.SupplierRank
	// prevRanks are the previous period's; lastEvent the newest step of a
	// finding's history when the findings were read.
	prevRanks []risk.SupplierRank
	lastEvent int64
	HasPrev   bool
	YoY       risk.YearOnYear
	cfg       *risk.Config

	lines    []supplierLine // the suppliers table, in the season's order
	lineByID map[int64]int
	codes    []string // the codes of Findings, sorted
	over     overviewData

	*seasonData
}

// seasonData is what a view reads from the period's declarations, lists
// and register: it outlives a view when only findings' statuses changed
// (a decision recorded), which the findings runs tell.
type seasonData struct {
	season, prevSeason *risk.Season
	ref                risk.ReferenceData
	// runs are the findings runs of the period and the one before, as
	// ComputeFindings left them: a new run means an input changed.
	runs []int64

	// Built on first use: not every visit opens these pages, and each
	// costs as much as the rest of the view.
	facilitiesOnce sync.Once
	facilities     *facilityTable
	reviewOnce     sync.Once
	review         []*reviewItem
	matcher        *smelters.Matcher
	reviewErr      error
	byKeyOnce      sync.Once
	byMappingKey   map[string][]smelterRowRef
}

// smelterRowRef is one declared row of the view, by supplier and
// declaration.
type smelterRowRef struct {
	sup  *risk.Supplier
	decl *risk.Declaration
	row  *risk.SmelterRow
}

// loadSeason is the view of a period as of today: the cached one while the
// database has not changed since it was built, else a new one (viewCache).
func (s *Server) loadSeason(ctx context.Context, period int) (*seasonView, error) {
	asOf := s.opt.Now().UTC()
	y, m, d := asOf.Date()
	key := viewKey{period: period, day: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	return s.views.get(ctx, key, s.changes.Stamp, func(ctx context.Context, old *seasonView) (*seasonView, string, error) {
		return s.buildSeason(ctx, period, asOf, old)
	})
}

// requestView is the view of the period the request asks for (?period=,
// the newest by default) with the periods there are; on failure it has
// answered the request and returns ok false.
func (s *Server) requestView(w http.ResponseWriter, r *http.Request) (v *seasonView, periods []int, ok bool) {
	period, periods, err := s.periodOf(r.Context(), r)
	if err == nil {
		v, err = s.loadSeason(r.Context(), period)
	}
	if err != nil {
		s.fail(w, r, status(err), err)
		return nil, nil, false
	}
	return v, periods, true
}

// Prepare builds the view of the newest period ahead of the first visit:
// `cmrt serve` calls it once it listens, so the officer's first page does
// not wait seconds for the findings to be computed (at 1,000 suppliers).
// A request meanwhile waits for this same build. It returns the period
// prepared, 0 when the database has none.
func (s *Server) Prepare(ctx context.Context) (int, error) {
	periods, err := s.periods(ctx)
	if err != nil || len(periods) == 0 {
		return 0, err
	}
	_, err = s.loadSeason(ctx, periods[0])
	return periods[0], err
}

// buildSeason reads a period's view. It first brings the findings of the
// period and of the one before up to date (which stores them, a change of
// the database); the view's stamp is the one after a computation that
// wrote nothing, so the view's own writes do not make it stale, while a
// change made meanwhile by anyone else does. When the findings runs are
// those old (the previous view of the key) was built on, nothing the
// findings are computed from changed — only their statuses can have — and
// old's season is kept.
func (s *Server) buildSeason(ctx context.Context, period int, asOf time.Time, old *seasonView) (*seasonView, string, error) {
	v := &seasonView{Period: period, AsOf: asOf, cfg: s.cfg}
	var err error
	if v.HasPrev, err = s.st.HasPeriod(ctx, period-1); err != nil {
		return nil, "", err
	}
	periods := []int{period}
	if v.HasPrev {
		periods = append(periods, period-1)
	}
	var stamp string
	var runs []int64
	cached := false
	for attempt := 0; ; attempt++ {
		before, err := s.changes.Stamp(ctx)
		if err != nil {
			return nil, "", err
		}
		runs, cached = runs[:0], true
		for _, p := range periods {
			s.writing.Lock() // computing findings stores them
			run, err := s.st.ComputeFindings(ctx, p, asOf, s.cfg, false)
			s.writing.Unlock()
			if err != nil {
				return nil, "", err
			}
			runs, cached = append(runs, run.ID), cached && run.Cached
		}
		if stamp, err = s.changes.Stamp(ctx); err != nil {
			return nil, "", err
		}
		// Unchanged: the findings are those of the data the stamp names.
		// Still changing after three tries: the next request builds again.
		if stamp == before || attempt == 2 {
			break
		}
	}
	// The newest step of any finding's history, noted before the findings
	// are read: the next build re-reads what changed after it.
	if v.lastEvent, err = s.st.LastFindingEvent(ctx); err != nil {
		return nil, "", err
	}
	var changed map[int][]int64 // decisions since old was built
	reuse := old != nil && cached && slices.Equal(old.runs, runs)
	if reuse {
		v.seasonData = old.seasonData
		if changed, _, err = s.st.FindingsChangedAfter(ctx, old.lastEvent); err != nil {
			return nil, "", err
		}
	} else {
		v.seasonData = &seasonData{runs: runs}
		if v.season, err = s.st.Season(ctx, period, asOf); err != nil {
			return nil, "", err
		}
		if v.HasPrev {
			if v.prevSeason, err = s.st.Season(ctx, period-1, asOf); err != nil {
				return nil, "", err
			}
		}
		if v.ref, err = s.st.ReferenceData(ctx); err != nil {
			return nil, "", err
		}
		// The smelters table and the review queue take seconds at scale:
		// prepared now, so that the first visit to them does not wait
		// (a visit meanwhile waits for this preparation, not a second one).
		d := v.seasonData
		go func() {
			d.declaredFacilities()
			_, _, _ = d.reviewQueue(context.WithoutCancel(ctx), s.st)
		}()
	}
	patched := false
	if reuse {
		if patched, err = v.patchFindings(ctx, s.st, old, changed[period]); err != nil {
			return nil, "", err
		}
	}
	if !patched {
		if v.Findings, err = s.st.Findings(ctx, store.FindingFilter{Period: period}); err != nil {
			return nil, "", err
		}
		if v.Gone, err = s.st.Findings(ctx, store.FindingFilter{Period: period, Status: risk.StatusGone}); err != nil {
			return nil, "", err
		}
	}
	v.Ranks = s.cfg.Ranks(v.season, v.Findings)
	var prev []risk.SupplierRank
	switch {
	case !v.HasPrev:
	case reuse && len(changed[period-1]) == 0:
		prev = old.prevRanks
	default:
		fs, err := s.st.Findings(ctx, store.FindingFilter{Period: period - 1, WithoutHistory: true})
		if err != nil {
			return nil, "", err
		}
		prev = s.cfg.Ranks(v.prevSeason, fs)
	}
	v.prevRanks = prev
	v.YoY = risk.CompareRanks(prev, v.Ranks)
	v.lines = v.supplierLines()
	v.lineByID = map[int64]int{}
	for i, l := range v.lines {
		if l.ID != 0 {
			v.lineByID[l.ID] = i
		}
	}
	codes := map[string]bool{}
	for _, x := range v.Findings {
		codes[x.Code] = true
	}
	v.codes = slices.Sorted(maps.Keys(codes))
	v.over = v.overview()
	return v, stamp, nil
}

// maxPatched bounds the findings a build re-reads one by one after
// decisions; beyond it, reading the period's findings again costs less.
const maxPatched = 200

// patchFindings makes v's findings old's with those whose history gained
// a step (a decision recorded) read again, one by one. It reports false,
// having changed nothing, when a full read is needed instead: too many
// changed, or one that is not among old's findings (only a new findings
// run adds or removes findings, and then the season is read again anyway).
func (v *seasonView) patchFindings(ctx context.Context, st *store.Store, old *seasonView, ids []int64) (bool, error) {
	if len(ids) > maxPatched {
		return false, nil
	}
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	at := make(map[int64]int, len(ids))
	for i := range old.Findings {
		if want[old.Findings[i].ID] {
			at[old.Findings[i].ID] = i
		}
	}
	if len(at) != len(ids) {
		return false, nil
	}
	fs := slices.Clone(old.Findings)
	for _, id := range ids {
		got, err := st.Findings(ctx, store.FindingFilter{ID: id})
		if err != nil {
			return false, err
		}
		if len(got) != 1 || got[0].Status == risk.StatusGone {
			return false, nil
		}
		fs[at[id]] = got[0]
	}
	v.Findings, v.Gone = fs, old.Gone
	return true, nil
}

// declaredFacilities is the smelters table of the view (built once).
func (v *seasonData) declaredFacilities() *facilityTable {
	v.facilitiesOnce.Do(func() { v.facilities = newFacilityTable(v.season) })
	return v.facilities
}

// rowsByMappingKey indexes the view's declared rows by the key a
// reviewer's decision applies to (built once).
func (v *seasonData) rowsByMappingKey() map[string][]smelterRowRef {
	v.byKeyOnce.Do(func() {
		v.byMappingKey = map[string][]smelterRowRef{}
		for i := range v.season.Suppliers {
			sup := &v.season.Suppliers[i]
			for j := range sup.Declarations {
				decl := &sup.Declarations[j]
				for k := range decl.Smelters {
					row := &decl.Smelters[k]
					key := smelters.MappingKey(row.Name, row.Metal)
					v.byMappingKey[key] = append(v.byMappingKey[key], smelterRowRef{sup, decl, row})
				}
			}
		}
	})
	return v.byMappingKey
}

// viewKey names a view: the period and the as-of day.
type viewKey struct {
	period int
	day    time.Time
}

// maxViews bounds the memory the cache holds: a view of 1,000 suppliers
// and 150,000 declared rows (with the previous period's season, as large)
// is about 140 MB of heap; an officer looks at this period and the last.
const maxViews = 3

// viewCache holds the views of the last periods asked for, each with the
// database's change stamp it was built at. A request whose stamp matches
// shares the view; one whose stamp differs builds a new one, and requests
// for the same view meanwhile wait for that build rather than start their
// own (one build at a time, across all views: each reads a whole season).
type viewCache struct {
	mu      sync.Mutex
	entries []*viewEntry // most recently used first
	build   sync.Mutex
	builds  atomic.Int64 // views built, for tests
}

type viewEntry struct {
	key   viewKey
	done  chan struct{} // closed once v, stamp and err are set
	v     *seasonView
	stamp string
	err   error
}

func (e *viewEntry) ready() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// get returns the view for key at the database's current stamp.
func (c *viewCache) get(ctx context.Context, key viewKey, stampNow func(context.Context) (string, error),
	build func(ctx context.Context, old *seasonView) (*seasonView, string, error)) (*seasonView, error) {
	for {
		stamp, err := stampNow(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		var e *viewEntry
		for i, x := range c.entries {
			if x.key == key {
				e = x
				copy(c.entries[1:i+1], c.entries[:i])
				c.entries[0] = e
				break
			}
		}
		if e != nil && (!e.ready() || (e.err == nil && e.stamp == stamp)) {
			c.mu.Unlock()
			select {
			case <-e.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			switch {
			case e.err != nil:
				return nil, e.err // the next request tries again
			case e.stamp == stamp:
				return e.v, nil
			}
			continue // built for older data: look again
		}
		// Missing, stale or failed: this request builds it.
		var old *seasonView
		if e != nil {
			old = e.v
		}
		e = &viewEntry{key: key, done: make(chan struct{})}
		c.entries = slices.DeleteFunc(c.entries, func(x *viewEntry) bool { return x.key == key })
		c.entries = append([]*viewEntry{e}, c.entries...)
		if len(c.entries) > maxViews {
			c.entries = c.entries[:maxViews]
		}
		c.mu.Unlock()
		c.run(ctx, e, old, build)
		return e.v, e.err
	}
}

// run builds e, one build at a time; whatever happens (a panic included),
// e is then done and the waiters released.
func (c *viewCache) run(ctx context.Context, e *viewEntry, old *seasonView,
	build func(ctx context.Context, old *seasonView) (*seasonView, string, error)) {
	c.build.Lock()
	defer c.build.Unlock()
	defer close(e.done)
	e.err = errors.New("web: the season view was not built") // unless build returns
	c.builds.Add(1)
	// Not cancelled with the request that happens to build it: others
	// wait for the same view.
	e.v, e.stamp, e.err = build(context.WithoutCancel(ctx), old)
}

// forget drops every view (Close, tests).
func (c *viewCache) forget() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

// supplierLine is one row of the suppliers table.
type supplierLine struct {
	ID           int64
	Name         string
	Rank         risk.Rank
	Score        float64
	Previous     risk.Rank
	Change       string
	Designations []string
	Templates    []string
	InRegister   bool
	Open         int // findings open or action-requested
	Findings     int // all but gone
}

func (v *seasonView) supplierLines() []supplierLine {
	open, all := map[string]int{}, map[string]int{}
	for _, f := range v.Findings {
		k := risk.SupplierKey(f.SupplierID, f.Supplier)
		all[k]++
		if f.Status == risk.StatusOpen || f.Status == risk.StatusActionRequested {
			open[k]++
		}
	}
	rank := map[string]risk.SupplierRank{}
	for _, r := range v.Ranks {
		rank[risk.SupplierKey(r.SupplierID, r.Supplier)] = r
	}
	change := map[string]risk.RankChange{} // empty without a previous period
	if v.HasPrev {
		for _, ch := range v.YoY.Changes {
			change[risk.SupplierKey(ch.SupplierID, ch.Supplier)] = ch
		}
	}
	var out []supplierLine
	for i := range v.season.Suppliers {
		sup := &v.season.Suppliers[i]
		k := risk.SupplierKey(sup.ID, sup.Name)
		r := rank[k]
		l := supplierLine{ID: sup.ID, Name: sup.Name, Rank: r.Rank, Score: r.Score, InRegister: sup.Register != nil,
			Open: open[k], Findings: all[k], Designations: v.cfg.Designate(sup, v.ref.DoL)}
		if ch, ok := change[k]; ok {
			l.Previous, l.Change = ch.Previous, ch.Change
		}
		for _, d := range sup.Declarations {
			l.Templates = append(l.Templates, d.Family+" "+d.Version)
		}
		sort.Strings(l.Templates)
		out = append(out, l)
	}
	return out
}

// overviewData is the Season overview.
type overviewData struct {
	Period                         int
	Suppliers, Asked, Answered     int
	Complete, Incomplete           int
	ResponseRates                  []risk.ResponseRate
	Response, Declarations         chart
	BySeverity, ByStatus, RankBars chart
	SmelterStatus                  stacked
	Ranks                          []supplierLine
	HasPrev                        bool
	LowShare, LowSharePrev         float64
	SAQ                            saqOverview // saq.go
}

// overview computes the Season overview (once, when the view is built).
func (v *seasonView) overview() overviewData {
	o := overviewData{Period: v.Period, Suppliers: len(v.season.Suppliers), HasPrev: v.HasPrev,
		LowShare: v.YoY.LowShareCurrent, LowSharePrev: v.YoY.LowSharePrevious}
	o.ResponseRates = risk.ResponseRates(v.season)
	var rr []bar
	for _, r := range o.ResponseRates {
		o.Asked += r.Asked
		o.Answered += r.Answered
		rr = append(rr, bar{Label: r.Family + " answered", Value: r.Answered, Class: "ok"},
			bar{Label: r.Family + " not answered", Value: r.Asked - r.Answered, Class: "bad"})
	}
	o.Response = barChart("Suppliers asked and answered, by template family", rr)
	for _, sup := range v.season.Suppliers {
		for _, d := range sup.Declarations {
			if d.RequiredMissing == 0 {
				o.Complete++
			} else {
				o.Incomplete++
			}
		}
	}
	o.Declarations = barChart("Current declarations", []bar{
		{Label: "complete", Value: o.Complete, Class: "ok"}, {Label: "incomplete", Value: o.Incomplete, Class: "bad"}})

	sev, stat := map[risk.Severity]int{}, map[risk.Status]int{}
	for _, f := range v.Findings {
		sev[f.Severity]++
		stat[f.Status]++
	}
	var sb, tb []bar
	for _, x := range risk.Severities {
		sb = append(sb, bar{Label: string(x), Value: sev[x], Class: "sev-" + string(x)})
	}
	for _, x := range risk.SettableStatuses {
		tb = append(tb, bar{Label: string(x), Value: stat[x], Class: "st-" + string(x)})
	}
	o.BySeverity = barChart("Findings by severity", sb)
	o.ByStatus = barChart("Findings by status", tb)

	o.Ranks = slices.Clone(v.lines)
	rk := map[risk.Rank]int{}
	for _, l := range o.Ranks {
		rk[l.Rank]++
	}
	o.RankBars = rankChart("Suppliers by risk rank", rk)
	sort.SliceStable(o.Ranks, func(i, j int) bool { return rankLevel(o.Ranks[i].Rank) > rankLevel(o.Ranks[j].Rank) })
	if len(o.Ranks) > 20 {
		o.Ranks = o.Ranks[:20]
	}
	o.SmelterStatus = v.smelterStatus()
	o.SAQ = v.saqOverview()
	return o
}

// rankChart is a bar chart of how many are ranked high, medium and low.
func rankChart(title string, count map[risk.Rank]int) chart {
	return barChart(title, []bar{
		{Label: "high", Value: count[risk.RankHigh], Class: "sev-high"},
		{Label: "medium", Value: count[risk.RankMedium], Class: "sev-medium"},
		{Label: "low", Value: count[risk.RankLow], Class: "ok"}})
}

func rankLevel(r risk.Rank) int {
	switch r {
	case risk.RankHigh:
		return 3
	case risk.RankMedium:
		return 2
	}
	return 1
}

// smelterStatus counts declared smelter rows of the current declarations
// by metal and by the status of the facility they matched on the as-of
// date; rows that matched nothing count by their match outcome.
func (v *seasonView) smelterStatus() stacked {
	counts := map[string]map[string]int{}
	for _, sup := range v.season.Suppliers {
		for _, d := range sup.Declarations {
			for _, row := range d.Smelters {
				st := matchLabel(row.MatchStatus)
				if row.Facility != nil {
					st = string(row.Facility.Status)
				} else if row.MatchStatus == string(smelters.Matched) {
					st = "matched, no status on the date"
				}
				if counts[row.Metal] == nil {
					counts[row.Metal] = map[string]int{}
				}
				counts[row.Metal][st]++
			}
		}
	}
	order := []string{string(risk.StatusConformant), string(risk.StatusActive), string(risk.StatusNotParticipating),
		string(risk.StatusNonConformant), string(risk.StatusRemoved), string(risk.StatusUnknown), "needs review", "not matched"}
	return stackedChart("Declared smelter rows by metal and RMI status", counts, order)
}

func itoa(n int) string { return strconv.Itoa(n) }

// stampCache holds one value read from the store while the database is
// unchanged (the same change stamp): the lists in force and the periods.
type stampCache[T any] struct {
	mu    sync.Mutex
	stamp string
	val   T
	ok    bool
}

// get is the value held when it was read at the database's current stamp,
// else load's, then held.
func (c *stampCache[T]) get(ctx context.Context, changes *store.ChangeWatch, load func(context.Context) (T, error)) (T, error) {
	var zero T
	stamp, err := changes.Stamp(ctx)
	if err != nil {
		return zero, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.stamp == stamp {
		return c.val, nil
	}
	v, err := load(ctx)
	if err != nil {
		return zero, err
	}
	c.val, c.stamp, c.ok = v, stamp, true
	return v, nil
}

// forget drops the value held (Close).
func (c *stampCache[T]) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	c.val, c.ok = zero, false
}

// currentLists are the smelter lists in force (every list loaded, as
// store.View{} reads them), read again only after a change: the lists,
// facility and supplier pages look statuses up in them.
func (s *Server) currentLists(ctx context.Context) (*store.Current, error) {
	return s.inForce.get(ctx, s.changes, func(ctx context.Context) (*store.Current, error) {
		return s.st.Current(ctx, store.View{})
	})
}

// periods are the periods with declarations, newest first (the period
// picker on every page), read again only after a change; shared, read only.
func (s *Server) periods(ctx context.Context) ([]int, error) {
	return s.periodList.get(ctx, s.changes, s.st.Periods)
}

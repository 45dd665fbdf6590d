package web

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// seasonView is a period as the pages show it: the store's read model,
// the findings (computed and stored as `cmrt findings` does), the ranks and
// their change from the previous period — the same calls as
// `cmrt suppliers --period`.
type seasonView struct {
	Period   int
	AsOf     time.Time
	Season   *risk.Season
	Findings []risk.Finding
	Ranks    []risk.SupplierRank
	Changes  map[string]risk.RankChange // by risk.SupplierKey; empty without a previous period
	HasPrev  bool
	YoY      risk.YearOnYear
	Ref      risk.ReferenceData
	cfg      *risk.Config
}

func (s *Server) loadSeason(ctx context.Context, period int) (*seasonView, error) {
	asOf := s.opt.Now().UTC()
	v := &seasonView{Period: period, AsOf: asOf, Changes: map[string]risk.RankChange{}, cfg: s.cfg}
	ranks := func(p int) ([]risk.SupplierRank, *risk.Season, []risk.Finding, error) {
		s.writing.Lock() // computing findings stores them
		_, err := s.st.ComputeFindings(ctx, p, asOf, s.cfg, false)
		s.writing.Unlock()
		if err != nil {
			return nil, nil, nil, err
		}
		season, err := s.st.Season(ctx, p, asOf)
		if err != nil {
			return nil, nil, nil, err
		}
		fs, err := s.st.Findings(ctx, store.FindingFilter{Period: p})
		if err != nil {
			return nil, nil, nil, err
		}
		return s.cfg.Ranks(season, fs), season, fs, nil
	}
	var err error
	if v.Ranks, v.Season, v.Findings, err = ranks(period); err != nil {
		return nil, err
	}
	if v.Ref, err = s.st.ReferenceData(ctx); err != nil {
		return nil, err
	}
	ok, err := s.st.HasPeriod(ctx, period-1)
	if err != nil {
		return nil, err
	}
	var prev []risk.SupplierRank
	if ok {
		if prev, _, _, err = ranks(period - 1); err != nil {
			return nil, err
		}
		v.HasPrev = true
	}
	v.YoY = risk.CompareRanks(prev, v.Ranks)
	if v.HasPrev {
		for _, ch := range v.YoY.Changes {
			v.Changes[risk.SupplierKey(ch.SupplierID, ch.Supplier)] = ch
		}
	}
	return v, nil
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
	var out []supplierLine
	for i := range v.Season.Suppliers {
		sup := &v.Season.Suppliers[i]
		k := risk.SupplierKey(sup.ID, sup.Name)
		r := rank[k]
		l := supplierLine{ID: sup.ID, Name: sup.Name, Rank: r.Rank, Score: r.Score, InRegister: sup.Register != nil,
			Open: open[k], Findings: all[k], Designations: v.cfg.Designate(sup, v.Ref.DoL)}
		if ch, ok := v.Changes[k]; ok {
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

func (v *seasonView) overview() overviewData {
	o := overviewData{Period: v.Period, Suppliers: len(v.Season.Suppliers), HasPrev: v.HasPrev,
		LowShare: v.YoY.LowShareCurrent, LowSharePrev: v.YoY.LowSharePrevious}
	o.ResponseRates = risk.ResponseRates(v.Season)
	var rr []bar
	for _, r := range o.ResponseRates {
		o.Asked += r.Asked
		o.Answered += r.Answered
		rr = append(rr, bar{Label: r.Family + " answered", Value: r.Answered, Class: "ok"},
			bar{Label: r.Family + " not answered", Value: r.Asked - r.Answered, Class: "bad"})
	}
	o.Response = barChart("Suppliers asked and answered, by template family", rr)
	for _, sup := range v.Season.Suppliers {
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

	o.Ranks = v.supplierLines()
	rk := map[risk.Rank]int{}
	for _, l := range o.Ranks {
		rk[l.Rank]++
	}
	o.RankBars = barChart("Suppliers by risk rank", []bar{
		{Label: "high", Value: rk[risk.RankHigh], Class: "sev-high"},
		{Label: "medium", Value: rk[risk.RankMedium], Class: "sev-medium"},
		{Label: "low", Value: rk[risk.RankLow], Class: "ok"}})
	sort.SliceStable(o.Ranks, func(i, j int) bool { return rankLevel(o.Ranks[i].Rank) > rankLevel(o.Ranks[j].Rank) })
	if len(o.Ranks) > 20 {
		o.Ranks = o.Ranks[:20]
	}
	o.SmelterStatus = v.smelterStatus()
	o.SAQ = v.saqOverview()
	return o
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
	for _, sup := range v.Season.Suppliers {
		for _, d := range sup.Declarations {
			for _, row := range d.Smelters {
				st := row.MatchStatus
				if row.Facility != nil {
					st = string(row.Facility.Status)
				} else if st == string(smelters.Matched) {
					st = "matched, no status on the date"
				}
				if st == "no_match" {
					st = "not matched"
				} else if st == "needs_review" {
					st = "needs review"
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

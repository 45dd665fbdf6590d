// Package season assembles what a period's reports stand on, from the
// store and the risk rules: the season read model as of a date, its
// findings computed in memory with the decisions recorded on the stored
// ones carried over (a report never writes the database), the supplier
// ranks, and the inputs of the disclosure and the feedback sheets. The CLI
// and the web dashboard call it, so both give the same report.
package season

import (
	"context"
	"time"

	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// Report is one period as the reports see it.
type Report struct {
	Period   int
	AsOf     time.Time
	Config   *risk.Config
	Ref      risk.ReferenceData
	Season   *risk.Season
	Findings []risk.Finding
	Ranks    []risk.SupplierRank
}

// Load reads a period as of a date and evaluates it with cfg.
func Load(ctx context.Context, st *store.Store, period int, asOf time.Time, cfg *risk.Config) (*Report, error) {
	ref, err := st.ReferenceData(ctx)
	if err != nil {
		return nil, err
	}
	se, err := st.Season(ctx, period, asOf)
	if err != nil {
		return nil, err
	}
	stored, err := st.Findings(ctx, store.FindingFilter{Period: period})
	if err != nil {
		return nil, err
	}
	fs := risk.CarryDecisions(risk.Evaluate(se, ref, cfg), stored)
	return &Report{Period: period, AsOf: asOf, Config: cfg, Ref: ref, Season: se, Findings: fs, Ranks: cfg.Ranks(se, fs)}, nil
}

// Disclosure is the input of the annual disclosure: this period's summary
// and ranks, and the previous period's ranks when the store has it.
func (r *Report) Disclosure(ctx context.Context, st *store.Store, co *reports.Company, created time.Time) (*reports.Disclosure, error) {
	in := &reports.Disclosure{Period: r.Period, AsOf: r.AsOf, Date: created, Company: co, Ranks: r.Ranks,
		Summary: risk.Summarize(r.Season, r.Ref, r.Findings), RankCounts: risk.RankCounts(r.Ranks),
		Data: r.Ref.Editions(), Rules: r.Config.Edition()}
	ok, err := st.HasPeriod(ctx, r.Period-1)
	if err != nil {
		return nil, err
	}
	var previous *risk.Season // nil: the store has nothing of the previous period
	if ok {
		prev, err := Load(ctx, st, r.Period-1, r.AsOf, r.Config)
		if err != nil {
			return nil, err
		}
		in.PreviousRanks, previous = prev.Ranks, prev.Season
	}
	in.PreviousRankCounts = risk.RankCounts(in.PreviousRanks)
	in.YearOnYear = risk.CompareRanks(in.PreviousRanks, in.Ranks)
	in.SAQ = r.disclosureSAQ(previous)
	return in, nil
}

// Feedback assembles one sheet per supplier with a current declaration
// (the practice the tool serves: feedback to every supplier who answered),
// each in the language of its template where a translation exists.
// Selecting one supplier is done when rendering, so that its sheet is byte
// for byte the one a full run writes.
func (r *Report) Feedback(ctx context.Context, st *store.Store, co *reports.Company, due time.Time) ([]*reports.Feedback, error) {
	langs, err := st.DeclarationLanguages(ctx, r.Period)
	if err != nil {
		return nil, err
	}
	bySupplier := map[string][]risk.Finding{}
	for _, f := range r.Findings {
		k := risk.SupplierKey(f.SupplierID, f.Supplier)
		bySupplier[k] = append(bySupplier[k], f)
	}
	ranks := map[string]risk.SupplierRank{}
	for _, rk := range r.Ranks {
		ranks[risk.SupplierKey(rk.SupplierID, rk.Supplier)] = rk
	}
	saqScores, saqAverages, saqAverageTotal := r.Config.SAQScores(r.Season)
	var out []*reports.Feedback
	for i := range r.Season.Suppliers {
		sup := &r.Season.Suppliers[i]
		if len(sup.Declarations) == 0 {
			continue
		}
		k := risk.SupplierKey(sup.ID, sup.Name)
		fb := &reports.Feedback{Period: r.Period, AsOf: r.AsOf, Due: due, SupplierID: sup.ID, Supplier: sup.Name,
			Language: reports.LanguageOf(langs[sup.Declarations[0].ID]), Rank: ranks[k],
			Drivers: r.Config.Drivers(bySupplier[k]), Findings: bySupplier[k], Concerns: risk.SmelterConcerns(sup)}
		if co != nil {
			fb.From, fb.Contact = co.Name, co.Contact
		}
		fb.SAQ = saqFeedback(r.Config, sup, len(saqScores), saqAverages, saqAverageTotal, fb.Language)
		out = append(out, fb)
	}
	return out, nil
}

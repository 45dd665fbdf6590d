package reports

import (
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

// OwnDeclaration lays a rollup and the company file out as the company's
// own declaration in a template's terms, ready for cmrt.FillTemplate.
// Per-mineral answers come from the rollup (risk.RollupRules); the company
// block and the company-level questions from the company file, except
// where the data answers them (see OwnCompanyAnswers). company may be nil.
func OwnDeclaration(l cmrt.Layout, r *risk.Rollup, company *Company, products []cmrt.Product, effective time.Time) *cmrt.Declaration {
	d := &cmrt.Declaration{Products: products}
	if len(l.MineralCells) > 0 {
		for _, m := range r.Minerals {
			d.Minerals = append(d.Minerals, m.Mineral)
		}
	}
	d.Company.EffectiveDate = effective
	d.Company.Scope = cmrt.ScopeCompany
	if len(products) > 0 {
		d.Company.Scope = cmrt.ScopeProduct
	}
	if company != nil {
		c, t := &d.Company, company.Template
		c.Name, c.Address = company.Name, company.Address
		c.Authorizer, c.AuthorizerTitle = company.Signer.Name, company.Signer.Title
		c.UniqueID, c.UniqueIDAuthority = t.UniqueID, t.UniqueIDAuthority
		c.ContactName, c.ContactEmail, c.ContactPhone = t.ContactName, t.ContactEmail, t.ContactPhone
		c.AuthorizerEmail, c.AuthorizerPhone = t.AuthorizerEmail, t.AuthorizerPhone
	}
	for _, q := range l.Questions {
		concept, ok := risk.QuestionConcept(string(l.Family), q.ID)
		if !ok {
			continue
		}
		for _, m := range r.Minerals {
			if v := m.Answers[concept]; v != "" {
				d.Answers = append(d.Answers, cmrt.Answer{Question: q.ID, Mineral: m.Mineral, Value: v})
			}
		}
	}
	responded := false
	for _, m := range r.Minerals {
		responded = responded || m.Responded > 0
	}
	answers := OwnCompanyAnswers(l, company, responded)
	for _, q := range l.CompanyQuestions {
		a, ok := answers[q.ID]
		if !ok {
			continue
		}
		if q.PerMineralRow > 0 {
			for _, m := range r.Minerals {
				if m.InScope {
					d.Answers = append(d.Answers, cmrt.Answer{Question: q.ID, Mineral: m.Mineral, Value: a.Value})
				}
			}
			continue
		}
		d.Answers = append(d.Answers, a)
	}
	for i := range r.Smelters {
		s := &r.Smelters[i]
		row := cmrt.SmelterRow{Metal: s.Metal, CID: s.CID, Name: s.Name, Country: s.Country}
		if s.Unmatched {
			row.Comments = "As declared by suppliers; matched no facility in RMI's lists."
		}
		d.Smelters = append(d.Smelters, row)
	}
	return d
}

// OwnCompanyAnswers answers the company-level questions: what the company
// file's template.answers says; otherwise the policy questions from
// policy.summary/url, the survey and review questions from the data (the
// suppliers surveyed with RMI templates, each checked against RMI's
// Checker), the filing question from regulations. The rest stays blank.
func OwnCompanyAnswers(l cmrt.Layout, company *Company, responded bool) map[string]cmrt.Answer {
	out := map[string]cmrt.Answer{}
	for _, q := range l.CompanyQuestions {
		text := strings.ToLower(q.Text)
		a := cmrt.Answer{Question: q.ID}
		switch {
		case company != nil && strings.Contains(text, "policy publicly available"):
			if company.Policy.URL != "" {
				a.Value, a.Comment = "Yes", company.Policy.URL
			} else if company.Policy.Summary != "" {
				a.Value = "No"
			}
		case company != nil && strings.Contains(text, "sourcing policy"):
			if company.Policy.URL != "" || company.Policy.Summary != "" {
				a.Value = "Yes"
				if q.CommentRequiredWhen == "Yes" && company.Policy.URL != "" {
					a.Comment = company.Policy.URL
				}
			}
		case strings.Contains(text, "survey") && responded:
			a.Value = q.Options[0] // "Yes, in conformance with IPC1755 (e.g., CMRT)" and its kin
		case strings.Contains(text, "review due diligence information") && responded:
			a.Value = "Yes"
		case company != nil && strings.Contains(text, "annual conflict minerals disclosure"):
			a.Value = company.FilingAnswer()
		}
		if company != nil {
			if v, ok := company.Template.Answers[q.ID]; ok {
				a.Value = v
			}
		}
		if a.Value != "" {
			out[q.ID] = a
		}
	}
	return out
}

package cmrt

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Result is the verdict on one declaration.
type Result struct {
	// RequiredMissing counts what the template's own Checker sheet counts as
	// "required fields remaining", computed from the canonical answers.
	RequiredMissing int
	// Problems lists, in order: what reading found, the Checker's failures
	// (Checker true, severity error), then data-quality problems.
	Problems []Problem
}

// Errors counts problems of severity error.
func (r Result) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// Check reproduces the template's Checker sheet and adds data-quality checks
// the Checker lacks. now is the clock for "future date" checks.
//
// The Checker compares answers as Excel does, but on the canonical values
// Read produced: a Chinese "是" counts as "Yes" here (and is reported as
// ANSWER_TRANSLATED), where Excel's Checker would count it missing.
func Check(d *Declaration, now time.Time) Result {
	c := &checker{d: d, l: d.Layout, now: now}
	c.problems = append(c.problems, d.notes...)
	c.company()
	c.questions()
	c.products()
	c.smelters()
	c.quality()
	return Result{RequiredMissing: c.missing, Problems: c.problems}
}

type checker struct {
	d        *Declaration
	l        Layout
	now      time.Time
	missing  int
	problems []Problem
}

func (c *checker) add(code string, sev Severity, sheet, cell, format string, args ...any) {
	c.problems = append(c.problems, Problem{Code: code, Severity: sev, Sheet: sheet, Cell: cell, Message: fmt.Sprintf(format, args...)})
}

// required records one field the Checker counts as incomplete.
func (c *checker) required(code, sheet, cell, format string, args ...any) {
	c.missing++
	c.problems = append(c.problems, Problem{Code: code, Severity: Error, Sheet: sheet, Cell: cell, Message: fmt.Sprintf(format, args...), Checker: true})
}

func (c *checker) company() {
	co, cc := c.d.Company, c.l.Company
	req := func(v, cell, label string) {
		if v == "" {
			c.required("REQUIRED_FIELD", SheetDeclaration, cell, "%s is required", label)
		}
	}
	email := func(v, cell, label string) {
		switch {
		case v == "":
			c.required("REQUIRED_FIELD", SheetDeclaration, cell, "%s is required", label)
		case !strings.Contains(v, "@"):
			c.required("EMAIL_INVALID", SheetDeclaration, cell, "%s %q is not an e-mail address (no @)", label, v)
		}
	}
	req(co.Name, cc.Name, "Company name")
	req(co.Scope, cc.Scope, "Declaration scope")
	if co.Scope != "" && co.Scope != ScopeCompany && co.Scope != ScopeProduct && co.ScopeDescription == "" {
		c.required("REQUIRED_FIELD", SheetDeclaration, cc.ScopeDescription, "Description of scope is required when the scope is %q", co.Scope)
	}
	req(co.ContactName, cc.ContactName, "Contact name")
	email(co.ContactEmail, cc.ContactEmail, "Contact e-mail")
	req(co.ContactPhone, cc.ContactPhone, "Contact phone")
	req(co.Authorizer, cc.Authorizer, "Authorizer")
	email(co.AuthorizerEmail, cc.AuthorizerEmail, "Authorizer e-mail")
	req(co.EffectiveDateText, cc.EffectiveDate, "Effective date")
}

// answer returns the answer to question id for mineral (empty for company
// questions).
func (d *Declaration) answer(id, mineral string) Answer {
	for _, a := range d.Answers {
		if a.Question == id && a.Mineral == mineral {
			return a
		}
	}
	return Answer{}
}

// Answer returns the canonical answer to a question ("1".."8" with a mineral,
// "A".."H" with mineral "").
func (d *Declaration) Answer(id, mineral string) string { return d.answer(id, mineral).Value }

func in(v string, set []string) bool {
	for _, s := range set {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// scope is the Checker's view of one mineral.
type scope struct {
	used    bool // question 2 is required
	inScope bool // questions 3+ and the Smelter List are required
	q1Yes   bool
	q2Yes   bool
}

// mineralScope follows the Checker's formulas: a mineral's question 2 is
// required unless question 1 takes it out of scope, questions 3+ unless
// question 1 or 2 do. In a gated (CMRT) Checker, question 2 is read only when
// question 1 is "Yes", questions 3+ only when both are. A blank answer
// counts as in scope.
func (c *checker) mineralScope(m string) scope {
	q1 := c.d.Answer(c.l.Questions[0].ID, m)
	s := scope{q1Yes: strings.EqualFold(q1, "Yes")}
	s.used = !in(q1, c.l.OutOfScopeQ1)
	echo2 := ""
	if len(c.l.Questions) > 1 && (s.q1Yes || !c.l.Gated) {
		echo2 = c.d.Answer(c.l.Questions[1].ID, m)
	}
	s.q2Yes = strings.EqualFold(echo2, "Yes")
	s.inScope = s.used && !in(echo2, c.l.OutOfScopeQ2)
	return s
}

// checked reports whether the Checker counts mineral slot i (EMRT 2.x
// counts six of its ten slots).
func (c *checker) checked(i int) bool { return c.l.CheckedSlots == 0 || i < c.l.CheckedSlots }

func (c *checker) needs(sc scope, n Need) bool {
	switch n {
	case NeedUsed:
		return sc.used
	case NeedInScope:
		return sc.inScope
	}
	return true
}

func (c *checker) questions() {
	if c.l.MineralsRequired && len(c.d.Minerals) == 0 {
		c.required("MINERALS_MISSING", SheetDeclaration, c.l.MineralCells[0], "pick at least one mineral the declaration covers")
	}
	if c.d.otherUnspecified {
		c.required("MINERALS_OTHER_UNSPECIFIED", SheetDeclaration, c.l.OtherCells[0], "every \"Other\" mineral needs its name in the cell below it (and only those cells may be filled)")
	}
	// The SAQ has no minerals: all its questions are company-level and
	// always required.
	companyNeeded := c.l.Family == SAQ
	for i, m := range c.d.Minerals {
		sc := c.mineralScope(m)
		if c.checked(i) && c.needs(sc, c.l.CompanyNeed) {
			companyNeeded = true
		}
		for qi, q := range c.l.Questions {
			if len(q.OnlyMinerals) > 0 && !in(m, q.OnlyMinerals) {
				continue
			}
			a := c.d.answer(q.ID, m)
			needed := c.needs(sc, q.Need)
			answered := a.Value != ""
			if c.l.Gated {
				switch q.Need {
				case NeedUsed:
					answered = answered && sc.q1Yes
				case NeedInScope:
					answered = answered && sc.q1Yes && sc.q2Yes
				}
			}
			if needed && !answered && !q.Uncounted && c.checked(i) {
				why := ""
				if a.Value != "" {
					why = fmt.Sprintf(" (the answer %q counts only once question 1", a.Value)
					if qi > 1 {
						why += " and 2 are"
					} else {
						why += " is"
					}
					why += " answered Yes)"
				}
				c.required("ANSWER_MISSING", SheetDeclaration, a.Cell, "question %s for %s is required%s", q.ID, m, why)
			}
			if q.YesFact != "" && strings.EqualFold(a.Value, "Yes") {
				c.add(q.YesFact, Info, SheetDeclaration, a.Cell, "question %s for %s answered Yes: %s", q.ID, m, q.Text)
			}
		}
	}
	for _, q := range c.l.CompanyQuestions {
		if q.PerMineralRow > 0 {
			for i, m := range c.d.Minerals {
				a := c.d.answer(q.ID, m)
				if c.checked(i) && c.mineralScope(m).inScope && a.Value == "" {
					c.required("ANSWER_MISSING", SheetDeclaration, a.Cell, "question %s for %s is required: %s", q.ID, m, q.Text)
				}
			}
			continue
		}
		a := c.d.answer(q.ID, "")
		if !companyNeeded {
			continue
		}
		commentNeeded := q.CommentRequiredWhen != "" && strings.EqualFold(a.Value, q.CommentRequiredWhen)
		switch {
		case a.Value == "":
			c.required("ANSWER_MISSING", SheetDeclaration, q.Cell, "question %s is required: %s", q.ID, q.Text)
		case q.CommentInsteadOfAnswer && !in(a.Value, q.Options):
			c.required("ANSWER_MISSING", SheetDeclaration, q.Cell, "question %s: %q is not one of the options, so RMI's Checker counts it unanswered", q.ID, a.Value)
		case q.CommentInsteadOfAnswer && commentNeeded && a.Comment == "":
			c.required(q.CommentCode, SheetDeclaration, q.CommentCell, "question %s answered %q: describe the format in the comment", q.ID, a.Value)
		case !q.CommentInsteadOfAnswer && commentNeeded && len([]rune(a.Comment)) <= 1:
			what := "put the policy's web address in the comment"
			if q.CommentCode != "URL_MISSING" {
				what = "explain in the comment"
			}
			c.required(q.CommentCode, SheetDeclaration, q.CommentCell, "question %s answered %s: %s", q.ID, a.Value, what)
		}
	}
}

func (c *checker) products() {
	if c.d.Company.Scope != ScopeProduct {
		return
	}
	pl := c.l.Products
	first := fmt.Sprintf("%s%d", pl.Number, pl.FirstRow)
	for _, p := range c.d.Products {
		if p.Row == pl.FirstRow && p.Number != "" {
			return
		}
	}
	msg := "the scope is %q: list the products, starting in %s"
	if len(c.d.Products) > 0 {
		msg += " (RMI's Checker looks only at that cell; the list starts lower)"
	}
	c.required("PRODUCTS_MISSING", SheetProductList, first, msg, ScopeProduct, first)
}

func (c *checker) smelters() {
	sl := c.l.Smelters
	if c.l.SmelterRule == SmelterRuleNone {
		return
	}
	for i, m := range c.d.Minerals {
		sc := c.mineralScope(m)
		found := false
		for _, s := range c.d.Smelters {
			if !strings.EqualFold(s.Metal, m) {
				continue
			}
			switch c.l.SmelterRule {
			case SmelterRuleLookup:
				found = s.LookupName != ""
			case SmelterRuleNameCountry:
				found = s.Name != "" && s.Country != ""
			case SmelterRuleMetal, SmelterRuleCRT:
				found = true
			}
			if found {
				break
			}
		}
		needed := sc.inScope
		if c.l.SmelterRule == SmelterRuleCRT {
			needed = c.d.Answer(c.l.Questions[0].ID, m) == "" && strings.EqualFold(c.d.Answer(c.l.Questions[1].ID, m), "Yes")
		}
		if needed && !found && c.checked(i) {
			c.required("SMELTERS_MISSING", SheetSmelterList, fmt.Sprintf("%s%d", sl.Metal, sl.FirstRow),
				"%s is in scope but no %s smelter is listed (a row with metal %s and a smelter chosen or named, with its country)", m, strings.ToLower(m), m)
		}
		if !sc.used && hasMetal(c.d.Smelters, m) {
			c.add("SMELTERS_FOR_UNUSED_METAL", Warning, SheetSmelterList, fmt.Sprintf("%s%d", sl.Metal, firstRow(c.d.Smelters, m)),
				"question 1 says %s is not used (%s), yet %d %s smelter rows are listed", m, c.d.Answer(c.l.Questions[0].ID, m), countMetal(c.d.Smelters, m), strings.ToLower(m))
		}
	}
	incomplete := false
	for _, s := range c.d.Smelters {
		if s.LookupName != SmelterNotListed {
			continue
		}
		if s.Name == "" {
			incomplete = true
			c.add("NOT_LISTED_NAME_MISSING", Warning, SheetSmelterList, fmt.Sprintf("%s%d", sl.Name, s.Row), "row %d is \"Smelter not listed\": give the smelter's name", s.Row)
		}
		if s.Country == "" {
			incomplete = true
			c.add("NOT_LISTED_COUNTRY_MISSING", Warning, SheetSmelterList, fmt.Sprintf("%s%d", sl.Country, s.Row), "row %d is \"Smelter not listed\": give the smelter's country", s.Row)
		}
	}
	if incomplete && c.l.NotListedCounted {
		c.required("NOT_LISTED_INCOMPLETE", SheetSmelterList, sl.LookupName+strconv.Itoa(sl.FirstRow), "every \"Smelter not listed\" row needs a name (column %s) and a country (column %s)", sl.Name, sl.Country)
	}
}

func hasMetal(rows []SmelterRow, m string) bool { return countMetal(rows, m) > 0 }

func countMetal(rows []SmelterRow, m string) int {
	n := 0
	for _, s := range rows {
		if strings.EqualFold(s.Metal, m) {
			n++
		}
	}
	return n
}

func firstRow(rows []SmelterRow, m string) int {
	for _, s := range rows {
		if strings.EqualFold(s.Metal, m) {
			return s.Row
		}
	}
	return 0
}

// earliestDate is the lower bound of the templates' own date validation.
var earliestDate = time.Date(2006, 12, 31, 0, 0, 0, 0, time.UTC)

func (c *checker) quality() {
	co, cc := c.d.Company, c.l.Company
	for _, e := range []struct{ v, cell, label string }{
		{co.ContactEmail, cc.ContactEmail, "Contact e-mail"},
		{co.AuthorizerEmail, cc.AuthorizerEmail, "Authorizer e-mail"},
	} {
		if !strings.Contains(e.v, "@") {
			continue // the Checker's EMAIL_INVALID already says so
		}
		for _, a := range invalidEmails(e.v) {
			c.add("EMAIL_MALFORMED", Warning, SheetDeclaration, e.cell, "%s %q is not a valid e-mail address", e.label, a)
		}
	}
	if t := co.EffectiveDate; !t.IsZero() {
		switch {
		case t.Before(earliestDate):
			c.add("DATE_IMPLAUSIBLE", Warning, SheetDeclaration, cc.EffectiveDate, "effective date %s is before the template existed", t.Format("2006-01-02"))
		case t.After(c.now.AddDate(0, 0, 1)):
			c.add("DATE_FUTURE", Warning, SheetDeclaration, cc.EffectiveDate, "effective date %s is in the future", t.Format("2006-01-02"))
		}
	}
	if cur := currentVersions(c.l.Family); len(cur) > 0 && !c.l.Current {
		c.add("TEMPLATE_OUTDATED", Info, SheetDeclaration, "J3", "%s revision %s is outdated; the current revision is %s", c.l.Family, c.l.Version, strings.Join(cur, " or "))
	}
	c.smelterQuality()
}

func (c *checker) smelterQuality() {
	sl := c.l.Smelters
	idx := newLookupIndex(c.d.Lookup)
	countries := make(map[string]bool, len(c.d.Countries))
	for _, n := range c.d.Countries {
		countries[n] = true
	}
	seen := map[string]int{}
	for _, s := range c.d.Smelters {
		cell := func(col string) string { return fmt.Sprintf("%s%d", col, s.Row) }
		if s.Metal != "" && !in(s.Metal, c.d.Minerals) {
			c.add("METAL_UNKNOWN", Warning, SheetSmelterList, cell(sl.Metal), "row %d: metal %q is not one of %s", s.Row, s.Metal, strings.Join(c.d.Minerals, ", "))
		}
		if s.Country != "" && !countries[s.Country] && len(countries) > 0 {
			c.add("COUNTRY_UNKNOWN", Warning, SheetSmelterList, cell(sl.Country), "row %d: country %q is not in the template's country list", s.Row, s.Country)
		}
		for _, a := range invalidEmails(s.ContactEmail) {
			c.add("EMAIL_MALFORMED", Warning, SheetSmelterList, cell(sl.ContactEmail), "row %d: smelter contact e-mail %q is not a valid address", s.Row, a)
		}
		if s.CID != "" {
			if _, ok := NormalizeCID(s.CID); !ok {
				c.add("CID_FORMAT", Warning, SheetSmelterList, cell(sl.CID), "row %d: %q is not an RMI smelter ID (CID followed by six digits)", s.Row, s.CID)
			} else if len(idx.byCID) > 0 {
				lr, known := idx.byCID[s.CID]
				switch {
				case !known:
					c.add("CID_UNKNOWN", Warning, SheetSmelterList, cell(sl.CID), "row %d: %s is not in this template's Smelter Look-up", s.Row, s.CID)
				case s.Metal != "" && !strings.EqualFold(lr.Metal, s.Metal):
					c.add("CID_METAL_MISMATCH", Warning, SheetSmelterList, cell(sl.Metal), "row %d: %s is a %s smelter (%s), but the row says %s", s.Row, s.CID, strings.ToLower(lr.Metal), lr.StandardName, s.Metal)
				}
			}
		}
		if s.LookupName != "" && s.LookupName != SmelterNotListed && s.LookupName != SmelterNotIdentified && len(idx.byName) > 0 {
			lr, ok := idx.byName[lookupKey(s.Metal, s.LookupName)]
			switch {
			case !ok:
				c.add("LOOKUP_NAME_UNKNOWN", Warning, SheetSmelterList, cell(sl.LookupName), "row %d: %q is not a %s name in this template's Smelter Look-up", s.Row, s.LookupName, strings.ToLower(s.Metal))
			case s.CID != "" && lr.CID != "" && lr.CID != s.CID:
				if cid, _ := NormalizeCID(lr.CID); cid != s.CID {
					c.add("CID_NAME_MISMATCH", Warning, SheetSmelterList, cell(sl.CID), "row %d: %q is %s in the Smelter Look-up, but the row gives %s", s.Row, s.LookupName, cid, s.CID)
				}
			}
		}
		key := foldKey(s.Metal) + "|"
		switch {
		case s.CID != "":
			key += s.CID
		case s.Name != "":
			key += foldKey(s.Name)
		default:
			continue
		}
		if prev, dup := seen[key]; dup {
			c.add("SMELTER_DUPLICATE", Warning, SheetSmelterList, cell(sl.Metal), "row %d lists the same %s smelter as row %d (%s)", s.Row, strings.ToLower(s.Metal), prev, firstNonEmpty(s.CID, s.Name))
		} else {
			seen[key] = s.Row
		}
	}
}

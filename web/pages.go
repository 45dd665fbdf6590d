package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// status maps an error to its HTTP status: bad input is 400, a missing
// thing 404, the rest 500.
func status(err error) int {
	var br badRequest
	switch {
	case errors.As(err, &br):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	s.render(w, r, http.StatusOK, "overview", page{Title: "Season " + itoa(period), Nav: "overview",
		Periods: periods, Period: period, AsOf: v.AsOf.Format("2006-01-02"), Data: v.over})
}

// suppliersData is the suppliers table with its filters.
type suppliersData struct {
	Lines              []supplierLine
	Q, Rank, Sort, Dir string
	Page, Pages, Total int
}

func (s *Server) suppliers(w http.ResponseWriter, r *http.Request) {
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	q := r.URL.Query()
	d := suppliersData{Q: q.Get("q"), Rank: q.Get("rank"), Sort: q.Get("sort"), Dir: q.Get("dir")}
	needle := strings.ToLower(strings.TrimSpace(d.Q))
	for _, l := range v.lines {
		if needle != "" && !strings.Contains(strings.ToLower(l.Name), needle) {
			continue
		}
		if d.Rank != "" && string(l.Rank) != d.Rank {
			continue
		}
		d.Lines = append(d.Lines, l)
	}
	less := map[string]func(a, b supplierLine) int{
		"name":      func(a, b supplierLine) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) },
		"rank":      func(a, b supplierLine) int { return rankLevel(a.Rank) - rankLevel(b.Rank) },
		"open":      func(a, b supplierLine) int { return a.Open - b.Open },
		"templates": func(a, b supplierLine) int { return len(a.Templates) - len(b.Templates) },
	}
	if d.Sort == "" {
		d.Sort = "name"
	}
	cmp, ok := less[d.Sort]
	if !ok {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("sort %q: want name, rank, open or templates", d.Sort))
		return
	}
	slices.SortStableFunc(d.Lines, func(a, b supplierLine) int {
		if d.Dir == "desc" {
			return cmp(b, a)
		}
		return cmp(a, b)
	})
	d.Lines, d.Total, d.Page, d.Pages = pageOf(r, d.Lines)
	s.render(w, r, http.StatusOK, "suppliers", page{Title: "Suppliers", Nav: "suppliers", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

// pageOf is the page of items the request asks for (?page=N, 1-based,
// clamped to the pages there are), with the number of items and of pages.
func pageOf[T any](r *http.Request, items []T) (shown []T, total, page, pages int) {
	total = len(items)
	pages = max(1, (total+pageSize-1)/pageSize)
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	page = min(max(page, 1), pages)
	return items[min((page-1)*pageSize, total):min(page*pageSize, total)], total, page, pages
}

// supplierData is one supplier's page.
type supplierData struct {
	Supplier     store.SupplierSummary
	Line         *supplierLine
	Current      []*store.DeclarationDetail
	History      []store.DeclarationSummary
	Findings     []*risk.Finding // shared with the view: read only
	FindingsBack string
}

func (s *Server) supplier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("supplier %q: want a number", r.PathValue("id")))
		return
	}
	sup, err := s.st.FindSupplier(ctx, strconv.FormatInt(id, 10))
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	v, periods, ok := s.requestView(w, r)
	if !ok {
		return
	}
	period := v.Period
	d := supplierData{Supplier: sup}
	if i, ok := v.lineByID[sup.ID]; ok {
		d.Line = &v.lines[i]
	}
	if d.History, err = s.st.Declarations(ctx, store.DeclarationFilter{SupplierID: sup.ID}); err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	lists, err := s.currentLists(ctx)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	for _, h := range d.History {
		if h.Current && h.Period == period {
			det, err := s.st.DeclarationIn(ctx, h.ID, lists, s.st.Now())
			if err != nil {
				s.fail(w, r, status(err), err)
				return
			}
			d.Current = append(d.Current, det)
		}
	}
	d.Findings = v.findings(store.FindingFilter{SupplierID: sup.ID})
	d.FindingsBack = r.URL.Path + "?period=" + itoa(period)
	s.render(w, r, http.StatusOK, "supplier", page{Title: sup.Name, Nav: "suppliers", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

// findingsData is the findings work queue.
type findingsData struct {
	Findings                                []*risk.Finding // shared with the view: read only
	Code, Severity, Status, Metal, Supplier string
	Codes                                   []string
	Suppliers                               []supplierOption
	Statuses                                []risk.Status
	AllStatuses                             []risk.Status
	Severities                              []risk.Severity
	Page, Pages, Total                      int
	Back                                    string
	User                                    string
}

func (s *Server) findings(w http.ResponseWriter, r *http.Request) {
	v, periods, ok := s.requestView(w, r) // computes and stores the period's findings when the data changed
	if !ok {
		return
	}
	period := v.Period
	q := r.URL.Query()
	d := findingsData{Code: q.Get("code"), Severity: q.Get("severity"), Status: q.Get("status"), Metal: q.Get("metal"),
		Supplier: q.Get("supplier"), Statuses: risk.SettableStatuses, AllStatuses: append(slices.Clone(risk.SettableStatuses), risk.StatusGone),
		Severities: risk.Severities, User: s.opt.User}
	f := store.FindingFilter{Period: period, Code: d.Code}
	if d.Metal != "" {
		f.Metal = smelters.NormalizeMetal(d.Metal)
	}
	if d.Severity != "" {
		sev, ok := risk.ParseSeverity(d.Severity)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, errBadRequest("severity %q: want high, medium, low or info", d.Severity))
			return
		}
		f.Severity = sev
	}
	if d.Status != "" {
		st, ok := risk.ParseStatus(d.Status)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, errBadRequest("status %q: want open, action-requested, resolved, accepted-risk or gone", d.Status))
			return
		}
		f.Status = st
	}
	if d.Supplier != "" {
		id, err := strconv.ParseInt(d.Supplier, 10, 64)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, errBadRequest("supplier %q: want a supplier ID", d.Supplier))
			return
		}
		f.SupplierID = id
	}
	list := v.findings(f)
	d.Codes = v.codes
	// A thousand suppliers: the options are built here, not by a
	// template function called a thousand times.
	d.Suppliers = make([]supplierOption, 0, len(v.lines))
	for _, l := range v.lines {
		if l.ID != 0 {
			d.Suppliers = append(d.Suppliers, supplierOption{ID: l.ID, Name: l.Name, Selected: f.SupplierID == l.ID})
		}
	}
	d.Findings, d.Total, d.Page, d.Pages = pageOf(r, list)
	d.Back = r.URL.RequestURI()
	s.render(w, r, http.StatusOK, "findings", page{Title: "Findings", Nav: "findings", Periods: periods, Period: period,
		AsOf: v.AsOf.Format("2006-01-02"), Data: d})
}

// supplierOption is a supplier in the findings filter.
type supplierOption struct {
	ID       int64
	Name     string
	Selected bool
}

// findings are the view's findings that f selects (its period aside), as
// store.Findings selects them, in the store's order: gone ones only when
// f asks for them.
func (v *seasonView) findings(f store.FindingFilter) []*risk.Finding {
	from := v.Findings
	if f.Status == risk.StatusGone {
		from = v.Gone
	}
	code := strings.ToUpper(f.Code)
	var out []*risk.Finding
	for i := range from {
		x := &from[i]
		if (f.SupplierID == 0 || x.SupplierID == f.SupplierID) && (f.Metal == "" || strings.EqualFold(x.Metal, f.Metal)) &&
			(code == "" || x.Code == code) && (f.Severity == "" || x.Severity == f.Severity) &&
			(f.Status == "" || x.Status == f.Status) {
			out = append(out, x)
		}
	}
	return out
}

// setFindingStatus is `cmrt findings set`: the same store call, recorded
// with who (the form's name, else the user who started the server) and when.
func (s *Server) setFindingStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("finding %q: want a number", r.PathValue("id")))
		return
	}
	st, ok := risk.ParseStatus(r.PostFormValue("status"))
	if !ok || st == risk.StatusGone {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("status %q: want open, action-requested, resolved or accepted-risk", r.PostFormValue("status")))
		return
	}
	by := strings.TrimSpace(r.PostFormValue("by"))
	if by == "" {
		by = s.opt.User
	}
	s.writing.Lock()
	_, err = s.st.SetFindingStatus(r.Context(), id, st, r.PostFormValue("note"), by)
	s.writing.Unlock()
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, err)
		return
	case errors.Is(err, store.ErrFindingGone):
		s.fail(w, r, http.StatusConflict, err)
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	http.Redirect(w, r, localBack(r.PostFormValue("back"), "/findings")+"#f"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// localBack accepts only a path on this server as a redirect target.
func localBack(back, def string) string {
	u, err := url.Parse(back)
	if back == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") ||
		strings.ContainsAny(back, "\\\r\n") {
		return def
	}
	u.Fragment = ""
	return u.String()
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	period, periods, err := s.periodOf(r.Context(), r)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	s.render(w, r, http.StatusOK, "reports", page{Title: "Reports", Nav: "reports", Periods: periods, Period: period,
		Data: s.reportsData()})
}

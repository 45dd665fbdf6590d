package web

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/exports"
	"github.com/openminerals/cmrt/reports"
)

// ownPath is where the company's own CMRT/EMRT form posts: an upload of
// RMI's blank template, so ServeHTTP gives it the upload limit.
const ownPath = "/reports/own"

// exportRoutes registers the Reports page's exports: the tables (GET: a
// download changes nothing) and the company's own CMRT/EMRT (POST: an
// upload).
func (s *Server) exportRoutes() {
	s.mux.HandleFunc("GET /reports/export", s.exportTable)
	s.mux.HandleFunc("POST "+ownPath, s.exportOwn)
	// The period picker of a page rendered by the POST asks for this.
	s.mux.HandleFunc("GET "+ownPath, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/reports?"+r.URL.RawQuery, http.StatusSeeOther)
	})
}

// reportsData is what the Reports page shows.
type reportsData struct {
	HasCompany bool
	Today      string // the as-of date the forms start with
	Exports    []exportChoice
	Formats    []string
	Families   []string
	Own        ownForm
}

type exportChoice struct{ Kind, About string }

// ownForm echoes the company declaration form, with the preview a
// "Preview" submit asked for.
type ownForm struct {
	Family, AsOf, Metals, Products string
	Preview                        *ownPreview
}

// ownPreview is what `cmrt export cmrt` prints: the template filled, the
// minerals in scope, the Smelter List's size, what it leaves out and RMI's
// Checker count.
type ownPreview struct {
	File, Template string
	Scope          []string
	Smelters       int
	ByName         int
	Removed        int
	Unnamed        int
	// RequiredMissing is RMI's Checker count; Missing the cells behind it.
	RequiredMissing int
	Missing         []cmrt.Problem
	LeftOut         reports.XLSXSheet
}

func (s *Server) reportsData() *reportsData {
	d := &reportsData{HasCompany: s.opt.Company != nil, Today: s.opt.Now().UTC().Format("2006-01-02"),
		Formats: exports.Formats, Families: []string{string(cmrt.CMRT), string(cmrt.EMRT)}}
	for _, k := range exports.Kinds {
		d.Exports = append(d.Exports, exportChoice{Kind: string(k), About: k.Describe()})
	}
	d.Own.Family, d.Own.AsOf = string(cmrt.CMRT), d.Today
	return d
}

// asOfOf reads the as_of date of a form or query (default: today).
func (s *Server) asOfOf(r *http.Request) (time.Time, error) {
	v := strings.TrimSpace(r.FormValue("as_of"))
	if v == "" {
		return s.opt.Now().UTC(), nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return t, errBadRequest("as-of date %q: want YYYY-MM-DD", v)
	}
	return t, nil
}

// exportTable is `cmrt export KIND --format csv|xlsx` for the period,
// downloaded. The findings are the Findings page's work queue, brought up
// to date the way that page does (as of today) before they are read.
func (s *Server) exportTable(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	kind, err := exports.ParseKind(q.Get("kind"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("%v", err))
		return
	}
	format := q.Get("format")
	if format != exports.CSV && format != exports.XLSX {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("format %q: want csv or xlsx", format))
		return
	}
	period, _, err := s.periodOf(ctx, r)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	asOf, err := s.asOfOf(r)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	if kind == exports.Findings {
		s.writing.Lock() // computing findings stores them
		_, err = s.st.ComputeFindings(ctx, period, s.opt.Now().UTC(), s.cfg, false)
		s.writing.Unlock()
		if err != nil {
			s.fail(w, r, status(err), err)
			return
		}
	}
	sheet, err := exports.Table(ctx, s.st, kind, period, asOf)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	var buf bytes.Buffer
	if err := exports.Write(&buf, sheet, format); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	sendFile(w, exports.ContentType(format), exports.FileName(kind, period, format), buf.Bytes())
}

// exportOwn is `cmrt export cmrt|emrt` over an uploaded blank template:
// the filled copy downloaded, or (the Preview button) the summary and the
// smelters left out shown on the page. Errors of the inputs are shown on
// the Reports page beside the form.
func (s *Server) exportOwn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := s.reportsData()
	form := &d.Own
	form.Family = strings.ToUpper(strings.TrimSpace(r.PostFormValue("family")))
	form.AsOf = strings.TrimSpace(r.PostFormValue("as_of"))
	form.Metals = r.PostFormValue("metals")
	form.Products = r.PostFormValue("products")
	period, periods, err := s.periodOf(ctx, r)
	show := func(code int, err error) {
		p := page{Title: "Reports", Nav: "reports", Periods: periods, Period: period, Data: d}
		if err != nil {
			s.opt.Log.Printf("%s %s: %d %v", r.Method, r.URL.Path, code, err)
			p.Error = err.Error()
		}
		s.render(w, r, code, "reports", p)
	}
	if err != nil {
		show(status(err), err)
		return
	}
	o, cleanup, err := s.ownOptions(r, period)
	defer cleanup()
	if err != nil {
		show(ownStatus(err), err)
		return
	}
	own, err := exports.MakeOwn(ctx, s.st, o)
	if err != nil {
		show(ownStatus(err), err)
		return
	}
	if r.PostFormValue("preview") == "" {
		sendFile(w, exports.ContentType(exports.XLSX), exports.OwnFileName(o.Family, period), own.Workbook)
		return
	}
	pv := &ownPreview{File: o.Name, Template: string(own.Fill.Template.Family) + " " + own.Fill.Template.Version,
		Smelters: len(own.Rollup.Smelters), ByName: own.ByName(), Removed: len(own.Rollup.Removed), Unnamed: own.Unnamed(),
		RequiredMissing: own.Fill.Check.RequiredMissing, Missing: own.Missing(), LeftOut: own.LeftOut}
	for _, m := range own.Rollup.Minerals {
		if m.InScope {
			pv.Scope = append(pv.Scope, fmt.Sprintf("%s (%d of %d suppliers responded)", m.Mineral, m.Responded, m.Relevant))
		}
	}
	form.Preview = pv
	show(http.StatusOK, nil)
}

// ownOptions reads the company declaration form: the uploaded blank saved
// to a temporary folder (read from there through inputfile, as a file named
// on the command line is), the company file uploaded or the server's, the
// metals and the products. cleanup removes the temporary folder.
func (s *Server) ownOptions(r *http.Request, period int) (o exports.OwnOptions, cleanup func(), err error) {
	cleanup = func() {}
	switch fam := cmrt.Family(strings.ToUpper(strings.TrimSpace(r.PostFormValue("family")))); fam {
	case cmrt.CMRT, cmrt.EMRT:
		o.Family = fam
	default:
		return o, cleanup, errBadRequest("family %q: want CMRT or EMRT", r.PostFormValue("family"))
	}
	o.Period = period
	if o.AsOf, err = s.asOfOf(r); err != nil {
		return o, cleanup, err
	}
	dir, err := os.MkdirTemp("", "cmrt-own-")
	if err != nil {
		return o, cleanup, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	tpl, err := savedUpload(r, "template", dir)
	if err != nil {
		return o, cleanup, err
	}
	if tpl == nil {
		return o, cleanup, errBadRequest("no template was sent: choose RMI's blank %s template (.xlsx)", o.Family)
	}
	o.Template, o.Name = tpl.Path, tpl.Name
	o.Company = s.opt.Company
	co, err := savedUpload(r, "company", dir)
	if err != nil {
		return o, cleanup, err
	}
	if co != nil {
		if o.Company, err = exports.ReadCompany(co.Path, co.Name); err != nil {
			return o, cleanup, err
		}
	}
	if m := strings.TrimSpace(r.PostFormValue("metals")); m != "" {
		o.Metals = strings.Split(m, ",")
	}
	if p := r.PostFormValue("products"); strings.TrimSpace(p) != "" {
		if len(p) > exports.MaxProductsFile {
			return o, cleanup, errBadRequest("products: more than %d MiB of text", exports.MaxProductsFile>>20)
		}
		if o.Products, err = exports.ParseProducts("products", []byte(p)); err != nil {
			return o, cleanup, err
		}
	}
	return o, cleanup, nil
}

// savedUpload saves the one file of a form field under dir (nil when the
// form sent none: a browser sends an empty part for a file input left
// empty).
func savedUpload(r *http.Request, field, dir string) (*uploaded, error) {
	if r.MultipartForm == nil {
		return nil, errBadRequest("send the form as multipart/form-data")
	}
	var files []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename != "" || fh.Size > 0 {
			files = append(files, fh)
		}
	}
	switch len(files) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, errBadRequest("%s: send one file, not %d", field, len(files))
	}
	f, err := saveUpload(files[0], filepath.Join(dir, field), field)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// ownStatus: a fault of the inputs is 422 (the page says what), a bad
// form 400, anything else 500 (with its message, never a stack).
func ownStatus(err error) int {
	var ie *exports.InputError
	if errors.As(err, &ie) {
		return http.StatusUnprocessableEntity
	}
	return status(err)
}

// sendFile answers with a download (an export or a report). The name is
// made of the kind, family, period and a supplier's slug only;
// safeFileName keeps it a plain token anyway.
func sendFile(w http.ResponseWriter, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", safeFileName(name)))
	h.Set("Content-Length", fmt.Sprint(len(data)))
	h.Set("Cache-Control", "no-store") // supplier data stays out of caches
	_, _ = w.Write(data)
}

// safeFileName keeps letters, digits, dot, hyphen and underscore.
func safeFileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if s := strings.Trim(b.String(), "."); s != "" {
		return s
	}
	return "download"
}

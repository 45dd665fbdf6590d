package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/season"
)

// reportSeason loads the period asked for as the reports see it (package
// season, as `cmrt report` does), as of today, with the PDF options; on
// failure it has answered the request and returns ok false.
func (s *Server) reportSeason(w http.ResponseWriter, r *http.Request) (rs *season.Report, o reports.Options, ok bool) {
	period, _, err := s.periodOf(r.Context(), r)
	if err == nil {
		rs, err = season.Load(r.Context(), s.st, period, s.opt.Now().UTC(), s.cfg)
	}
	if err != nil {
		s.fail(w, r, status(err), err)
		return nil, o, false
	}
	o = pdfOptions(rs)
	if err := o.CheckFonts(); err != nil {
		s.fail(w, r, http.StatusServiceUnavailable, err)
		return nil, o, false
	}
	return rs, o, true
}

// pdfOptions: A4, the default fonts, the creation date the as-of date, so
// the same data gives the same bytes as `cmrt report`.
func pdfOptions(rs *season.Report) reports.Options {
	return reports.Options{CreationDate: rs.AsOf}
}

// disclosurePDF is `cmrt report disclosure` for the period, downloaded.
func (s *Server) disclosurePDF(w http.ResponseWriter, r *http.Request) {
	rs, o, ok := s.reportSeason(w, r)
	if !ok {
		return
	}
	in, err := rs.Disclosure(r.Context(), s.st, s.opt.Company, o.CreationDate)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	pdf, err := reports.RenderDisclosure(in, o)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	sendFile(w, "application/pdf", fmt.Sprintf("disclosure-%d.pdf", rs.Period), pdf)
}

// feedbackPDF is one supplier's feedback sheet (`cmrt report feedback
// --supplier`), downloaded: byte for byte the sheet a full run writes.
func (s *Server) feedbackPDF(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("supplier %q: want a number", r.PathValue("id")))
		return
	}
	rs, o, ok := s.reportSeason(w, r)
	if !ok {
		return
	}
	sheets, err := rs.Feedback(r.Context(), s.st, s.opt.Company, rs.AsOf.AddDate(0, 0, 30))
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	var name string
	var pdf []byte
	err = reports.RenderFeedbackSheets(sheets, o, func(f *reports.Feedback) bool { return f.SupplierID == id },
		func(f *reports.Feedback, b []byte) error { name, pdf = f.FileName(), b; return nil })
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if pdf == nil {
		s.fail(w, r, http.StatusNotFound, errBadRequest("supplier %d sent no current declaration for %d", id, rs.Period))
		return
	}
	sendFile(w, "application/pdf", name, pdf)
}

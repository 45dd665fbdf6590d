// Package web is cmrt's local dashboard: server-rendered pages over the
// same store, importer, smelters and risk calls as the command line. It
// holds no SQL and no domain rule; it parses requests, calls one package
// function per action and renders html/template pages with SVG charts.
// Pages work without JavaScript.
//
// Safety for a tool that reads hostile supplier files: every page is
// escaped by html/template and control characters are shown, never
// passed on; every POST carries a per-process CSRF token and, when the
// browser sends one, an Origin naming this server; uploads are size-limited
// and go through the same readers as the CLI; the Content-Security-Policy
// allows nothing but this server.
package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openminerals/cmrt/internal/termtext"
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Upload limits: a request may carry several files; each file is then
// held to the reader's own limit (cmrt.MaxFileSize, smelters.MaxFileSize).
const (
	MaxUploadBytes = 256 << 20 // one import or lists request, all files together
	maxFormBytes   = 1 << 20   // any other form
	pageSize       = 100       // rows per page of long tables
)

// Options configure a Server.
type Options struct {
	Store *store.Store
	Rules *risk.Config // nil: the built-in rules
	// User is who status changes are recorded as when the form names nobody.
	User string
	// Now is the clock for as-of dates (default time.Now).
	Now func() time.Time
	// Auth, when set, is what every request must present with HTTP Basic
	// authentication: "user:password", or a token (any user name, the token
	// as the password). Compared in constant time.
	Auth string
	// Company is the company file the reports are signed with (nil: the
	// disclosure shows placeholders naming its keys).
	Company *reports.Company
	// MaxUpload overrides MaxUploadBytes (tests).
	MaxUpload int64
	Log       *log.Logger
}

// Server is the dashboard's http.Handler.
type Server struct {
	opt   Options
	st    *store.Store
	cfg   *risk.Config
	csrf  string
	pages map[string]*template.Template
	mux   *http.ServeMux
	// writing serialises the actions that write, so that an import and a
	// status change never interleave and shutdown can wait for them.
	writing sync.Mutex
	// views are the season views built last; changes tells them the
	// database changed (here, or in another process).
	views      viewCache
	inForce    stampCache[*store.Current]
	periodList stampCache[[]int]
	changes    *store.ChangeWatch
}

// New builds the dashboard over an open store.
func New(opt Options) (*Server, error) {
	if opt.Store == nil {
		return nil, fmt.Errorf("web: no store")
	}
	if opt.Rules == nil {
		opt.Rules = risk.DefaultConfig()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxUpload == 0 {
		opt.MaxUpload = MaxUploadBytes
	}
	if opt.User == "" {
		opt.User = "unknown"
	}
	if opt.Log == nil {
		opt.Log = log.New(io.Discard, "", 0)
	}
	token := make([]byte, 32)
	if _, err := rand.Read(token); err != nil {
		return nil, fmt.Errorf("web: CSRF token: %w", err)
	}
	s := &Server{opt: opt, st: opt.Store, cfg: opt.Rules, csrf: hex.EncodeToString(token), mux: http.NewServeMux()}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	var err error
	if s.changes, err = opt.Store.WatchChanges(context.Background()); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.routes()
	return s, nil
}

// Close releases what the server holds on the store (before the store
// is closed).
func (s *Server) Close() error {
	s.views.forget()
	s.inForce.forget()
	return s.changes.Close()
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.overview)
	s.mux.HandleFunc("GET /suppliers", s.suppliers)
	s.mux.HandleFunc("GET /suppliers/{id}", s.supplier)
	s.mux.HandleFunc("GET /smelters", s.smelters)
	s.mux.HandleFunc("GET /smelters/review", s.review)
	s.mux.HandleFunc("POST /smelters/map", s.mapSmelter)
	s.mux.HandleFunc("GET /facilities/{cid}", s.facility)
	s.mux.HandleFunc("GET /findings", s.findings)
	s.mux.HandleFunc("POST /findings/{id}/status", s.setFindingStatus)
	s.mux.HandleFunc("GET /import", s.importPage)
	s.mux.HandleFunc("POST /import", s.importFiles)
	s.mux.HandleFunc("GET /lists", s.lists)
	s.mux.HandleFunc("POST /lists", s.refreshLists)
	s.mux.HandleFunc("POST /lists/{id}/drop", s.dropSnapshot)
	s.mux.HandleFunc("GET /reports", s.reports)
	s.mux.HandleFunc("GET /reports/disclosure.pdf", s.disclosurePDF)
	s.mux.HandleFunc("GET /suppliers/{id}/feedback.pdf", s.feedbackPDF)
	s.exportRoutes()
}

// ServeHTTP sets the security headers and refuses a POST without the
// CSRF token or from another origin, before any handler runs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// same-origin, not no-referrer: under no-referrer a browser sends
	// "Origin: null" with its own forms, which the Origin check refuses.
	h.Set("Referrer-Policy", "same-origin")
	if !s.authorised(r) {
		h.Set("WWW-Authenticate", `Basic realm="cmrt", charset="UTF-8"`)
		http.Error(w, "authentication required (cmrt serve --auth)", http.StatusUnauthorized)
		return
	}
	if r.Method == http.MethodPost {
		limit := int64(maxFormBytes)
		if r.URL.Path == "/import" || r.URL.Path == "/lists" || r.URL.Path == ownPath {
			limit = s.opt.MaxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := s.checkCSRF(r); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				s.uploadError(w, r, err)
				return
			}
			s.fail(w, r, http.StatusForbidden, err)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// authorised reports whether r carries the credentials Options.Auth asks
// for (always, when it asks for none).
func (s *Server) authorised(r *http.Request) bool {
	want := s.opt.Auth
	if want == "" {
		return true
	}
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	got := pass
	if strings.Contains(want, ":") {
		got = user + ":" + pass
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// WaitIdle blocks until no writing action runs (for shutdown).
func (s *Server) WaitIdle() {
	s.writing.Lock()
	defer s.writing.Unlock()
}

// checkCSRF: the form's token must be this process's, and a browser's
// Origin (sent on every cross-site POST) must be this host.
func (s *Server) checkCSRF(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return fmt.Errorf("refused: the form was sent from another site (%s)", o)
		}
	}
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return fmt.Errorf("refused: unreadable form: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 {
		return fmt.Errorf("refused: the form's security token is missing or stale; reload the page and try again")
	}
	return nil
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"add": func(a, b int) int { return a + b },
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"join": strings.Join,
		"sub":  func(a, b float64) float64 { return a - b },
		"add1": func(a, b float64) float64 { return a + b },
		"ratio": func(a, b int) float64 {
			if b == 0 {
				return 0
			}
			return float64(a) / float64(b)
		},
		"periodStr": func(p int) string {
			if p == 0 {
				return ""
			}
			return strconv.Itoa(p)
		},
		"list": func(s ...string) []string { return s },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		// flip is the sort direction a column's link asks for: the
		// other one when the table is sorted by that column.
		"flip": func(sort, dir, col string) string {
			if sort == col && dir != "desc" {
				return "desc"
			}
			return "asc"
		},
		"statuses": func() []risk.Status { return risk.SettableStatuses },
		"str":      func(v any) string { return fmt.Sprint(v) },
		"id":       func(n int64) string { return strconv.FormatInt(n, 10) },
		"pageURL": func(base string, n int) string {
			if strings.Contains(base, "?") {
				return base + "&page=" + strconv.Itoa(n)
			}
			return base + "?page=" + strconv.Itoa(n)
		},
		"class":      classOf,
		"snapMetals": func(sn store.Snapshot) []string { return sn.Metals() },
		"query": func(base string, kv ...string) string {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			if len(v) == 0 {
				return base
			}
			return base + "?" + v.Encode()
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/charts.html")
	if err != nil {
		return fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return fmt.Errorf("web: %s: %w", n, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/page_"), ".html")
		s.pages[name] = t
	}
	return nil
}

// page is what every template receives.
type page struct {
	Title   string
	Nav     string
	CSRF    string
	Periods []int
	Period  int
	AsOf    string
	Flash   string
	Error   string
	Data    any
}

// render writes a page. Supplier text reaches the page escaped by
// html/template; termtext.CleanKeepLines then makes control and bidi characters
// visible, so a name with an ESC or a right-to-left override is seen as it
// is.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t := s.pages[name]
	if t == nil {
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	p.CSRF = s.csrf
	if p.Periods == nil {
		p.Periods, _ = s.periods(r.Context())
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.opt.Log.Printf("render %s: %v", name, err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, termtext.CleanKeepLines(buf.String()))
}

// fail renders an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	s.opt.Log.Printf("%s %s: %d %v", r.Method, r.URL.Path, status, err)
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Error: err.Error()})
}

// periodOf resolves ?period= (default: the newest period with declarations)
// and the as-of date (today).
func (s *Server) periodOf(ctx context.Context, r *http.Request) (int, []int, error) {
	periods, err := s.periods(ctx)
	if err != nil {
		return 0, nil, err
	}
	if v := r.URL.Query().Get("period"); v != "" {
		if p, err := strconv.Atoi(v); err == nil && p >= 1900 && p <= 2200 { // as cmrt's --period
			return p, periods, nil
		}
		return 0, periods, errBadRequest("period %q: want a year such as 2025", v)
	}
	if len(periods) > 0 {
		return periods[0], periods, nil
	}
	return s.opt.Now().Year(), periods, nil
}

type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func errBadRequest(format string, a ...any) error { return badRequest{fmt.Sprintf(format, a...)} }

package web

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
	"github.com/openminerals/cmrt/store"
)

// hostileName is what a supplier can be called: markup, an ESC sequence and
// a bidi override. Templates drop control characters when read, so the
// ESC reaches the store through a rename, as in cmrt's output-safety test.
const (
	hostileCompany = `<script>alert("x")</script>Hostile & Co`
	hostileRename  = "<script>alert(1)</script>\x1b[2J\u202eEvil Co"
	hostileSmelter = `<img src=x onerror=alert(1)>Gold Works`
)

type fixture struct {
	st        *store.Store
	srv       *Server
	ts        *httptest.Server
	dir       string
	hostileID int64
}

// newFixture imports the bundled samples and one hostile supplier into a
// new database and serves the dashboard over it.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "cmrt.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if _, err := importer.Run(ctx, st, []string{filepath.Join("..", "testdata", "samples")}, importer.Options{LearnLookup: true}); err != nil {
		t.Fatal(err)
	}
	hostile := writeHostileTemplate(t, dir, hostileCompany)
	sum, err := importer.Run(ctx, st, []string{hostile}, importer.Options{})
	if err != nil || sum.Imported != 1 {
		t.Fatalf("hostile import: %v %+v", err, sum)
	}
	f := &fixture{st: st, dir: dir}
	sup, err := st.FindSupplier(ctx, hostileCompany)
	if err != nil {
		t.Fatal(err)
	}
	f.hostileID = sup.ID
	if err := st.RenameSupplier(ctx, sup.ID, hostileRename); err != nil {
		t.Fatal(err)
	}
	f.srv, err = New(Options{Store: st, User: "tester", Log: log.New(os.Stderr, "web: ", 0)}) // as of today: the lists learnt from the samples are dated the day they were loaded
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.srv.Close() })
	f.ts = httptest.NewServer(f.srv)
	t.Cleanup(f.ts.Close)
	return f
}

func writeHostileTemplate(t testing.TB, dir, company string) string {
	t.Helper()
	for _, sc := range fixtures.Scenarios() {
		if sc.Name != "cmrt-6.5-complete" {
			continue
		}
		d := sc.Decl
		d.Company.Name = company
		d.Smelters = append(d.Smelters, cmrt.SmelterRow{Metal: "Gold", LookupName: cmrt.SmelterNotListed, Name: hostileSmelter, Country: "CHINA"})
		p := filepath.Join(dir, "hostile.xlsx")
		if err := synth.Write(p, d, sc.Opts); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Fatal("no cmrt-6.5-complete scenario")
	return ""
}

func (f *fixture) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(f.ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// assertSafe checks a page for the hostile names: shown as text, never as
// markup, and their control characters made visible.
func assertSafe(t *testing.T, what, body string) {
	t.Helper()
	for _, bad := range []string{"<script>", "<img src=x", "\x1b", "\u202e"} {
		if strings.Contains(body, bad) {
			t.Errorf("%s: page contains raw %q", what, bad)
		}
	}
}

func TestPagesRenderAndEscapeHostileNames(t *testing.T) {
	f := newFixture(t)
	id := itoa(int(f.hostileID))
	pages := []struct {
		path string
		want []string
	}{
		{"/?period=2025", []string{"Season 2025", "<svg", "Findings by severity", "Declared smelter rows by metal", "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J\\u202eEvil Co"}},
		{"/suppliers?period=2025", []string{"&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J\\u202eEvil Co", "/suppliers/" + id}},
		{"/suppliers?period=2025&q=evil&sort=rank&dir=desc", []string{"Evil Co", "1 suppliers"}},
		{"/suppliers/" + id + "?period=2025", []string{"Evil Co", "History across periods", "&lt;img src=x onerror=alert(1)&gt;Gold Works", "<code>"}},
		{"/smelters?period=2025", []string{"&lt;img src=x onerror=alert(1)&gt;Gold Works", "facilities"}},
		{"/smelters/review?period=2025", []string{"Needs review"}},
		{"/findings?period=2025", []string{"findings", `name="csrf"`}},
		{"/findings?period=2025&severity=high&status=open", []string{"findings"}},
		{"/import", []string{`enctype="multipart/form-data"`}},
		{"/lists", []string{"Snapshots"}},
		{"/reports", []string{"/reports/disclosure.pdf?period=", "Annual disclosure"}},
		{"/static/style.css", []string{"--accent"}},
	}
	for _, p := range pages {
		code, body := f.get(t, p.path)
		if code != http.StatusOK {
			t.Errorf("GET %s: %d\n%s", p.path, code, body)
			continue
		}
		for _, w := range p.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: want %q in the page", p.path, w)
			}
		}
		assertSafe(t, p.path, body)
	}
	// A facility page, reached from the smelters page.
	_, list := f.get(t, "/smelters?period=2025")
	m := regexp.MustCompile(`href="(/facilities/CID\d+\?period=2025)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no facility link on the smelters page")
	}
	if code, body := f.get(t, m[1]); code != http.StatusOK || !strings.Contains(body, "RMI revisions") || !strings.Contains(body, "Declared in period 2025") {
		t.Errorf("GET %s: %d\n%s", m[1], code, body)
	} else {
		assertSafe(t, m[1], body)
	}
	for _, p := range []struct {
		path string
		code int
	}{
		{"/suppliers/999999", http.StatusNotFound},
		{"/suppliers/abc", http.StatusBadRequest},
		{"/?period=abc", http.StatusBadRequest},
		{"/suppliers?sort=evil", http.StatusBadRequest},
		{"/findings?severity=evil", http.StatusBadRequest},
		{"/facilities/CID999999", http.StatusNotFound},
		{"/nowhere", http.StatusNotFound},
	} {
		if code, body := f.get(t, p.path); code != p.code {
			t.Errorf("GET %s: %d, want %d\n%s", p.path, code, p.code, body)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Get(f.ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, "default-src 'self'") {
		t.Errorf("CSP %q", got)
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
}

var findingIDRe = regexp.MustCompile(`action="/findings/(\d+)/status"`)

func TestFindingStatusChangeAndCSRF(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, "/findings")
	m := findingIDRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no finding form on the findings page")
	}
	id := m[1]
	form := url.Values{"status": {"action-requested"}, "note": {"asked <b>them</b>"}, "by": {"anna"}, "back": {"/findings?status=action-requested"}}

	// Without the token, with a wrong one, or from another site: refused, nothing changed.
	if resp, _ := f.post(t, "/findings/"+id+"/status", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	form.Set("csrf", "0000")
	if resp, _ := f.post(t, "/findings/"+id+"/status", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	form.Set("csrf", f.srv.csrf)
	req, _ := http.NewRequest("POST", f.ts.URL+"/findings/"+id+"/status", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign origin: %v %v", resp.StatusCode, err)
	}
	if _, body := f.get(t, "/findings?status=action-requested"); strings.Contains(body, `id="f`+id+`"`) {
		t.Fatal("a refused request changed the finding")
	}

	// With the token: recorded, with who and the note, and shown.
	resp, _ := f.post(t, "/findings/"+id+"/status", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/findings?status=action-requested#f"+id {
		t.Fatalf("set: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = f.get(t, "/findings?status=action-requested")
	if !strings.Contains(body, `id="f`+id+`"`) || !strings.Contains(body, "anna: open → action-requested — asked &lt;b&gt;them&lt;/b&gt;") {
		t.Errorf("the finding's new status and history are not shown:\n%s", body)
	}
	// A redirect elsewhere is not followed; a bad status is refused.
	form.Set("back", "https://evil.example/")
	form.Set("status", "resolved")
	if resp, _ := f.post(t, "/findings/"+id+"/status", form); resp.Header.Get("Location") != "/findings#f"+id {
		t.Errorf("foreign back: %q", resp.Header.Get("Location"))
	}
	form.Set("status", "gone")
	if resp, _ := f.post(t, "/findings/"+id+"/status", form); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status gone: %d", resp.StatusCode)
	}
	if resp, _ := f.post(t, "/findings/99999999/status", url.Values{"csrf": {f.srv.csrf}, "status": {"resolved"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown finding: %d", resp.StatusCode)
	}
}

package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

var (
	hiddenName  = regexp.MustCompile(`<input type="hidden" name="name" value="([^"]*)"><input type="hidden" name="metal" value="([^"]*)">`)
	candidateRe = regexp.MustCompile(`<input type="radio" name="cid" value="([^"]*)"`)
)

// TestReviewPickRematches picks a facility for a name that needs review,
// through the same store call as `cmrt smelters map`, and checks that the
// page shows its rows matched again to the facility picked.
func TestReviewPickRematches(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, "/smelters/review?period=2025")
	m, c := hiddenName.FindStringSubmatch(body), candidateRe.FindAllStringSubmatch(body, -1)
	if m == nil || len(c) < 2 {
		t.Fatalf("no needs-review item with candidates:\n%s", body)
	}
	name, metal, cid := html.UnescapeString(m[1]), html.UnescapeString(m[2]), c[1][1] // the second candidate: not the matcher's best guess
	form := url.Values{"name": {name}, "metal": {metal}, "cid": {cid}, "note": {"checked with the supplier"}, "back": {"/smelters/review?period=2025"}}
	if resp, _ := f.post(t, "/smelters/map", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("map without CSRF token: %d", resp.StatusCode)
	}
	form.Set("csrf", f.srv.csrf)
	bad := url.Values{"csrf": {f.srv.csrf}, "name": {name}, "metal": {metal}, "cid": {"CID999999"}}
	if resp, _ := f.post(t, "/smelters/map", bad); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("map to a CID in no list: %d", resp.StatusCode)
	}
	resp, _ := f.post(t, "/smelters/map", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/smelters/review?period=2025&mapped=") {
		t.Fatalf("map: %d %q", resp.StatusCode, loc)
	}
	code, body := f.get(t, loc)
	if code != http.StatusOK || !strings.Contains(body, "Decision recorded for") ||
		!strings.Contains(body, "matched → <b>"+cid+"</b>") || !strings.Contains(body, "reviewer mapping") {
		t.Fatalf("after the pick, the rows are not shown matched to %s:\n%s", cid, body)
	}
	maps, err := f.st.Mappings(t.Context())
	if err != nil || len(maps) != 1 || maps[0].CID != cid || maps[0].Name != name {
		t.Fatalf("mappings stored: %v %+v", err, maps)
	}
	// The decision sticks: the stored rows were re-matched with it.
	season, err := f.st.Season(t.Context(), 2025, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, sup := range season.Suppliers {
		for _, d := range sup.Declarations {
			for _, r := range d.Smelters {
				if smelters.MappingKey(r.Name, r.Metal) != smelters.MappingKey(name, metal) {
					continue
				}
				rows++
				if r.MatchStatus != string(smelters.Matched) || r.Facility == nil || r.Facility.CID != cid {
					t.Errorf("stored row %d of %s: %s %+v, want matched to %s", r.Row, d.File, r.MatchStatus, r.Facility, cid)
				}
			}
		}
	}
	if rows == 0 {
		t.Error("no stored row for the decision")
	}
}

// formFile is one file of a multipart form.
type formFile struct {
	field, name string
	data        []byte
}

// multipartBody is a multipart form of the CSRF token (unless empty), the
// fields and the files, with its content type.
func multipartBody(t *testing.T, csrf string, fields map[string]string, files []formFile) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if csrf != "" {
		_ = w.WriteField("csrf", csrf)
	}
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for _, f := range files {
		fw, err := w.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(f.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

func (f *fixture) upload(t *testing.T, path, csrf string, files map[string][]byte) (int, string) {
	t.Helper()
	var parts []formFile
	for name, data := range files {
		parts = append(parts, formFile{"files", name, data})
	}
	b, ct := multipartBody(t, csrf, nil, parts)
	resp, err := http.Post(f.ts.URL+path, ct, b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestImportUpload(t *testing.T) {
	f := newFixture(t)
	good := writeHostileTemplate(t, t.TempDir(), "Newcomer <i>Trading</i> GmbH")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := f.upload(t, "/import", "", map[string][]byte{"a.xlsx": data}); code != http.StatusForbidden {
		t.Errorf("import without CSRF token: %d", code)
	}
	// A bundled sample's bytes again: unchanged; a new supplier's file:
	// imported, then in the supplier list; a text file: rejected, with its
	// name and reason.
	sample, err := os.ReadFile(filepath.Join("..", "testdata", "samples", "cmrt-6.6-complete.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	code, body := f.upload(t, "/import", f.srv.csrf, map[string][]byte{
		"again.xlsx": data, "<i>not<i>.xlsx": []byte("not a workbook"), "sample.xlsx": sample})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("import with a rejected file: %d", code)
	}
	for _, want := range []string{"<b>1</b> imported", "<b>1</b> unchanged", "<b>0</b> superseded", "<b>1</b> rejected", "&lt;i&gt;not&lt;i&gt;.xlsx", "again.xlsx"} {
		if !strings.Contains(body, want) {
			t.Errorf("import summary: want %q\n%s", want, body)
		}
	}
	if strings.Contains(body, os.TempDir()+"/cmrt-upload-") {
		t.Error("the summary shows the temporary folder instead of the file's name")
	}
	assertSafe(t, "import", body)
	if _, list := f.get(t, "/suppliers?period=2025&q=newcomer"); !strings.Contains(list, "Newcomer &lt;i&gt;Trading&lt;/i&gt; GmbH") {
		t.Errorf("the imported supplier is not in the supplier list:\n%s", list)
	}
}

func TestUploadSizeLimit(t *testing.T) {
	f := newFixture(t)
	f.srv.opt.MaxUpload = 1 << 10
	code, body := f.upload(t, "/import", f.srv.csrf, map[string][]byte{"big.xlsx": bytes.Repeat([]byte("x"), 4<<10)})
	if code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized upload: %d\n%s", code, body)
	}
	if !strings.Contains(body, "the upload is larger than 1024 bytes") {
		t.Errorf("oversized upload: the page does not say why:\n%s", body)
	}
}

func TestListsUpload(t *testing.T) {
	f := newFixture(t)
	facs := smelterstest.Reference(smelterstest.Options{Seed: 7, Facilities: 15, Aliases: 30})
	path := filepath.Join(t.TempDir(), "list.csv")
	if err := smelterstest.WriteCSV(path, smelterstest.StandardTable(facs), smelterstest.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := f.upload(t, "/lists", "", map[string][]byte{"Standard_Smelter_List.csv": data}); code != http.StatusForbidden {
		t.Errorf("lists without CSRF token: %d", code)
	}
	// Undated, it would change many statuses: held back, as by `smelters refresh`.
	code, body := f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"Standard_Smelter_List.csv": data})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "has no date") || !strings.Contains(body, "tick the box above") {
		t.Fatalf("undated list upload: %d\n%s", code, body)
	}
	code, body = f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"Standard_Smelter_List_2026-08-22.csv": data})
	if code != http.StatusOK || !strings.Contains(body, "Standard_Smelter_List_2026-08-22.csv</td><td>snapshot") {
		t.Fatalf("lists upload: %d\n%s", code, body)
	}
	code, body = f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"junk.csv": []byte("a,b\n1,2\n")})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `junk.csv</td><td><span class="error">`) {
		t.Fatalf("junk list: %d\n%s", code, body)
	}
}

// TestListsWorkbookAndDrop: a workbook holding a standard list, the
// Conformant list and the revision history (and a notes sheet) refreshes
// as one snapshot per list with the notes sheet named as skipped; a drop
// needs the CSRF token and undoes the refresh of that snapshot.
func TestListsWorkbookAndDrop(t *testing.T) {
	f := newFixture(t)
	day := time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC)
	facs := smelterstest.Reference(smelterstest.Options{Seed: 9, Facilities: 20, Aliases: 30})
	revs := smelterstest.RevisionsTable([]smelters.Revision{{Metal: facs[0].Metal, CID: facs[0].CID, Name: facs[0].Name,
		Basis: "Removed", Details: "No longer an operating smelter / refiner", RevisionDate: day}})
	path := filepath.Join(t.TempDir(), "lists.xlsx")
	notes := smelterstest.Table{Sheet: "Read me", Title: []string{"notes"}}
	if err := smelterstest.WriteXLSX(path, revs, notes, smelterstest.StandardTable(facs),
		smelterstest.ConformantTable(smelterstest.Statuses(facs, 9, day))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := f.st.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code, body := f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"RMI lists 2026-08-22.xlsx": data})
	for _, want := range []string{"[CMRT_Export]", "[Revisions_StdSmelterList]", "sheet Read me skipped"} {
		if code != http.StatusOK || !strings.Contains(html.UnescapeString(body), want) {
			t.Fatalf("workbook upload: %d, no %q\n%s", code, want, body)
		}
	}
	after, err := f.st.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+3 {
		t.Fatalf("%d snapshots after the upload, want %d", len(after), len(before)+3)
	}
	last := after[len(after)-1].ID
	drop := fmt.Sprintf("/lists/%d/drop", last)
	if resp, _ := f.post(t, drop, url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("drop without CSRF token: %d", resp.StatusCode)
	}
	if resp, body := f.post(t, drop, url.Values{"csrf": {f.srv.csrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("drop: %d\n%s", resp.StatusCode, body)
	}
	left, err := f.st.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range left {
		if s.ID == last {
			t.Errorf("snapshot %d still there after the drop", last)
		}
	}
	if len(left) != len(after)-1 {
		t.Errorf("%d snapshots after the drop, want %d", len(left), len(after)-1)
	}
}

// TestAuthRefusal: with Options.Auth every request needs HTTP Basic
// credentials: none or wrong ones get 401 (with a WWW-Authenticate
// challenge), the right user:password or token gets the page.
func TestAuthRefusal(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		auth, user, pass string
		want             int
	}{
		{"anna:s3cret-pw", "", "", http.StatusUnauthorized},
		{"anna:s3cret-pw", "anna", "wrong", http.StatusUnauthorized},
		{"anna:s3cret-pw", "bob", "s3cret-pw", http.StatusUnauthorized},
		{"anna:s3cret-pw", "anna", "s3cret-pw", http.StatusOK},
		{"a-long-token-123", "anyone", "a-long-token-123", http.StatusOK},
		{"a-long-token-123", "anyone", "a-long-token-12", http.StatusUnauthorized},
	} {
		f.srv.opt.Auth = tc.auth
		req, err := http.NewRequest(http.MethodGet, f.ts.URL+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.user != "" {
			req.SetBasicAuth(tc.user, tc.pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("auth %q, sent %q:%q: %d, want %d", tc.auth, tc.user, tc.pass, resp.StatusCode, tc.want)
		}
		if tc.want == http.StatusUnauthorized && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic") {
			t.Errorf("no Basic challenge: %q", resp.Header.Get("WWW-Authenticate"))
		}
	}
	f.srv.opt.Auth = ""
}

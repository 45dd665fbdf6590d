package web

import (
	"bytes"
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
}

func multipartBody(t *testing.T, csrf string, files map[string][]byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if csrf != "" {
		_ = w.WriteField("csrf", csrf)
	}
	for name, data := range files {
		fw, err := w.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

func (f *fixture) upload(t *testing.T, path, csrf string, files map[string][]byte) (int, string) {
	t.Helper()
	b, ct := multipartBody(t, csrf, files)
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
	code, body := f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"Standard_Smelter_List.csv": data})
	if code != http.StatusOK || !strings.Contains(body, "Standard_Smelter_List.csv</td><td>snapshot") {
		t.Fatalf("lists upload: %d\n%s", code, body)
	}
	code, body = f.upload(t, "/lists", f.srv.csrf, map[string][]byte{"junk.csv": []byte("a,b\n1,2\n")})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `junk.csv</td><td><span class="error">`) {
		t.Fatalf("junk list: %d\n%s", code, body)
	}
}

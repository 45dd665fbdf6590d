package web

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/risk"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// TestExportDownloads: every table downloads as CSV and xlsx with its
// media type and file name, holds the period's known rows, and a supplier
// named like a formula stays text (an apostrophe in CSV, a string cell in
// xlsx).
func TestExportDownloads(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	sup, err := f.st.FindSupplier(ctx, "深圳华晶电子有限公司")
	if err != nil {
		t.Fatal(err)
	}
	const formula = `=HYPERLINK("http://evil.example","x")`
	if err := f.st.RenameSupplier(ctx, sup.ID, formula); err != nil {
		t.Fatal(err)
	}
	// A smelter the samples declare, matched to a facility: the smelters
	// table must list it under its CID with the supplier declaring it.
	se, err := f.st.Season(ctx, 2025, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	var metal, cid string
	for _, s := range se.Suppliers {
		if s.ID != sup.ID {
			continue
		}
		for _, d := range s.Declarations {
			for _, row := range d.Smelters {
				if row.CID != "" && metal == "" {
					metal, cid = row.Metal, row.CID
				}
			}
		}
	}
	if cid == "" {
		t.Fatal("the renamed supplier declares no matched smelter: the smelters check would prove nothing")
	}

	for _, c := range []struct {
		kind   string
		header []string
		// want is a row holding these cells in these columns.
		want map[int]string
	}{
		{"smelters", []string{"family", "metal", "cid", "standard_name"}, map[int]string{1: metal, 2: cid}},
		{"findings", []string{"id", "supplier", "severity", "code"}, map[int]string{1: formula}},
		{"suppliers", []string{"supplier_id", "supplier", "supplier_ref", "in_register"}, map[int]string{0: itoa(int(sup.ID)), 1: formula, 5: "yes"}},
		{"declarations", []string{"id", "supplier", "family", "version"}, map[int]string{1: formula, 2: "CMRT"}},
	} {
		for _, format := range []string{"csv", "xlsx"} {
			path := "/reports/export?kind=" + c.kind + "&format=" + format + "&period=2025"
			resp, err := http.Get(f.ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			wantType := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": xlsxType}[format]
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != wantType {
				t.Errorf("GET %s: %d %q, want 200 %q\n%.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), wantType, body)
				continue
			}
			if cd, want := resp.Header.Get("Content-Disposition"), `attachment; filename="`+c.kind+`-2025.`+format+`"`; cd != want {
				t.Errorf("GET %s: Content-Disposition %q, want %q", path, cd, want)
			}
			var rows [][]string
			if format == "csv" {
				r := csv.NewReader(bytes.NewReader(body))
				r.FieldsPerRecord = -1
				if rows, err = r.ReadAll(); err != nil {
					t.Fatalf("GET %s: %v", path, err)
				}
				for _, row := range rows {
					for _, cell := range row {
						if strings.HasPrefix(cell, "=") {
							t.Errorf("GET %s: cell %q would run as a formula", path, cell)
						}
					}
				}
			} else {
				x, err := excelize.OpenReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("GET %s: %v", path, err)
				}
				sheet := x.GetSheetList()[0]
				if rows, err = x.GetRows(sheet); err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for i, v := range row {
						if v == formula {
							cell, _ := excelize.CoordinatesToCellName(i+1, r+1)
							if fo, _ := x.GetCellFormula(sheet, cell); fo != "" {
								t.Errorf("GET %s: %s is a formula %q", path, cell, fo)
							}
						}
					}
				}
				x.Close()
			}
			if len(rows) < 2 || strings.Join(rows[0][:len(c.header)], ",") != strings.Join(c.header, ",") {
				t.Errorf("GET %s: %d rows, header %v; want a header starting %v and data", path, len(rows), rows[0], c.header)
				continue
			}
			found := false
			for _, row := range rows[1:] {
				match := true
				for col, v := range c.want {
					if format == "csv" && strings.HasPrefix(v, "=") {
						v = "'" + v // the CSV writer's neutralising apostrophe
					}
					if col >= len(row) || row[col] != v {
						match = false
					}
				}
				if match && c.kind == "smelters" && !strings.Contains(row[len(row)-1], formula) {
					match = false // the suppliers column names the declarer
				}
				found = found || match
			}
			if !found {
				t.Errorf("GET %s: no row with %v", path, c.want)
			}
		}
	}

	for _, bad := range []string{"/reports/export?kind=secrets&format=csv", "/reports/export?kind=smelters&format=pdf",
		"/reports/export?kind=smelters&format=csv&as_of=yesterday", "/reports/export?kind=smelters&format=csv&period=abc",
		"/reports/export?kind=smelters&format=csv&period=2025abc"} {
		if code, body := f.get(t, bad); code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400\n%.300s", bad, code, body)
		}
	}
	// The Reports page offers every table in both formats, and the form.
	_, page := f.get(t, "/reports?period=2025")
	for _, want := range []string{"/reports/export?format=csv&amp;kind=smelters&amp;period=2025", "/reports/export?format=xlsx&amp;kind=declarations&amp;period=2025",
		`action="/reports/own?period=2025#own"`, `name="template"`, `name="csrf"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the Reports page lacks %q", want)
		}
	}
}

// blankTemplate returns the bytes of one of RMI's real blank templates
// (../shared/rmi), or skips.
func blankTemplate(t *testing.T, name string) []byte {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "rmi", "templates", name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("RMI's blank template %s is not here (../shared/rmi): %v", name, err)
	}
	return b
}

// postOwn sends the company declaration form; files maps a field to a
// file name and its bytes.
func (f *fixture) postOwn(t *testing.T, csrf string, fields map[string]string, files map[string][2]string) *http.Response {
	t.Helper()
	var parts []formFile
	for field, file := range files {
		parts = append(parts, formFile{field, file[0], []byte(file[1])})
	}
	b, ct := multipartBody(t, csrf, fields, parts)
	resp, err := http.Post(f.ts.URL+"/reports/own?period=2025", ct, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExportOwnCMRTUpload: the company CMRT made from RMI's real blank
// reads back with no Checker error, the company file's block, and every
// smelter of the roll-up; Preview shows the summary and what is left out.
func TestExportOwnCMRTUpload(t *testing.T) {
	blank := blankTemplate(t, "RMI_CMRT_6.5.xlsx")
	f := newFixture(t)
	resp := f.postOwn(t, f.srv.csrf, map[string]string{"family": "CMRT", "download": "1"},
		map[string][2]string{"template": {"RMI_CMRT_6.5.xlsx", string(blank)}, "company": {"nordwind.yaml", nordwindYAML(t)}})
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType {
		t.Fatalf("POST /reports/own: %d %q\n%.2000s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="company-CMRT-2025.xlsx"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	back, err := cmrt.ReadBytes("company-CMRT-2025.xlsx", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	res := cmrt.Check(back, time.Now())
	if res.Errors() != 0 || res.RequiredMissing != 0 {
		t.Errorf("the download reads back with %d errors, %d required fields missing: %+v", res.Errors(), res.RequiredMissing, res.Problems)
	}
	if back.Company.Name != "Nordwind Components GmbH" || back.Template.Family != cmrt.CMRT || back.Template.Version != "6.5" {
		t.Errorf("read back: %s %s, company %+v", back.Template.Family, back.Template.Version, back.Company)
	}
	se, err := f.st.Season(t.Context(), 2025, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	r := risk.RollUp(se, risk.RollupOptions{Family: "CMRT", Minerals: back.Layout.Minerals})
	if len(r.Smelters) == 0 {
		t.Fatal("the samples give no smelters to export: the test would prove nothing")
	}
	got := map[string]bool{}
	for _, s := range back.Smelters {
		got[strings.ToLower(s.Metal)+" "+s.CID] = true
		if s.LookupName == cmrt.SmelterNotListed {
			got[strings.ToLower(s.Metal)+" name "+s.Name] = true
			if strings.HasPrefix(s.Comments, "CID") {
				got[strings.ToLower(s.Metal)+" "+strings.Fields(s.Comments)[0]] = true
			}
		}
	}
	for _, s := range r.Smelters {
		key := strings.ToLower(s.Metal) + " " + s.CID
		if s.Unmatched {
			key = strings.ToLower(s.Metal) + " name " + s.Name
		}
		if !got[key] {
			t.Errorf("smelter %s %s (%s) missing from the download", s.Metal, s.CID, s.Name)
		}
	}
	if len(back.Smelters) != len(r.Smelters) {
		t.Errorf("the download lists %d smelters, the roll-up %d", len(back.Smelters), len(r.Smelters))
	}

	// The EMRT from RMI's EMRT blank: the other family, the same path.
	resp = f.postOwn(t, f.srv.csrf, map[string]string{"family": "emrt"},
		map[string][2]string{"template": {"RMI_EMRT_2.1.xlsx", string(blankTemplate(t, "RMI_EMRT_2.1.xlsx"))}, "company": {"nordwind.yaml", nordwindYAML(t)}})
	emrt := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="company-EMRT-2025.xlsx"` {
		t.Fatalf("POST /reports/own EMRT: %d %q\n%.2000s", resp.StatusCode, resp.Header.Get("Content-Disposition"), emrt)
	}
	if back, err := cmrt.ReadBytes("company-EMRT-2025.xlsx", []byte(emrt)); err != nil || back.Template.Family != cmrt.EMRT || cmrt.Check(back, time.Now()).Errors() != 0 {
		t.Errorf("EMRT download read back: %v", err)
	}

	// Preview: the same declaration summarised on the page, the left-out
	// smelters listed, nothing downloaded.
	resp = f.postOwn(t, f.srv.csrf, map[string]string{"family": "CMRT", "preview": "1", "metals": "tin, Gold", "products": "number,name\nP-100,Pump <housing>\n"},
		map[string][2]string{"template": {"RMI_CMRT_6.5.xlsx", string(blank)}, "company": {"nordwind.yaml", nordwindYAML(t)}})
	page := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("preview: %d %q\n%.2000s", resp.StatusCode, resp.Header.Get("Content-Type"), page)
	}
	for _, want := range []string{"Preview: CMRT 6.5 from RMI_CMRT_6.5.xlsx", "In scope: Tin", "<b>0</b> required fields missing", "P-100,Pump &lt;housing&gt;", `value="tin, Gold"`} {
		if !strings.Contains(page, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(page, "Tantalum (") {
		t.Error("preview of a tin and gold variant has tantalum in scope")
	}
	if len(r.Removed)+len(r.Unmatched) > 0 && !strings.Contains(page, "Left out of the Smelter List") {
		t.Error("preview does not list the smelters left out")
	}
	assertSafe(t, "preview", page)
}

// TestExportOwnRefusals: a POST without the CSRF token, an oversized
// upload, a file that is no workbook, a hostile zip, a template of the
// wrong family, a filled template and bad metals are refused with a
// message on the Reports page, never a download or a stack.
func TestExportOwnRefusals(t *testing.T) {
	f := newFixture(t)
	raw := map[string][]byte{}
	for _, sc := range fixtures.Scenarios() {
		if sc.Name == "hostile-zip-bomb" || sc.Name == "hostile-not-a-zip" {
			b, err := sc.Raw()
			if err != nil {
				t.Fatal(err)
			}
			raw[sc.Name] = b
		}
	}
	if len(raw) != 2 {
		t.Fatalf("hostile fixtures: got %d of 2", len(raw))
	}
	form := map[string]string{"family": "CMRT"}
	for _, c := range []struct {
		what   string
		csrf   string
		fields map[string]string
		file   string
		data   []byte
		code   int
		want   string
	}{
		{"no CSRF token", "", form, "blank.xlsx", raw["hostile-not-a-zip"], http.StatusForbidden, "security token"},
		{"wrong CSRF token", "00", form, "blank.xlsx", raw["hostile-not-a-zip"], http.StatusForbidden, "security token"},
		{"text named .xlsx", f.srv.csrf, form, "notes.xlsx", []byte("not a workbook, just text\n"), http.StatusUnprocessableEntity, "notes.xlsx"},
		{"binary junk", f.srv.csrf, form, "junk.xlsx", raw["hostile-not-a-zip"], http.StatusUnprocessableEntity, "junk.xlsx"},
		{"zip bomb", f.srv.csrf, form, "bomb.xlsx", raw["hostile-zip-bomb"], http.StatusUnprocessableEntity, "bomb.xlsx"},
		{"no template", f.srv.csrf, form, "", nil, http.StatusBadRequest, "no template was sent"},
		{"unknown family", f.srv.csrf, map[string]string{"family": "XYZ"}, "junk.xlsx", raw["hostile-not-a-zip"], http.StatusBadRequest, "want CMRT or EMRT"},
		{"bad as-of", f.srv.csrf, map[string]string{"family": "CMRT", "as_of": "soon"}, "junk.xlsx", raw["hostile-not-a-zip"], http.StatusBadRequest, "as-of date"},
	} {
		files := map[string][2]string{}
		if c.file != "" {
			files["template"] = [2]string{c.file, string(c.data)}
		}
		resp := f.postOwn(t, c.csrf, c.fields, files)
		body := readBody(t, resp)
		if resp.StatusCode != c.code || !strings.Contains(body, c.want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %q, want %d and %q on the page\n%.1500s", c.what, resp.StatusCode, resp.Header.Get("Content-Type"), c.code, c.want, body)
		}
		if strings.Contains(body, "cmrt-own-") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: the page shows a temporary path or a stack:\n%.1500s", c.what, body)
		}
	}

	// Oversized: the request is cut at the upload limit and refused.
	f.srv.opt.MaxUpload = 1 << 10
	resp := f.postOwn(t, f.srv.csrf, form, map[string][2]string{"template": {"big.xlsx", strings.Repeat("x", 4<<10)}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "the upload is larger than 1024 bytes") {
		t.Errorf("oversized upload: %d\n%.1000s", resp.StatusCode, body)
	}
	f.srv.opt.MaxUpload = MaxUploadBytes

	blank := blankTemplate(t, "RMI_CMRT_6.5.xlsx")
	emrt := blankTemplate(t, "RMI_EMRT_2.1.xlsx")
	// A company file over its own limit: refused by the reader.
	resp = f.postOwn(t, f.srv.csrf, form, map[string][2]string{"template": {"RMI_CMRT_6.5.xlsx", string(blank)},
		"company": {"huge.yaml", "# " + strings.Repeat("x", 1<<20) + "\n"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "huge.yaml") || !strings.Contains(body, "too large") {
		t.Errorf("oversized company file: %d\n%.1500s", resp.StatusCode, body)
	}
	for _, c := range []struct {
		what   string
		fields map[string]string
		file   string
		data   []byte
		want   string
	}{
		{"EMRT given for the CMRT", form, "RMI_EMRT_2.1.xlsx", emrt, "RMI_EMRT_2.1.xlsx is EMRT 2.1, not a CMRT template"},
		{"unknown metal", map[string]string{"family": "CMRT", "metals": "tin, cobalt"}, "RMI_CMRT_6.5.xlsx", blank, `metals &#34;cobalt&#34;: CMRT 6.5 declares`},
		{"product without number", map[string]string{"family": "CMRT", "products": ",Pump\n"}, "RMI_CMRT_6.5.xlsx", blank, "line 1: a product needs its number"},
		{"bad company YAML", form, "RMI_CMRT_6.5.xlsx", blank, "bad.yaml"},
	} {
		files := map[string][2]string{"template": {c.file, string(c.data)}}
		if c.what == "bad company YAML" {
			files["company"] = [2]string{"bad.yaml", "nmae: typo\n"}
		}
		resp := f.postOwn(t, f.srv.csrf, c.fields, files)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want 422 and %q on the page\n%.1500s", c.what, resp.StatusCode, c.want, body)
		}
	}

	// A template already filled in is not blank: refused, not overwritten.
	resp = f.postOwn(t, f.srv.csrf, form, map[string][2]string{"template": {"RMI_CMRT_6.5.xlsx", string(blank)}})
	filled := readBody(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export without a company file: %d\n%.1000s", resp.StatusCode, filled)
	}
	resp = f.postOwn(t, f.srv.csrf, form, map[string][2]string{"template": {"ours.xlsx", filled}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not blank") || !strings.Contains(body, "ours.xlsx") {
		t.Errorf("filled template: %d\n%.1500s", resp.StatusCode, body)
	}
	// The period picker of the page the POST rendered leads back to Reports.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if r, err := client.Get(f.ts.URL + "/reports/own?period=2025"); err != nil || r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/reports?period=2025" {
		t.Errorf("GET /reports/own: %v %v", r, err)
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"smelters-2025.csv": "smelters-2025.csv",
		`a"b\r\n/..\x.xlsx`: "a_b_r_n_.._x.xlsx",
		"..":                "download",
		"深圳.pdf":            "__.pdf",
	} {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// nordwindYAML is the tests' company file with every key RMI's
// Declaration asks for (testdata/company-nordwind.yaml).
func nordwindYAML(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "company-nordwind.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

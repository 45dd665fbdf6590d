package web

import (
	"bytes"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/reports"
)

// TestReportDownloads: the disclosure and a supplier's feedback sheet
// download as PDFs whose text (pdftotext) holds the period's figures and
// the supplier's name; a supplier without a declaration gets a 404.
func TestReportDownloads(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils")
	}
	if err := (reports.Options{}).CheckFonts(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	f := newFixture(t)
	pdfText := func(path string) (string, http.Header) {
		t.Helper()
		resp, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Fatalf("GET %s: %d %s\n%.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		cmd := exec.Command("pdftotext", "-", "-")
		cmd.Stdin = bytes.NewReader(body)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " "), resp.Header
	}
	text, h := pdfText("/reports/disclosure.pdf?period=2025")
	for _, want := range []string{"Conflict minerals report 2025", "5. RCOI results", "Annex A: smelters and refiners"} {
		if !strings.Contains(text, want) {
			t.Errorf("disclosure lacks %q", want)
		}
	}
	if !strings.Contains(h.Get("Content-Disposition"), `filename="disclosure-2025.pdf"`) {
		t.Errorf("Content-Disposition %q", h.Get("Content-Disposition"))
	}
	sup, err := f.st.FindSupplier(t.Context(), "深圳华晶电子有限公司")
	if err != nil {
		t.Fatal(err)
	}
	text, _ = pdfText("/suppliers/" + strconv.FormatInt(sup.ID, 10) + "/feedback.pdf?period=2025")
	if !strings.Contains(text, "深圳华晶电子有限公司") {
		t.Errorf("feedback sheet lacks the supplier's name:\n%.500s", text)
	}
	if code, _ := f.get(t, "/suppliers/99999/feedback.pdf?period=2025"); code != http.StatusNotFound {
		t.Errorf("feedback of a supplier without declaration: %d, want 404", code)
	}
	_, page := f.get(t, "/suppliers/"+strconv.FormatInt(sup.ID, 10)+"?period=2025")
	if !strings.Contains(page, "/feedback.pdf?period=2025") {
		t.Error("the supplier page has no feedback sheet link")
	}
}

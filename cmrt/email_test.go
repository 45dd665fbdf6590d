package cmrt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
)

// TestEmailChecksInAFile: a malformed company address is flagged at its
// cell, a cell with two addresses is not, and the 0 that formulas leave in
// 37 empty smelter contact cells is no address at all (it used to give 37
// warnings).
func TestEmailChecksInAFile(t *testing.T) {
	var d *cmrt.Declaration
	for _, s := range fixtures.Scenarios() {
		if s.Name == "complete-english" {
			d = s.Decl
		}
	}
	d.Company.ContactEmail = "xyz.uil@.com.hk"
	d.Company.AuthorizerEmail = "ceo@acme.example; cfo@acme.example"
	base := d.Smelters
	d.Smelters = nil
	for i := 0; i < 37; i++ {
		s := base[i%len(base)]
		s.ContactEmail = "0"
		d.Smelters = append(d.Smelters, s)
	}
	d.Smelters = append(d.Smelters, base[0])
	d.Smelters[37].ContactEmail = "ops@smelter.example, sales@smelter.example"
	path := filepath.Join(t.TempDir(), "emails.xlsx")
	if err := synth.Write(path, d, synth.Options{TrimFormulaRows: true}); err != nil {
		t.Fatal(err)
	}
	got, err := cmrt.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var at []string
	for _, p := range cmrt.Check(got, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)).Problems {
		if p.Code == "EMAIL_MALFORMED" || p.Code == "EMAIL_INVALID" {
			at = append(at, p.Sheet+"!"+p.Cell)
		}
	}
	if len(at) != 1 || at[0] != "Declaration!D16" {
		t.Errorf("e-mail problems at %v, want only Declaration!D16", at)
	}
	for _, s := range got.Smelters[:37] {
		if s.ContactEmail != "" {
			t.Errorf("row %d: contact e-mail %q, want empty", s.Row, s.ContactEmail)
		}
	}
}

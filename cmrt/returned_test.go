package cmrt_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

// checkReturned checks a filled template of the project's own (Gemstone
// Declaration, SAQ) as read back: its family, revision 1.0 and language,
// the locked structure, the company and every answer as written, and
// nothing for Check to object to.
func checkReturned(t *testing.T, got, want *cmrt.Declaration, family cmrt.Family, lang string) {
	t.Helper()
	if got.Template.Family != family || got.Template.Version != "1.0" {
		t.Fatalf("template %+v, want %s 1.0", got.Template, family)
	}
	wantLang := map[string]string{"en": "English", "zh": "Chinese", "ja": "Japanese"}[lang]
	if got.Template.Language != wantLang {
		t.Errorf("language %q, want %q", got.Template.Language, wantLang)
	}
	if !got.StructureLocked {
		t.Error("structure not locked")
	}
	if !reflect.DeepEqual(got.Company, want.Company) {
		t.Errorf("company\n got %+v\nwant %+v", got.Company, want.Company)
	}
	if len(got.Answers) != len(want.Answers) {
		t.Fatalf("%d answers, want %d", len(got.Answers), len(want.Answers))
	}
	for i, a := range want.Answers {
		g := got.Answers[i]
		if g.Question != a.Question || g.Mineral != a.Mineral || g.Value != a.Value || g.Comment != a.Comment || g.Cell != a.Cell {
			t.Errorf("answer %d: got %+v, want %+v", i, g, a)
		}
	}
	res := cmrt.Check(got, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if res.RequiredMissing != 0 {
		t.Errorf("filled template: Check counts %d missing: %+v", res.RequiredMissing, res.Problems)
	}
	for _, p := range res.Problems {
		if p.Severity != cmrt.Info {
			t.Errorf("filled template: problem %+v", p)
		}
	}
}

package web

import (
	"context"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/saq"
	"github.com/openminerals/cmrt/store"
)

// TestOverviewSAQ: with two questionnaires (one all "Yes", one with the
// working-hours question "No"), the overview shows the responders, their
// average score, the low share and the SAQ rank chart; without any, none
// of it.
func TestOverviewSAQ(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "cmrt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, name := range []string{"Alpha KK", "Beta KK"} {
		d := &cmrt.Declaration{Company: cmrt.Company{Name: name, Scope: cmrt.ScopeCompany, ContactName: "A", ContactEmail: "a@example.com",
			ContactPhone: "1", Authorizer: "B", AuthorizerEmail: "b@example.com", EffectiveDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}
		for _, tq := range saq.Default().Questions() {
			v := "Yes"
			if i == 1 && tq.Question.ID == "LAB3" {
				v = "No"
			}
			d.Answers = append(d.Answers, cmrt.Answer{Question: tq.Question.ID, Value: v})
		}
		path := filepath.Join(dir, name+".xlsx")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := cmrt.WriteSAQ(f, nil, d, "en"); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if sum, err := importer.Run(context.Background(), st, []string{path}, importer.Options{}); err != nil || sum.Imported != 1 {
			t.Fatalf("import: %v %+v", err, sum)
		}
	}
	srv, err := New(Options{Store: st, User: "tester", Log: log.New(os.Stderr, "web: ", 0)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	fx := &fixture{ts: ts}
	code, body := fx.get(t, "/?period=2026")
	for _, w := range []string{"<b>2</b> responders", "average score <b>98.9%</b>", "responders by SAQ rank"} {
		if code != 200 || !strings.Contains(body, w) {
			t.Errorf("overview: %d, no %q", code, w)
		}
	}
	if i := strings.Index(body, "ranked low</div>"); i < 0 || !strings.Contains(body[max(0, i-40):i], "50") {
		t.Errorf("low share (1 of 2) missing")
	}
	if _, body := fx.get(t, "/?period=2025"); strings.Contains(body, "responders by SAQ rank") {
		t.Error("2025 has no questionnaire but shows the SAQ chart")
	}
}

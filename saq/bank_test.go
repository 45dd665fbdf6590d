package saq

import (
	"strings"
	"testing"
)

func TestDefaultBank(t *testing.T) {
	b := Default()
	if len(b.Themes) != 9 {
		t.Fatalf("%d themes, want 9", len(b.Themes))
	}
	crit := map[string]string{}
	for _, th := range b.Themes {
		if len(th.Questions) != 5 {
			t.Errorf("theme %s has %d questions, want 5", th.ID, len(th.Questions))
		}
		for _, q := range th.Questions {
			if q.RBA == "" || q.Text.JA == "" || q.Text.ZH == "" {
				t.Errorf("question %s lacks its RBA section or a translation", q.ID)
			}
			if q.Critical != nil {
				crit[q.Critical.Code] = q.ID
			}
		}
	}
	for _, c := range criticalCodes {
		if crit[c] == "" {
			t.Errorf("no critical question %s", c)
		}
	}
	if got := len(b.Questions()); got != 45 {
		t.Errorf("%d questions, want 45", got)
	}
}

func TestParseRejects(t *testing.T) {
	base := string(DefaultBankYAML())
	cases := map[string]struct{ from, to, want string }{
		"duplicate id":         {"id: GOV2,", "id: GOV1,", "GOV1: id twice"},
		"unknown critical":     {"code: CHILD_LABOUR", "code: CHILD", `critical code "CHILD"`},
		"unfavourable missing": {`unfavourable: ["No"]`, `unfavourable: ["Never"]`, `unfavourable answer "Never" is not an option`},
		"unknown field":        {"version: \"1.0\"", "version: \"1.0\"\ncolour: red", "colour"},
		"no version":           {"version: \"1.0\"", "version: \"\"", "version: missing"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(base, c.from, c.to, 1)
			if src == base {
				t.Fatalf("replacement %q not found", c.from)
			}
			_, err := Parse([]byte(src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
		})
	}
}

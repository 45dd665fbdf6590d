package saq

import (
	"fmt"
	"reflect"
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

// TestMarshalRoundTrip: the canonical YAML parses back to an equal bank,
// texts with quotes, colons, line breaks and leading spaces included, and
// the same bank always gives the same bytes and hash.
func TestMarshalRoundTrip(t *testing.T) {
	b := Default()
	q := &b.Themes[1].Questions[0]
	q.Text.EN = "  Leading spaces: \"quoted\", 'single', # not a comment\nsecond line\ttab"
	q.Text.JA = "- looks like a list: yes"
	q.Options = []Option{{Label: "Yes: fully", Points: 5}, {Label: "No", Points: 0}}
	b.Themes[2].Name.ZH = ""
	data, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, b) {
		t.Fatalf("round trip differs:\n%s", data)
	}
	again, _ := got.Marshal()
	if Hash(again) != Hash(data) || len(Hash(data)) != 64 {
		t.Errorf("hash not stable: %s vs %s", Hash(again), Hash(data))
	}
}

func TestParseLimits(t *testing.T) {
	big := append(DefaultBankYAML(), make([]byte, MaxYAMLBytes)...)
	if _, err := Parse(big); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("oversized bank: err = %v", err)
	}
	b := Default()
	for i := len(b.Themes); i <= MaxThemes; i++ {
		th := b.Themes[0]
		th.ID = fmt.Sprintf("T%d", i)
		th.Questions = []Question{{ID: fmt.Sprintf("T%dQ", i), RBA: "E1", Text: Text{EN: "?"}}}
		b.Themes = append(b.Themes, th)
	}
	if err := b.Validate(); err == nil || !strings.Contains(err.Error(), "themes, at most") {
		t.Errorf("too many themes: err = %v", err)
	}
}

// FuzzParse: whatever the bytes (an embedded bank comes from a supplier's
// file), Parse returns a bank or an error, never panics, and a bank it
// accepts marshals to YAML it parses back to the same bank.
func FuzzParse(f *testing.F) {
	f.Add(DefaultBankYAML())
	canon, _ := Default().Marshal()
	f.Add(canon)
	f.Add([]byte("version: x\nscale: [{label: a, points: 1}, {label: b, points: 0}]\nthemes: [{id: T, name: {en: t}, questions: [{id: Q, rba: r, text: {en: q}}]}]\n"))
	f.Add([]byte("a: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			return
		}
		out, err := b.Marshal()
		if err != nil {
			t.Fatalf("accepted bank does not marshal: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("canonical YAML refused: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(again, b) {
			t.Fatalf("round trip differs:\n%s", out)
		}
	})
}

// TestParseHostile: a bank of nested aliases (22 KB that decoded to four
// million questions, a gigabyte and seconds) is refused before decoding;
// a bank of thousands of faulty questions lists 50 problems and counts the
// rest.
func TestParseHostile(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: x\nscale: [{label: a, points: 1}, {label: b, points: 0}]\nthemes:\n  - &t {id: T, name: {en: t}, questions: [&q {id: Q, rba: r, text: {en: q}}")
	b.WriteString(strings.Repeat(", *q", 2000))
	b.WriteString("]}\n")
	b.WriteString(strings.Repeat("  - *t\n", 2000))
	if _, err := Parse([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "line 4: YAML anchors and aliases") {
		t.Errorf("alias bomb: err = %v", err)
	}
	b.Reset()
	b.WriteString("version: x\nscale: [{label: a, points: 1}, {label: b, points: 0}]\nthemes:\n  - {id: T, name: {en: t}, questions: [")
	b.WriteString(strings.Repeat("{id: Q, rba: r, text: {en: q}},", 2000))
	b.WriteString("]}\n")
	_, err := Parse([]byte(b.String()))
	if err == nil || strings.Count(err.Error(), "\n") != maxProblems || !strings.Contains(err.Error(), "and 1950 more problems") {
		t.Errorf("2,000 duplicate questions: %d lines, last %q", strings.Count(err.Error(), "\n"), err.Error()[strings.LastIndex(err.Error(), "\n")+1:])
	}
	// "R&D" or "*" inside a text is no anchor.
	src := strings.Replace(string(DefaultBankYAML()), "Has top management approved", "Has R&D and *management* approved", 1)
	if _, err := Parse([]byte(src)); err != nil {
		t.Errorf("& and * in a text: %v", err)
	}
}

// TestDefaultIsACopy: the default bank is parsed once, and each Default is
// a copy of it equal to a fresh parse, which a caller may change through
// and through (scale, a question's options and critical answers, the
// themes' questions) without changing the next one.
func TestDefaultIsACopy(t *testing.T) {
	fresh, err := Parse(defaultBankYAML)
	if err != nil {
		t.Fatal(err)
	}
	edited := Default()
	if !reflect.DeepEqual(edited, fresh) {
		t.Fatal("Default differs from a fresh parse of the embedded bank")
	}
	edited.Scale[0].Points = 99
	for ti := range edited.Themes {
		th := &edited.Themes[ti]
		th.Name.EN = "edited"
		for qi := range th.Questions {
			q := &th.Questions[qi]
			q.Text.EN = "edited"
			if len(q.Options) > 0 {
				q.Options[0].Label = "edited"
			}
			if q.Critical != nil {
				q.Critical.Unfavourable[0] = "edited"
				q.Critical.Code = "edited"
			}
		}
		th.Questions = append(th.Questions[:1], Question{ID: "NEW"})
	}
	if again := Default(); !reflect.DeepEqual(again, fresh) {
		t.Error("changing a Default changed the next one")
	}
}

// Package saq is the supplier self-assessment questionnaire (SAQ): its
// question bank (data, YAML) and the scoring of returned answers. The
// workbook is written and read by package cmrt like any template family
// (family SAQ); this package knows nothing of spreadsheets.
package saq

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

//go:embed bank.yaml
var defaultBankYAML []byte

// DefaultBankYAML is the embedded default bank, as `cmrt saq bank print`
// writes it (comments included, so the copy a user edits explains itself).
func DefaultBankYAML() []byte { return append([]byte(nil), defaultBankYAML...) }

// Languages are the languages a bank's texts must be given in.
var Languages = []string{"en", "ja", "zh"}

// Kinds are the five aspects each theme asks about.
var Kinds = []string{"policy", "system", "initiative", "monitoring", "improvement"}

// Critical codes: the finding is SAQ_CRITICAL_<code>.
const (
	CriticalForcedLabour = "FORCED_LABOUR"
	CriticalChildLabour  = "CHILD_LABOUR"
	CriticalWorkingHours = "WORKING_HOURS"
)

var criticalCodes = []string{CriticalForcedLabour, CriticalChildLabour, CriticalWorkingHours}

// MaxQuestions and MaxThemes bound a bank so that its workbook stays within
// the rows the reader reads of the question sheet (a heading per theme, a
// row per question).
const (
	MaxQuestions = 120
	MaxThemes    = 20
)

// maxProblems is the most problems Validate lists (then it counts).
const maxProblems = 50

// MaxYAMLBytes bounds a bank's YAML, in a file or embedded in a
// questionnaire: the default bank is about 20 KB.
const MaxYAMLBytes = 256 << 10

// Text is a text in each language.
type Text struct {
	EN string `yaml:"en"`
	JA string `yaml:"ja"`
	ZH string `yaml:"zh"`
}

// In returns the text in lang, English when lang is unknown or empty.
func (t Text) In(lang string) string {
	switch lang {
	case "ja":
		if t.JA != "" {
			return t.JA
		}
	case "zh":
		if t.ZH != "" {
			return t.ZH
		}
	}
	return t.EN
}

// Option is one answer and its points.
type Option struct {
	Label  string `yaml:"label"`
	Points int    `yaml:"points"`
}

// Critical marks a question whose unfavourable answers force a high rank.
type Critical struct {
	Code         string   `yaml:"code"`
	Unfavourable []string `yaml:"unfavourable"`
}

// Question is one question of a theme.
type Question struct {
	ID   string `yaml:"id"`
	Kind string `yaml:"kind"`
	// RBA is the section of the RBA Code of Conduct the question rests on.
	RBA  string `yaml:"rba"`
	Text Text   `yaml:"text"`
	// Options override the bank's scale for this question.
	Options  []Option  `yaml:"options,omitempty"`
	Critical *Critical `yaml:"critical,omitempty"`
}

// Theme is one of the nine themes.
type Theme struct {
	ID        string     `yaml:"id"`
	Name      Text       `yaml:"name"`
	Questions []Question `yaml:"questions"`
}

// Bank is a question bank.
type Bank struct {
	ID      string   `yaml:"id"`
	Version string   `yaml:"version"`
	Scale   []Option `yaml:"scale"`
	Themes  []Theme  `yaml:"themes"`
}

// OptionsOf returns a question's answer options: its own, else the scale.
func (b *Bank) OptionsOf(q *Question) []Option {
	if len(q.Options) > 0 {
		return q.Options
	}
	return b.Scale
}

// MaxPoints is the most a question can score.
func (b *Bank) MaxPoints(q *Question) int {
	m := 0
	for _, o := range b.OptionsOf(q) {
		m = max(m, o.Points)
	}
	return m
}

// Questions returns every question in order, with its theme.
func (b *Bank) Questions() []ThemeQuestion {
	var out []ThemeQuestion
	for ti := range b.Themes {
		for qi := range b.Themes[ti].Questions {
			out = append(out, ThemeQuestion{Theme: &b.Themes[ti], Question: &b.Themes[ti].Questions[qi]})
		}
	}
	return out
}

// ThemeQuestion is a question with its theme.
type ThemeQuestion struct {
	Theme    *Theme
	Question *Question
}

// Default returns the embedded default bank, a copy the caller may change.
func Default() *Bank { return defaultBank().clone() }

// defaultBank is the embedded bank, parsed once: parsing costs a few
// milliseconds, and a copy microseconds.
var defaultBank = sync.OnceValue(func() *Bank {
	b, err := Parse(defaultBankYAML)
	if err != nil {
		panic("saq: the embedded bank is invalid: " + err.Error())
	}
	return b
})

// clone is a deep copy of b.
func (b *Bank) clone() *Bank {
	c := *b
	c.Scale = slices.Clone(b.Scale)
	c.Themes = slices.Clone(b.Themes)
	for ti := range c.Themes {
		th := &c.Themes[ti]
		th.Questions = slices.Clone(th.Questions)
		for qi := range th.Questions {
			q := &th.Questions[qi]
			q.Options = slices.Clone(q.Options)
			if q.Critical != nil {
				cr := *q.Critical
				cr.Unfavourable = slices.Clone(cr.Unfavourable)
				q.Critical = &cr
			}
		}
	}
	return &c
}

// Parse reads and validates a bank.
func Parse(data []byte) (*Bank, error) {
	if len(data) > MaxYAMLBytes {
		return nil, fmt.Errorf("saq: question bank: %d bytes, at most %d", len(data), MaxYAMLBytes)
	}
	// An alias repeats what its anchor names without costing bytes: a few
	// KB of nested aliases decode to millions of questions. A bank needs
	// none (the printed bank has none), so they are refused before decoding.
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk.Type == token.AnchorType || tk.Type == token.AliasType {
			return nil, fmt.Errorf("saq: question bank: line %d: YAML anchors and aliases (&, *) are not allowed in a bank", tk.Position.Line)
		}
	}
	var b Bank
	if err := yaml.UnmarshalWithOptions(data, &b, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("saq: question bank: %w", err)
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return &b, nil
}

// Validate reports every problem of the bank at once, naming the theme and
// question.
func (b *Bank) Validate() error {
	var errs []error
	more := 0
	bad := func(where, format string, args ...any) {
		if len(errs) == maxProblems {
			more++
			return
		}
		errs = append(errs, fmt.Errorf("saq: question bank: %s: %s", where, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(b.Version) == "" {
		bad("version", "missing")
	}
	checkOptions := func(where string, opts []Option) {
		seen := map[string]bool{}
		for _, o := range opts {
			switch {
			case strings.TrimSpace(o.Label) == "":
				bad(where, "an option without a label")
			case seen[strings.ToLower(o.Label)]:
				bad(where, "option %q twice", o.Label)
			case o.Points < 0 || o.Points > 100:
				bad(where, "option %q has %d points (0 to 100)", o.Label, o.Points)
			}
			seen[strings.ToLower(o.Label)] = true
		}
	}
	if len(b.Scale) < 2 {
		bad("scale", "needs at least two options")
	}
	checkOptions("scale", b.Scale)
	if len(b.Themes) == 0 {
		bad("themes", "none")
	}
	themes, ids, n := map[string]bool{}, map[string]bool{}, 0
	for _, t := range b.Themes {
		where := "theme " + t.ID
		switch {
		case t.ID == "":
			bad("themes", "a theme without an id")
		case themes[t.ID]:
			bad(where, "id twice")
		}
		themes[t.ID] = true
		if t.Name.EN == "" {
			bad(where, "no English name")
		}
		if len(t.Questions) == 0 {
			bad(where, "no questions")
		}
		for qi := range t.Questions {
			q := &t.Questions[qi]
			n++
			qw := fmt.Sprintf("%s question %s", where, q.ID)
			switch {
			case q.ID == "":
				bad(where, "question %d has no id", qi+1)
			case ids[q.ID]:
				bad(qw, "id twice")
			case strings.ContainsAny(q.ID, " |;"):
				bad(qw, "id has a space, | or ;")
			}
			ids[q.ID] = true
			if q.Text.EN == "" {
				bad(qw, "no English text")
			}
			if q.RBA == "" {
				bad(qw, "no RBA Code section")
			}
			if q.Kind != "" && !slices.Contains(Kinds, q.Kind) {
				bad(qw, "kind %q (one of %s)", q.Kind, strings.Join(Kinds, ", "))
			}
			checkOptions(qw, q.Options)
			opts := b.OptionsOf(q)
			if b.MaxPoints(q) == 0 {
				bad(qw, "no option scores points")
			}
			if c := q.Critical; c != nil {
				if !slices.Contains(criticalCodes, c.Code) {
					bad(qw, "critical code %q (one of %s)", c.Code, strings.Join(criticalCodes, ", "))
				}
				if len(c.Unfavourable) == 0 {
					bad(qw, "critical without an unfavourable answer")
				}
				for _, u := range c.Unfavourable {
					if !hasLabel(opts, u) {
						bad(qw, "unfavourable answer %q is not an option", u)
					}
				}
			}
		}
	}
	if n > MaxQuestions {
		bad("themes", "%d questions, at most %d", n, MaxQuestions)
	}
	if len(b.Themes) > MaxThemes {
		bad("themes", "%d themes, at most %d", len(b.Themes), MaxThemes)
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("saq: question bank: and %d more problems", more))
	}
	return errors.Join(errs...)
}

// Marshal is the bank's canonical YAML: what a questionnaire embeds and the
// database stores, and what Hash is taken of. Parse reads it back to an
// equal bank.
func (b *Bank) Marshal() ([]byte, error) {
	data, err := yaml.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("saq: question bank: %w", err)
	}
	return data, nil
}

// Hash is the hex SHA-256 of a bank's YAML: the bank's identity in a
// questionnaire and in the database.
func Hash(yamlData []byte) string {
	h := sha256.Sum256(yamlData)
	return hex.EncodeToString(h[:])
}

func hasLabel(opts []Option, label string) bool {
	for _, o := range opts {
		if o.Label == label {
			return true
		}
	}
	return false
}

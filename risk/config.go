package risk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/openminerals/cmrt/saq"
)

// Severity ranks a finding.
type Severity string

// Severities, least to most severe.
const (
	Info   Severity = "info"
	Low    Severity = "low"
	Medium Severity = "medium"
	High   Severity = "high"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{High, Medium, Low, Info}

// Level orders severities: high 3, medium 2, low 1, info (or anything
// else) 0.
func (s Severity) Level() int {
	switch s {
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// AtLeast reports whether s is as severe as o or more.
func (s Severity) AtLeast(o Severity) bool { return s.Level() >= o.Level() }

// ParseSeverity accepts a severity name.
func ParseSeverity(s string) (Severity, bool) {
	for _, v := range Severities {
		if strings.EqualFold(strings.TrimSpace(s), string(v)) {
			return v, true
		}
	}
	return "", false
}

// Config is a rule set: what the rules weigh and when they fire. The
// defaults are built in (DefaultConfig); a YAML rules file overrides any
// part of them (LoadConfig), and `cmrt rules print` writes them out.
type Config struct {
	// Name names the rule set in every findings run.
	Name string `yaml:"name"`
	// Severities overrides a rule's default severity, by code.
	Severities map[string]Severity `yaml:"severities"`
	// Disabled rules never fire.
	Disabled []string `yaml:"disabled"`
	// Weights give each finding's contribution to its supplier's score, by
	// severity; CodeWeights override them for single codes.
	Weights     map[Severity]float64 `yaml:"weights"`
	CodeWeights map[string]float64   `yaml:"code_weights"`
	// Thresholds: a score at or above Medium ranks medium, at or above High
	// ranks high.
	Thresholds Thresholds `yaml:"thresholds"`
	// Critical findings rank their supplier high whatever the score.
	Critical []Critical `yaml:"critical"`
	// StaleMonths: a declaration whose effective date is more than this many
	// months before the end of its period is stale.
	StaleMonths int `yaml:"stale_months"`
	// ResponseRateBands gives RESPONSE_RATE_LOW's severity per answer to the
	// response-rate question; an answer not listed (100%) does not fire.
	ResponseRateBands map[string]Severity `yaml:"response_rate_bands"`
	// Designations are the criteria for Essential and Important suppliers.
	Designations DesignationCriteria `yaml:"designations"`
	// SAQ ranks the self-assessment questionnaires (package saq).
	SAQ saq.Thresholds `yaml:"saq"`
}

// Thresholds are the score boundaries of the ranks.
type Thresholds struct {
	Medium float64 `yaml:"medium"`
	High   float64 `yaml:"high"`
}

// Critical names a code that ranks a supplier high, from a minimum severity
// on (empty: any severity).
type Critical struct {
	Code        string   `yaml:"code"`
	MinSeverity Severity `yaml:"min_severity,omitempty"`
}

// DesignationCriteria decide a supplier's designations from its register
// entry (see Designate).
type DesignationCriteria struct {
	// EssentialSpendAbove: annual spend at or above it makes a supplier
	// Essential (0 disables the criterion).
	EssentialSpendAbove float64 `yaml:"essential_spend_above"`
	// ImportantSpendAbove: annual spend at or above it makes a supplier
	// Important (0 disables the criterion).
	ImportantSpendAbove float64 `yaml:"important_spend_above"`
	// HumanRightsAsEssential treats human-rights high-risk suppliers (DoL)
	// as Essential.
	HumanRightsAsEssential bool `yaml:"human_rights_as_essential"`
}

// DefaultConfig is the built-in rule set.
func DefaultConfig() *Config {
	return &Config{
		Name:        "builtin",
		Severities:  map[string]Severity{},
		Disabled:    []string{},
		Weights:     map[Severity]float64{High: 10, Medium: 3, Low: 1, Info: 0},
		CodeWeights: map[string]float64{},
		Thresholds:  Thresholds{Medium: 6, High: 20},
		Critical: []Critical{
			{Code: CodeSourcingCovered, MinSeverity: High},
			{Code: CodeSourcingCAHRA, MinSeverity: High},
			{Code: CodeSmelterRemoved},
			{Code: CodeHumanRights},
		},
		StaleMonths: 12,
		ResponseRateBands: map[string]Severity{
			"Greater than 90%": Low,
			"Greater than 75%": Low,
			"Greater than 50%": Medium,
			"50% or less":      High,
			"None":             High,
			"Did not survey":   High,
			"Unknown":          Medium,
		},
		Designations: DesignationCriteria{EssentialSpendAbove: 1_000_000, ImportantSpendAbove: 100_000, HumanRightsAsEssential: true},
		SAQ:          saq.DefaultThresholds(),
	}
}

// configFile is a rules file as written: every key optional, so that
// what is left out keeps its default (a pointer tells "absent" from zero).
type configFile struct {
	Name        *string              `yaml:"name"`
	Severities  map[string]Severity  `yaml:"severities"`
	Disabled    *[]string            `yaml:"disabled"`
	Weights     map[Severity]float64 `yaml:"weights"`
	CodeWeights map[string]float64   `yaml:"code_weights"`
	Thresholds  *struct {
		Medium *float64 `yaml:"medium"`
		High   *float64 `yaml:"high"`
	} `yaml:"thresholds"`
	Critical          *[]Critical         `yaml:"critical"`
	StaleMonths       *int                `yaml:"stale_months"`
	ResponseRateBands map[string]Severity `yaml:"response_rate_bands"`
	Designations      *struct {
		EssentialSpendAbove    *float64 `yaml:"essential_spend_above"`
		ImportantSpendAbove    *float64 `yaml:"important_spend_above"`
		HumanRightsAsEssential *bool    `yaml:"human_rights_as_essential"`
	} `yaml:"designations"`
	SAQ *struct {
		LowFrom          *float64 `yaml:"low_from"`
		MediumFrom       *float64 `yaml:"medium_from"`
		CriticalOverride *bool    `yaml:"critical_override"`
		Combine          *string  `yaml:"combine"`
	} `yaml:"saq"`
}

// LoadConfig reads a YAML rules file over the defaults: keys it gives
// replace the default's (maps are merged key by key; lists replace),
// unknown keys, codes and severities are errors.
func LoadConfig(data []byte) (*Config, error) {
	cfg := DefaultConfig()
	var over configFile
	if err := yaml.UnmarshalWithOptions(data, &over, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("rules file: %s", yaml.FormatError(err, false, true))
	}
	set := func(dst *float64, src *float64) {
		if src != nil {
			*dst = *src
		}
	}
	if over.Name != nil {
		cfg.Name = *over.Name
	}
	for k, v := range over.Severities {
		cfg.Severities[k] = v
	}
	if over.Disabled != nil {
		cfg.Disabled = *over.Disabled
	}
	for k, v := range over.Weights {
		cfg.Weights[k] = v
	}
	for k, v := range over.CodeWeights {
		cfg.CodeWeights[k] = v
	}
	if t := over.Thresholds; t != nil {
		set(&cfg.Thresholds.Medium, t.Medium)
		set(&cfg.Thresholds.High, t.High)
	}
	if over.Critical != nil {
		cfg.Critical = *over.Critical
	}
	if over.StaleMonths != nil {
		cfg.StaleMonths = *over.StaleMonths
	}
	for k, v := range over.ResponseRateBands {
		cfg.ResponseRateBands[k] = v
	}
	if d := over.Designations; d != nil {
		set(&cfg.Designations.EssentialSpendAbove, d.EssentialSpendAbove)
		set(&cfg.Designations.ImportantSpendAbove, d.ImportantSpendAbove)
		if d.HumanRightsAsEssential != nil {
			cfg.Designations.HumanRightsAsEssential = *d.HumanRightsAsEssential
		}
	}
	if q := over.SAQ; q != nil {
		set(&cfg.SAQ.LowFrom, q.LowFrom)
		set(&cfg.SAQ.MediumFrom, q.MediumFrom)
		if q.CriticalOverride != nil {
			cfg.SAQ.CriticalOverride = *q.CriticalOverride
		}
		if q.Combine != nil {
			cfg.SAQ.Combine = *q.Combine
		}
	}
	return cfg, cfg.Validate()
}

// Validate checks codes, severities and thresholds.
func (c *Config) Validate() error {
	var errs []string
	known := func(code, where string) {
		if _, ok := RuleByCode(code); !ok {
			errs = append(errs, fmt.Sprintf("%s: unknown code %q", where, code))
		}
	}
	sev := func(s Severity, where string) {
		if _, ok := ParseSeverity(string(s)); !ok {
			errs = append(errs, fmt.Sprintf("%s: unknown severity %q (want high, medium, low or info)", where, s))
		}
	}
	for code, s := range c.Severities {
		known(code, "severities")
		sev(s, "severities."+code)
	}
	for _, code := range c.Disabled {
		known(code, "disabled")
	}
	for s, w := range c.Weights {
		sev(s, "weights")
		if w < 0 {
			errs = append(errs, fmt.Sprintf("weights.%s: negative weight %g", s, w))
		}
	}
	for code, w := range c.CodeWeights {
		known(code, "code_weights")
		if w < 0 {
			errs = append(errs, fmt.Sprintf("code_weights.%s: negative weight %g", code, w))
		}
	}
	for _, cr := range c.Critical {
		known(cr.Code, "critical")
		if cr.MinSeverity != "" {
			sev(cr.MinSeverity, "critical."+cr.Code)
		}
	}
	for band, s := range c.ResponseRateBands {
		sev(s, "response_rate_bands."+band)
	}
	if c.Thresholds.Medium <= 0 || c.Thresholds.High < c.Thresholds.Medium {
		errs = append(errs, fmt.Sprintf("thresholds: want 0 < medium (%g) <= high (%g)", c.Thresholds.Medium, c.Thresholds.High))
	}
	if err := c.SAQ.Validate(); err != nil {
		errs = append(errs, "saq: "+strings.TrimPrefix(err.Error(), "saq: "))
	}
	if c.StaleMonths <= 0 {
		errs = append(errs, fmt.Sprintf("stale_months: want a positive number of months, got %d", c.StaleMonths))
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("rules file: %s", strings.Join(errs, "; "))
	}
	return nil
}

// YAML writes the rule set as a rules file.
func (c *Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# cmrt rules file: every key is optional; what is left out keeps its built-in value.\n")
	comments := yaml.CommentMap{
		"$.name":                {yaml.HeadComment(" names the rule set in every findings run")},
		"$.severities":          {yaml.HeadComment(" a rule's severity instead of its default, by code (high, medium, low, info)")},
		"$.disabled":            {yaml.HeadComment(" codes that never fire")},
		"$.weights":             {yaml.HeadComment(" a finding's weight in its supplier's score, by severity")},
		"$.code_weights":        {yaml.HeadComment(" a weight for one code instead of its severity's")},
		"$.thresholds":          {yaml.HeadComment(" score at or above medium ranks medium, at or above high ranks high")},
		"$.critical":            {yaml.HeadComment(" findings that rank their supplier high whatever the score (from min_severity on)")},
		"$.stale_months":        {yaml.HeadComment(" DECLARATION_STALE: effective date more than this many months before the end of the period")},
		"$.response_rate_bands": {yaml.HeadComment(" RESPONSE_RATE_LOW's severity per answer to the response-rate question")},
		"$.saq":                 {yaml.HeadComment(" self-assessment questionnaire: total score (percent) at or above low_from ranks low, at or above", " medium_from medium, below high; critical_override: a critical answer ranks high whatever the score;", " combine: the supplier's overall rank is the worse of the minerals and SAQ ranks (worse) or the minerals rank alone (minerals)")},
		"$.designations":        {yaml.HeadComment(" essential: spend at or above essential_spend_above, or important material and hard to replace,", " or human-rights high-risk (human_rights_as_essential); important: important material, hard to", " replace, or spend at or above important_spend_above (0 disables a spend criterion)")},
	}
	out, err := yaml.MarshalWithOptions(c, yaml.IndentSequence(true), yaml.WithComment(comments))
	if err != nil {
		return nil, err
	}
	b.Write(out)
	return b.Bytes(), nil
}

// Edition identifies the rule set in a findings run: its name and a digest
// of its content, so two runs with the same name and different weights are
// told apart.
func (c *Config) Edition() string {
	b, err := yaml.Marshal(c)
	if err != nil {
		return c.Name
	}
	h := sha256.Sum256(b)
	return c.Name + "@" + hex.EncodeToString(h[:])[:12]
}

func (c *Config) disabled(code string) bool {
	for _, d := range c.Disabled {
		if d == code {
			return true
		}
	}
	return false
}

// severity is a rule's severity under the config.
func (c *Config) severity(r *Rule) Severity {
	if s, ok := c.Severities[r.Code]; ok {
		return s
	}
	return r.Severity
}

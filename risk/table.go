package risk

import (
	"fmt"
	"strings"
)

// RuleTable is the rule table in Markdown: code, severity, OECD step,
// meaning and data source, one line per rule, generated from Rules so the
// README cannot drift from the code (a test compares them).
func RuleTable(cfg *Config) string {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	var b strings.Builder
	b.WriteString("| Code | Level | Severity | OECD step | Meaning | Data source |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for i := range Rules {
		r := &Rules[i]
		sev := string(cfg.severity(r))
		if cfg.disabled(r.Code) {
			sev = "disabled"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %s | %s |\n", r.Code, r.Level, sev, r.OECDStep,
			strings.ReplaceAll(r.Meaning, "|", `\|`), r.Source)
	}
	return b.String()
}

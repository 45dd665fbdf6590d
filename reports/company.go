package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
)

// Company is the company file (YAML): the disclosure's text that no data
// can give, written by the company. testdata/company.yaml is a commented
// example. Every field is optional; the report prints a placeholder naming
// the key of each one missing.
type Company struct {
	Name    string `yaml:"name"`
	Address string `yaml:"address"`
	Signer  struct {
		Name  string `yaml:"name"`
		Title string `yaml:"title"`
	} `yaml:"signer"`
	// Products in scope, and the company's place in the supply chain.
	Products    string `yaml:"products"`
	SupplyChain string `yaml:"supply_chain"`
	// Regulations the report answers to; default: all three.
	Regulations []string `yaml:"regulations"`
	Policy      struct {
		Summary string `yaml:"summary"`
		URL     string `yaml:"url"`
	} `yaml:"policy"`
	Governance     string `yaml:"governance"`
	Grievance      string `yaml:"grievance"`
	RecordsYears   int    `yaml:"records_years"`
	FollowUpRounds string `yaml:"follow_up_rounds"`
	// Mitigation is the steps planned for the next period.
	Mitigation []string `yaml:"mitigation"`
	Contact    string   `yaml:"contact"`
	// Template holds what only RMI's Declaration sheet asks for, used by
	// `cmrt export cmrt|emrt` for the company's own template.
	Template TemplateFields `yaml:"template"`
}

// TemplateFields are the company file's "template:" block.
type TemplateFields struct {
	UniqueID          string `yaml:"unique_id"`
	UniqueIDAuthority string `yaml:"unique_id_authority"`
	ContactName       string `yaml:"contact_name"`
	ContactEmail      string `yaml:"contact_email"`
	ContactPhone      string `yaml:"contact_phone"`
	AuthorizerEmail   string `yaml:"authorizer_email"`
	AuthorizerPhone   string `yaml:"authorizer_phone"`
	// Answers to the company-level questions by letter (CMRT A–H, EMRT
	// A–G), as the template's English options; they override what the
	// tool derives.
	Answers map[string]string `yaml:"answers"`
}

// ParseCompany reads a company file; unknown keys are an error (a typo
// would otherwise silently leave a placeholder).
func ParseCompany(name string, data []byte) (*Company, error) {
	var c Company
	if err := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField()).Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
	}
	if c.RecordsYears < 0 {
		return nil, fmt.Errorf("%s: records_years %d: want a number of years", name, c.RecordsYears)
	}
	for k := range c.Template.Answers {
		if len(k) != 1 || k < "A" || k > "I" {
			return nil, fmt.Errorf("%s: template.answers: %q is no company question (want a letter A–I)", name, k)
		}
	}
	return &c, nil
}

// FilingAnswer is CMRT question H ("required to file an annual conflict
// minerals disclosure?") from the regulations the company answers to.
func (c *Company) FilingAnswer() string {
	sec, eu := false, false
	for _, r := range c.Regulations {
		u := strings.ToUpper(r)
		sec = sec || strings.Contains(u, "SEC") || strings.Contains(u, "1502")
		eu = eu || strings.Contains(u, "EU") || strings.Contains(u, "2017/821")
	}
	switch {
	case sec && eu:
		return "Yes, with the SEC and the EU"
	case sec:
		return "Yes, with the SEC"
	case eu:
		return "Yes, with the EU"
	case len(c.Regulations) > 0:
		return "No"
	}
	return ""
}

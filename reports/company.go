package reports

import (
	"bytes"
	"fmt"

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
	return &c, nil
}

package reports

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
)

// TemplateCompany is what the company's own CMRT/EMRT reads from the company
// file (testdata/company.yaml): the keys the disclosure also reads (name,
// address, signer, policy, regulations) and, under "template:", the fields
// only RMI's Declaration sheet asks for. Keys it does not know are left to
// the disclosure's reader.
type TemplateCompany struct {
	Name    string `yaml:"name"`
	Address string `yaml:"address"`
	Signer  struct {
		Name  string `yaml:"name"`
		Title string `yaml:"title"`
	} `yaml:"signer"`
	Policy struct {
		Summary string `yaml:"summary"`
		URL     string `yaml:"url"`
	} `yaml:"policy"`
	Regulations []string `yaml:"regulations"`
	Template    struct {
		UniqueID          string `yaml:"unique_id"`
		UniqueIDAuthority string `yaml:"unique_id_authority"`
		ContactName       string `yaml:"contact_name"`
		ContactEmail      string `yaml:"contact_email"`
		ContactPhone      string `yaml:"contact_phone"`
		AuthorizerEmail   string `yaml:"authorizer_email"`
		AuthorizerPhone   string `yaml:"authorizer_phone"`
		// Answers to the company-level questions by letter (CMRT A–H,
		// EMRT A–G), as the template's English options; they override
		// what the tool derives.
		Answers map[string]string `yaml:"answers"`
	} `yaml:"template"`
}

// ParseTemplateCompany reads the company file's fields for a template.
func ParseTemplateCompany(name string, data []byte) (*TemplateCompany, error) {
	var c TemplateCompany
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
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
func (c *TemplateCompany) FilingAnswer() string {
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

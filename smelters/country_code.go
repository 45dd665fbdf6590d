package smelters

import (
	"strings"
	"sync"

	"github.com/openminerals/cmrt/cmrt"
)

// countryCodeAliases are spellings other sources use (the US DoL goods
// list, the EU CAHRA list) that countryKey does not already fold to a
// template name, keyed by countryKey's folding.
var countryCodeAliases = map[string]string{
	"kyrgyz republic":                      "KG",
	"turkey turkiye":                       "TR",
	"republic of the congo":                "CG",
	"congo republic of the":                "CG",
	"congo brazzaville":                    "CG",
	"congo kinshasa":                       "CD",
	"democratic republic of the congo drc": "CD",
	"cote d ivoire":                        "CI",
	"the gambia":                           "GM",
	"gambia the":                           "GM",
	"west bank and gaza strip":             "PS",
	"brunei":                               "BN",
	"cape verde":                           "CV",
	"micronesia":                           "FM",
	"timor leste":                          "TL",
	"east timor":                           "TL",
	"bolivia":                              "BO",
}

var (
	countryCodesOnce sync.Once
	countryCodes     map[string]string // countryKey → ISO alpha-2
	isoCodes         map[string]bool
)

// CountryCode returns the ISO 3166 alpha-2 code of a country written in any
// spelling SameCountry accepts ("Burma", "MYANMAR", "Congo, Democratic
// Republic of the", "KOREA, REPUBLIC OF", "South Korea") or as a code
// ("CD"). It returns "" for an empty, unknown or unrecognised name.
func CountryCode(name string) string {
	countryCodesOnce.Do(func() {
		countryCodes, isoCodes = map[string]string{}, map[string]bool{}
		for _, c := range cmrt.ISOCountries() {
			countryCodes[countryKey(c[1])] = c[0]
			isoCodes[c[0]] = true
		}
		for k, code := range countryCodeAliases {
			countryCodes[k] = code
		}
	})
	t := strings.TrimSpace(name)
	if len(t) == 2 && isoCodes[strings.ToUpper(t)] {
		return strings.ToUpper(t)
	}
	k := countryKey(t)
	if k == "" {
		return ""
	}
	if c, ok := countryCodes[k]; ok {
		return c
	}
	// "Cote d'Ivoire" and friends: try without the spaces punctuation left.
	return countryCodes[strings.ReplaceAll(k, " ", "")]
}

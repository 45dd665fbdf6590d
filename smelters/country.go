package smelters

import "strings"

// countryAliases maps other common spellings to the templates' upper-case
// country names (sheet C of every template), after countryKey's folding.
var countryAliases = map[string]string{
	"usa": "united states of america", "us": "united states of america",
	"united states": "united states of america", "america": "united states of america",
	"uk":             "united kingdom of great britain and northern ireland",
	"united kingdom": "united kingdom of great britain and northern ireland",
	"great britain":  "united kingdom of great britain and northern ireland",
	"england":        "united kingdom of great britain and northern ireland",
	"south korea":    "korea republic of", "korea": "korea republic of",
	"republic of korea": "korea republic of", "korea south": "korea republic of",
	"north korea": "korea democratic peoples republic of",
	"vietnam":     "viet nam",
	"russia":      "russian federation",
	"taiwan":      "taiwan province of china", "chinese taipei": "taiwan province of china",
	"taiwan roc": "taiwan province of china",
	"prc":        "china", "peoples republic of china": "china", "pr china": "china",
	"mainland china": "china",
	"bolivia":        "bolivia plurinational state of",
	"venezuela":      "venezuela bolivarian republic of",
	"iran":           "iran islamic republic of",
	"laos":           "lao peoples democratic republic", "lao pdr": "lao peoples democratic republic",
	"tanzania": "tanzania united republic of",
	"drc":      "congo democratic republic of the", "dr congo": "congo democratic republic of the",
	"democratic republic of the congo": "congo democratic republic of the",
	"democratic republic of congo":     "congo democratic republic of the",
	"uae":                              "united arab emirates",
	"czech republic":                   "czechia",
	"turkiye":                          "turkey",
	"holland":                          "netherlands",
	"the netherlands":                  "netherlands",
	"hong kong sar":                    "hong kong",
	"moldova":                          "moldova republic of",
	"syria":                            "syrian arab republic",
	"macedonia":                        "north macedonia",
	"ivory coast":                      "cote divoire",
	"swaziland":                        "eswatini",
	"burma":                            "myanmar",
	"philippines the":                  "philippines",
	"netherlands the":                  "netherlands",
	"korea the republic of":            "korea republic of",
}

// countryKey folds a country name for comparison: accents, case and
// punctuation ignored, common alternative names mapped to the templates'.
// Empty and "UNKNOWN" give "".
func countryKey(s string) string {
	k := strings.Join(splitTokens(foldLatin(s)), " ")
	if k == "unknown" || k == "n a" || k == "na" || k == "none" {
		return ""
	}
	if a, ok := countryAliases[k]; ok {
		return a
	}
	return k
}

// SameCountry reports whether two country names agree. It is false when
// either is empty or unknown: nothing agrees with nothing.
func SameCountry(a, b string) bool {
	ka, kb := countryKey(a), countryKey(b)
	return ka != "" && ka == kb
}

package synth

import (
	"slices"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

// What the generator shares with package cmrt's reader, taken from it
// rather than copied, so that what is written is what Read expects.

// countries is the templates' country list (sheet C): ISO code and RMI's name.
var countries = cmrt.ISOCountries()

// cmrtLanguages are the CMRT's ten Declaration!D3 options, the column order
// of labelTranslations and cmrt.OptionTranslations.
var cmrtLanguages = func() []string {
	l, err := cmrt.LookupLayout(cmrt.CMRT, cmrt.CurrentVersion(cmrt.CMRT))
	if err != nil {
		panic("synth: no current CMRT layout: " + err.Error())
	}
	return l.Languages
}()

// excelEpoch is day 0 of Excel's 1900 date system (shifted by its fictitious
// 29 Feb 1900), for writing dates as serial numbers.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// sameText is true when a and b are the same non-empty text as Read compares
// it (case, spacing, punctuation and width ignored).
func sameText(a, b string) bool {
	_, ok := cmrt.MatchOption(a, []string{b})
	return ok
}

// containsFold reports whether set holds v, ignoring case.
func containsFold(set []string, v string) bool {
	return slices.ContainsFunc(set, func(s string) bool { return strings.EqualFold(s, v) })
}

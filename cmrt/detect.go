package cmrt

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/openminerals/cmrt/internal/xlsx"
)

var (
	reRevision = regexp.MustCompile(`(?i)(?:revision|version)\s*([0-9]+(?:\.[0-9]+)*)`)
	reFamily   = regexp.MustCompile(`(?:^|[^A-Z])(CMRT|EMRT|CRT|AMRT)(?:[^A-Z]|$)`)
)

// familyTitles maps Revision!B3 (a literal English title in every RMI file)
// to the family.
var familyTitles = map[string]Family{
	foldKey("Conflict Minerals Reporting Template"):   CMRT,
	foldKey("Extended Mineral Reporting Template"):    EMRT,
	foldKey("Extended Minerals Reporting Template"):   EMRT,
	foldKey("Cobalt Reporting Template"):              CRT,
	foldKey("Additional Minerals Reporting Template"): AMRT,
	foldKey(GemstoneTitle):                            GEM,
	foldKey(SAQTitle):                                 SAQ,
}

// familyFromText finds the family in a title such as
// "Conflict Minerals Reporting Template (CMRT)" or a localised one that
// keeps the acronym, possibly in full-width brackets.
func familyFromText(s string) (Family, bool) {
	k := foldKey(s)
	for title, f := range familyTitles {
		if strings.HasPrefix(k, title) {
			return f, true
		}
	}
	m := reFamily.FindStringSubmatch(strings.ToUpper(foldWidth(s)))
	if m == nil {
		return "", false
	}
	return Family(m[1]), true
}

// detect decides family and version from the file's content: Revision!B3 or
// the cached title in Declaration!D2 for the family, Declaration!J3 for the
// revision (LAYOUTS.md §8).
//
// It returns the file's own revision, and newer when the layout is the
// family's latest one standing in for a revision newer than any known (the
// caller must then verify the layout's anchors).
func detect(revisionTitle string, decl *xlsx.Grid) (l Layout, version string, newer bool, err error) {
	title := cleanText(decl.Cell("D2").Value)
	family, ok := familyFromText(revisionTitle)
	if !ok {
		family, ok = familyFromText(title)
	}
	j3 := cleanText(decl.Cell("J3").Value)
	if !ok {
		return Layout{}, "", false, fmt.Errorf("%w: no RMI template title found (Revision!B3 %q, Declaration!D2 %q)", ErrUnsupported, revisionTitle, title)
	}
	m := reRevision.FindStringSubmatch(j3)
	if m == nil {
		return Layout{}, "", false, fmt.Errorf("%w: %s without a revision in Declaration!J3 (found %q)", ErrUnsupported, family, j3)
	}
	l, newer, err = layoutFor(family, m[1])
	return l, m[1], newer, err
}

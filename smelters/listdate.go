package smelters

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Where a list's date came from (List.DateSource), most trusted first
// after the user's own --date. "" means the list is undated.
const (
	DateGiven            = "given"                 // Options.ListDate (--date)
	DateContent          = "content"               // a title line above the header
	DateSheetName        = "sheet name"            // "Active Smelters10-18-2024"
	DateRevisionColumn   = "revision date column"  // latest Revision Date of a revision history
	DateTemplateRevision = "template revision"     // a template's Declaration!J3
	DateFileName         = "file name"             // "…_20260822", "2026-08-22"
	DateFileNameYear     = "file name (year only)" // "…2023…": 1 January of that year
	DateDocumentCreated  = "document created"      // SpreadsheetML <Created>, RMI's export time
)

// listDate finds a list's date; the README's "How a list's date is found"
// states the order. Document properties that record when a file was last
// saved (SpreadsheetML LastSaved, an .xlsx's docProps) never count: a
// re-saved old list would look new.
func listDate(l *List, opt Options, g grid, f file) (time.Time, string) {
	if !opt.ListDate.IsZero() {
		return opt.ListDate.UTC().Truncate(24 * time.Hour), DateGiven
	}
	for i := 0; i < l.HeaderRow-1 && i < len(g.rows); i++ {
		for _, cell := range g.rows[i] {
			if t, ok := dateInTitle(cell); ok {
				return t, DateContent
			}
		}
	}
	if t, ok := dateInTitle(g.name); ok {
		return t, DateSheetName
	}
	if l.Kind == KindRevisions {
		var latest time.Time
		for _, r := range l.Revisions {
			if r.RevisionDate.After(latest) {
				latest = r.RevisionDate
			}
		}
		if !latest.IsZero() {
			return latest, DateRevisionColumn
		}
	}
	if l.Kind == KindLookup && f.revision != "" {
		if t, ok := dateInTitle(f.revision); ok {
			return t, DateTemplateRevision
		}
	}
	if t, ok := dateInTitle(l.Source); ok {
		return t, DateFileName
	}
	if t, ok := yearInName(l.Source); ok {
		return t, DateFileNameYear
	}
	if t, ok := ParseDate(f.created); ok && strings.Contains(f.created, "-") {
		return t, DateDocumentCreated
	}
	return time.Time{}, ""
}

var (
	months           = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`
	dayMonthYearRE   = regexp.MustCompile(`(?i)(?:^|[^0-9A-Za-z])(\d{1,2})(?:st|nd|rd|th)?[\s\-.]+` + months + `\.?[\s\-.,]+((?:19|20)\d\d)(?:[^0-9]|$)`)
	monthDayYearRE   = regexp.MustCompile(`(?i)(?:^|[^A-Za-z])` + months + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?:[^0-9]|$)`)
	yearInNameRE     = regexp.MustCompile(`(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)`)
	monthByThreeChar = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

// dateInTitle finds a full date (day, month, year) in a title line, sheet
// or file name: ISO (2026-08-22, 20260822), US (08-22-2026), "22 August
// 2026", "Aug 22, 2026". A number alone is not a date here: an .xlsx date
// cell is a serial number only its style tells apart from a count.
func dateInTitle(s string) (time.Time, bool) {
	if len(s) > 500 || strings.TrimSpace(s) == "" {
		return time.Time{}, false
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return time.Time{}, false
	}
	if t, ok := dateInText(s); ok {
		return t, true
	}
	if m := dayMonthYearRE.FindStringSubmatch(s); m != nil {
		if t, ok := makeDate(m[3], m[2], m[1]); ok {
			return t, true
		}
	}
	if m := monthDayYearRE.FindStringSubmatch(s); m != nil {
		if t, ok := makeDate(m[3], m[1], m[2]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

func makeDate(year, month, day string) (time.Time, bool) {
	y, _ := strconv.Atoi(year)
	d, _ := strconv.Atoi(day)
	mo, ok := monthByThreeChar[strings.ToLower(month[:3])]
	if !ok || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// yearInName reads a lone year in a file name ("conformant 2023.xlsx") as
// 1 January of that year: the earliest day the name allows, so that a
// list dated this way never looks newer than it may be.
func yearInName(name string) (time.Time, bool) {
	m := yearInNameRE.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true
}

package smelters

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var cycleRE = regexp.MustCompile(`(?i)^\s*(\d{1,2})\s*(years?|yrs?|y|months?|mos?|m)?\s*$`)

// ParseAuditCycle reads an audit cycle as RMI publishes it ("1 Year",
// "2 Years", "3 YearS", "1 year", "18 months", "3") and returns it in
// months. It returns false for an empty or unreadable cycle.
func ParseAuditCycle(s string) (months int, ok bool) {
	m := cycleRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n == 0 {
		return 0, false
	}
	if strings.HasPrefix(strings.ToLower(m[2]), "m") {
		return n, true
	}
	return n * 12, true
}

// ReauditDue is the date a facility's next audit falls due: the last audit
// date plus the audit cycle. It is the zero time when either is unknown.
func ReauditDue(lastAudit time.Time, cycle string) time.Time {
	months, ok := ParseAuditCycle(cycle)
	if lastAudit.IsZero() || !ok {
		return time.Time{}
	}
	return lastAudit.AddDate(0, months, 0)
}

// excelEpoch is day 0 of Excel's 1900 date system (with its 1900 leap-year bug).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

var dateLayouts = []string{
	"2006-01-02T15:04:05.000", "2006-01-02T15:04:05", "2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05", "2006-01-02", "2006/01/02", "2006.01.02",
	"2-Jan-2006", "02-Jan-2006", "2-Jan-06", "2 Jan 2006", "2 January 2006",
	"January 2, 2006", "Jan 2, 2006", "January 2 2006",
	"1/2/2006", "01/02/2006", "1/2/06", "1-2-2006", "01-02-2006",
}

// ParseDate reads a list date: SpreadsheetML's 2024-10-18T00:00:00, an
// Excel serial number (an .xlsx date cell read raw), ISO and common text
// forms. Slashed dates are read month first, as RMI (a US body) writes
// them. Only the day is kept, in UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 1 || f > 2958465 { // 9999-12-31
			return time.Time{}, false
		}
		d := excelEpoch.AddDate(0, 0, int(f))
		return d, true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

var (
	isoInTextRE   = regexp.MustCompile(`(19|20)\d\d[-_. ]?(0[1-9]|1[0-2])[-_. ]?(0[1-9]|[12]\d|3[01])`)
	usInTextRE    = regexp.MustCompile(`(?:^|\D)(0?[1-9]|1[0-2])[-_.](0?[1-9]|[12]\d|3[01])[-_.]((?:19|20)\d\d)(?:\D|$)`)
	monthInTextRE = regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b`)
)

// dateInText finds a date in a sheet or file name ("Active Smelters
// 2024-10-18", "conformant_20241018.csv", "April 26, 2024").
func dateInText(s string) (time.Time, bool) {
	if m := isoInTextRE.FindString(s); m != "" {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m)
		if t, err := time.Parse("20060102", digits); err == nil {
			return t, true
		}
	}
	if m := usInTextRE.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d {
			return t, true
		}
	}
	if m := monthInTextRE.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("January 2 2006", m[1]+" "+m[2]+" "+m[3]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

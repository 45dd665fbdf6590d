package cmrt

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// ErrAmbiguousDate is returned for text dates such as 03/04/2025 that read
// as two different days depending on the writer's locale. They are reported,
// never guessed.
var ErrAmbiguousDate = errors.New("ambiguous date")

// excelEpoch is day 0 of Excel's 1900 date system, shifted by Excel's
// fictitious 29 Feb 1900 so that serials from 1 Mar 1900 on convert exactly.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excel1904Epoch is day 0 of the 1904 date system (old Mac workbooks).
var excel1904Epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)

// dateFromSerial converts an Excel serial day number.
func dateFromSerial(serial float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(serial) || serial < 1 || serial > 2958465 { // 9999-12-31
		return time.Time{}, fmt.Errorf("date serial %v out of range", serial)
	}
	epoch := excelEpoch
	if date1904 {
		epoch = excel1904Epoch
	}
	days := int(math.Floor(serial))
	return epoch.AddDate(0, 0, days), nil
}

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

var (
	reISO      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$`)
	reNumeric  = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})$`)
	reDayMonth = regexp.MustCompile(`^(\d{1,2})[-/. ]+([A-Za-z]{3,9})\.?[-/. ,]+(\d{4})$`)
	reMonthDay = regexp.MustCompile(`^([A-Za-z]{3,9})\.?[-/. ]+(\d{1,2})(?:st|nd|rd|th)?[-/. ,]+(\d{4})$`)
	reCJK      = regexp.MustCompile(`^(\d{4})\s*[年/]\s*(\d{1,2})\s*[月/]\s*(\d{1,2})\s*日?$`)
	reKorean   = regexp.MustCompile(`^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$`)
)

// ParseDateText reads a date typed as text. It accepts ISO (2025-01-31),
// day-first and month-first numeric forms when only one reading is a valid
// date (31/01/2025, 01/31/2025), dotted day-first (31.01.2025, the German
// convention), month names (Jan 31 2025, 31-Jan-2025, 31 January 2025), CJK
// (2025年1月31日) and Korean forms. 03/04/2025 gives ErrAmbiguousDate.
func ParseDateText(s string) (time.Time, error) {
	t := strings.TrimSpace(width.Fold.String(cleanText(s)))
	if t == "" {
		return time.Time{}, errors.New("empty date")
	}
	if m := reISO.FindStringSubmatch(t); m != nil {
		return ymd(m[1], m[2], m[3], s)
	}
	if m := reCJK.FindStringSubmatch(t); m != nil {
		return ymd(m[1], m[2], m[3], s)
	}
	if m := reKorean.FindStringSubmatch(t); m != nil {
		return ymd(m[1], m[2], m[3], s)
	}
	if m := reNumeric.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		if m[2] == "." { // dotted dates are day-first wherever they are written
			return ymd(m[4], m[3], m[1], s)
		}
		dayFirst := validDate(m[4], b, a)
		monthFirst := validDate(m[4], a, b)
		switch {
		case dayFirst && monthFirst && a != b:
			return time.Time{}, fmt.Errorf("%w: %q could be %s or %s", ErrAmbiguousDate, s,
				mustDate(m[4], b, a).Format("2 Jan 2006"), mustDate(m[4], a, b).Format("2 Jan 2006"))
		case dayFirst:
			return mustDate(m[4], b, a), nil
		case monthFirst:
			return mustDate(m[4], a, b), nil
		}
		return time.Time{}, fmt.Errorf("%q is not a valid date", s)
	}
	if m := reDayMonth.FindStringSubmatch(t); m != nil {
		if mon, ok := months[strings.ToLower(m[2])]; ok {
			return ymd(m[3], strconv.Itoa(int(mon)), m[1], s)
		}
	}
	if m := reMonthDay.FindStringSubmatch(t); m != nil {
		if mon, ok := months[strings.ToLower(m[1])]; ok {
			return ymd(m[3], strconv.Itoa(int(mon)), m[2], s)
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date in a known format", s)
}

func ymd(y, m, d, orig string) (time.Time, error) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if !validDate(y, mi, di) {
		return time.Time{}, fmt.Errorf("%q is not a valid date", orig)
	}
	return time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC), nil
}

func validDate(y string, m, d int) bool {
	yi, err := strconv.Atoi(y)
	if err != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(yi, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && t.Month() == time.Month(m)
}

func mustDate(y string, m, d int) time.Time {
	yi, _ := strconv.Atoi(y)
	return time.Date(yi, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

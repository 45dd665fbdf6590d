package smelters

import (
	"errors"
	"fmt"
	"strings"
)

// Limits on what a file may cost to read.
const (
	MaxFileSize = 64 << 20 // bytes of a list file
	MaxRows     = 200_000  // data rows of a list (RMI's are under 2,000)
	maxCols     = 256      // cells read per row
)

// Errors a caller can test with errors.Is.
var (
	ErrUnsupportedFormat = errors.New("unsupported file format")
	ErrTooLarge          = errors.New("file too large")
	ErrNoHeader          = errors.New("no header row found")
	ErrUnknownKind       = errors.New("cannot tell which RMI list this is")
	// ErrSeveralLists: LoadFile was asked for one list of a workbook
	// holding several; LoadFileAll reads them all.
	ErrSeveralLists = errors.New("the workbook holds several lists")
	// ErrEmptyList: a header was found but no row names a facility (a
	// Look-up sheet that failed to parse, a list cut after its header).
	ErrEmptyList = errors.New("no facility rows")
	// ErrImplausibleLookup: a Smelter Look-up that no RMI template carries
	// (far too many rows, malformed Smelter IDs); refused rather than
	// learnt as a reference list.
	ErrImplausibleLookup = errors.New("not a plausible RMI Smelter Look-up")
)

// MissingColumnsError rejects a file that lacks columns the list needs.
type MissingColumnsError struct {
	File    string   // file name
	Sheet   string   // worksheet, empty for CSV
	Row     int      // 1-based header row searched
	Missing []string // RMI's names of the missing columns
	Kind    ListKind // the kind of list the file was read as, if known
}

func (e *MissingColumnsError) Error() string {
	where := e.File
	if e.Sheet != "" {
		where += ", sheet " + fmt.Sprintf("%q", e.Sheet)
	}
	var quoted []string
	for _, m := range e.Missing {
		quoted = append(quoted, fmt.Sprintf("%q", m))
	}
	what := "an RMI smelter list"
	if e.Kind != "" {
		what = "a " + string(e.Kind) + " list"
	}
	return fmt.Sprintf("%s: header row %d lacks column(s) %s needed for %s (spellings accepted: %s)",
		where, e.Row, strings.Join(quoted, ", "), what, spellingsOf(e.Missing))
}

func spellingsOf(names []string) string {
	var parts []string
	for _, n := range names {
		for c, cn := range columnNames {
			if cn == n {
				parts = append(parts, strings.Join(columnSpellings[c], " / "))
			}
		}
	}
	return strings.Join(parts, "; ")
}

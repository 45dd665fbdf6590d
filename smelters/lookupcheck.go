package smelters

import (
	"fmt"

	"github.com/openminerals/cmrt/cmrt"
)

// Limits on a Smelter Look-up. RMI's templates carry 90 to about 700
// look-up rows (CMRT 6.4: 660); a sheet far beyond that was not made by
// RMI, and learning it would turn one supplier file into the reference
// list every later import and search pays for.
const (
	MaxLookupRows  = cmrt.MaxLookupRows // rows, pseudo rows included; the template reader keeps one more
	MaxLookupBytes = 2 << 20            // bytes of cell text over all rows
)

// CheckLookup tells whether rows read from a template's Smelter Look-up
// are plausibly RMI's: at most MaxLookupRows rows and MaxLookupBytes of
// text, and every Smelter ID in RMI's CIDnnnnnn form. It checks the count
// first, so a hostile sheet costs nothing more. Errors wrap
// ErrImplausibleLookup.
func CheckLookup(rows []LookupRow) error {
	if len(rows) > MaxLookupRows {
		return fmt.Errorf("%w: more than %d rows (%d read; RMI's templates carry under 2,000)", ErrImplausibleLookup, MaxLookupRows, len(rows))
	}
	size := 0
	for _, r := range rows {
		size += len(r.Metal) + len(r.Name) + len(r.StandardName) + len(r.Country) + len(r.CID) +
			len(r.Source) + len(r.Street) + len(r.City) + len(r.State)
	}
	if size > MaxLookupBytes {
		return fmt.Errorf("%w: %d bytes of text, over the limit of %d", ErrImplausibleLookup, size, MaxLookupBytes)
	}
	for _, r := range rows {
		if err := checkLookupCID(r.Row, r.CID); err != nil {
			return err
		}
	}
	return nil
}

func checkLookupCID(row int, raw string) error {
	if _, kind := NormalizeCID(raw); kind == CIDOther {
		return fmt.Errorf("%w: row %d: Smelter ID %q is not of RMI's form CID followed by six digits", ErrImplausibleLookup, row, clipText(raw, 40))
	}
	return nil
}

// checkLookupList applies CheckLookup's rules to a Look-up read from a
// file (its size is already bounded by the file's).
func checkLookupList(l *List) error {
	if l.Rows > MaxLookupRows {
		return fmt.Errorf("%w: %d rows, more than %d (RMI's templates carry under 2,000)", ErrImplausibleLookup, l.Rows, MaxLookupRows)
	}
	for i := range l.Facilities {
		if f := &l.Facilities[i]; f.NonRMI {
			return checkLookupCID(f.Row, f.CID)
		}
	}
	return nil
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

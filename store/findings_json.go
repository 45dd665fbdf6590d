package store

import (
	"fmt"
	"strconv"

	"github.com/openminerals/cmrt/internal/jsontext"
	"github.com/openminerals/cmrt/risk"
)

// A period's findings are stored one JSON array per supplier (migration
// 0011), each finding an array of its own:
//
//	[id, key, code, severity, supplier, declaration_id, metal, cid,
//	 smelter, message, [file, sheet, cell, value, list, list date],
//	 status, first_run, last_run]
//
// JSON keeps the rows readable and lets SQLite take them apart (the view
// findings, json_each). The strings are encoded as SQLite's json_array
// writes them (", \ and control characters escaped, everything else as it
// is, so any bytes, even invalid UTF-8 in a file name, come back exactly),
// and read back with jsontext.Reader, without encoding/json, which would
// replace invalid UTF-8 and costs a reflection per field of sixty
// thousand findings.

// appendStoredFinding appends f's array, as stored in its set.
func appendStoredFinding(b []byte, f *storedFinding) []byte {
	b = strconv.AppendInt(append(b, '['), f.ID, 10)
	for _, s := range [...]string{f.Key, f.Code, string(f.Severity), f.Supplier} {
		b = jsontext.AppendStringExact(append(b, ','), s)
	}
	b = strconv.AppendInt(append(b, ','), f.DeclarationID, 10)
	for _, s := range [...]string{f.Metal, f.CID, f.Smelter, f.Message} {
		b = jsontext.AppendStringExact(append(b, ','), s)
	}
	b = appendEvidence(append(b, ','), &f.Evidence)
	b = jsontext.AppendStringExact(append(b, ','), string(f.Status))
	b = strconv.AppendInt(append(b, ','), f.firstRun, 10)
	b = strconv.AppendInt(append(b, ','), f.lastRun, 10)
	return append(b, ']')
}

// decodeSet reads a set's findings (what appendStoredFinding wrote, in an
// array, or what migration 0011 made with SQLite's json_array), calling
// fn with each in turn (fn copies what it keeps). light
// reads only what a recomputation needs (ID, key, status, runs and the
// array as stored). The strings share body's memory unless they hold
// escapes.
func decodeSet(body string, light bool, fn func(f *storedFinding) error) error {
	r := jsontext.NewReader(body)
	r.Open()
	for n := 1; r.More(); n++ {
		var f storedFinding // nothing of the one before: fn may have added to it
		if err := readStoredFinding(&r, &f, light); err != nil {
			return fmt.Errorf("finding %d of the set: %w", n, err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	r.Close()
	r.End()
	return r.Err()
}

// decodeStoredFinding reads one finding's array in full.
func decodeStoredFinding(raw string) (storedFinding, error) {
	var f storedFinding
	r := jsontext.NewReader(raw)
	if err := readStoredFinding(&r, &f, false); err != nil {
		return f, err
	}
	r.End()
	return f, r.Err()
}

func readStoredFinding(r *jsontext.Reader, f *storedFinding, light bool) error {
	r.Open()
	f.at = r.Pos() - 1 // its [
	f.ID = r.Int()
	f.Key = r.Text()
	if light {
		r.Skip(8) // code to message
		r.Skip(1) // the evidence
	} else {
		for _, dst := range [...]*string{&f.Code, (*string)(&f.Severity), &f.Supplier} {
			*dst = r.Text()
		}
		f.DeclarationID = r.Int()
		for _, dst := range [...]*string{&f.Metal, &f.CID, &f.Smelter, &f.Message} {
			*dst = r.Text()
		}
		readEvidence(r, &f.Evidence)
	}
	f.Status = risk.Status(r.Text())
	f.firstRun, f.lastRun = r.Int(), r.Int()
	r.Close()
	if r.Err() != nil {
		return r.Err()
	}
	f.raw = r.Since(f.at)
	if _, ok := risk.ParseStatus(string(f.Status)); !ok {
		return fmt.Errorf("finding %d: status %q", f.ID, f.Status)
	}
	if _, ok := risk.ParseSeverity(string(f.Severity)); !ok && !light {
		return fmt.Errorf("finding %d: severity %q", f.ID, f.Severity)
	}
	return nil
}

// appendEvidence appends e's JSON array to b.
func appendEvidence(b []byte, e *risk.Evidence) []byte {
	b = append(b, '[')
	for i, s := range [6]string{e.File, e.Sheet, e.Cell, e.Value, e.List, e.ListDate} {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.AppendStringExact(b, s)
	}
	return append(b, ']')
}

func readEvidence(r *jsontext.Reader, e *risk.Evidence) {
	r.Open()
	for _, dst := range [...]*string{&e.File, &e.Sheet, &e.Cell, &e.Value, &e.List, &e.ListDate} {
		*dst = r.Text()
	}
	r.Close()
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

var errorKinds = []error{ErrNotSpreadsheet, ErrLegacyXLS, ErrSpreadsheetML, ErrTextFile, ErrTruncated, ErrTooLarge, ErrNoWorkbook, ErrSheetNotFound}

// checkError asserts an error from hostile input is one of the kinds, on
// one line.
func checkError(t *testing.T, err error) {
	t.Helper()
	kinded := false
	for _, k := range errorKinds {
		if errors.Is(err, k) {
			kinded = true
		}
	}
	if !kinded {
		t.Errorf("error of no kind: %v", err)
	}
	if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\r\n") {
		t.Errorf("bad message %q", msg)
	}
}

func checkCell(t *testing.T, c Cell, opts ReadOptions) {
	t.Helper()
	if c.Row < 1 || c.Row > MaxRows || c.Col < 1 || c.Col > MaxColumns {
		t.Errorf("cell out of the sheet: %+v", c)
	}
	if opts.MaxCol > 0 && c.Col > opts.MaxCol || opts.MaxRow > 0 && c.Row > opts.MaxRow {
		t.Errorf("cell outside %+v: %+v", opts, c)
	}
	if !c.HasValue && c.Value != "" {
		t.Errorf("value without HasValue: %+v", c)
	}
	if !c.HasValue && !c.HasFormula {
		t.Errorf("cell with neither value nor formula reported: %+v", c)
	}
	if c.Type == Empty || c.Type > Date {
		t.Errorf("bad type: %+v", c)
	}
}

// FuzzOpenAndRead opens arbitrary bytes as a workbook and reads every
// sheet. It must never panic, hang or allocate without bound, and every
// error must be of a documented kind.
func FuzzOpenAndRead(f *testing.F) {
	f.Add(buildZip(f, zip.Deflate, exoticParts()...))
	f.Add(buildZip(f, zip.Store, exoticParts()...))
	if gen, err := os.ReadFile(genWorkbook(f)); err == nil {
		f.Add(gen)
		f.Add(gen[:len(gen)*3/4])
	}
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add(append(append([]byte(nil), oleMagic...), make([]byte, 600)...))
	f.Add([]byte("a,b,c\n1,2,3\n"))
	f.Add([]byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`))
	f.Add([]byte("\xFF\xFEa\x00,\x00b\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a failure too: crash the worker so the input is kept.
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				buf := make([]byte, 1<<16)
				panic("input took over 10s:\n" + string(buf[:runtime.Stack(buf, true)]))
			}
		}()
		// Small limits keep each execution fast: a mutated deflate stream
		// easily inflates to the part limit.
		lim := Limits{MaxPartBytes: 64 << 10, MaxCells: 2000}
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			checkError(t, err)
			return
		}
		defer w.Close()
		w.DefinedName("CL")
		for _, s := range w.Sheets() {
			for _, opts := range []ReadOptions{{}, {MaxCol: 3, MaxRow: 2}} {
				err := w.ReadSheet(s.Name, opts, func(c Cell) error {
					checkCell(t, c, opts)
					return nil
				})
				if err != nil {
					checkError(t, err)
				}
			}
			if g, err := w.ReadGrid(s.Name, ReadOptions{MaxRow: 50}); err == nil {
				g.Cell("A1")
				g.At(g.MaxRow(), 1)
			}
		}
	})
}

// FuzzSheetXML feeds arbitrary sheet and shared-string XML to the scanner
// inside a valid package. Besides not panicking, the result must not
// depend on how the input is split into reads.
func FuzzSheetXML(f *testing.F) {
	f.Add([]byte(exoticSheet2), []byte(exoticSST))
	f.Add([]byte(exoticSheet1), []byte(exoticSST))
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c></row></sheetData></worksheet>`), []byte(`<sst><si><t>x&amp;y_x000D_</t></si></sst>`))
	f.Add([]byte(`<worksheet><!DOCTYPE x [<!ENTITY a "b">]><?pi x?><sheetData><row r="3"><c r="C3" t="str"><f>1</f><v><![CDATA[a]]>&#10;&lt;</v></c></row></sheetData>`), []byte(`<sst/>`))
	f.Add([]byte(`<worksheet><sheetData><row r="5"><c r="B5" s="3" t="str"><f>IF(A5="","",1)</f></c><c r="C5"><f>1</f><v>2</v></c><c r="D5" t="s"><v>0</v></c><c r="X5"><f>x</f><v>0</v></c></row></sheetData></worksheet>`), []byte(`<sst><si><t>s</t></si></sst>`))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		run := func(r func([]byte) interface{ Read([]byte) (int, error) }, opts ReadOptions) ([]Cell, error) {
			var cells []Cell
			sstTable, sstErr := parseSST(r(sst), 0)
			w := &Workbook{sstDone: true, sst: sstTable, sstErr: sstErr}
			p := &sheetParser{w: w, sc: newScanner(r(sheet)), opts: opts, limit: 100000, intern: map[string]string{},
				fn: func(c Cell) error {
					checkCell(t, c, ReadOptions{})
					cells = append(cells, c)
					return nil
				}}
			return cells, p.run()
		}
		whole, err1 := run(func(b []byte) interface{ Read([]byte) (int, error) } { return bytes.NewReader(b) }, ReadOptions{})
		n := 1 + len(sheet)%7
		// Small reads also keep the fast path for whole cells (skimCell)
		// from applying: the two must agree.
		split, err2 := run(func(b []byte) interface{ Read([]byte) (int, error) } { return &trickleReader{data: b, n: n} }, ReadOptions{})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("error depends on read size %d: %v vs %v", n, err1, err2)
		}
		if len(whole) != len(split) {
			t.Fatalf("%d cells whole, %d cells with %d-byte reads", len(whole), len(split), n)
		}
		for i := range whole {
			if whole[i] != split[i] {
				t.Fatalf("cell %d: %+v whole, %+v with %d-byte reads", i, whole[i], split[i], n)
			}
		}
		// ValuesOnly drops exactly the cells without a value.
		values, err3 := run(func(b []byte) interface{ Read([]byte) (int, error) } { return bytes.NewReader(b) }, ReadOptions{ValuesOnly: true})
		if (err1 == nil) != (err3 == nil) {
			t.Fatalf("error depends on ValuesOnly: %v vs %v", err1, err3)
		}
		if err1 == nil {
			var want []Cell
			for _, c := range whole {
				if c.HasValue {
					want = append(want, c)
				}
			}
			if len(values) != len(want) {
				t.Fatalf("ValuesOnly: %d cells, want %d", len(values), len(want))
			}
			for i := range want {
				if values[i] != want[i] {
					t.Fatalf("ValuesOnly: cell %d: %+v, want %+v", i, values[i], want[i])
				}
			}
		}
		// Differential: wherever encoding/xml accepts both documents, the
		// reference implementation on top of it must agree.
		refStrings, ok := refSST(sst)
		if !ok {
			return
		}
		if tbl, err := parseSST(bytes.NewReader(sst), 0); err != nil {
			t.Fatalf("shared strings: %v; encoding/xml reads %d items", err, len(refStrings))
		} else if tbl.len() != len(refStrings) {
			t.Fatalf("shared strings: %d items; encoding/xml reads %d", tbl.len(), len(refStrings))
		} else {
			for i, want := range refStrings {
				if got, _ := tbl.get(i); got != want {
					t.Fatalf("shared string %d: %q, encoding/xml %q", i, got, want)
				}
			}
		}
		refCells, refErr, ok := refSheet(sheet, refStrings)
		if !ok {
			return
		}
		if (refErr == nil) != (err1 == nil) {
			t.Fatalf("error %v, reference error %v", err1, refErr)
		}
		if err1 != nil {
			return
		}
		if len(refCells) != len(whole) {
			t.Fatalf("%d cells, reference %d: %+v vs %+v", len(whole), len(refCells), whole, refCells)
		}
		for i := range whole {
			if whole[i] != refCells[i] {
				t.Fatalf("cell %d: %+v, reference %+v", i, whole[i], refCells[i])
			}
		}
	})
}

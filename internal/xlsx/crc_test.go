package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// TestCRCCheckedAfterSheetData damages a stored sheet after </sheetData>,
// where the parser stops: the part's CRC-32 must still be verified, and
// the damage reported rather than the cells accepted.
func TestCRCCheckedAfterSheetData(t *testing.T) {
	parts := exoticParts()
	base := buildZip(t, zip.Store, parts...)
	w, err := NewReader(bytes.NewReader(base), int64(len(base)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := readAll(w, "Exotic 2"); err != nil {
		t.Fatalf("undamaged: %v", err)
	}
	// exoticSheet2 ends with <mergeCells…><mergeCell ref="M5:N5"/>, after
	// </sheetData>.
	i := bytes.Index(base, []byte(`ref="M5:N5"`))
	if i < 0 || i < bytes.Index(base, []byte("</sheetData><mergeCells")) {
		t.Fatal("test package lacks the marker after </sheetData>")
	}
	bad := bytes.Clone(base)
	bad[i+5] = 'X'
	w, err = NewReader(bytes.NewReader(bad), int64(len(bad)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = w.ReadSheet("Exotic 2", ReadOptions{}, func(Cell) error { n++; return nil })
	wantErr(t, err, ErrTruncated, "CRC", "sheet2.xml", "Exotic 2")
	if n == 0 {
		t.Error("no cell reached the callback; the damage was not after the cells")
	}
	// ReadGrid goes through the same path.
	if _, err := w.ReadGrid("Exotic 2", ReadOptions{}); err == nil {
		t.Error("ReadGrid accepted the damaged part")
	}
}

// TestMaxSharedStrings: a table with more strings than allowed is refused
// while it is parsed, with an error naming the limit.
func TestMaxSharedStrings(t *testing.T) {
	parts := exoticParts()
	var sst bytes.Buffer
	sst.WriteString(`<sst>`)
	for i := 0; i < 100; i++ {
		sst.WriteString(`<si><t>s</t></si>`)
	}
	sst.WriteString(`</sst>`)
	parts[4].data = sst.String()
	data := buildZip(t, zip.Deflate, parts...)
	for _, tc := range []struct {
		limit int64
		ok    bool
	}{{100, true}, {99, false}, {0, true}} {
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxSharedStrings: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		err = readAll(w, "Exotic Data")
		if tc.ok && err != nil {
			t.Errorf("limit %d: %v", tc.limit, err)
		}
		if !tc.ok {
			wantErr(t, err, ErrTooLarge, "more than 99 strings", "MaxSharedStrings")
		}
	}
}

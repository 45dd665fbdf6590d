package main

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// TestFindingsJSONAsWriteJSON: the findings JSON writer writes the bytes
// writeJSON writes (the contract), for strings that need escaping, every
// shape of history and an empty list; and it knows every field.
func TestFindingsJSONAsWriteJSON(t *testing.T) {
	if n := reflect.TypeFor[risk.Finding]().NumField(); n != findingJSONFields {
		t.Fatalf("risk.Finding has %d fields, writeFindingsJSON writes %d: teach it the new ones", n, findingJSONFields)
	}
	if n := reflect.TypeFor[risk.Evidence]().NumField(); n != 6 {
		t.Fatalf("risk.Evidence has %d fields, writeFindingsJSON writes 6", n)
	}
	if n := reflect.TypeFor[risk.Event]().NumField(); n != 5 {
		t.Fatalf("risk.Event has %d fields, writeFindingsJSON writes 5", n)
	}
	tricky := []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
		"<html> & 'apos'", "Kīlauea – São Paulo 云南锡业 🙂", "bad \xff\xfe utf8 \xe2\x82", "line\u2028para\u2029sep", "=cmd|' /C calc'!A0"}
	var fs []risk.Finding
	for i, s := range tricky {
		f := risk.Finding{ID: int64(i + 1), Code: "SMELTER_" + s, Title: s, Severity: risk.High, OECDStep: i % 5, Guidance: s,
			Period: 2025, SupplierID: -int64(i), Supplier: s, DeclarationID: 1 << 40, Metal: s, CID: s, Smelter: s, Message: s,
			Evidence: risk.Evidence{File: s, Sheet: s, Cell: s, Value: s, List: s, ListDate: s}, Action: s, Status: risk.Status(s), Key: s}
		switch i % 3 {
		case 1:
			f.History = []risk.Event{}
		case 2:
			f.History = []risk.Event{{At: s, By: s, From: risk.Status(s), To: "open", Note: s}, {At: "2025", Note: s}}
		}
		fs = append(fs, f)
	}
	for _, list := range [][]risk.Finding{fs, fs[:1], {}} {
		var want, got bytes.Buffer
		if err := writeJSON(&want, list); err != nil {
			t.Fatal(err)
		}
		if err := writeFindingsJSON(&got, list); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d findings: got\n%s\nwant\n%s", len(list), got.String(), want.String())
		}
	}
}

// chunkBuffer gives back exactly what was written, across chunk bounds.
func TestChunkBuffer(t *testing.T) {
	var b chunkBuffer
	var want bytes.Buffer
	for i := 0; i < 5000; i++ {
		p := bytes.Repeat([]byte{byte('a' + i%26)}, 1+i*7%1200)
		b.Write(p)
		want.Write(p)
	}
	b.Write(make([]byte, 3*chunkSize+5))
	want.Write(make([]byte, 3*chunkSize+5))
	var got bytes.Buffer
	if n, err := b.WriteTo(&got); err != nil || n != int64(want.Len()) || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("wrote %d bytes, %v; want %d, equal %v", n, err, want.Len(), bytes.Equal(got.Bytes(), want.Bytes()))
	}
}

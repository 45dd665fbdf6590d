package smelters_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/openminerals/cmrt/smelters"
)

// TestCSVEncodings: every encoding Excel saves a CSV in is either decoded,
// with a warning saying how, or refused with an error saying what to do.
func TestCSVEncodings(t *testing.T) {
	const text = "Metal,Smelter ID,Standard Smelter Name,Country,RMAP Status\n" +
		"Gold,CID002763,Société Générale d'Affinage,FRANCE,Conformant\n" +
		"Tin,CID002180,Metalúrgica Não Ferrosa,BRAZIL,Active\n"
	cp1252, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	utf16le := func(s string, bom bool) []byte {
		var out []byte
		if bom {
			out = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
		note string // "" for plain UTF-8
	}{
		{"utf8.csv", []byte(text), ""},
		{"utf8-bom.csv", append([]byte{0xEF, 0xBB, 0xBF}, text...), ""},
		{"windows-1252.csv", []byte(cp1252), "Windows-1252"},
		{"utf16-bom.csv", utf16le(text, true), "UTF-16"},
		{"utf16-no-bom.csv", utf16le(text, false), "without a byte-order mark"},
	} {
		l, err := smelters.Load(tc.name, tc.data, smelters.Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(l.Facilities) != 2 || l.Facilities[0].Name != "Société Générale d'Affinage" || l.Facilities[1].Name != "Metalúrgica Não Ferrosa" {
			t.Errorf("%s: read %+v", tc.name, l.Facilities)
		}
		said := strings.Join(l.Warnings, "\n")
		if tc.note == "" && said != "" || !strings.Contains(said, tc.note) {
			t.Errorf("%s: warnings %q, want a note containing %q", tc.name, said, tc.note)
		}
	}

	gbk, err := simplifiedchinese.GBK.NewEncoder().String("Metal,Smelter ID,Standard Smelter Name\nCopper,CID000001,江西铜业股份有限公司贵溪冶炼厂\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"gbk.csv", []byte(gbk), "double-byte"},
		{"undefined-byte.csv", []byte("Metal,Smelter ID,Standard Smelter Name\nGold,CID002763,Caf\x81\n"), "0x81 at offset"},
		{"utf32.csv", append([]byte{0xFF, 0xFE, 0, 0}, 'M', 0, 0, 0), "UTF-32"},
		{"binary.csv", []byte("Metal\x00\x01\x02,\x00\x00\x00\x07"), "neither a spreadsheet nor text"},
	} {
		_, err := smelters.Load(tc.name, tc.data, smelters.Options{})
		if !errors.Is(err, smelters.ErrUnsupportedFormat) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s: err = %v, want ErrUnsupportedFormat naming the file and %q", tc.name, err, tc.want)
		}
	}
}

package xlsx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// cfbWorkbook builds an OLE2 compound file (512-byte sectors) whose
// Workbook stream, eight sectors long, starts with the given BIFF records.
func cfbWorkbook(records ...[]byte) []byte {
	const sector = 512
	b := make([]byte, sector*(1+2+8)) // header, FAT, directory, stream
	le := binary.LittleEndian
	copy(b, oleMagic)
	le.PutUint16(b[24:], 0x003E)
	le.PutUint16(b[26:], 3)
	le.PutUint16(b[28:], 0xFFFE)
	le.PutUint16(b[30:], 9)
	le.PutUint16(b[32:], 6)
	le.PutUint32(b[44:], 1) // one FAT sector
	le.PutUint32(b[48:], 1) // directory in sector 1
	le.PutUint32(b[56:], 4096)
	le.PutUint32(b[60:], 0xFFFFFFFE)
	le.PutUint32(b[68:], 0xFFFFFFFE)
	for i := 76; i < sector; i += 4 {
		le.PutUint32(b[i:], 0xFFFFFFFF)
	}
	le.PutUint32(b[76:], 0) // FAT in sector 0
	fat := b[sector : 2*sector]
	for i := 0; i < sector; i += 4 {
		le.PutUint32(fat[i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // the FAT itself
	le.PutUint32(fat[4:], 0xFFFFFFFE) // directory: one sector
	for s := 2; s < 9; s++ {
		le.PutUint32(fat[4*s:], uint32(s+1))
	}
	le.PutUint32(fat[4*9:], 0xFFFFFFFE)
	dir := b[2*sector : 3*sector]
	entry := func(e []byte, name string, typ byte, start, size uint32) {
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			le.PutUint16(e[2*i:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = typ
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], 0xFFFFFFFF)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], size)
	}
	entry(dir[0:128], "Root Entry", 5, 0xFFFFFFFE, 0)
	entry(dir[128:256], "Workbook", 2, 2, 8*sector)
	stream := b[3*sector:]
	p := 0
	for _, r := range records {
		p += copy(stream[p:], r)
	}
	return b
}

func biffRecord(typ uint16, payload []byte) []byte {
	r := make([]byte, 4, 4+len(payload))
	binary.LittleEndian.PutUint16(r, typ)
	binary.LittleEndian.PutUint16(r[2:], uint16(len(payload)))
	return append(r, payload...)
}

// bof8 is a BIFF8 workbook-globals BOF record.
var bof8 = biffRecord(0x0809, []byte{0x00, 0x06, 0x05, 0x00, 0x54, 0x38, 0xCD, 0x07, 0xC1, 0x80, 0x00, 0x00, 0x06, 0x03, 0x00, 0x00})

func TestSniffEncryptedXLS(t *testing.T) {
	filepass := biffRecord(0x002F, append([]byte{0x01, 0x00, 0x01, 0x00, 0x01, 0x00}, make([]byte, 48)...)) // RC4
	interfaceHdr := biffRecord(0x00E1, []byte{0xB0, 0x04})
	cases := []struct {
		name  string
		data  []byte
		words []string
		not   string
	}{
		{"encrypted", cfbWorkbook(bof8, filepass, interfaceHdr), []string{"password-protected", ".xls", "FILEPASS", "remove the password"}, ""},
		{"plain", cfbWorkbook(bof8, interfaceHdr, biffRecord(0x00E2, nil)), []string{"old binary Excel 97-2003", "Workbook stream"}, "password"},
		{"not-biff", cfbWorkbook([]byte("not a BIFF stream at all")), []string{"old binary Excel 97-2003"}, "password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := openBytes(t, c.name+".xlsx", c.data)
			wantErr(t, err, ErrLegacyXLS, c.words...)
			if c.not != "" && err != nil && strings.Contains(strings.ToLower(err.Error()), c.not) {
				t.Errorf("%q says %q", err, c.not)
			}
		})
	}
}

func TestSniffCSVEncodings(t *testing.T) {
	cp1252 := []byte("Nom;Soci\xe9t\xe9;Pays\r\n1;Fonderie G\xe9n\xe9rale \x96 Lyon;FRANCE\r\n")
	utf16noBOM := utf16le("ID\tMetal\tName\r\n1\tGold\tAcme\r\n")
	utf16be := func(s string) []byte {
		var out []byte
		for _, r := range s {
			out = append(out, byte(r>>8), byte(r))
		}
		return out
	}
	gbk := []byte("\xb1\xe0\xba\xc5,\xc3\xfb\xb3\xc6,\xb9\xfa\xbc\xd2\r\n1,\xbd\xf0,\xd6\xd0\xb9\xfa\r\n")
	cases := []struct {
		name  string
		data  []byte
		words []string
	}{
		{"windows-1252", cp1252, []string{"a CSV file (Windows-1252, semicolon-separated) renamed .xlsx", `"Nom;Société;Pays"`, "re-save as .xlsx"}},
		{"utf-16le-no-bom", utf16noBOM, []string{"a tab-separated text file (UTF-16LE) renamed .xlsx", `"ID\tMetal\tName"`}},
		{"utf-16be-no-bom", utf16be("ID,Metal\r\n1,Gold\r\n"), []string{"a CSV file (UTF-16BE, comma-separated)"}},
		{"utf-8", []byte("Smelter ID,Metal\n1,Gold\n"), []string{"a CSV file (UTF-8, comma-separated) renamed .xlsx"}},
		{"utf-16-bom", utf16le("\uFEFFID;Metall\r\n"), []string{"a CSV file (UTF-16, semicolon-separated)"}},
		{"double-byte", gbk, []string{"a CSV file (legacy double-byte code page, comma-separated)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantErr(t, openBytes(t, c.name+".xlsx", c.data), ErrTextFile, c.words...)
		})
	}
	// Binary data with the odd high byte stays unrecognised.
	junk := []byte("PK\x05\x06\x00\x01\x80\x81\x8d\x90 binary")
	wantErr(t, openBytes(t, "junk.xlsx", junk[4:]), ErrNotSpreadsheet, "unrecognized")
}

// FuzzSniffLegacy mutates OLE2 workbooks (plain and with FILEPASS) and
// legacy-encoded text: classifying them never panics, never reads past the
// file, and always gives a one-line error of a known kind.
func FuzzSniffLegacy(f *testing.F) {
	filepass := biffRecord(0x002F, append([]byte{0x01, 0x00, 0x01, 0x00, 0x01, 0x00}, make([]byte, 48)...))
	f.Add(cfbWorkbook(bof8, filepass))
	f.Add(cfbWorkbook(bof8, biffRecord(0x00E1, []byte{0xB0, 0x04})))
	f.Add([]byte("Nom;Soci\xe9t\xe9\r\n1;G\xe9n\xe9rale\r\n"))
	f.Add(utf16le("ID\tMetal\r\n"))
	f.Add([]byte("\xb1\xe0\xba\xc5,\xc3\xfb\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
		if err == nil {
			return
		}
		if strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("message spans lines: %q", err)
		}
		known := false
		for _, k := range errorKinds {
			known = known || errors.Is(err, k)
		}
		if !known {
			t.Errorf("error of no known kind: %v", err)
		}
	})
}

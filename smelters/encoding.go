package smelters

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText turns a text file as Excel saves it into UTF-8, and says how
// it was read when that was not plain UTF-8. Accepted: UTF-8 with or
// without a byte-order mark ("CSV UTF-8"); UTF-16 with a mark, or without
// one when the zero bytes show it ("Unicode Text"); and, for text that is
// not UTF-8, Windows-1252, Excel's "CSV" in Western locales. Refused with
// a clear error: UTF-32, binary data, and text that Windows-1252 cannot be
// (its five undefined bytes, or the byte pairs of a double-byte Asian code
// page such as GBK, Big5 or Shift-JIS, which would silently turn names
// into mojibake).
func decodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}) || bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return nil, "", fmt.Errorf("%w: UTF-32 text; save it as \"CSV UTF-8\"", ErrUnsupportedFormat)
	}
	if u, ok := decodeUTF16(data); ok {
		return u, "read as UTF-16 text", nil
	}
	if e, ok := utf16WithoutBOM(data); ok {
		u, err := unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder().Bytes(data)
		if err == nil {
			return u, "read as UTF-16 text without a byte-order mark", nil
		}
	}
	if bytes.IndexByte(data[:min(len(data), 4096)], 0) >= 0 {
		return nil, "", fmt.Errorf("%w: neither a spreadsheet nor text", ErrUnsupportedFormat)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data, "", nil
	}
	high, inRuns, run := 0, 0, 0
	for i, c := range data {
		if c < 0x80 {
			if run >= 2 {
				inRuns += run
			}
			run = 0
			continue
		}
		switch c {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return nil, "", fmt.Errorf("%w: text is neither UTF-8 nor Windows-1252 (byte 0x%02X at offset %d is undefined in Windows-1252); save it as \"CSV UTF-8\"",
				ErrUnsupportedFormat, c, i)
		}
		high++
		run++
	}
	if run >= 2 {
		inRuns += run
	}
	// Western text has accented letters mostly alone between ASCII ones;
	// double-byte code pages write CJK text as runs of high bytes.
	if high >= 8 && inRuns*10 >= high*8 {
		return nil, "", fmt.Errorf("%w: text is not UTF-8 and looks like a double-byte code page (GBK, Big5, Shift-JIS…), not Windows-1252; save it as \"CSV UTF-8\"",
			ErrUnsupportedFormat)
	}
	d, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", fmt.Errorf("%w: text is neither UTF-8 nor Windows-1252: %w", ErrUnsupportedFormat, err)
	}
	return d, "read as Windows-1252 text (the file is not UTF-8)", nil
}

// decodeUTF16 converts UTF-16 text with a byte-order mark to UTF-8 (Excel's
// "Unicode text" and some XML exports are UTF-16).
func decodeUTF16(data []byte) ([]byte, bool) {
	if len(data) < 2 {
		return nil, false
	}
	var e unicode.Endianness
	switch {
	case data[0] == 0xFF && data[1] == 0xFE:
		e = unicode.LittleEndian
	case data[0] == 0xFE && data[1] == 0xFF:
		e = unicode.BigEndian
	default:
		return nil, false
	}
	out, err := unicode.UTF16(e, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	return out, true
}

// utf16WithoutBOM recognises UTF-16 text that lacks a byte-order mark by
// its zero bytes: mostly-ASCII text has one in every other position.
func utf16WithoutBOM(data []byte) (unicode.Endianness, bool) {
	head := data[:min(len(data), 4096)&^1]
	if len(head) < 4 {
		return unicode.BigEndian, false
	}
	var even, odd int
	for i := 0; i < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	n := len(head) / 2
	switch {
	case odd*10 >= n*7 && even == 0:
		return unicode.LittleEndian, true
	case even*10 >= n*7 && odd == 0:
		return unicode.BigEndian, true
	}
	return unicode.BigEndian, false
}

package main

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/openminerals/cmrt/risk"
)

// writeFindingsJSON writes findings exactly as writeJSON would (the same
// bytes: two-space indent, HTML left as is, a final newline) without
// reflection and the second pass of indenting: a season's 60,000 findings
// are some 70 MB of JSON, and encoding/json spent most of an unchanged run
// on them. TestFindingsJSONAsWriteJSON holds the two to the same output.
func writeFindingsJSON(w io.Writer, fs []risk.Finding) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if len(fs) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	b := make([]byte, 0, 4096)
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFinding(b, &fs[i])
		if _, err := bw.Write(b); err != nil {
			return err
		}
		b = b[:0]
	}
	b = append(b, "\n]\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

// findingJSONFields is how many fields of risk.Finding appendFinding
// writes; a test fails when the struct gains one.
const findingJSONFields = 19

func appendFinding(b []byte, f *risk.Finding) []byte {
	const in = "\n    \""
	b = append(b, "\n  {\n    \"id\": "...)
	b = strconv.AppendInt(b, f.ID, 10)
	b = appendKeyString(b, in+"code\": ", f.Code)
	b = appendKeyString(b, in+"title\": ", f.Title)
	b = appendKeyString(b, in+"severity\": ", string(f.Severity))
	b = appendKeyInt(b, in+"oecd_step\": ", int64(f.OECDStep))
	b = appendKeyString(b, in+"guidance\": ", f.Guidance)
	b = appendKeyInt(b, in+"period\": ", int64(f.Period))
	b = appendKeyInt(b, in+"supplier_id\": ", f.SupplierID)
	b = appendKeyString(b, in+"supplier\": ", f.Supplier)
	b = appendKeyInt(b, in+"declaration_id\": ", f.DeclarationID)
	b = appendKeyString(b, in+"metal\": ", f.Metal)
	b = appendKeyString(b, in+"cid\": ", f.CID)
	b = appendKeyString(b, in+"smelter\": ", f.Smelter)
	b = appendKeyString(b, in+"message\": ", f.Message)
	const ev = "\n      \""
	e := &f.Evidence
	b = append(b, ",\n    \"evidence\": {\n      \"file\": "...)
	b = appendJSONString(b, e.File)
	b = appendKeyString(b, ev+"sheet\": ", e.Sheet)
	b = appendKeyString(b, ev+"cell\": ", e.Cell)
	b = appendKeyString(b, ev+"value\": ", e.Value)
	b = appendKeyString(b, ev+"list\": ", e.List)
	b = appendKeyString(b, ev+"list_date\": ", e.ListDate)
	b = append(b, "\n    }"...)
	b = appendKeyString(b, in+"action\": ", f.Action)
	b = appendKeyString(b, in+"status\": ", string(f.Status))
	b = appendKeyString(b, in+"key\": ", f.Key)
	b = append(b, ",\n    \"history\": "...)
	switch {
	case f.History == nil:
		b = append(b, "null"...)
	case len(f.History) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		const hv = "\n        \""
		for i := range f.History {
			h := &f.History[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n      {\n        \"at\": "...)
			b = appendJSONString(b, h.At)
			b = appendKeyString(b, hv+"by\": ", h.By)
			b = appendKeyString(b, hv+"from\": ", string(h.From))
			b = appendKeyString(b, hv+"to\": ", string(h.To))
			b = appendKeyString(b, hv+"note\": ", h.Note)
			b = append(b, "\n      }"...)
		}
		b = append(b, "\n    ]"...)
	}
	return append(b, "\n  }"...)
}

// appendKeyInt and appendKeyString write a comma, then key (indent and
// name), then the value.
func appendKeyInt(b []byte, key string, v int64) []byte {
	b = append(b, ',')
	b = append(b, key...)
	return strconv.AppendInt(b, v, 10)
}

func appendKeyString(b []byte, key, v string) []byte {
	b = append(b, ',')
	b = append(b, key...)
	return appendJSONString(b, v)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// quote, backslash and control characters escaped (\b \f \n \r \t short),
// invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

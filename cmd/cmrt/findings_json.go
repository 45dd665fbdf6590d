package main

import (
	"bufio"
	"io"
	"strconv"

	"github.com/openminerals/cmrt/internal/jsontext"
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
	b = jsontext.AppendString(b, e.File)
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
			b = jsontext.AppendString(b, h.At)
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
	return jsontext.AppendString(b, v)
}

package smelters

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// SpreadsheetML (Excel 2003 XML Spreadsheet) namespaces.
const (
	nsSS     = "urn:schemas-microsoft-com:office:spreadsheet"
	nsOffice = "urn:schemas-microsoft-com:office:office"
)

// isSpreadsheetML reports whether data looks like an Excel 2003 XML
// Spreadsheet: XML whose first kilobytes mention its namespace.
func isSpreadsheetML(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if u, ok := decodeUTF16(head); ok {
		head = u
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte(nsSS))
}

// readSpreadsheetML reads every worksheet of an Excel 2003 XML Spreadsheet
// as rows of cell text, honouring ss:Index on rows and cells (skipped
// blanks) and ss:MergeAcross. Rich text inside a cell is flattened;
// comments are ignored. It also returns the document's Created time, when
// present: when RMI's export was made. LastSaved is ignored: a user's
// re-save would make an old list look new.
func readSpreadsheetML(data []byte) (sheets []grid, docDate string, err error) {
	if u, ok := decodeUTF16(data); ok {
		data = u
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii", "utf-16":
			return r, nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(r), nil
		case "iso-8859-1", "latin1", "latin-1":
			return charmap.ISO8859_1.NewDecoder().Reader(r), nil
		}
		return nil, fmt.Errorf("unsupported XML encoding %q", label)
	}
	var (
		cur                    *grid
		row                    []string
		inRow, inCell, inData  bool
		inComment, inProps     bool
		propName               string
		text                   strings.Builder
		rowIdx, colIdx, across int
		created                string
		budget                 = newReadBudget()
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", fmt.Errorf("XML spreadsheet: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsOffice && t.Name.Local == "DocumentProperties":
				inProps = true
			case inProps:
				propName = t.Name.Local
				text.Reset()
			case t.Name.Space == nsSS && t.Name.Local == "Worksheet":
				sheets = append(sheets, grid{name: attr(t, nsSS, "Name")})
				cur = &sheets[len(sheets)-1]
				rowIdx = 0
			case cur == nil:
			case t.Name.Space == nsSS && t.Name.Local == "Row":
				idx := atoiAttr(t, "Index")
				if idx > MaxRows+headerScan+1 {
					return nil, "", fmt.Errorf("%w: worksheet %q has more than %d rows", ErrTooLarge, cur.name, MaxRows)
				}
				if idx > rowIdx+1 {
					if err := budget.take(idx-1-len(cur.rows), 0); err != nil {
						return nil, "", fmt.Errorf("worksheet %q: %w", cur.name, err)
					}
					for len(cur.rows) < idx-1 {
						cur.rows = append(cur.rows, nil)
					}
					rowIdx = idx - 1
				}
				rowIdx++
				if rowIdx > MaxRows+headerScan+1 {
					return nil, "", fmt.Errorf("%w: worksheet %q has more than %d rows", ErrTooLarge, cur.name, MaxRows)
				}
				inRow, row, colIdx = true, nil, 0
			case inRow && t.Name.Space == nsSS && t.Name.Local == "Cell":
				if idx := atoiAttr(t, "Index"); idx > colIdx+1 {
					colIdx = idx - 1
				}
				across = atoiAttr(t, "MergeAcross")
				inCell = true
				text.Reset()
			case inCell && t.Name.Local == "Comment":
				inComment = true
			case inCell && !inComment && t.Name.Local == "Data":
				inData = true
			}
		case xml.CharData:
			if inData || (inProps && propName != "") {
				text.Write(t)
			}
		case xml.EndElement:
			switch {
			case inProps && t.Name.Space == nsOffice && t.Name.Local == "DocumentProperties":
				inProps = false
			case inProps:
				switch propName {
				case "Created":
					created = strings.TrimSpace(text.String())
				}
				propName = ""
			case cur == nil:
			case inData && t.Name.Local == "Data":
				inData = false
			case inComment && t.Name.Local == "Comment":
				inComment = false
			case inCell && t.Name.Space == nsSS && t.Name.Local == "Cell":
				inCell = false
				if colIdx < maxCols {
					for len(row) < colIdx {
						row = append(row, "")
					}
					row = append(row, text.String())
				}
				colIdx += 1 + across
				if err := budget.take(0, 1); err != nil {
					return nil, "", fmt.Errorf("worksheet %q: %w", cur.name, err)
				}
			case inRow && t.Name.Space == nsSS && t.Name.Local == "Row":
				inRow = false
				if err := budget.take(rowIdx-len(cur.rows), 0); err != nil {
					return nil, "", fmt.Errorf("worksheet %q: %w", cur.name, err)
				}
				for len(cur.rows) < rowIdx-1 {
					cur.rows = append(cur.rows, nil)
				}
				cur.rows = append(cur.rows, row)
			case t.Name.Space == nsSS && t.Name.Local == "Worksheet":
				cur = nil
			}
		}
	}
	if len(sheets) == 0 {
		return nil, "", fmt.Errorf("XML spreadsheet has no worksheet")
	}
	return sheets, created, nil
}

func attr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && (a.Name.Space == space || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

func atoiAttr(t xml.StartElement, local string) int {
	n, err := strconv.Atoi(attr(t, nsSS, local))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, MaxRows*10)
}

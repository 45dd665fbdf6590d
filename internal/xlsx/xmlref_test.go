package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// This file is a second, deliberately simple implementation of the sheet and
// shared-string semantics on top of encoding/xml (strict). FuzzSheetXML
// holds the hand-written scanner to it on every input encoding/xml accepts.

// refText collects the character data of the element just started, up to
// its first child element, then consumes the element.
func refText(d *xml.Decoder) ([]byte, bool) {
	var out []byte
	collecting, depth := true, 1
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.CharData:
			if collecting {
				out = append(out, t...)
			}
		case xml.StartElement:
			collecting = false
			depth++
		case xml.EndElement:
			collecting = false
			depth--
			if depth == 0 {
				return out, true
			}
		}
	}
}

// refRich reads an <si>/<is> element just started: text of <t> children and
// of <t> in <r> children.
func refRich(d *xml.Decoder) ([]byte, bool) {
	var out []byte
	depth, inRun := 1, false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "r":
				inRun = true
			case t.Name.Local == "t" && (depth == 2 || depth == 3 && inRun):
				txt, ok := refText(d)
				if !ok {
					return nil, false
				}
				out = append(out, txt...)
				depth--
			}
		case xml.EndElement:
			depth--
			if depth == 1 {
				inRun = false
			}
			if depth == 0 {
				return out, true
			}
		}
	}
}

func refSST(data []byte) ([]string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return nil, false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, ok := refRich(d)
			if !ok {
				return nil, false
			}
			out = append(out, string(appendUnescaped(nil, s)))
		}
	}
}

// refSheet returns the cells of sheet XML; ok is false when encoding/xml
// rejects the document.
func refSheet(data []byte, sst []string) (cells []Cell, err error, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, nil, true
		}
		if err != nil {
			return nil, nil, false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheetData" {
			break
		}
	}
	row, col := 0, 0
	attr := func(se xml.StartElement, name string) (string, bool) {
		v, found := "", false
		for _, a := range se.Attr {
			if a.Name.Local == name {
				v, found = a.Value, true
			}
		}
		return v, found
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, nil, false // sheetData never closed
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				// The rest must parse too, or encoding/xml would reject it.
				for {
					if _, err := d.Token(); err == io.EOF {
						return cells, nil, true
					} else if err != nil {
						return nil, nil, false
					}
				}
			}
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = row+1, 0
				if v, found := attr(t, "r"); found {
					n, ok := parseUint([]byte(v))
					if !ok || n < 1 || n > MaxRows {
						return nil, fmt.Errorf("bad row %q", v), true
					}
					row = n
				}
			case "c":
				typ := Number
				if v, found := attr(t, "t"); found {
					typ = cellTypeOf([]byte(v))
				}
				if v, found := attr(t, "r"); found {
					r, c, ok := parseRefBytes([]byte(v))
					if !ok {
						return nil, fmt.Errorf("bad ref %q", v), true
					}
					row, col = r, c
				} else {
					row, col = max(row, 1), col+1
					if col > MaxColumns {
						return nil, fmt.Errorf("too many cells"), true
					}
				}
				c := Cell{Row: row, Col: col, Type: typ}
				var v, is []byte
				isSeen := false
			body:
				for {
					tok, err := d.Token()
					if err != nil {
						return nil, nil, false
					}
					switch t := tok.(type) {
					case xml.EndElement:
						break body
					case xml.StartElement:
						var ok bool
						switch t.Name.Local {
						case "f":
							c.HasFormula = true
							ok = d.Skip() == nil
						case "v":
							v, ok = refText(d)
						case "is":
							isSeen = true
							is, ok = refRich(d)
						default:
							ok = d.Skip() == nil
						}
						if !ok {
							return nil, nil, false
						}
					}
				}
				switch {
				case typ == InlineString && isSeen:
					if len(is) > 0 {
						c.Value, c.HasValue = string(appendUnescaped(nil, is)), true
					}
				case typ == SharedString:
					if len(v) > 0 {
						i, ok := parseUint(v)
						if !ok || i >= len(sst) {
							return nil, fmt.Errorf("bad shared string index %q", v), true
						}
						c.Value, c.HasValue = sst[i], true
					}
				default:
					if len(v) > 0 {
						c.Value, c.HasValue = string(v), true
					}
				}
				if c.HasValue || c.HasFormula {
					cells = append(cells, c)
				}
			default:
				if d.Skip() != nil {
					return nil, nil, false
				}
			}
		}
	}
}

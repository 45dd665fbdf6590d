package xlsx

import (
	"bytes"
	"regexp"
	"testing"
)

// readCells runs the sheet parser over sheet XML with the shared strings
// of exoticSST.
func readCells(t *testing.T, sheet string, opts ReadOptions) ([]Cell, error) {
	t.Helper()
	var got []Cell
	p := &sheetParser{sc: newScanner(bytes.NewReader([]byte(sheet))), opts: opts, limit: 1e6,
		fn:     func(c Cell) error { got = append(got, c); return nil },
		intern: map[string]string{}, w: &Workbook{sstDone: true, sst: mustSST(t, exoticSST)}}
	err := p.run()
	return got, err
}

// TestSkimCellSameAsGeneral: the fast paths for cells in Excel's usual
// form (plainCellTag for <c r="B5" t="str">, skimCell for
// <f>…</f><v>…</v></c>) give what the general path gives. Comments before
// and after each <c …> start tag, which the general path skips, keep the
// fast paths from applying.
func TestSkimCellSameAsGeneral(t *testing.T) {
	cells := []string{
		`<c r="B5" s="3" t="str"><f>IF(LEN(A5)=0,&#34;&#34;,INDEX(&#39;Smelter Look-up&#39;!$A:$A,1))</f></c>`,
		`<c r="C5" t="str"><f>A5&amp;""</f><v>text</v></c>`,
		`<c r="D5"><f>1+1</f><v>2</v></c>`,
		`<c r="E5"><v>42.5</v></c>`,
		`<c r="F5" t="s"><v>1</v></c>`,
		`<c r="G5" t="s"><f>x</f><v>0</v></c>`,
		`<c r="H5" t="str"><f>x</f><v>a&amp;b</v></c>`,           // entity: general path
		`<c r="I5" t="str"><v>a` + "\r\n" + `b</v></c>`,          // CR: general path
		`<c r="J5" t="e"><f>1/0</f><v>#DIV/0!</v></c>`,           // error value
		`<c r="K5" t="str"><f>x</f><v></v></c>`,                  // empty value
		`<c r="L5"></c>`,                                         // no children
		`<c r="M5"><v>1</v><f>x</f></c>`,                         // value first: general path
		`<c r="N5" t="str"><f t="shared" si="0"/><v>s</v></c>`,   // shared formula: general path
		`<c r="O5" t="inlineStr"><is><t>inline</t></is></c>`,     // inline string: general path
		`<c r="P5" t="inlineStr"><v>not inline</v></c>`,          // inlineStr without <is>
		`<c r="Z5"><f>beyond MaxCol</f><v>9</v></c>`,             // skipped by bounds
		`<c r="AA5"><f>beyond</f><v>a&amp;b` + "\r" + `</v></c>`, // skipped by bounds, needs decoding
		`<c r="Q5"><f>a</f>x<v>1</v></c>`,                        // text between: general path
		`<c r="R5" t = "n"><v>1</v></c>`,                         // spaces around '=': general path
		`<c t='s' r='S5'><v>0</v></c>`,                           // single quotes: general path
		`<c r="T5"` + "\n\t" + `s="1"t="str"><v>x</v></c>`,       // odd spacing
		`<c r="U5" x:foo="1" s="&amp;"><v>3</v></c>`,             // prefixed name, entity
		`<c r="V5" s="1"/>`,                                      // empty element
		`<c><v>positionless</v></c>`,                             // no r: after V5
		`<c/>`,                                                   // positionless, empty
		`<c r="Y5" t="s" t="n"><v>1</v></c>`,                     // repeated t
		`<c r="Z5" r="Z5"><v>1</v></c>`,                          // repeated r
	}
	row := `<row r="5">`
	for _, c := range cells {
		row += c
	}
	row += `</row><row r="6"><c r="A6"><f>last</f></c></row>`
	sheet := `<worksheet><sheetData>` + row + `</sheetData></worksheet>`
	general := regexp.MustCompile(`(<c [^>]*>)`).ReplaceAllString(sheet, "$1<!---->")
	general = regexp.MustCompile(`(<c[ />])`).ReplaceAllString(general, "<!---->$1")
	if general == sheet {
		t.Fatal("no comment injected")
	}
	for _, opts := range []ReadOptions{{}, {MaxCol: 17}, {ValuesOnly: true}, {MaxCol: 17, ValuesOnly: true}} {
		fast, err := readCells(t, sheet, opts)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := readCells(t, general, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(fast) != len(slow) {
			t.Fatalf("%+v: %d cells on the fast path, %d on the general one:\n%+v\n%+v", opts, len(fast), len(slow), fast, slow)
		}
		for i := range fast {
			if fast[i] != slow[i] {
				t.Errorf("%+v: cell %d: fast %+v, general %+v", opts, i, fast[i], slow[i])
			}
		}
		for _, c := range fast {
			if opts.ValuesOnly && !c.HasValue {
				t.Errorf("%+v: %s reported without a value", opts, c.Ref())
			}
		}
		if opts == (ReadOptions{}) {
			if n := len(fast); n != 25 {
				t.Errorf("%d cells, want 25 (every cell but the empty L5, V5 and <c/>)", n)
			}
		}
	}
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// part is one file of a hand-built package.
type part struct{ name, data string }

// buildZip packs parts into a zip; method is zip.Deflate or zip.Store.
func buildZip(tb testing.TB, method uint16, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	pkgRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

	exoticWorkbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><workbookProtection lockStructure="1"/><sheets><sheet name="Exotic Data" sheetId="1" r:id="rId1"/><sheet name="Exotic 2" sheetId="2" r:id="rId2"/><sheet name="Hidden One" sheetId="3" state="hidden" r:id="rId3"/><sheet name="Very Hidden" sheetId="4" state="veryHidden" r:id="rId4"/></sheets><definedNames><definedName name="Names&amp;Co">'Exotic 2'!$A$1:$B$2</definedName><definedName name="Local" localSheetId="0">'Exotic Data'!$A$1</definedName></definedNames></workbook>`
	exoticWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	exoticSST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>Shared &lt;one&gt; &amp; &quot;two&quot;</t></si><si><t>CJK 中文 テスト</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Rich </t></r><r><t>text</t></r><rPh sb="0" eb="4"><t>リッチ</t></rPh><phoneticPr fontId="1"/></si><si><t>a_x000D_b _x005F_x000D_ c_x0009_d</t></si><si/><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>`
	// exoticSheet1 uses the x: prefix of the .NET OpenXML SDK, a row and
	// cells without r, and every string kind.
	exoticSheet1 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>inline &amp; more</x:t></x:is></x:c><x:c r="E1" t="s"><x:v>2</x:v></x:c></x:row><x:row><x:c><x:v>7</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>`
	exoticSheet2 = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:N3"/><sheetData>` +
		`<row r="2" spans="1:14"><c r="A2" s="3" t="s"><v>4</v></c>` +
		`<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2" t="b"><v>1</v></c><c r="D2"><f>SUM(1,2)</f><v>3</v></c>` +
		`<c r="E2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="F2"><f t="shared" ref="F2:F3" si="0">A1</f><v>1</v></c>` +
		`<c r="G2" t="d"><v>2024-01-31T00:00:00</v></c>` +
		`<c r="H2" t="inlineStr"><is><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> text</t></r><rPh sb="0" eb="1"><t>ボールド</t></rPh></is></c>` +
		`<c r="I2" t="s"><v> 2 </v></c><c r="J2" t="inlineStr"><is><t><![CDATA[<raw> & stuff]]></t></is></c>` +
		`<c r="K2"><v>1<!-- comment -->2</v></c><c r="L2" t="str"><v>&#x4E2D;&#25991;&#10;x&apos;</v></c>` +
		`<c r="M2" s="1" foo="a>b" t='n'><v>-1.5E-3</v></c><c r="N2" t="str"><v>a` + "\r\n" + `b` + "\r" + `c</v></c></row>` +
		`<row r="3"><c r="A3" s="3"/><c r="B3"><f>B2</f></c><c r="C3" t="s"><v></v></c><c r="D3" t="str"><f>D2&amp;""</f><v/></c>` +
		`<c r="F3"><f t="shared" si="0"/><v>2</v></c><c r="G3" t="b"><v>0</v></c><c r="H3" t="e"><v>#N/A</v></c></row>` +
		`</sheetData><mergeCells count="1"><mergeCell ref="M5:N5"/></mergeCells></worksheet>`
	hiddenSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`
)

// exoticParts is a hand-written package exercising what excelize never
// writes: prefixes, positionless cells, phonetic runs, CDATA, comments,
// error cells, cached formula values, t="d", entities, CR/LF.
func exoticParts() []part {
	return []part{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", pkgRels},
		{"xl/workbook.xml", exoticWorkbook},
		{"xl/_rels/workbook.xml.rels", exoticWorkbookRels},
		{"xl/sharedStrings.xml", exoticSST},
		{"xl/worksheets/sheet1.xml", exoticSheet1},
		{"xl/worksheets/sheet2.xml", exoticSheet2},
		{"xl/worksheets/sheet3.xml", hiddenSheet},
		{"xl/worksheets/sheet4.xml", hiddenSheet},
	}
}

// genWorkbook builds a workbook with excelize's own API, saved to a temp
// dir: shared strings, inline strings, numbers, formulas without cached
// values, booleans, rich text, CJK, entities, sheet names with spaces,
// hidden sheets, defined names, structure lock and the 1904 flag.
func genWorkbook(tb testing.TB) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Declaration"))
	for _, s := range []string{"Smelter List", "L", "C", "Product List"} {
		_, err := f.NewSheet(s)
		must(err)
	}
	set := func(sheet, ref string, v any) { tb.Helper(); must(f.SetCellValue(sheet, ref, v)) }
	set("Declaration", "A1", "Company Name")
	set("Declaration", "B1", 42)
	set("Declaration", "B2", 45678.5)
	set("Declaration", "B3", true)
	set("Declaration", "B4", false)
	set("Declaration", "C1", "深圳华晶电子有限公司")
	set("Declaration", "C2", `A&B <x> "q" 'a'`)
	set("Declaration", "C3", "line1\nline2")
	set("Declaration", "C4", "cr\r\nlf")
	set("Declaration", "C5", "literal _x000D_ stays")
	set("Declaration", "C6", "  padded  ")
	set("Declaration", "D22", "Yes")
	set("Declaration", "E1", -0.000123)
	must(f.SetCellDefault("Declaration", "F1", "inline text"))
	must(f.SetCellFormula("Declaration", "G1", "B1*2"))
	must(f.SetCellFormula("Declaration", "G2", `IF(B1>1,"big","small")`))
	must(f.SetCellRichText("Declaration", "H1", []excelize.RichTextRun{
		{Text: "bold ", Font: &excelize.Font{Bold: true}}, {Text: "plain"},
	}))
	set("Declaration", "AA100", "far away")
	for r := 5; r <= 60; r++ {
		ref := func(col string) string { return col + strconv.Itoa(r) }
		set("Smelter List", ref("A"), "CID00"+strconv.Itoa(r))
		set("Smelter List", ref("B"), []string{"Tin", "Tantalum", "Tungsten", "Gold"}[r%4])
		set("Smelter List", ref("F"), r*1000)
		must(f.SetCellFormula("Smelter List", ref("R"), "A"+strconv.Itoa(r)+"&B"+strconv.Itoa(r)))
	}
	set("L", "A1", "DeclarationB8")
	set("C", "A1", "COUNTRY CODE LIST")
	set("C", "B2", "Côte d'Ivoire")
	set("Product List", "B6", "Widget 中")
	must(f.SetSheetVisible("L", false))
	must(f.SetSheetVisible("C", false, true))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "CL", RefersTo: "'C'!$B$2:$B$250"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "Scoped", RefersTo: "Declaration!$A$1", Scope: "Declaration"}))
	date1904 := true
	must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}))
	must(f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{Password: "secret", LockStructure: true}))
	path := filepath.Join(tb.TempDir(), "generated.xlsx")
	must(f.SaveAs(path))
	return path
}

// collect reads a sheet into a map keyed by reference.
func collect(tb testing.TB, w *Workbook, sheet string, opts ReadOptions) map[string]Cell {
	tb.Helper()
	out := map[string]Cell{}
	err := w.ReadSheet(sheet, opts, func(c Cell) error {
		out[c.Ref()] = c
		return nil
	})
	if err != nil {
		tb.Fatalf("ReadSheet(%q): %v", sheet, err)
	}
	return out
}

package synth

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// Writing a template.
//
// Write produces a complete workbook in the real layout of d.Layout, for
// every family: RMI's sheets in RMI's order for that revision (Mine List and
// Minerals Scope where they exist, no Smelter Look-up in AMRT 1.2/1.21, the
// hidden L, C and SorP), the Declaration form with its labels, minerals and
// hidden dropdown lists, the Smelter List with the template's auto-fill
// formulas, the Checker with its F/G/H formulas, the Mine List, the Product
// List, the Smelter Look-up, under workbook-structure protection like RMI's.
//
// What is written how, and why:
//
//   - The Product List is written cell by cell with text in the
//     shared-string table, as Excel saves it. Every other sheet is streamed:
//     text as inline strings (as streaming writers do), formulas with the
//     value Excel would cache, computed here, unless OmitCachedValues asks
//     for none. So a reader meets both string storages and both kinds of
//     formula cell. (excelize stores a formula's cached value only when
//     streaming, which the Declaration's slot labels need.)
//   - Labels are plain values in the chosen language on the Declaration (a
//     file flattened by a tool) and RMI's OFFSET(L!…) formulas elsewhere. D2
//     holds the English title, which is what L gives in all languages.
//   - Where the declarer picks minerals (EMRT 2.x, AMRT), the picks go to the
//     selection cells and RMI's sorting helpers (hidden P:AA) turn them into
//     the alphabetical, de-duplicated slots; each question's slot rows carry
//     the label formula "<Mineral>(*)" in column B, so a reader can tell which
//     row is which mineral.
//   - A Smelter List column the template fills by formula (B, C, E–J) is a
//     formula when the row's value is what the formula gives (or empty), and a
//     typed value otherwise, the way a supplier picking from a dropdown or
//     typing over a formula leaves it. Like Excel, street/city/state formulas
//     on a Look-up row with an empty cell cache the number 0.
//   - The Checker's cached counts follow Excel's comparison rules on the raw
//     cells written ("是" is not "Yes" there), so Checker!D2 shows what Excel
//     would show; Check, on canonical answers, may count fewer.
//
// The cell addresses come from the Layout; what a Layout does not hold
// (texts, helper columns, revision history, the revisions at which RMI
// changed a formula) is in the family's writeSpec (write_spec.go).

// Options controls Write and WriteTo.
type Options struct {
	// Lookup is written to the Smelter Look-up sheet, in the order given;
	// nil means d.Lookup. The Smelter List's cached formula values are
	// computed against it.
	Lookup []cmrt.LookupRow
	// OmitCachedValues writes every formula without a cached value, as tools
	// that write formulas but do not recalculate leave them. The
	// Declaration's slot labels ("Cobalt(*)") are formulas too, so a reader
	// must then work out from the selection cells which row is which mineral.
	OmitCachedValues bool
	// LabelLanguage is the language chosen in Declaration!D3 and used for
	// the labels: a D3 option ("中文 Chinese") or a plain name ("Chinese").
	// Empty means d.Template.Language, then English.
	LabelLanguage string
	// TrimFormulaRows writes the Smelter List's (and Mine List's) auto-fill
	// formulas only in the declared rows. RMI's blank carries them in every
	// row through the layout's last row (2,500 rows, most of the file's
	// size), and so does Write by default.
	TrimFormulaRows bool
	// Password protects the workbook structure (SHA-512, as RMI's files do,
	// which costs tens of milliseconds) and the sheets. Empty still sets
	// lockStructure and sheet protection, without a password.
	Password string
	// Selection, for a layout where minerals are picked (EMRT 2.x, AMRT), is
	// what each of Layout.MineralCells holds, in order: a mineral, an
	// "(Delete Cobalt)" choice, "Other [specify below]" or "". Nil places
	// d.Minerals: each EMRT 2.x mineral in its own cell, AMRT minerals in
	// order, those not among the options as "Other" with their name below.
	Selection []string
	// SelectionOther is what each of Layout.OtherCells holds (AMRT 1.3),
	// used with Selection.
	SelectionOther []string
}

// Write writes d as a template file at path. See WriteTo.
func Write(path string, d *cmrt.Declaration, opts Options) error {
	f, err := build(d, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: write: %w", err)
	}
	if _, err := f.WriteTo(out); err != nil {
		out.Close()
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	return nil
}

// WriteTo writes d as a template workbook to w, in the real layout of
// d.Layout (or of d.Template's family and version when d.Layout is unset).
// It fails with ErrUnsupported for a family or revision it cannot write.
func WriteTo(w io.Writer, d *cmrt.Declaration, opts Options) error {
	f, err := build(d, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("synth: write: %w", err)
	}
	return nil
}

// lRow is one row of sheet L: key sheet+cell, English and the translations,
// in the order of Layout.Languages.
type lRow struct {
	sheet, cell string
	texts       []any
}

// slEff is what one declared Smelter List row holds once written, as Excel
// sees it (typed values and formula results alike), for the Checker: metal,
// look-up choice, name and country.
type slEff struct{ b, c, d, e xval }

// xval is a cell value under Excel's rules: text, number, empty or an error.
type xval struct {
	s     string
	n     float64
	num   bool
	err   bool
	empty bool
}

func xs(s string) xval { return xval{s: s, empty: s == ""} }

var xerr = xval{err: true}

func (v xval) text() string {
	if v.num {
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	}
	return v.s
}

// eq is Excel's "=" between a cell and a text: case-insensitive, exact
// otherwise; numbers never equal text.
func (v xval) eq(s string) bool { return !v.err && !v.num && strings.EqualFold(v.s, s) }

// cached returns the value to cache for a formula result.
func (v xval) cached() any {
	switch {
	case v.err:
		return nil
	case v.num:
		return v.n
	default:
		return v.s
	}
}

type writer struct {
	f     *excelize.File
	d     *cmrt.Declaration
	l     cmrt.Layout
	spec  *writeSpec
	opts  Options
	lang  int
	look  []cmrt.LookupRow
	byCID map[string]int // lower-case CID → first Look-up index
	byKey map[string]int // lower-case metal+alias → first Look-up index
	h     smelterHelpers // the Smelter List's helper columns

	// sel and selOther are the selection cells' contents, slots the
	// minerals in slot order (layouts with picked minerals).
	sel, selOther, slots []string

	lrows  []lRow
	lseen  map[string]bool
	decl   map[string]xval // Declaration cells written, as Excel sees them
	prod1  xval            // Product List first number cell
	sl     []slEff
	styles struct{ date, percent, input, wrap, inputWrap int }
}

func build(d *cmrt.Declaration, opts Options) (*excelize.File, error) {
	if d == nil {
		return nil, fmt.Errorf("synth: write: nil declaration")
	}
	l := d.Layout
	if l.Family == "" {
		var err error
		if l, err = cmrt.LookupLayout(d.Template.Family, d.Template.Version); err != nil {
			return nil, fmt.Errorf("synth: write: %w", err)
		}
	}
	spec, ok := writeSpecs[l.Family]
	if !ok {
		return nil, fmt.Errorf("synth: write: %w: writing %s templates is not supported", cmrt.ErrUnsupported, l.Family)
	}
	if len(l.Questions) == 0 || (len(l.Minerals) == 0 && len(l.MineralCells) == 0) {
		return nil, fmt.Errorf("synth: write: %w: %s %s has no layout to write", cmrt.ErrUnsupported, l.Family, l.Version)
	}
	w := &writer{
		d: d, l: l, spec: spec, opts: opts,
		lseen: map[string]bool{}, decl: map[string]xval{},
		byCID: map[string]int{}, byKey: map[string]int{},
		h: spec.lookupHelpers,
	}
	if l.Smelters.LookupName == "" {
		w.h = spec.freeHelpers
	}
	w.look = opts.Lookup
	if w.look == nil {
		w.look = d.Lookup
	}
	for i, r := range w.look {
		if k := strings.ToLower(r.CID); k != "" {
			if _, dup := w.byCID[k]; !dup {
				w.byCID[k] = i
			}
		}
		k := strings.ToLower(r.Metal + r.Alias)
		if _, dup := w.byKey[k]; !dup {
			w.byKey[k] = i
		}
	}
	lang := opts.LabelLanguage
	if lang == "" {
		lang = d.Template.Language
	}
	w.lang = languageIndex(l.Languages, lang)
	if err := w.selection(); err != nil {
		return nil, fmt.Errorf("synth: write: %w", err)
	}

	f := excelize.NewFile()
	w.f = f
	if err := w.run(); err != nil {
		f.Close()
		return nil, fmt.Errorf("synth: write: %w", err)
	}
	return f, nil
}

// languageIndex finds a language among the D3 options by option text or by
// plain name ("Chinese" for "中文 Chinese"); English when not found.
func languageIndex(opts []string, lang string) int {
	if lang == "" {
		return 0
	}
	for i, o := range opts {
		if sameText(o, lang) || strings.EqualFold(cmrt.LanguageName(o), lang) {
			return i
		}
	}
	return 0
}

// sheets lists the workbook's sheets in RMI's order for the revision and
// which are hidden.
func (w *writer) sheets() (names []string, hidden map[string]bool) {
	l := w.l
	if w.since(w.spec.revisionFirstFrom) {
		names = append(names, cmrt.SheetRevision, "Instructions")
	} else {
		names = append(names, "Instructions", cmrt.SheetRevision)
	}
	names = append(names, "Definitions", cmrt.SheetDeclaration)
	if w.spec.mineralsScope {
		names = append(names, sheetMineralsScope)
	}
	names = append(names, cmrt.SheetSmelterList, cmrt.SheetChecker)
	if l.Mines != nil {
		names = append(names, cmrt.SheetMineList)
	}
	names = append(names, cmrt.SheetProductList)
	if l.Smelters.LookupName != "" {
		names = append(names, cmrt.SheetLookup)
	}
	names = append(names, cmrt.SheetL, cmrt.SheetCountries, "SorP")
	return names, map[string]bool{cmrt.SheetL: true, cmrt.SheetCountries: true, "SorP": true}
}

// sheetMineralsScope is the AMRT's sheet of minerals in scope and reasons.
const sheetMineralsScope = "Minerals Scope"

func (w *writer) has(sheet string) bool {
	names, _ := w.sheets()
	for _, n := range names {
		if n == sheet {
			return true
		}
	}
	return false
}

func (w *writer) run() error {
	f := w.f
	names, hidden := w.sheets()
	for i, name := range names {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Sheet visibility and the active tab first: excelize reads every sheet
	// to set them, which would re-parse the streamed ones.
	if idx, err := f.GetSheetIndex(cmrt.SheetDeclaration); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}
	for _, name := range names {
		if hidden[name] {
			if err := f.SetSheetVisible(name, false); err != nil {
				return err
			}
		}
	}
	if err := w.makeStyles(); err != nil {
		return err
	}
	steps := []func() error{
		w.revisionSheet, w.textSheets, w.declaration, w.mineralsScopeSheet, w.productList, w.lookupSheet,
		w.smelterList, w.mineList, w.checker, w.countries, w.subdivisions, w.lSheet, w.names,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true, Password: w.opts.Password})
}

func (w *writer) makeStyles() error {
	var err error
	datefmt := w.spec.dateFormat
	if v, ok := w.spec.dateFormats[w.l.Version]; ok {
		datefmt = v
	}
	unlocked := &excelize.Protection{Locked: false}
	if w.styles.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &datefmt, Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.percent, err = w.f.NewStyle(&excelize.Style{NumFmt: 9, Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.input, err = w.f.NewStyle(&excelize.Style{Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.inputWrap, err = w.f.NewStyle(&excelize.Style{Protection: unlocked, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	w.styles.wrap, err = w.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return err
}

func (w *writer) protect(sheet string) error {
	return w.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		Password: w.opts.Password, SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, AutoFilter: true, DeleteRows: true,
	})
}

// translated returns a text in each of the layout's languages: the English,
// or the translation given in the CMRT languages' order (tr[0] Chinese …
// tr[8] Turkish), matched by language so that a family offering fewer
// languages gets the right one.
func (w *writer) translated(english string, tr []string, first int) []any {
	texts := make([]any, len(w.l.Languages))
	for i, lang := range w.l.Languages {
		texts[i] = english
		j := cmrtLanguage(lang) - first
		if i > 0 && j >= 0 && j < len(tr) && tr[j] != "" {
			texts[i] = tr[j]
		}
	}
	return texts
}

// cmrtLanguage is a language's column among the CMRT's ten (English 0).
func cmrtLanguage(lang string) int {
	for i, l := range cmrtLanguages {
		if sameText(l, lang) || strings.EqualFold(cmrt.LanguageName(l), cmrt.LanguageName(lang)) {
			return i
		}
	}
	return -1
}

// label registers a label in sheet L (key sheet+cell) and returns it in the
// chosen language; English where no translation is known.
func (w *writer) label(sheet, cell, english string) string {
	key := sheet + cell
	texts := w.translated(english, labelTranslations[english], 1)
	if !w.lseen[key] {
		w.lseen[key] = true
		w.lrows = append(w.lrows, lRow{sheet: sheet, cell: cell, texts: texts})
	}
	return texts[w.lang].(string)
}

// optionLabel is label for an answer option, translated as RMI's L does.
func (w *writer) optionLabel(sheet, cell, option string) string {
	texts := w.translated(option, cmrt.OptionTranslations(option), 0)
	if key := sheet + cell; !w.lseen[key] {
		w.lseen[key] = true
		w.lrows = append(w.lrows, lRow{sheet: sheet, cell: cell, texts: texts})
	}
	return texts[w.lang].(string)
}

// labelFormula is RMI's localised-label formula for a cell of sheet.
func labelFormula(sheet string) string {
	return `OFFSET(L!$C$1,MATCH("` + sheet + `"&ADDRESS(ROW(),COLUMN(),4),L!$A:$A,0)-1,SL,,)`
}

const copyrightFormula = `OFFSET(L!$C$1,MATCH("General"&"Cpy",L!$A:$A,0)-1,SL,,)`

// copyright is the © line, registered in L.
func (w *writer) copyright() string {
	return w.label("General", "Cpy", w.spec.copyright.at(w.l.Version))
}

// fcell is a formula cell with its cached value (none when
// OmitCachedValues is set or the value is an Excel error).
func (w *writer) fcell(formula string, v any, style int) excelize.Cell {
	if w.opts.OmitCachedValues {
		v = nil
	}
	return excelize.Cell{Formula: formula, Value: v, StyleID: style}
}

// rowSet collects the cells of a streamed sheet, then writes them in order.
type rowSet struct {
	rows   map[int][]any
	hidden map[int]bool
}

func newRowSet() *rowSet { return &rowSet{rows: map[int][]any{}, hidden: map[int]bool{}} }

func (r *rowSet) set(ref string, v any) {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		panic("synth: bad cell reference " + ref)
	}
	r.setRC(row, col, v)
}

func (r *rowSet) setRC(row, col int, v any) {
	cells := r.rows[row]
	for len(cells) < col {
		cells = append(cells, nil)
	}
	cells[col-1] = v
	r.rows[row] = cells
}

// stream writes a sheet through excelize's StreamWriter. Sheet protection
// and data validations must be in place before, as the stream carries them.
func (w *writer) stream(sheet string, rs *rowSet, widths map[string]float64, hiddenCols []string, merges [][2]string) error {
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	cols := make([]string, 0, len(widths))
	for c := range widths {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		n, err := excelize.ColumnNameToNumber(c)
		if err != nil {
			return err
		}
		if err := sw.SetColWidth(n, n, widths[c]); err != nil {
			return err
		}
	}
	for _, hc := range hiddenCols {
		a, b, _ := strings.Cut(hc, ":")
		if b == "" {
			b = a
		}
		na, err1 := excelize.ColumnNameToNumber(a)
		nb, err2 := excelize.ColumnNameToNumber(b)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad column range %q", hc)
		}
		if err := sw.SetColVisible(na, nb, false); err != nil {
			return err
		}
	}
	rows := make([]int, 0, len(rs.rows))
	for r := range rs.rows {
		rows = append(rows, r)
	}
	for r := range rs.hidden {
		if _, ok := rs.rows[r]; !ok {
			rows = append(rows, r)
		}
	}
	sort.Ints(rows)
	for _, r := range rows {
		var opts []excelize.RowOpts
		if rs.hidden[r] {
			opts = append(opts, excelize.RowOpts{Hidden: true})
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), rs.rows[r], opts...); err != nil {
			return err
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// colShift is the column n places right of col ("P", 10 → "Z").
func colShift(col string, n int) string { return xlsx.ColumnName(xlsx.MustColumnNumber(col) + n) }

// labelTranslations gives this package's own translations of the labels it
// writes, in the order of the CMRT languages after English: Chinese,
// Japanese, Korean, French, Portuguese, German, Spanish, Italian, Turkish.
// Labels not listed are written in English in every language.
var labelTranslations = map[string][]string{
	"Company Information":             {"公司信息", "会社情報", "회사 정보", "Informations sur la société", "Informações da empresa", "Unternehmensangaben", "Información de la empresa", "Informazioni sulla società", "Şirket bilgileri"},
	"Company Name (*):":               {"公司名称 (*)：", "会社名 (*):", "회사명 (*):", "Nom de la société (*) :", "Nome da empresa (*):", "Name des Unternehmens (*):", "Nombre de la empresa (*):", "Ragione sociale (*):", "Şirket adı (*):"},
	"Declaration Scope or Class (*):": {"申报范围或类别 (*)：", "申告範囲または種類 (*):", "신고 범위 또는 등급 (*):", "Portée ou catégorie de la déclaration (*) :", "Âmbito ou classe da declaração (*):", "Umfang oder Art der Erklärung (*):", "Alcance o clase de la declaración (*):", "Ambito o classe della dichiarazione (*):", "Beyan kapsamı veya sınıfı (*):"},
	"Description of Scope:":           {"范围描述：", "範囲の説明:", "범위 설명:", "Description de la portée :", "Descrição do âmbito:", "Beschreibung des Umfangs:", "Descripción del alcance:", "Descrizione dell'ambito:", "Kapsam açıklaması:"},
	"Company Unique ID:":              {"公司唯一识别码：", "会社固有ID:", "회사 고유 ID:", "Identifiant unique de la société :", "ID exclusivo da empresa:", "Eindeutige Unternehmens-ID:", "ID única de la empresa:", "ID univoco della società:", "Şirket benzersiz kimliği:"},
	"Company Unique ID Authority:":    {"公司唯一识别码授权机构：", "会社固有IDの発行機関:", "회사 고유 ID 발급 기관:", "Autorité de l'identifiant unique :", "Autoridade do ID exclusivo:", "Vergabestelle der Unternehmens-ID:", "Autoridad de la ID única:", "Autorità dell'ID univoco:", "Benzersiz kimlik yetkilisi:"},
	"Address:":                        {"地址：", "住所:", "주소:", "Adresse :", "Endereço:", "Anschrift:", "Dirección:", "Indirizzo:", "Adres:"},
	"Contact Name (*):":               {"联系人姓名 (*)：", "連絡先担当者名 (*):", "담당자 이름 (*):", "Nom du contact (*) :", "Nome do contato (*):", "Name der Kontaktperson (*):", "Nombre del contacto (*):", "Nome del referente (*):", "İrtibat kişisi (*):"},
	"Email – Contact (*):":            {"电子邮件 – 联系人 (*)：", "Eメール – 連絡先 (*):", "이메일 – 담당자 (*):", "E-mail – contact (*) :", "E-mail – contato (*):", "E-Mail – Kontaktperson (*):", "Correo electrónico – contacto (*):", "E-mail – referente (*):", "E-posta – irtibat (*):"},
	"Phone – Contact (*):":            {"电话 – 联系人 (*)：", "電話番号 – 連絡先 (*):", "전화 – 담당자 (*):", "Téléphone – contact (*) :", "Telefone – contato (*):", "Telefon – Kontaktperson (*):", "Teléfono – contacto (*):", "Telefono – referente (*):", "Telefon – irtibat (*):"},
	"Authorizer (*):":                 {"授权人 (*)：", "承認者 (*):", "승인자 (*):", "Signataire autorisé (*) :", "Autorizador (*):", "Freigabeberechtigte Person (*):", "Persona que autoriza (*):", "Firmatario autorizzato (*):", "Onaylayan (*):"},
	"Title - Authorizer:":             {"职务 - 授权人：", "役職 - 承認者:", "직함 - 승인자:", "Fonction – signataire :", "Cargo - autorizador:", "Funktion – freigabeberechtigte Person:", "Cargo - persona que autoriza:", "Qualifica - firmatario:", "Unvan - onaylayan:"},
	"Email - Authorizer (*):":         {"电子邮件 - 授权人 (*)：", "Eメール - 承認者 (*):", "이메일 - 승인자 (*):", "E-mail – signataire (*) :", "E-mail - autorizador (*):", "E-Mail – freigabeberechtigte Person (*):", "Correo electrónico - persona que autoriza (*):", "E-mail - firmatario (*):", "E-posta - onaylayan (*):"},
	"Phone - Authorizer:":             {"电话 - 授权人：", "電話番号 - 承認者:", "전화 - 승인자:", "Téléphone – signataire :", "Telefone - autorizador:", "Telefon – freigabeberechtigte Person:", "Teléfono - persona que autoriza:", "Telefono - firmatario:", "Telefon - onaylayan:"},
	"Effective Date (*):":             {"生效日期 (*)：", "発効日 (*):", "유효 날짜 (*):", "Date d'effet (*) :", "Data de vigência (*):", "Gültigkeitsdatum (*):", "Fecha de vigencia (*):", "Data di validità (*):", "Geçerlilik tarihi (*):"},
	"Answer":                          {"答案", "回答", "답변", "Réponse", "Resposta", "Antwort", "Respuesta", "Risposta", "Cevap"},
	"Comments":                        {"注释", "備考", "의견", "Commentaires", "Comentários", "Kommentare", "Comentarios", "Commenti", "Açıklamalar"},
	"Question":                        {"问题", "質問", "질문", "Question", "Pergunta", "Frage", "Pregunta", "Domanda", "Soru"},
	"Complete":                        {"完成", "完了", "완료", "Terminé", "Concluído", "Vollständig", "Completo", "Completo", "Tamamlandı"},
	"Tantalum  ":                      {"钽", "タンタル", "탄탈륨  ", "Tantale  ", "Tântalo", "Tantal  ", "Tantalio  ", "Tantalio  ", "Tantal "},
	"Tin  ":                           {"锡", "スズ", "주석  ", "Étain  ", "Estanho", "Zinn  ", "Estaño  ", "Stagno  ", "Kalay "},
	"Gold  ":                          {"金", "金", "금  ", "Or  ", "Ouro", "Gold  ", "Oro  ", "Oro  ", "Altın "},
	"Tungsten  ":                      {"钨", "タングステン", "텅스텐  ", "Tungstène  ", "Tungstênio", "Wolfram  ", "Tungsteno  ", "Tungsteno  ", "Tungsten "},
	"Metal (*)":                       {"金属 (*)", "金属 (*)", "금속 (*)", "Métal (*)", "Metal (*)", "Metall (*)", "Metal (*)", "Metallo (*)", "Metal (*)"},
	"Smelter Look-up (*)":             {"冶炼厂查找 (*)", "製錬所検索 (*)", "제련소 조회 (*)", "Recherche de fonderie (*)", "Pesquisa de fundição (*)", "Schmelzhütten-Suche (*)", "Búsqueda de fundición (*)", "Ricerca fonderia (*)", "İzabe tesisi arama (*)"},
	"Smelter Name (1)":                {"冶炼厂名称 (1)", "製錬所名 (1)", "제련소 이름 (1)", "Nom de la fonderie (1)", "Nome da fundição (1)", "Name der Schmelzhütte (1)", "Nombre de la fundición (1)", "Nome della fonderia (1)", "İzabe tesisi adı (1)"},
	"Smelter Country (*)":             {"冶炼厂所在国家 (*)", "製錬所の国 (*)", "제련소 국가 (*)", "Pays de la fonderie (*)", "País da fundição (*)", "Land der Schmelzhütte (*)", "País de la fundición (*)", "Paese della fonderia (*)", "İzabe tesisi ülkesi (*)"},
	"Smelter Identification":          {"冶炼厂识别号", "製錬所識別番号", "제련소 식별 번호", "Identification de la fonderie", "Identificação da fundição", "Schmelzhütten-Identifikation", "Identificación de la fundición", "Identificazione della fonderia", "İzabe tesisi kimliği"},
	"Required fields remaining to be completed": {"剩余待填写的必填字段", "未入力の必須項目数", "작성해야 할 남은 필수 항목", "Champs obligatoires restant à remplir", "Campos obrigatórios por preencher", "Noch auszufüllende Pflichtfelder", "Campos obligatorios pendientes", "Campi obbligatori da completare", "Doldurulması gereken zorunlu alanlar"},
}

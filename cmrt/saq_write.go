package cmrt

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/saq"
)

// Writing the SAQ, in the style of the Gemstone template (and with its
// writer's helpers): Instructions, Declaration (company block, then the
// questions grouped by theme, dropdown answers, "(*)" on every mandatory
// field), Checker (live formulas, the count of mandatory fields left in D2)
// and the hidden Lists. Structure locked, sheets protected without a
// password, only input cells unlocked.

// WriteSAQ writes the questionnaire of bank b (nil: the default bank) with
// its labels and questions in lang ("en", "ja" or "zh"). With d nil it is
// blank; otherwise d's company and answers are filled in, as a supplier
// would (tests use it for the round trip).
func WriteSAQ(w io.Writer, b *saq.Bank, d *Declaration, lang string) error {
	d3, ok := gemLanguages[lang]
	if !ok {
		return fmt.Errorf("%w: SAQ language %q (offered: %s)", ErrUnsupported, lang, strings.Join(GemstoneLanguages(), ", "))
	}
	if b == nil {
		b = saq.Default()
	} else if err := b.Validate(); err != nil {
		return err
	}
	if d == nil {
		d = &Declaration{}
	}
	s := &saqWriter{gemWriter: gemWriter{f: excelize.NewFile(), l: SAQLayout(b), d: d, lang: lang}, bank: b}
	defer s.f.Close()
	if err := s.build(d3); err != nil {
		return fmt.Errorf("cmrt: SAQ: %w", err)
	}
	if _, err := s.f.WriteTo(w); err != nil {
		return fmt.Errorf("cmrt: SAQ: %w", err)
	}
	return nil
}

type saqWriter struct {
	gemWriter
	bank *saq.Bank
}

func (s *saqWriter) tr(en string) string {
	if t, ok := saqText[en]; ok && s.lang != "en" {
		if s.lang == "zh" {
			return t[0]
		}
		return t[1]
	}
	return gemLabel(s.lang, en)
}

func (s *saqWriter) build(d3 string) error {
	if err := s.begin(SheetDeclaration, SheetChecker, SheetGemLists, SheetSAQBank); err != nil {
		return err
	}
	s.listsSheet()
	s.instructions()
	s.declaration(d3)
	s.checker()
	s.bankSheet()
	if s.err != nil {
		return s.err
	}
	if err := s.fitToWidth(SheetDeclaration, 0); err != nil {
		return err
	}
	if err := s.f.SetSheetVisible(SheetSAQBank, false, true); err != nil {
		return err
	}
	return s.seal("Instructions", SheetDeclaration, SheetChecker, SheetGemLists, SheetSAQBank)
}

// bankSheet embeds the bank the questionnaire is written from (saq.go,
// SheetSAQBank), so that it is read back and scored with the same bank.
func (s *saqWriter) bankSheet() {
	data, err := s.bank.Marshal()
	if err != nil {
		s.err = err
		return
	}
	for _, c := range saqBankCells(data) {
		s.set(SheetSAQBank, c[0], c[1])
	}
}

// listsSheet writes the hidden lists: languages, scopes, then one column per
// distinct set of answer options (the scale, and any question's own).
func (s *saqWriter) listsSheet() {
	cols := []namedList{{"languages", s.l.Languages}, {"scopes", gemScopes}}
	seen := map[string]bool{}
	for _, q := range s.l.CompanyQuestions {
		key := strings.Join(q.Options, "|")
		if !seen[key] {
			seen[key] = true
			cols = append(cols, namedList{key, q.Options})
		}
	}
	s.writeLists(cols)
}

func (s *saqWriter) instructions() {
	s.writeInstructions(SAQVersionText(s.bank), saqInstructions[s.lang])
}

func (s *saqWriter) declaration(d3 string) {
	n, l, d := SheetDeclaration, s.l, s.d
	s.declarationTop(SAQTitle, SAQVersionText(s.bank), d3, []colWidth{
		{"A", "A", 2}, {"B", "B", 70}, {"C", "C", 30}, {"D", "D", 22}, {"E", "F", 2}, {"G", "G", 40}, {"H", "I", 2}, {"J", "J", 40},
	}, s.tr)

	answers := map[string]Answer{}
	for _, a := range d.Answers {
		answers[a.Question] = a
	}
	head := strconv.Itoa(saqFirstRow - 1)
	s.set(n, "B"+head, s.tr("Question"))
	s.set(n, "C"+head, s.tr("RBA Code of Conduct"))
	s.set(n, "D"+head, s.tr("Answer"))
	s.set(n, "G"+head, s.tr("Comments"))
	s.style(n, "B"+head, "G"+head, s.head)
	themeRows, rows := saqRows(s.bank)
	byID := map[string]CompanyQuestion{}
	for _, q := range l.CompanyQuestions {
		byID[q.ID] = q
	}
	for ti, t := range s.bank.Themes {
		tr := strconv.Itoa(themeRows[ti])
		s.set(n, "B"+tr, fmt.Sprintf("%d. %s", ti+1, t.Name.In(s.lang)))
		s.style(n, "B"+tr, "G"+tr, s.head)
		for _, q := range t.Questions {
			cq, row := byID[q.ID], rows[q.ID]
			r := strconv.Itoa(row)
			s.set(n, "B"+r, mandatory(q.ID+") "+q.Text.In(s.lang)))
			s.style(n, "B"+r, "C"+r, s.label)
			s.set(n, "C"+r, q.RBA)
			if s.err == nil {
				s.err = s.f.SetRowHeight(n, row, 45)
			}
			s.style(n, cq.Cell, cq.Cell, s.input)
			s.style(n, cq.CommentCell, cq.CommentCell, s.input)
			if a := answers[q.ID]; a.Value != "" || a.Comment != "" {
				if a.Value != "" {
					s.set(n, cq.Cell, a.Value)
				}
				if a.Comment != "" {
					s.set(n, cq.CommentCell, a.Comment)
				}
			}
			s.dropdown(n, cq.Cell, s.lists[strings.Join(cq.Options, "|")])
		}
	}
}

// checker writes the SAQ's Checker: the company block's mandatory fields
// and every question, as Check counts them.
func (s *saqWriter) checker() {
	c := s.newChecker(s.tr)
	for _, q := range s.l.CompanyQuestions {
		c.add(q.ID+")", q.Cell, ckBlank(q.Cell))
	}
	c.total()
}

// saqText is English → Chinese, Japanese for the SAQ's own labels (the
// shared ones come from the Gemstone template's).
var saqText = map[string][2]string{
	"Question":            {"问题", "質問"},
	"RBA Code of Conduct": {"RBA行为准则", "RBA行動規範"},
}

var saqInstructions = map[string][]string{
	"en": {
		"This questionnaire asks how your company manages sustainability on nine themes.",
		"1. On the Declaration sheet, fill in the company information (fields marked (*) are mandatory).",
		"2. Answer every question from its dropdown: Yes, Partly or No. Use the comment to explain or to name evidence.",
		"3. The Checker sheet counts the mandatory fields still empty; return the file when it shows 0.",
		"Each question cites the section of the Responsible Business Alliance (RBA) Code of Conduct it rests on.",
		"Answers stay in English whatever the language of the labels.",
	},
	"ja": {
		"本質問票は、9つのテーマについて貴社のサステナビリティへの取り組みを確認するものです。",
		"1. Declarationシートに会社情報を記入してください（(*)は必須項目です）。",
		"2. すべての質問にドロップダウンから回答してください（Yes / Partly / No）。補足や根拠はコメント欄へ。",
		"3. Checkerシートが未記入の必須項目数を示します。0になったらご返送ください。",
		"各質問には根拠となるRBA行動規範の項目を記載しています。",
		"回答の選択肢はラベルの言語にかかわらず英語です。",
	},
	"zh": {
		"本问卷了解贵公司在九个主题上的可持续发展管理情况。",
		"1. 请在Declaration工作表填写公司信息（标有(*)的为必填项）。",
		"2. 请从下拉列表回答每个问题（Yes / Partly / No），可在备注中说明或列出证据。",
		"3. Checker工作表统计尚未填写的必填项数量；显示0时请交回文件。",
		"每个问题均注明其依据的RBA行为准则条款。",
		"无论标签语言为何，答案选项均为英文。",
	},
}

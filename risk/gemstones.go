package risk

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// Diamonds and coloured gemstones: findings on the Gemstone Declaration
// Template (family GEM). They read the declaration's answers, the countries
// of mining origin (question 2 and the Sources sheet's mines), the embedded
// table of origin restrictions, the DoL goods list and the EU CAHRA list.

// The gemstone finding codes.
const (
	CodeGemOriginSanctioned = "GEM_ORIGIN_SANCTIONED"
	CodeGemMyanmarRubyJade  = "GEM_MYANMAR_RUBY_JADE"
	CodeGemRussianDiamond   = "GEM_RUSSIAN_DIAMOND"
	CodeGemNoKPCertificate  = "GEM_NO_KP_CERTIFICATE"
	CodeGemNoWarranties     = "GEM_NO_SYSTEM_OF_WARRANTIES"
	CodeGemOriginUnknown    = "GEM_ORIGIN_UNKNOWN"
	CodeGemNoRJC            = "GEM_NO_RJC"
	CodeGemDoLListed        = "GEM_DOL_LISTED"
	CodeGemCAHRA            = "GEM_CAHRA"
)

// GemSource is one row of the Gemstone template's Sources sheet.
type GemSource struct {
	Row            int
	Material       string // Rough diamonds, Polished diamonds, Ruby, Sapphire, Emerald
	Type           string // Mine, Trader, Cutting and polishing centre, Other
	Name           string
	Country        string
	KPCertificate  string // Kimberley Process certificate ID
	RJCCertificate string
}

// OECD guidance the gemstone rules rest on. The OECD Due Diligence Guidance
// applies to all mineral resources (its scope note); the paragraphs cited
// are those of Annex I (five-step framework) and Annex II (model policy).
const (
	gGemAnnexII   = "Annex II ¶1–3 and ¶10 (serious abuses, direct or indirect support to non-state armed groups or public security forces; immediately suspend or disengage); Step 2.B–C (red flags of origin and transit)"
	gGemRedFlag   = "Step 2 (Annex I, identify red flags: minerals from a conflict-affected or high-risk area); Annex II ¶1 (worst forms of child labour, forced labour)"
	gGemChain     = "Step 1.C (system of controls and transparency: chain of custody or traceability, documentation such as the Kimberley Process certificate and System of Warranties); Step 2.A"
	gGemAssurance = "Step 4 (independent third-party audit of due diligence at identified points in the supply chain; industry schemes such as RJC certification)"
	gGemPolicy    = "Step 1.A (supply chain policy consistent with Annex II); Step 3 (respond to identified risks: suspend or disengage where Annex II ¶2, ¶10 apply)"
)

const (
	srcGemTable = "gemstone origin restrictions table (Kimberley Process, EU/G7 and US sanctions)"
	srcGemDecl  = "supplier's Gemstone declaration (answers, Sources sheet)"
)

var gemRules = []Rule{
	{Code: CodeGemOriginSanctioned, Title: "Gemstone origin under sanctions or KP suspension", Level: LevelDeclaration, Severity: High, OECDStep: 3, Guidance: gGemAnnexII,
		Meaning: "a country of mining origin is under sanctions or a Kimberley Process suspension for that material on the as-of date (Annex II ¶2, ¶10)", Source: srcGemDecl + ", " + srcGemTable,
		Action: "Ask the supplier to stop sourcing from that origin or to show the material predates the measure; record the decision in the risk-management plan", declaration: checkGemSanctioned},
	{Code: CodeGemMyanmarRubyJade, Title: "Myanmar rubies or jadeite", Level: LevelDeclaration, Severity: High, OECDStep: 2, Guidance: gGemAnnexII,
		Meaning: "rubies declared of Myanmar origin (high), or the supplier does not exclude Myanmar rubies and jadeite (question C \"No\", medium) (Annex II ¶1–3)", Source: srcGemDecl,
		Action: "Ask the supplier to exclude Myanmar-origin rubies and jadeite and to trace its rubies to mine", declaration: checkGemMyanmar},
	{Code: CodeGemRussianDiamond, Title: "Russian-origin diamonds", Level: LevelDeclaration, Severity: High, OECDStep: 2, Guidance: gGemAnnexII,
		Meaning: "diamonds declared of Russian origin (high), or the supplier does not exclude them (question D \"No\", medium) (Annex II ¶10; EU/G7 import ban)", Source: srcGemDecl,
		Action: "Ask the supplier to exclude Russian-origin diamonds and to show origin evidence (G7 traceability)", declaration: checkGemRussia},
	{Code: CodeGemNoKPCertificate, Title: "Rough diamonds without Kimberley Process certificates", Level: LevelDeclaration, Severity: High, OECDStep: 1, Guidance: gGemChain,
		Meaning: "rough diamonds with question 3 not \"Yes\" (high for \"No\", medium for \"Unknown\"), or a rough-diamond source without a KP certificate ID (medium) (Step 1.C)", Source: srcGemDecl,
		Action: "Ask for the Kimberley Process certificates of every rough-diamond shipment", declaration: checkGemKP},
	{Code: CodeGemNoWarranties, Title: "No System of Warranties statement", Level: LevelDeclaration, Severity: Medium, OECDStep: 1, Guidance: gGemChain,
		Meaning: "diamonds with question 4 (WDC System of Warranties on invoices) \"No\" or \"Unknown\" (Step 1.C)", Source: srcGemDecl,
		Action: "Ask the supplier to put the WDC System of Warranties statement on its invoices", declaration: checkGemWarranties},
	{Code: CodeGemOriginUnknown, Title: "Gemstone origin unknown", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gGemRedFlag,
		Meaning: "a material in use whose origin is \"Unknown\", or names a country the tool does not recognise (Step 2)", Source: srcGemDecl,
		Action: "Ask the supplier to trace the material to its countries of mining origin", declaration: checkGemOriginUnknown},
	{Code: CodeGemNoRJC, Title: "No RJC certification", Level: LevelDeclaration, Severity: Low, OECDStep: 4, Guidance: gGemAssurance,
		Meaning: "question 5 \"No\" or \"Member, not certified\", or the RJC certificate expired before the as-of date (medium) (Step 4)", Source: srcGemDecl,
		Action: "Ask the supplier for its RJC Code of Practices or Chain of Custody certification, or other third-party assurance", declaration: checkGemRJC},
	{Code: CodeGemDoLListed, Title: "Gemstone origin on the DoL goods list", Level: LevelDeclaration, Severity: High, OECDStep: 2, Guidance: gGemRedFlag,
		Meaning: "a country of mining origin the US DoL goods list names for that good (diamonds, emeralds, sapphires, rubies, gems) (Annex II ¶1)", Source: srcGemDecl + ", " + srcDoL,
		Action: "Ask for the supplier's child- and forced-labour due diligence for that material and origin", declaration: checkGemDoL},
	{Code: CodeGemCAHRA, Title: "Gemstone origin in an EU-listed conflict-affected or high-risk area", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gGemRedFlag,
		Meaning: "a country of mining origin on the EU CAHRA list (whole country or named regions) (Step 2, Annex II)", Source: srcGemDecl + ", " + srcCAHRA,
		Action: "Ask for the mine's region and the supplier's enhanced due diligence per Annex II", declaration: checkGemCAHRA},
}

func init() {
	for _, r := range gemRules {
		ruleIndex[r.Code] = len(Rules)
		Rules = append(Rules, r)
	}
}

// ---- the origin restrictions table ----

// GemRestrictions is the dated table of origins under sanctions or
// Kimberley Process suspension.
type GemRestrictions struct {
	DataSet
	Entries []GemRestriction `json:"entries"`
}

// GemRestriction is one country's measure for some materials.
type GemRestriction struct {
	Country   string   `json:"country"`   // ISO alpha-2
	Materials []string `json:"materials"` // diamond, ruby, sapphire, emerald, jade, gem
	Basis     string   `json:"basis"`
	Measure   string   `json:"measure"`
	From      string   `json:"from"`  // YYYY-MM-DD
	Until     string   `json:"until"` // YYYY-MM-DD, empty while in force
	Source    string   `json:"source"`
}

//go:embed refdata/gem-origin-restrictions-2026-11.json
var builtinGemRestrictionsJSON []byte

// ParseGemRestrictions reads a table in the embedded file's format.
func ParseGemRestrictions(data []byte) (*GemRestrictions, error) {
	var raw struct {
		Name, Edition, Date, Source string
		Entries                     []GemRestriction
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("gemstone origin restrictions: %w: %v", ErrBadReferenceFile, err)
	}
	if raw.Edition == "" || len(raw.Entries) == 0 {
		return nil, fmt.Errorf("gemstone origin restrictions: %w: no edition or no entries", ErrBadReferenceFile)
	}
	for i, e := range raw.Entries {
		if len(e.Country) != 2 || len(e.Materials) == 0 || e.From == "" {
			return nil, fmt.Errorf("gemstone origin restrictions: %w: entry %d needs country (ISO alpha-2), materials and from", ErrBadReferenceFile, i+1)
		}
		for _, d := range []string{e.From, e.Until} {
			if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
				return nil, fmt.Errorf("gemstone origin restrictions: %w: entry %d (%s): date %q is not YYYY-MM-DD", ErrBadReferenceFile, i+1, e.Country, d)
			}
		}
	}
	sum := sha256.Sum256(data)
	return &GemRestrictions{DataSet: DataSet{Kind: DataGems, Name: raw.Name, Edition: raw.Edition, Date: raw.Date, Source: raw.Source,
		SHA256: hex.EncodeToString(sum[:])}, Entries: raw.Entries}, nil
}

func builtinGemRestrictions() *GemRestrictions {
	t, err := ParseGemRestrictions(builtinGemRestrictionsJSON)
	if err != nil {
		panic("risk: built-in " + err.Error())
	}
	return t
}

// gems is the table in force: the one loaded, else the shipped edition.
func (r ReferenceData) gems() *GemRestrictions {
	if r.Gems == nil {
		return builtinGemRestrictions()
	}
	return r.Gems
}

// InForce returns the entries restricting a material from a country on a
// date.
func (t *GemRestrictions) InForce(material, country string, on time.Time) []GemRestriction {
	code, key := smelters.CountryCode(country), gemKey(material)
	day := on.Format("2006-01-02")
	var out []GemRestriction
	for _, e := range t.Entries {
		if e.Country != code || e.From > day || (e.Until != "" && e.Until < day) {
			continue
		}
		for _, m := range e.Materials {
			if m == key || (m == "gem" && key != "diamond") {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// ---- reading a Gemstone declaration ----

// gemKey is a template material's key in the data: both kinds of diamond
// are "diamond".
func gemKey(material string) string {
	if strings.Contains(strings.ToLower(material), "diamond") {
		return "diamond"
	}
	return MaterialKey(material)
}

func isGem(d *Declaration) bool { return strings.EqualFold(d.Family, string(cmrt.GEM)) }

func gemAnswer(d *Declaration, q, material string) *Answer {
	for i := range d.Answers {
		if a := &d.Answers[i]; a.Question == q && a.Mineral == material {
			return a
		}
	}
	return nil
}

func gemValue(d *Declaration, q, material string) string {
	if a := gemAnswer(d, q, material); a != nil {
		return strings.TrimSpace(a.Value)
	}
	return ""
}

// gemUsed lists the materials answered "Yes" to question 1.
func gemUsed(d *Declaration) []string {
	var out []string
	for _, m := range cmrt.GemstoneMaterials {
		if strings.EqualFold(gemValue(d, cmrt.GemQUsed, m), "Yes") {
			out = append(out, m)
		}
	}
	return out
}

// gemOrigin is one country of mining origin of a material, with where it
// was declared.
type gemOrigin struct {
	Country  string // as declared
	Code     string // ISO alpha-2
	Sheet    string
	Cell     string
	Declared string // the whole declared value
}

// gemOrigins are a material's countries of mining origin: question 2's
// names (separated by ";" or new lines) and the Sources sheet's mines, each
// country once. Unrecognised names are returned apart.
func gemOrigins(d *Declaration, material string) (origins []gemOrigin, unrecognised []gemOrigin) {
	seen := map[string]bool{}
	add := func(o gemOrigin) {
		o.Country = strings.TrimSpace(o.Country)
		if o.Country == "" {
			return
		}
		o.Code = smelters.CountryCode(o.Country)
		if o.Code == "" {
			unrecognised = append(unrecognised, o)
			return
		}
		if !seen[o.Code] {
			seen[o.Code] = true
			origins = append(origins, o)
		}
	}
	if a := gemAnswer(d, cmrt.GemQOrigin, material); a != nil {
		v := strings.TrimSpace(a.Value)
		if !strings.EqualFold(v, cmrt.OriginUnknown) && !strings.EqualFold(v, cmrt.OriginRecycled) {
			for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '\n' || r == '；' }) {
				add(gemOrigin{Country: part, Sheet: cmrt.SheetDeclaration, Cell: a.Cell, Declared: v})
			}
		}
	}
	for _, s := range d.Sources {
		if strings.EqualFold(s.Material, material) && (s.Type == "" || strings.EqualFold(s.Type, "Mine")) {
			add(gemOrigin{Country: s.Country, Sheet: cmrt.SheetSources, Cell: fmt.Sprintf("D%d", s.Row), Declared: s.Name + " (" + s.Country + ")"})
		}
	}
	return origins, unrecognised
}

func gemHit(d *Declaration, material, subject, sheet, cell, value, msg string) hit {
	return hit{Metal: material, Subject: "GEM:" + subject, Message: msg,
		Evidence: Evidence{Sheet: sheet, Cell: cell, Value: value}}
}

func (o gemOrigin) hit(d *Declaration, material, subject, msg string) hit {
	return gemHit(d, material, subject+":"+o.Code, o.Sheet, o.Cell, o.Declared, msg)
}

// eachOrigin calls fn for every origin of every material in use.
func eachOrigin(d *Declaration, fn func(material string, o gemOrigin)) {
	if !isGem(d) {
		return
	}
	for _, m := range gemUsed(d) {
		origins, _ := gemOrigins(d, m)
		for _, o := range origins {
			fn(m, o)
		}
	}
}

// ---- the checks ----

func checkGemSanctioned(c *evalContext, d *Declaration, emit emitFunc) {
	t := c.ref.gems()
	eachOrigin(d, func(m string, o gemOrigin) {
		for _, e := range t.InForce(m, o.Code, c.season.AsOf) {
			h := o.hit(d, m, "sanctioned:"+e.Basis, fmt.Sprintf("%s from %s: %s (%s; since %s)", m, o.Country, e.Measure, e.Basis, e.From))
			h.Evidence.List, h.Evidence.ListDate = t.Label()+": "+e.Source, t.Date
			emit(h)
		}
	})
}

func checkGemMyanmar(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) {
		return
	}
	eachOrigin(d, func(m string, o gemOrigin) {
		if m == cmrt.Ruby && o.Code == "MM" {
			emit(o.hit(d, m, "myanmar", fmt.Sprintf("rubies declared of Myanmar (Burma) origin (%s)", o.Declared)))
		}
	})
	if a := gemAnswer(d, cmrt.GemQMyanmarOut, ""); a != nil && strings.EqualFold(a.Value, "No") && len(gemUsed(d)) > 0 {
		h := gemHit(d, "", "myanmar-policy", cmrt.SheetDeclaration, a.Cell, a.Value, "question C answered \"No\": Myanmar-origin rubies and jadeite are not excluded")
		h.Severity = Medium
		emit(h)
	}
}

func checkGemRussia(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) {
		return
	}
	used := gemUsed(d)
	eachOrigin(d, func(m string, o gemOrigin) {
		if gemKey(m) == "diamond" && o.Code == "RU" {
			emit(o.hit(d, m, "russia", fmt.Sprintf("%s declared of Russian origin (%s)", strings.ToLower(m), o.Declared)))
		}
	})
	diamonds := false
	for _, m := range used {
		diamonds = diamonds || gemKey(m) == "diamond"
	}
	if a := gemAnswer(d, cmrt.GemQRussiaOut, ""); a != nil && strings.EqualFold(a.Value, "No") && diamonds {
		h := gemHit(d, "", "russia-policy", cmrt.SheetDeclaration, a.Cell, a.Value, "question D answered \"No\": Russian-origin diamonds are not excluded")
		h.Severity = Medium
		emit(h)
	}
}

func checkGemKP(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) || !strings.EqualFold(gemValue(d, cmrt.GemQUsed, cmrt.RoughDiamonds), "Yes") {
		return
	}
	if a := gemAnswer(d, cmrt.GemQKimberley, cmrt.RoughDiamonds); a != nil && a.Value != "" && !strings.EqualFold(a.Value, "Yes") {
		h := gemHit(d, cmrt.RoughDiamonds, "kp-answer", cmrt.SheetDeclaration, a.Cell, a.Value,
			fmt.Sprintf("question 3 answered %q: not every rough-diamond shipment carried a Kimberley Process certificate", a.Value))
		if !strings.EqualFold(a.Value, "No") {
			h.Severity = Medium
		}
		emit(h)
	}
	for _, s := range d.Sources {
		if strings.EqualFold(s.Material, cmrt.RoughDiamonds) && strings.TrimSpace(s.KPCertificate) == "" &&
			(strings.EqualFold(s.Type, "Mine") || strings.EqualFold(s.Type, "Trader")) {
			h := gemHit(d, cmrt.RoughDiamonds, "kp-source:"+strings.ToLower(s.Name), cmrt.SheetSources, fmt.Sprintf("E%d", s.Row), s.Name,
				fmt.Sprintf("rough-diamond source %q (%s, %s) has no Kimberley Process certificate ID", s.Name, s.Type, s.Country))
			h.Severity = Medium
			emit(h)
		}
	}
}

func checkGemWarranties(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) {
		return
	}
	for _, m := range gemUsed(d) {
		if gemKey(m) != "diamond" {
			continue
		}
		if a := gemAnswer(d, cmrt.GemQWarranties, m); a != nil && (strings.EqualFold(a.Value, "No") || strings.EqualFold(a.Value, "Unknown")) {
			emit(gemHit(d, m, "warranties", cmrt.SheetDeclaration, a.Cell, a.Value,
				fmt.Sprintf("%s: question 4 answered %q: invoices do not carry the WDC System of Warranties statement", strings.ToLower(m), a.Value)))
		}
	}
}

func checkGemOriginUnknown(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) {
		return
	}
	for _, m := range gemUsed(d) {
		if a := gemAnswer(d, cmrt.GemQOrigin, m); a != nil && strings.EqualFold(strings.TrimSpace(a.Value), cmrt.OriginUnknown) {
			emit(gemHit(d, m, "origin-unknown", cmrt.SheetDeclaration, a.Cell, a.Value, fmt.Sprintf("%s: countries of mining origin \"Unknown\"", strings.ToLower(m))))
		}
		_, bad := gemOrigins(d, m)
		for _, o := range bad {
			emit(gemHit(d, m, "origin-unrecognised:"+strings.ToLower(o.Country), o.Sheet, o.Cell, o.Declared,
				fmt.Sprintf("%s: origin %q is no country the tool recognises", strings.ToLower(m), o.Country)))
		}
	}
}

func checkGemRJC(c *evalContext, d *Declaration, emit emitFunc) {
	if !isGem(d) {
		return
	}
	for _, m := range gemUsed(d) {
		a := gemAnswer(d, cmrt.GemQRJC, m)
		if a == nil || a.Value == "" {
			continue
		}
		if strings.EqualFold(a.Value, "No") || strings.EqualFold(a.Value, "Member, not certified") {
			emit(gemHit(d, m, "rjc", cmrt.SheetDeclaration, a.Cell, a.Value, fmt.Sprintf("%s: question 5 answered %q: no RJC COP or CoC certification", strings.ToLower(m), a.Value)))
			continue
		}
		exp := gemAnswer(d, cmrt.GemQRJCExpiry, m)
		if exp == nil || exp.Value == "" {
			continue
		}
		if t, ok := cmrt.GemDate(exp.Value); ok && t.Before(c.season.AsOf) {
			h := gemHit(d, m, "rjc-expired", cmrt.SheetDeclaration, exp.Cell, exp.Value,
				fmt.Sprintf("%s: RJC certificate %s expired on %s", strings.ToLower(m), gemValue(d, cmrt.GemQRJCNumber, m), t.Format("2006-01-02")))
			h.Severity = Medium
			emit(h)
		}
	}
}

// gemDoLGoods are the DoL goods a material may be listed under.
func gemDoLGoods(material string) []string {
	switch gemKey(material) {
	case "diamond":
		return []string{"Diamonds", "Gems"}
	case "ruby":
		return []string{"Rubies", "Gems"}
	case "sapphire":
		return []string{"Sapphires", "Gems"}
	case "emerald":
		return []string{"Emeralds", "Gems"}
	}
	return []string{"Gems"}
}

func checkGemDoL(c *evalContext, d *Declaration, emit emitFunc) {
	eachOrigin(d, func(m string, o gemOrigin) {
		var names []string
		for _, g := range gemDoLGoods(m) {
			for _, e := range c.ref.DoL.Named(g, o.Code) {
				names = append(names, e.Good+" ("+e.Labour()+")")
			}
		}
		if len(names) == 0 {
			return
		}
		sort.Strings(names)
		h := o.hit(d, m, "dol", fmt.Sprintf("%s from %s: the US DoL goods list names %s", strings.ToLower(m), o.Country, strings.Join(names, ", ")))
		h.Evidence.List, h.Evidence.ListDate = c.ref.DoL.Label(), c.ref.DoL.Date
		emit(h)
	})
}

func checkGemCAHRA(c *evalContext, d *Declaration, emit emitFunc) {
	eachOrigin(d, func(m string, o gemOrigin) {
		cc, ok := c.ref.CAHRA.Lookup(o.Code)
		if !ok {
			return
		}
		h := o.hit(d, m, "cahra", fmt.Sprintf("%s from %s: %s", strings.ToLower(m), o.Country, cc.Wording()))
		h.Evidence.List, h.Evidence.ListDate = c.ref.CAHRA.Label(), c.ref.CAHRA.Date
		emit(h)
	})
}

package cmrt

import "strconv"

// The Gemstone Declaration Template: this project's own supplier
// declaration for diamonds and coloured gemstones (RMI publishes none). Its
// layout is data like RMI's: the reader, Check, the importer and the store
// treat it as one more family. `cmrt template gemstones` writes the blank
// (gemstone_write.go).

// GEM is the Gemstone Declaration Template family.
const GEM Family = "GEM"

// GemstoneTitle is Declaration!D2; GemstoneVersionText is Declaration!J3,
// the version cell the reader detects.
const (
	GemstoneTitle       = "Gemstone Declaration Template"
	GemstoneVersion     = "1.0"
	GemstoneVersionText = GemstoneTitle + ", Revision " + GemstoneVersion
)

// SheetSources is the Gemstone template's list of mines, traders and
// cutting and polishing centres. The reader keeps its rows in
// Declaration.Mines, so the store keeps them without a table of their own:
// Metal is the material, Source the type (mine, trader, cutting and
// polishing centre), MineName the name, Country the country, MineID the
// Kimberley Process certificate ID and Comments the RJC certificate ID.
const SheetSources = "Sources"

// The materials of the Gemstone template, in row order.
const (
	RoughDiamonds    = "Rough diamonds"
	PolishedDiamonds = "Polished diamonds"
	Ruby             = "Ruby"
	Sapphire         = "Sapphire"
	Emerald          = "Emerald"
)

// GemstoneMaterials lists the materials in row order.
var GemstoneMaterials = []string{RoughDiamonds, PolishedDiamonds, Ruby, Sapphire, Emerald}

// Answers to question 2 (countries of mining origin) that name no country.
const (
	OriginUnknown  = "Unknown"
	OriginRecycled = "Recycled / vintage"
)

// Options of the Gemstone template's RJC question.
var gemRJCOptions = []string{"Yes, COP and CoC certified", "Yes, COP certified", "Yes, CoC certified", "Member, not certified", "No"}

// Sources sheet types.
var gemSourceTypes = []string{"Mine", "Trader", "Cutting and polishing centre", "Other"}

// Question IDs of the Gemstone template, for package risk.
const (
	GemQUsed        = "1" // is the material in the products
	GemQOrigin      = "2" // countries of mining origin (free text)
	GemQKimberley   = "3" // rough diamonds: KP certificate with every shipment
	GemQWarranties  = "4" // diamonds: WDC System of Warranties on invoices
	GemQRJC         = "5" // RJC membership and certification
	GemQRJCNumber   = "6" // RJC certificate number (not counted)
	GemQRJCExpiry   = "7" // RJC certificate expiry date (not counted)
	GemQPolicy      = "A"
	GemQPolicyURL   = "B"
	GemQMyanmarOut  = "C"
	GemQRussiaOut   = "D"
	GemQGrievance   = "E"
	gemFirstRow     = 26 // row of question 1's first material
	gemRowsPerBlock = 6  // five materials and a heading row
)

// gemstoneLayout is revision 1.0. Rows follow the CMRT's pattern: a
// heading row, then one row per material; the rough-diamond-only question
// has one row, the diamond-only one two.
func gemstoneLayout() Layout {
	diamonds := []string{RoughDiamonds, PolishedDiamonds}
	row := gemFirstRow
	next := func(rows int) int {
		r := row
		row += rows + 1
		return r
	}
	q1 := question(GemQUsed, next(5), "Is the material intentionally added or used in the product(s) or in the production process?", yesNo, NeedAlways)
	q2 := question(GemQOrigin, next(5), "Countries of mining origin (country names separated by \";\", or \"Unknown\", or \"Recycled / vintage\")", nil, NeedUsed)
	q3 := question(GemQKimberley, next(1), "Did every shipment of rough diamonds carry a Kimberley Process certificate?", yesNoUnknown, NeedUsed)
	q3.OnlyMinerals = []string{RoughDiamonds}
	q4 := question(GemQWarranties, next(2), "Do your invoices carry the World Diamond Council System of Warranties statement?", yesNoUnknown, NeedUsed)
	q4.OnlyMinerals = diamonds
	q5 := question(GemQRJC, next(5), "Are you a Responsible Jewellery Council member with Code of Practices (COP) or Chain of Custody (CoC) certification?", gemRJCOptions, NeedUsed)
	q6 := question(GemQRJCNumber, next(5), "RJC certificate number", nil, NeedUsed)
	q6.Uncounted = true
	q7 := question(GemQRJCExpiry, next(5), "RJC certificate expiry date (YYYY-MM-DD)", nil, NeedUsed)
	q7.Uncounted = true
	company := func(id, text string) CompanyQuestion {
		r := next(1)
		return CompanyQuestion{ID: id, Text: text, Cell: "D" + strconv.Itoa(r), CommentCell: "G" + strconv.Itoa(r), Options: yesNo}
	}
	row++ // the company-level heading
	cqs := []CompanyQuestion{
		company(GemQPolicy, "Have you established a responsible sourcing policy covering diamonds and coloured gemstones?"),
		company(GemQPolicyURL, "Is that policy publicly available? (put its web address in the comment)"),
		company(GemQMyanmarOut, "Do you exclude rubies and jadeite of Myanmar (Burma) origin?"),
		company(GemQRussiaOut, "Do you exclude diamonds of Russian origin?"),
		company(GemQGrievance, "Do you have a grievance mechanism open to stakeholders?"),
	}
	cqs[1].CommentRequiredWhen, cqs[1].CommentCode = "Yes", "URL_MISSING"
	return Layout{
		Family: GEM, Version: GemstoneVersion, Current: true,
		Languages:        []string{"English", "中文 Chinese", "日本語 Japanese"},
		Company:          cmrtCompany,
		Minerals:         GemstoneMaterials,
		Questions:        []Question{q1, q2, q3, q4, q5, q6, q7},
		CompanyQuestions: cqs,
		Mines: &MineListLayout{
			Sheet: SheetSources, HeaderRow: 4, FirstRow: 5, LastRow: 1004,
			Metal: "A", Source: "B", MineName: "C", Country: "D", MineID: "E", Comments: "F",
		},
		OutOfScopeQ1: []string{"No"},
		CompanyNeed:  NeedUsed,
		SmelterRule:  SmelterRuleNone,
	}
}

package cmrt

import (
	"fmt"
	"github.com/openminerals/cmrt/saq"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Layout is where one template revision keeps each field, and what its
// Checker requires. Adding a revision means adding a Layout value, not code.
type Layout struct {
	Family  Family
	Version string // "6.4"
	// Released is the date printed under the revision in J3, e.g. "April
	// 26, 2024"; empty when not known (the 2026 revisions).
	Released string
	// Current marks the revisions RMI publishes now for the family (6.6 and
	// its re-release 6.6.1); older ones get an info problem.
	Current bool

	Languages []string // Declaration!D3 options, in the order of sheet L's columns D…

	Company CompanyCells

	// Minerals are the fixed mineral rows in order (CMRT: Ta, Sn, Au, W).
	// Empty when the declarer picks minerals (EMRT 2.x, AMRT).
	Minerals []string
	// MineralCells are where the declarer picks minerals; the template sorts
	// the picks into the question rows' slots.
	MineralCells []string
	// OtherCells (AMRT 1.3) hold the text of an "Other [specify below]"
	// pick, one below each of MineralCells.
	OtherCells []string
	// MineralOptions are the choices offered in MineralCells (empty: free text).
	MineralOptions []string
	// Slots is the number of rows per question when minerals are picked.
	Slots int
	// CheckedSlots is how many of those slots the Checker counts (0: all).
	CheckedSlots int

	// Gated is the CMRT Checker's reading of question 2 only when question 1
	// is "Yes", and of questions 3+ only when both are "Yes"; other families
	// read each answer as it stands.
	Gated bool
	// CompanyNeed: company-level questions are required when at least one
	// mineral has this need.
	CompanyNeed Need
	// SmelterRule is the Checker's test of the Smelter List per mineral.
	SmelterRule SmelterRule
	// NotListedCounted is whether the "Smelter not listed rows need a name
	// and country" row is inside the Checker's total.
	NotListedCounted bool
	// MineralsRequired: at least one mineral must be picked.
	MineralsRequired bool

	Mines *MineListLayout

	Questions        []Question
	CompanyQuestions []CompanyQuestion

	Smelters SmelterListLayout
	Products ProductListLayout

	// OutOfScopeQ1 and OutOfScopeQ2 are the answers that take a mineral out
	// of scope in question 1 ("used") and 2 ("remains in product").
	OutOfScopeQ1 []string
	OutOfScopeQ2 []string
}

// CompanyCells gives the Declaration cell of each company field.
type CompanyCells struct {
	Name, Scope, ScopeDescription, UniqueID, UniqueIDAuthority, Address,
	ContactName, ContactEmail, ContactPhone, Authorizer, AuthorizerTitle,
	AuthorizerEmail, AuthorizerPhone, EffectiveDate string
}

// Need says when the Checker requires a per-mineral question.
type Need int

const (
	// NeedAlways: required for every mineral (question 1).
	NeedAlways Need = iota
	// NeedUsed: required unless question 1 took the mineral out of scope.
	NeedUsed
	// NeedInScope: required unless question 1 or 2 took it out of scope.
	NeedInScope
)

// SmelterRule is how a template's Checker decides that a mineral in scope
// has smelters listed.
type SmelterRule int

const (
	// SmelterRuleLookup: a row with the mineral and a Smelter Look-up choice.
	SmelterRuleLookup SmelterRule = iota
	// SmelterRuleCRT: CRT 2.2's test fires only when question 1 is blank,
	// question 2 is "Yes" and no row names the metal (its formula multiplies
	// by "question 1 incomplete").
	SmelterRuleCRT
	// SmelterRuleNameCountry: a row with the mineral, a name and a country
	// (AMRT 1.2, which has no look-up column).
	SmelterRuleNameCountry
	// SmelterRuleMetal: any row naming the mineral (AMRT 1.3: its counter
	// skips rows whose look-up or country cell ISBLANK, but those cells hold
	// formulas in every data row, and a formula is never blank).
	SmelterRuleMetal
	// SmelterRuleNone: the template has no Smelter List (Gemstone).
	SmelterRuleNone
)

// MineListLayout locates the Mine List sheet (EMRT 2.x, AMRT).
type MineListLayout struct {
	// Sheet is the sheet's name when not "Mine List" (the Gemstone
	// template's Sources).
	Sheet                        string
	HeaderRow, FirstRow, LastRow int
	Metal, SmelterName, MineName, MineID, Source, Country, Street, City, State,
	ContactName, ContactEmail, NextSteps, Comments string
}

// Question is a per-mineral question: one answer row per mineral.
type Question struct {
	ID       string
	Text     string // English wording
	FirstRow int    // row of the first mineral; mineral i is at FirstRow+i
	Options  []string
	Need     Need
	// Uncounted questions are outside the Checker's total.
	Uncounted bool
	// OnlyMinerals limits the question to some minerals (EMRT 1.x asks
	// question 4 of cobalt only).
	OnlyMinerals []string
	// YesFact, when set, is the problem code reported (as info) for a "Yes":
	// sourcing from covered countries or from conflict-affected areas is a
	// fact the findings need, not an error.
	YesFact string
}

// Cell returns the answer cell of mineral index i.
func (q Question) Cell(i int) string { return "D" + strconv.Itoa(q.FirstRow+i) }

// CommentCell returns the comment cell of mineral index i.
func (q Question) CommentCell(i int) string { return "G" + strconv.Itoa(q.FirstRow+i) }

// CompanyQuestion is a company-level question (A–H in CMRT).
type CompanyQuestion struct {
	ID          string
	Text        string
	Cell        string // answer
	CommentCell string
	Options     []string
	// CommentRequiredWhen names the answer that makes the comment mandatory:
	// question B's "Yes" needs the policy URL.
	CommentRequiredWhen string
	// CommentCode is the problem code when that comment is missing
	// (URL_MISSING, DESCRIPTION_MISSING).
	CommentCode string
	// CommentInsteadOfAnswer: the Checker counts the answer itself as missing
	// (not a separate row) when the comment is (EMRT 1.x / CRT "Using Other
	// Format (Describe)").
	CommentInsteadOfAnswer bool
	// PerMineralRow, when set, makes the question per mineral: mineral i
	// answers at row PerMineralRow+i, required when the mineral is in scope.
	PerMineralRow int
}

// SmelterListLayout locates the Smelter List sheet's columns.
type SmelterListLayout struct {
	HeaderRow, FirstRow, LastRow int
	// Column letters; empty when the revision has no such column.
	CIDInput, Metal, LookupName, Name, Country, CID, Source, Street, City, State,
	ContactName, ContactEmail, NextSteps, MineName, MineCountry, Recycled, Comments string
	// LastColumn is the last supplier column; helper columns after it are
	// formulas and never read.
	LastColumn string
}

// ProductListLayout locates the Product List sheet's columns.
type ProductListLayout struct {
	HeaderRow, FirstRow, LastRow                           int
	Number, Name, RequesterNumber, RequesterName, Comments string
}

// Sheet names RMI uses in every family.
const (
	SheetDeclaration = "Declaration"
	SheetSmelterList = "Smelter List"
	SheetProductList = "Product List"
	SheetLookup      = "Smelter Look-up"
	SheetChecker     = "Checker"
	SheetRevision    = "Revision"
	SheetMineList    = "Mine List"
	SheetL           = "L"
	SheetCountries   = "C"
)

// sheet is the name of the Mine List sheet of the layout.
func (ml *MineListLayout) sheet() string {
	if ml.Sheet != "" {
		return ml.Sheet
	}
	return SheetMineList
}

var (
	yesNo        = []string{"Yes", "No"}
	yesNoUnknown = []string{"Yes", "No", "Unknown"}
	percentages  = []string{"100%", "Greater than 90%", "Greater than 75%", "Greater than 50%", "50% or less", "None"}
	cmrtLangs    = []string{"English", "中文 Chinese", "日本語 Japanese", "한국어 Korean", "Français", "Português", "Deutsch", "Español", "Italiano", "Türkçe"}
)

// Scope options of Declaration!D9, identical in every family.
const (
	ScopeCompany = "A. Company"
	ScopeProduct = "B. Product (or List of Products)"
	ScopeUser    = "C. User defined [Specify in 'Description of scope']"
)

// cmrt6 is the CMRT 6.x layout: identical cell addresses from 6.01 to 6.5
// (LAYOUTS.md §2); only the revision text and a few list sizes differ.
func cmrt6(version, released string, productLastRow int, current bool) Layout {
	return Layout{
		Family: CMRT, Version: version, Released: released, Current: current,
		Languages: cmrtLangs,
		Company: CompanyCells{
			Name: "D8", Scope: "D9", ScopeDescription: "D10", UniqueID: "D12", UniqueIDAuthority: "D13",
			Address: "D14", ContactName: "D15", ContactEmail: "D16", ContactPhone: "D17",
			Authorizer: "D18", AuthorizerTitle: "D19", AuthorizerEmail: "D20", AuthorizerPhone: "D21",
			EffectiveDate: "D22",
		},
		Minerals: []string{"Tantalum", "Tin", "Gold", "Tungsten"},
		Questions: []Question{
			question("1", 26, "Is any 3TG intentionally added or used in the product(s) or in the production process?", yesNo, NeedAlways),
			question("2", 32, "Does any 3TG remain in the product(s)?", yesNo, NeedUsed),
			fact(question("3", 38, "Do any of the smelters in your supply chain source the 3TG from the covered countries?", yesNoUnknown, NeedInScope), "COVERED_COUNTRIES_SOURCING"),
			fact(question("4", 44, "Do any of the smelters in your supply chain source the 3TG from conflict-affected and high-risk areas?", yesNoUnknown, NeedInScope), "CAHRA_SOURCING"),
			question("5", 50, "Does 100 percent of the 3TG originate from recycled or scrap sources?", yesNoUnknown, NeedInScope),
			question("6", 56, "What percentage of relevant suppliers have provided a response to your supply chain survey?", percentages, NeedInScope),
			question("7", 62, "Have you identified all of the smelters supplying the 3TG to your supply chain?", yesNo, NeedInScope),
			question("8", 68, "Has all applicable smelter information received by your company been reported in this declaration?", yesNo, NeedInScope),
		},
		CompanyQuestions: []CompanyQuestion{
			{ID: "A", Cell: "D75", CommentCell: "G75", Options: yesNo, Text: "Have you established a responsible minerals sourcing policy?"},
			{ID: "B", Cell: "D77", CommentCell: "G77", Options: yesNo, CommentRequiredWhen: "Yes", CommentCode: "URL_MISSING", Text: "Is that policy publicly available on your website?"},
			{ID: "C", Cell: "D79", CommentCell: "G79", Options: yesNo, Text: "Do you require your direct suppliers to source the 3TG from smelters whose due diligence practices have been validated by an independent third party audit program?"},
			{ID: "D", Cell: "D81", CommentCell: "G81", Options: yesNo, Text: "Have you implemented due diligence measures for responsible sourcing?"},
			{ID: "E", Cell: "D83", CommentCell: "G83", Options: []string{"Yes, in conformance with IPC1755 (e.g., CMRT)", "Yes, using other format (describe)", "No"}, Text: "Does your company conduct Conflict Minerals survey(s) of your relevant supplier(s)?"},
			{ID: "F", Cell: "D85", CommentCell: "G85", Options: yesNo, Text: "Do you review due diligence information received from your suppliers against your company's expectations?"},
			{ID: "G", Cell: "D87", CommentCell: "G87", Options: yesNo, Text: "Does your review process include corrective action management?"},
			{ID: "H", Cell: "D89", CommentCell: "G89", Options: []string{"Yes, with the SEC", "Yes, with the EU", "Yes, with the SEC and the EU", "No"}, Text: "Is your company required to file an annual conflict minerals disclosure?"},
		},
		Smelters: SmelterListLayout{
			HeaderRow: 4, FirstRow: 5, LastRow: 2504,
			CIDInput: "A", Metal: "B", LookupName: "C", Name: "D", Country: "E", CID: "F", Source: "G",
			Street: "H", City: "I", State: "J", ContactName: "K", ContactEmail: "L", NextSteps: "M",
			MineName: "N", MineCountry: "O", Recycled: "P", Comments: "Q", LastColumn: "Q",
		},
		Products:         ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: productLastRow, Number: "B", Name: "C", Comments: "D"},
		OutOfScopeQ1:     []string{"No"},
		OutOfScopeQ2:     []string{"No"},
		Gated:            true,
		CompanyNeed:      NeedInScope,
		SmelterRule:      SmelterRuleLookup,
		NotListedCounted: true,
	}
}

// question is a per-mineral question starting at row, required as need says.
func question(id string, row int, text string, opts []string, need Need) Question {
	return Question{ID: id, Text: text, FirstRow: row, Options: opts, Need: need}
}

// fact marks a question whose "Yes" is reported as an info problem code.
func fact(q Question, code string) Question {
	q.YesFact = code
	return q
}

// layouts is every supported revision, made on first use: the SAQ's comes
// from its question bank, whose parsing every command would otherwise pay
// for at start (a few milliseconds).
var layouts = sync.OnceValue(func() []Layout {
	out := []Layout{
		cmrt6("6.01", "May 19, 2020", 1000, false),
		cmrt6("6.1", "April 28, 2021", 1000, false),
		cmrt6("6.22", "May 11, 2022", 2005, false),
		cmrt6("6.31", "May 26, 2023", 2005, false),
		cmrt6("6.4", "April 26, 2024", 2005, false),
		cmrt6("6.5", "April 25, 2025", 2005, false),
		cmrt66("6.6"),
		cmrt66("6.6.1"),
		gemstoneLayout(),
	}
	out = append(out, familyLayouts()...)
	return append(out, SAQLayout(saq.Default()))
})

// cmrt66 is CMRT 6.6 and 6.6.1, RMI's re-release of 6.6 without its logo:
// 6.5's Declaration, Smelter List and Checker, and a Product List with the
// requester's product number and name in D and E, comments in F
// (LAYOUTS-2026.md §2–3, §7). The release dates are not known.
func cmrt66(version string) Layout {
	l := cmrt6(version, "", 2005, true)
	l.Products = ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: 2005, Number: "B", Name: "C",
		RequesterNumber: "D", RequesterName: "E", Comments: "F"}
	return l
}

// Layouts returns every supported layout, by family then version.
func Layouts() []Layout {
	out := append([]Layout(nil), layouts()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Family < out[j].Family })
	return out
}

// LookupLayout returns the layout of a family and version.
func LookupLayout(f Family, version string) (Layout, error) {
	for _, l := range layouts() {
		if l.Family == f && l.Version == version {
			return l, nil
		}
	}
	var known []string
	for _, l := range layouts() {
		if l.Family == f {
			known = append(known, l.Version)
		}
	}
	if len(known) == 0 {
		return Layout{}, fmt.Errorf("%w: %s templates are not supported yet", ErrUnsupported, f)
	}
	return Layout{}, fmt.Errorf("%w: %s revision %s (supported: %s)", ErrUnsupported, f, version, strings.Join(known, ", "))
}

// CurrentVersion returns the newest revision known for a family.
func CurrentVersion(f Family) string {
	if l, ok := latestLayout(f); ok {
		return l.Version
	}
	return ""
}

// Outdated reports whether a revision of a family is older than the
// family's current revisions, and names them. 6.6 and its re-release 6.6.1
// are both current; a revision newer than any known is not outdated.
func Outdated(f Family, version string) (current []string, outdated bool) {
	current = currentVersions(f)
	if len(current) == 0 || slices.Contains(current, version) {
		return current, false
	}
	return current, VersionLess(version, current[0])
}

// currentVersions lists the family's current revisions: 6.6 and its
// re-release 6.6.1 are both current.
func currentVersions(f Family) []string {
	var out []string
	for _, l := range layouts() {
		if l.Family == f && l.Current {
			out = append(out, l.Version)
		}
	}
	return out
}

// latestLayout is the layout of the family's newest known revision.
func latestLayout(f Family) (Layout, bool) {
	var out Layout
	found := false
	for _, l := range layouts() {
		if l.Family == f && (!found || VersionLess(out.Version, l.Version)) {
			out, found = l, true
		}
	}
	return out, found
}

// RevisionText is Declaration!J3: "Revision 6.4\nApril 26, 2024".
func (l Layout) RevisionText() string {
	if l.Released == "" {
		return "Revision " + l.Version
	}
	return "Revision " + l.Version + "\n" + l.Released
}

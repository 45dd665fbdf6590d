package risk

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// The finding codes. Keep them exactly: scripts and reports key on them.
const (
	CodeSmelterRemoved          = "SMELTER_REMOVED"
	CodeSmelterNotConformant    = "SMELTER_NOT_CONFORMANT"
	CodeSmelterActive           = "SMELTER_ACTIVE"
	CodeSmelterNotParticipating = "SMELTER_NOT_PARTICIPATING"
	CodeSmelterUnknownCID       = "SMELTER_UNKNOWN_CID"
	CodeSmelterNeedsReview      = "SMELTER_NEEDS_REVIEW"
	CodeSmelterNotIdentified    = "SMELTER_NOT_IDENTIFIED"
	CodeSmelterNotListedName    = "SMELTER_NOT_LISTED_NAME"
	CodeSmelterReauditOverdue   = "SMELTER_REAUDIT_OVERDUE"
	CodeSmelterCovered          = "SMELTER_COVERED_COUNTRY"
	CodeSmelterCAHRA            = "SMELTER_CAHRA"
	CodeSmelterInconsistent     = "SMELTER_INCONSISTENT"

	CodeIncomplete       = "DECLARATION_INCOMPLETE"
	CodeOutdatedTemplate = "DECLARATION_OUTDATED_TEMPLATE"
	CodeStale            = "DECLARATION_STALE"
	CodeScopeProduct     = "DECLARATION_SCOPE_PRODUCT"

	CodeSourcingCovered    = "SOURCING_COVERED_COUNTRIES"
	CodeSourcingCAHRA      = "SOURCING_CAHRA"
	CodeSourcingUnknown    = "SOURCING_UNKNOWN"
	CodeResponseRateLow    = "RESPONSE_RATE_LOW"
	CodeSmeltersIncomplete = "SMELTERS_INCOMPLETE"
	CodeAnswersInconsist   = "ANSWERS_INCONSISTENT"

	CodePolicyMissing      = "POLICY_MISSING"
	CodePolicyNotPublic    = "POLICY_NOT_PUBLIC"
	CodeNoConformantReq    = "NO_CONFORMANT_REQUIREMENT"
	CodeNoDueDiligence     = "NO_DUE_DILIGENCE"
	CodeNoSupplierSurvey   = "NO_SUPPLIER_SURVEY"
	CodeNoResponseReview   = "NO_RESPONSE_REVIEW"
	CodeNoCorrectiveAction = "NO_CORRECTIVE_ACTION"

	CodeNoResponse  = "SUPPLIER_NO_RESPONSE"
	CodeHumanRights = "SUPPLIER_HUMAN_RIGHTS_HIGH_RISK"
)

// Rule levels.
const (
	LevelSmelter     = "smelter"
	LevelDeclaration = "declaration"
	LevelCompany     = "company"
	LevelSupplier    = "supplier"
)

// OECD guidance the rules rest on (OECD Due Diligence Guidance for
// Responsible Supply Chains of Minerals from Conflict-Affected and
// High-Risk Areas, Annex I five-step framework, and its supplements).
const (
	gStep1Policy   = "Step 1.A: adopt and commit to a supply chain policy for minerals from conflict-affected and high-risk areas, and communicate it publicly"
	gStep1Controls = "Step 1.C–D: establish a system of controls and transparency over the supply chain, and strengthen engagement with suppliers"
	gStep2Identify = "Step 2 (downstream): identify, to the best of its efforts, the smelters/refiners in the supply chain"
	gStep2Assess   = "Step 2 (downstream): assess whether the smelters/refiners have carried out due diligence, e.g. through an independent audit programme (RMAP)"
	gStep2RedFlag  = "Step 2 and Annex II: red-flag locations of mineral origin and transit (conflict-affected and high-risk areas, the DRC and adjoining countries)"
	gStep3Respond  = "Step 3: design and implement a strategy to respond to identified risks (report to senior management, risk-management plan, track performance)"
	gStep4Audit    = "Step 4: carry out (or support, through industry programmes) independent third-party audits of smelter/refiner due diligence"
)

// Data sources named in the rule table.
const (
	srcDeclaration = "supplier's declaration"
	srcRMI         = "RMI facility lists as of the date"
	srcCovered     = "covered countries (Dodd-Frank §1502)"
	srcCAHRA       = "EU CAHRA indicative list"
	srcDoL         = "US DoL goods list"
	srcRegister    = "supplier register"
)

// Rule is one risk rule: its identity, default severity, OECD basis, and
// the function that finds it. Exactly one of the check functions is set.
type Rule struct {
	Code     string
	Title    string
	Level    string
	Severity Severity // default; Config.Severities overrides, some rules raise it
	OECDStep int
	Guidance string
	Meaning  string // one line for the rule table
	Source   string // the data it reads
	Action   string // what to do next

	smelter     func(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc)
	declaration func(c *evalContext, d *Declaration, emit emitFunc)
	supplier    func(c *evalContext, s *Supplier, emit emitFunc)
}

// hit is what a check reports; the engine fills in the rule's fields.
type hit struct {
	Severity Severity // empty: the rule's
	Metal    string
	CID      string
	Smelter  string
	Subject  string // the evidence key within code, supplier and metal
	Message  string
	Evidence Evidence
}

type emitFunc func(hit)

// evalContext is what checks may consult besides their arguments.
type evalContext struct {
	season *Season
	ref    ReferenceData
	cfg    *Config
	// cidDeclared: CID → metal and country as each supplier declares it,
	// for SMELTER_INCONSISTENT, for the CIDs of rows matching no facility.
	cidDeclared map[string][]declaredAs
	supplier    *Supplier
	// Caches: a season names a few hundred countries and metals in
	// hundreds of thousands of rows.
	codes     map[string]string
	metals    map[string]string
	metalKeys map[string]string
	nameKeys  map[string]string
	// seen is evaluate's, kept from one part to the next with its room.
	seen map[string]bool
}

// nameKey is smelters.NameKey, cached: the names of rows without a CID
// come again from supplier to supplier, and the key costs microseconds.
func (c *evalContext) nameKey(name string) string {
	k, ok := c.nameKeys[name]
	if !ok {
		k = smelters.NameKey(name)
		if c.nameKeys == nil {
			c.nameKeys = map[string]string{}
		}
		c.nameKeys[name] = k
	}
	return k
}

// metalKey is the metal normalised and lower-cased, cached: a key to
// compare metals by (as smelters.SameMetal does) without allocating.
func (c *evalContext) metalKey(m string) string {
	k, ok := c.metalKeys[m]
	if !ok {
		k = strings.ToLower(c.metal(m))
		if c.metalKeys == nil {
			c.metalKeys = map[string]string{}
		}
		c.metalKeys[m] = k
	}
	return k
}

// countryCode is smelters.CountryCode, cached.
func (c *evalContext) countryCode(country string) string {
	code, ok := c.codes[country]
	if !ok {
		code = smelters.CountryCode(country)
		c.codes[country] = code
	}
	return code
}

// metal is smelters.NormalizeMetal, cached.
func (c *evalContext) metal(m string) string {
	n, ok := c.metals[m]
	if !ok {
		n = smelters.NormalizeMetal(m)
		c.metals[m] = n
	}
	return n
}

type declaredAs struct {
	supplier       string
	metal, country string
}

// Rules is every rule, in rule-table order.
var Rules = []Rule{
	{Code: CodeSmelterRemoved, Title: "Smelter removed by RMI", Level: LevelSmelter, Severity: High, OECDStep: 2, Guidance: gStep2Assess,
		Meaning: "RMI removed the declared facility from its lists (date, reason, successor CIDs)", Source: srcRMI,
		Action: "Ask the supplier to confirm whether the facility still supplies them and to declare its successor CID", smelter: checkRemoved},
	{Code: CodeSmelterNotConformant, Title: "Smelter not conformant", Level: LevelSmelter, Severity: High, OECDStep: 2, Guidance: gStep2Assess,
		Meaning: "listed by RMI, neither conformant nor active (RMI's text kept: Non Conformant, Outreach Required, Communication Suspended…)", Source: srcRMI,
		Action: "Ask the supplier to source from RMAP-conformant facilities or to show the facility's own due diligence; escalate per the risk-management plan", smelter: checkNotConformant},
	{Code: CodeSmelterActive, Title: "Smelter in RMAP assessment, not yet conformant", Level: LevelSmelter, Severity: Low, OECDStep: 4, Guidance: gStep4Audit,
		Meaning: "in the RMAP assessment (Active), not yet conformant", Source: srcRMI,
		Action: "Monitor until the facility is conformant; re-check at the next list refresh", smelter: checkActive},
	{Code: CodeSmelterNotParticipating, Title: "Smelter not participating in RMAP", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2Assess,
		Meaning: "in RMI's facility list with no RMAP status", Source: srcRMI,
		Action: "Ask the supplier to encourage the facility to join an independent audit programme, or to source elsewhere", smelter: checkNotParticipating},
	{Code: CodeSmelterUnknownCID, Title: "Smelter ID in no RMI list", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "the declared CID is in no RMI list", Source: srcRMI,
		Action: "Ask the supplier to correct the smelter identification number", smelter: checkUnknownCID},
	{Code: CodeSmelterNeedsReview, Title: "Smelter match needs review", Level: LevelSmelter, Severity: Low, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "the declared name matches several facilities; a reviewer must decide (`cmrt smelters map`)", Source: srcRMI,
		Action: "Decide which facility is meant with `cmrt smelters map`, or ask the supplier for the CID", smelter: checkNeedsReview},
	{Code: CodeSmelterNotIdentified, Title: "Smelter not yet identified", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: `"Smelter not yet identified" declared`, Source: srcDeclaration,
		Action: "Ask the supplier to identify the smelter", smelter: checkNotIdentified},
	{Code: CodeSmelterNotListedName, Title: "Smelter declared by a name RMI does not list", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: `"Smelter not listed" with a name, or a name matching no RMI facility`, Source: srcRMI,
		Action: "Ask the supplier for the facility's location and whether it is a smelter or refiner; report it to RMI if it is", smelter: checkNotListedName},
	{Code: CodeSmelterReauditOverdue, Title: "Conformant smelter's re-audit overdue", Level: LevelSmelter, Severity: Medium, OECDStep: 4, Guidance: gStep4Audit,
		Meaning: "conformant, last audit + audit cycle past, no re-audit in progress", Source: srcRMI,
		Action: "Watch the next RMI list: the facility may lose its conformant status", smelter: checkReauditOverdue},
	{Code: CodeSmelterCovered, Title: "Smelter in a covered country", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2RedFlag,
		Meaning: "located in the DRC or an adjoining country (Dodd-Frank §1502); low when conformant", Source: srcCovered,
		Action: "Confirm the facility's RMAP status and origin information; enhanced due diligence per Annex II", smelter: checkCoveredCountry},
	{Code: CodeSmelterCAHRA, Title: "Smelter in an EU-listed conflict-affected or high-risk area", Level: LevelSmelter, Severity: Medium, OECDStep: 2, Guidance: gStep2RedFlag,
		Meaning: "located in a country on the EU CAHRA list (whole country or named regions); high when not conformant", Source: srcCAHRA,
		Action: "Confirm the facility's region and RMAP status; enhanced due diligence per Annex II", smelter: checkCAHRA},
	{Code: CodeSmelterInconsistent, Title: "Smelter declared inconsistently", Level: LevelSmelter, Severity: Low, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "the same CID with a different metal or country across suppliers, or a metal/country that disagrees with RMI's", Source: srcDeclaration + ", " + srcRMI,
		Action: "Ask the supplier to check the row against RMI's Smelter Look-up", smelter: checkInconsistent},

	{Code: CodeIncomplete, Title: "Declaration incomplete", Level: LevelDeclaration, Severity: Medium, OECDStep: 1, Guidance: gStep1Controls,
		Meaning: "the template's Checker counts missing required answers (count and cells)", Source: srcDeclaration,
		Action: "Return the template to the supplier with the cells to complete", declaration: checkIncomplete},
	{Code: CodeOutdatedTemplate, Title: "Outdated template revision", Level: LevelDeclaration, Severity: Low, OECDStep: 1, Guidance: gStep1Controls,
		Meaning: "the declaration uses an older revision than the current one of its family", Source: srcDeclaration,
		Action: "Ask the supplier to use the current template revision next time", declaration: checkOutdated},
	{Code: CodeStale, Title: "Declaration stale", Level: LevelDeclaration, Severity: Low, OECDStep: 1, Guidance: gStep1Controls,
		Meaning: "effective date more than 12 months (stale_months) before the end of the period, or unreadable", Source: srcDeclaration,
		Action: "Ask the supplier for an updated declaration", declaration: checkStale},
	{Code: CodeScopeProduct, Title: "Declaration covers some products only", Level: LevelDeclaration, Severity: Info, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "product-level scope: the declaration does not cover the whole company", Source: srcDeclaration,
		Action: "Check that the products you buy are in the declaration's product list", declaration: checkScopeProduct},
	{Code: CodeSourcingCovered, Title: "Sourcing from covered countries", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2RedFlag,
		Meaning: `"Yes" to the covered-countries question (CMRT Q3); high when a smelter of that metal is not conformant`, Source: srcDeclaration + ", " + srcRMI,
		Action: "Ask for the smelters that source from the covered countries and confirm each is conformant", declaration: checkSourcingCovered},
	{Code: CodeSourcingCAHRA, Title: "Sourcing from conflict-affected and high-risk areas", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2RedFlag,
		Meaning: `"Yes" to the CAHRA question (CMRT Q4, EMRT Q3, CRT Q2); high when a smelter of that metal is not conformant`, Source: srcDeclaration + ", " + srcRMI,
		Action: "Ask which areas and smelters; confirm each smelter is conformant", declaration: checkSourcingCAHRA},
	{Code: CodeSourcingUnknown, Title: "Origin unknown", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2RedFlag,
		Meaning: `"Unknown" to the covered-countries, CAHRA or recycled question`, Source: srcDeclaration,
		Action: "Ask the supplier to complete its own supply chain survey and update the answer", declaration: checkSourcingUnknown},
	{Code: CodeResponseRateLow, Title: "Supplier's own response rate below 100%", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "the response-rate question (CMRT Q6) below 100%; severity by band (response_rate_bands)", Source: srcDeclaration,
		Action: "Ask the supplier when its survey will be complete", declaration: checkResponseRate},
	{Code: CodeSmeltersIncomplete, Title: "Smelters not all identified or reported", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: `"No" (or "Unknown") to the all-smelters-identified or all-reported question (CMRT Q7, Q8)`, Source: srcDeclaration,
		Action: "Ask the supplier to identify and report all smelters", declaration: checkSmeltersIncomplete},
	{Code: CodeAnswersInconsist, Title: "Answers inconsistent with the smelter list", Level: LevelDeclaration, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: `Q1 "Yes" with no smelter rows for the metal, Q1 "No" with rows, or 100% recycled with smelters RMI does not list as recyclers (where known)`, Source: srcDeclaration + ", " + srcRMI,
		Action: "Ask the supplier to reconcile its answers with its smelter list", declaration: checkAnswersInconsistent},

	{Code: CodePolicyMissing, Title: "No responsible minerals sourcing policy", Level: LevelCompany, Severity: Medium, OECDStep: 1, Guidance: gStep1Policy,
		Meaning: `"No" to the policy question (A)`, Source: srcDeclaration, Action: "Ask the supplier to adopt a sourcing policy consistent with OECD Annex II", declaration: companyCheck(CodePolicyMissing, "no responsible minerals sourcing policy")},
	{Code: CodePolicyNotPublic, Title: "Sourcing policy not public", Level: LevelCompany, Severity: Low, OECDStep: 1, Guidance: gStep1Policy,
		Meaning: `"No" to the public-policy question (B; CRT A)`, Source: srcDeclaration, Action: "Ask the supplier to publish its policy", declaration: companyCheck(CodePolicyNotPublic, "the sourcing policy is not public")},
	{Code: CodeNoConformantReq, Title: "No requirement to source from validated smelters", Level: LevelCompany, Severity: Medium, OECDStep: 1, Guidance: gStep1Controls,
		Meaning: `"No" to requiring suppliers to source from audited smelters (C; CRT E)`, Source: srcDeclaration, Action: "Ask the supplier to require validated smelters of its own suppliers", declaration: companyCheck(CodeNoConformantReq, "suppliers are not required to source from validated smelters")},
	{Code: CodeNoDueDiligence, Title: "No due diligence measures", Level: LevelCompany, Severity: High, OECDStep: 1, Guidance: gStep1Controls,
		Meaning: `"No" to implementing due diligence measures (D; CRT C)`, Source: srcDeclaration, Action: "Ask the supplier for its due diligence plan and dates", declaration: companyCheck(CodeNoDueDiligence, "no due diligence measures")},
	{Code: CodeNoSupplierSurvey, Title: "No survey of its own suppliers", Level: LevelCompany, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: `"No" to surveying its suppliers (E; CRT G)`, Source: srcDeclaration, Action: "Ask the supplier to survey its suppliers with the RMI templates", declaration: companyCheck(CodeNoSupplierSurvey, "no survey of its own suppliers")},
	{Code: CodeNoResponseReview, Title: "No review of suppliers' responses", Level: LevelCompany, Severity: Medium, OECDStep: 3, Guidance: gStep3Respond,
		Meaning: `"No" to reviewing suppliers' due diligence information (F; CRT H)`, Source: srcDeclaration, Action: "Ask the supplier to review responses against its expectations", declaration: companyCheck(CodeNoResponseReview, "suppliers' responses are not reviewed")},
	{Code: CodeNoCorrectiveAction, Title: "No corrective action management", Level: LevelCompany, Severity: Medium, OECDStep: 3, Guidance: gStep3Respond,
		Meaning: `"No" to corrective action management (G; CRT I)`, Source: srcDeclaration, Action: "Ask the supplier to add corrective action management to its review", declaration: companyCheck(CodeNoCorrectiveAction, "no corrective action management")},

	{Code: CodeNoResponse, Title: "No declaration received", Level: LevelSupplier, Severity: Medium, OECDStep: 2, Guidance: gStep2Identify,
		Meaning: "in the register for the period, no declaration received", Source: srcRegister,
		Action: "Send a reminder; escalate for Essential suppliers", supplier: checkNoResponse},
	{Code: CodeHumanRights, Title: "Human-rights high-risk supplier", Level: LevelSupplier, Severity: High, OECDStep: 2, Guidance: gStep2RedFlag + "; OECD Guidance on child and forced labour risks",
		Meaning: "supplies a material from a country the US DoL goods list names for that good (register materials and countries, declared mine countries)", Source: srcDoL + ", " + srcRegister,
		Action: "Treat as Essential: ask for the supplier's child- and forced-labour due diligence for that material and origin", supplier: checkHumanRights},
}

var ruleIndex = func() map[string]int {
	m := map[string]int{}
	for i, r := range Rules {
		m[r.Code] = i
	}
	return m
}()

// RuleByCode returns the rule of a code.
func RuleByCode(code string) (*Rule, bool) {
	i, ok := ruleIndex[code]
	if !ok {
		return nil, false
	}
	return &Rules[i], true
}

// Evaluate runs every enabled rule over the season and returns the
// findings, sorted, each with status open and its key. Same input, same
// output.
func Evaluate(s *Season, ref ReferenceData, cfg *Config) []Finding {
	var parts [][]Finding
	evaluateParts(s, ref, cfg, runtime.GOMAXPROCS(0), func(p []Finding) { parts = append(parts, p) })
	return sortFindings(parts...)
}

// EvaluateParts is Evaluate in parts, handed to emit in order, each as soon
// as it and those before it are done, so that a caller can store the first
// while the rules still run. The parts are contiguous runs of suppliers
// cut where the supplier's name (case ignored) changes, each sorted: joined
// in order, with a key that comes again dropped, they are what Evaluate
// returns. The rules run on one core fewer than there are, leaving one to
// the caller storing the parts (which takes longer than the rules).
func EvaluateParts(s *Season, ref ReferenceData, cfg *Config, emit func([]Finding)) {
	evaluateParts(s, ref, cfg, max(1, runtime.GOMAXPROCS(0)-1), emit)
}

func evaluateParts(s *Season, ref ReferenceData, cfg *Config, cores int, emit func([]Finding)) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	// SMELTER_INCONSISTENT compares a row with the other suppliers' rows of
	// its CID only when the row matched no facility: only those CIDs are
	// collected (a few in a season, instead of every row's).
	cidDeclared := map[string][]declaredAs{}
	for si := range s.Suppliers {
		for di := range s.Suppliers[si].Declarations {
			d := &s.Suppliers[si].Declarations[di]
			for ri := range d.Smelters {
				if r := &d.Smelters[ri]; r.Facility == nil && r.CID != "" {
					cidDeclared[r.CID] = nil
				}
			}
		}
	}
	if len(cidDeclared) > 0 {
		for si := range s.Suppliers {
			sup := &s.Suppliers[si]
			for di := range sup.Declarations {
				d := &sup.Declarations[di]
				for ri := range d.Smelters {
					r := &d.Smelters[ri]
					if as, ok := cidDeclared[rowCID(r)]; ok {
						cidDeclared[rowCID(r)] = append(as, declaredAs{supplier: sup.Name, metal: r.Metal, country: r.Country})
					}
				}
			}
		}
	}
	// The rules read the season and write only their context's caches, so
	// the parts are evaluated in parallel, each worker with its own
	// context, taking the parts in order. Small parts: the caller storing
	// them starts once the first is done, a thirty-second of the rules.
	bounds := partBounds(s.Suppliers, 32)
	nParts := len(bounds) - 1
	workers := min(cores, nParts, max(1, len(s.Suppliers)/64))
	done := make([]chan []Finding, nParts)
	for i := range done {
		done[i] = make(chan []Finding, 1)
	}
	var next atomic.Int64
	for range workers {
		wc := &evalContext{season: s, ref: ref, cfg: cfg, cidDeclared: cidDeclared, codes: map[string]string{}, metals: map[string]string{}}
		go func() {
			var buf []Finding
			for {
				i := int(next.Add(1) - 1)
				if i >= nParts {
					return
				}
				from, to := bounds[i], bounds[i+1]
				buf = wc.evaluate(s.Suppliers[from:to], buf)
				done[i] <- orderFindings([][]Finding{buf}, false)
			}
		}()
	}
	for i := range done {
		emit(<-done[i])
	}
}

// partBounds cuts the suppliers into at most n contiguous parts of about
// the same size, only where the name changes (case ignored, as the
// findings are ordered), so that the parts' sorted findings joined in
// order are sorted; suppliers not in that order make one part.
func partBounds(sups []Supplier, n int) []int {
	lower := make([]string, len(sups))
	for i := range sups {
		lower[i] = strings.ToLower(sups[i].Name)
	}
	if !slices.IsSorted(lower) {
		return []int{0, len(sups)}
	}
	bounds := []int{0}
	for k := 1; k < n; k++ {
		b := max(k*len(sups)/n, bounds[len(bounds)-1]+1)
		for b < len(sups) && lower[b-1] == lower[b] {
			b++
		}
		if b >= len(sups) {
			break
		}
		bounds = append(bounds, b)
	}
	return append(bounds, len(sups))
}

// evaluate runs every enabled rule over some suppliers, in order, without
// duplicate keys, and appends their findings to out[:0]. The caller copies
// them into their order (orderFindings) and passes the same out again for
// the next suppliers: a worker's findings are gathered in one buffer,
// grown for its first parts only.
func (c *evalContext) evaluate(suppliers []Supplier, out []Finding) []Finding {
	cfg := c.cfg
	out = out[:0]
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	seen := c.seen
	clear(seen)
	// One emit for every check: it reads which rule, supplier and
	// declaration it reports for from these, set before each call.
	var (
		rule *Rule
		sup  *Supplier
		decl *Declaration
	)
	emit := func(h hit) {
		f := c.finding(rule, sup, decl, h)
		if seen[f.Key] {
			return
		}
		seen[f.Key] = true
		out = append(out, f)
	}
	for si := range suppliers {
		sup = &suppliers[si]
		c.supplier = sup
		for ri := range Rules {
			rule = &Rules[ri]
			if cfg.disabled(rule.Code) {
				continue
			}
			switch {
			case rule.supplier != nil:
				decl = nil
				rule.supplier(c, sup, emit)
			case rule.declaration != nil:
				for di := range sup.Declarations {
					decl = &sup.Declarations[di]
					rule.declaration(c, decl, emit)
				}
			case rule.smelter != nil:
				for di := range sup.Declarations {
					decl = &sup.Declarations[di]
					for ri := range decl.Smelters {
						rule.smelter(c, decl, &decl.Smelters[ri], emit)
					}
				}
			}
		}
	}
	return out
}

func (c *evalContext) finding(rule *Rule, sup *Supplier, d *Declaration, h hit) Finding {
	sev := c.cfg.severity(rule)
	if h.Severity != "" && h.Severity.AtLeast(sev) {
		sev = h.Severity // a rule may raise its severity (e.g. not conformant), never lower an override
	} else if h.Severity != "" && c.cfg.Severities[rule.Code] == "" {
		sev = h.Severity // or lower the default (e.g. covered country, conformant)
	}
	f := Finding{Code: rule.Code, Title: rule.Title, Severity: sev, OECDStep: rule.OECDStep, Guidance: rule.Guidance,
		Period: c.season.Period, SupplierID: sup.ID, Supplier: sup.Name, Metal: h.Metal, CID: h.CID, Smelter: h.Smelter,
		Message: h.Message, Evidence: h.Evidence, Action: rule.Action, Status: StatusOpen, History: []Event{}}
	if d != nil {
		f.DeclarationID = d.ID
		if f.Evidence.File == "" {
			f.Evidence.File = d.File
		}
	}
	if f.Message == "" {
		f.Message = rule.Meaning
	}
	f.Key = findingKey(rule.Code, sup.ID, sup.Name, c.metal(h.Metal), h.Subject)
	return f
}

// ---- smelter level ----

// rowCID is the row's facility CID: the matched facility's, else the
// declared one.
func rowCID(r *SmelterRow) string {
	if r.Facility != nil && r.Facility.CID != "" {
		return r.Facility.CID
	}
	return r.CID
}

// smelterHit fills a hit for a smelter row: subject is the CID, or the
// declared name's key when there is none.
func (c *evalContext) smelterHit(r *SmelterRow, value string) hit {
	cid := rowCID(r)
	name := r.Name
	if r.Facility != nil && r.Facility.Name != "" {
		name = r.Facility.Name
	}
	subject := cid
	if subject == "" {
		subject = "name:" + c.nameKey(r.Name)
	}
	return hit{Metal: c.metal(r.Metal), CID: cid, Smelter: name, Subject: subject,
		Evidence: Evidence{Sheet: cmrt.SheetSmelterList, Cell: "A" + strconv.Itoa(r.Row), Value: value}}
}

func facilityEvidence(h *hit, f *Facility) {
	h.Evidence.List = f.List
	if !f.ListDate.IsZero() {
		h.Evidence.ListDate = f.ListDate.Format("2006-01-02")
	}
}

func hasStatus(r *SmelterRow, s FacilityStatus) bool {
	return r.Facility != nil && r.Facility.Status == s
}

func checkRemoved(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !hasStatus(r, StatusRemoved) {
		return
	}
	f := r.Facility
	h := c.smelterHit(r, r.CID)
	facilityEvidence(&h, f)
	msg := fmt.Sprintf("%s %s was removed by RMI", f.CID, f.Name)
	if !f.RemovedOn.IsZero() {
		msg += " on " + f.RemovedOn.Format("2006-01-02")
	}
	if f.RemovedReason != "" {
		msg += ": " + f.RemovedReason
	}
	if len(f.Successors) > 0 {
		msg += "; successor IDs: " + strings.Join(f.Successors, ", ")
	}
	h.Message = msg
	emit(h)
}

func checkNotConformant(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !hasStatus(r, StatusNonConformant) {
		return
	}
	h := c.smelterHit(r, r.CID)
	facilityEvidence(&h, r.Facility)
	text := r.Facility.StatusText
	if text == "" {
		text = "Non Conformant"
	}
	h.Message = fmt.Sprintf("%s %s: RMI status %q", r.Facility.CID, r.Facility.Name, text)
	emit(h)
}

func checkActive(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !hasStatus(r, StatusActive) {
		return
	}
	h := c.smelterHit(r, r.CID)
	facilityEvidence(&h, r.Facility)
	h.Message = fmt.Sprintf("%s %s is in the RMAP assessment (Active), not yet conformant", r.Facility.CID, r.Facility.Name)
	emit(h)
}

func checkNotParticipating(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !hasStatus(r, StatusNotParticipating) {
		return
	}
	h := c.smelterHit(r, r.CID)
	facilityEvidence(&h, r.Facility)
	h.Message = fmt.Sprintf("%s %s is in RMI's facility list with no RMAP status", r.Facility.CID, r.Facility.Name)
	emit(h)
}

func checkUnknownCID(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if r.CID == "" || r.MatchStatus == string(smelters.NeedsReview) {
		return
	}
	if r.Facility != nil && r.Facility.Status != StatusUnknown {
		return
	}
	h := c.smelterHit(r, r.CID)
	h.Evidence.Cell = "F" + strconv.Itoa(r.Row)
	h.Message = fmt.Sprintf("declared CID %s is in no RMI list", r.CID)
	emit(h)
}

func checkNeedsReview(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if r.MatchStatus != string(smelters.NeedsReview) {
		return
	}
	h := c.smelterHit(r, r.Name)
	h.Evidence.Cell = "D" + strconv.Itoa(r.Row)
	h.Message = fmt.Sprintf("%q matches several facilities; decide with `cmrt smelters map`", r.Name)
	emit(h)
}

func isPseudo(s, pseudo string) bool { return strings.EqualFold(strings.TrimSpace(s), pseudo) }

// notIdentified: "Smelter not yet identified", or "Smelter not listed"
// without a name of its own.
func notIdentified(r *SmelterRow) bool {
	if r.Facility != nil {
		return false
	}
	if isPseudo(r.LookupName, cmrt.SmelterNotIdentified) || isPseudo(r.Name, cmrt.SmelterNotIdentified) {
		return true
	}
	return isPseudo(r.LookupName, cmrt.SmelterNotListed) && (strings.TrimSpace(r.Name) == "" || isPseudo(r.Name, cmrt.SmelterNotListed))
}

func checkNotIdentified(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !notIdentified(r) {
		return
	}
	h := c.smelterHit(r, cmrt.SmelterNotIdentified)
	h.Subject = fmt.Sprintf("row:%d", r.Row)
	h.Evidence.Cell = "C" + strconv.Itoa(r.Row)
	h.Message = "a " + smelters.NormalizeMetal(r.Metal) + " smelter is declared as not yet identified"
	emit(h)
}

func checkNotListedName(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if r.Facility != nil || r.CID != "" || notIdentified(r) || r.MatchStatus == string(smelters.NeedsReview) || strings.TrimSpace(r.Name) == "" {
		return
	}
	h := c.smelterHit(r, r.Name)
	h.Evidence.Cell = "D" + strconv.Itoa(r.Row)
	if isPseudo(r.LookupName, cmrt.SmelterNotListed) {
		h.Message = fmt.Sprintf("declared as \"Smelter not listed\" with the name %q%s", r.Name, inCountry(r.Country))
	} else {
		h.Message = fmt.Sprintf("%q%s matches no facility in RMI's lists", r.Name, inCountry(r.Country))
	}
	emit(h)
}

func inCountry(c string) string {
	if strings.TrimSpace(c) == "" {
		return ", no country given"
	}
	return ", in " + c
}

func checkReauditOverdue(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	if !hasStatus(r, StatusConformant) || r.Facility.Reaudit != ReauditOverdue {
		return
	}
	h := c.smelterHit(r, r.CID)
	facilityEvidence(&h, r.Facility)
	h.Message = fmt.Sprintf("%s %s: re-audit was due on %s and none is in progress", r.Facility.CID, r.Facility.Name, r.Facility.ReauditDue.Format("2006-01-02"))
	emit(h)
}

// rowCountry is where the facility is: RMI's country when matched, else
// the declared one.
func rowCountry(r *SmelterRow) string {
	if r.Facility != nil && r.Facility.Country != "" {
		return r.Facility.Country
	}
	return r.Country
}

func conformant(r *SmelterRow) bool { return hasStatus(r, StatusConformant) }

func checkCoveredCountry(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	country := rowCountry(r)
	if _, ok := c.ref.Covered.Codes[c.countryCode(country)]; !ok {
		return
	}
	h := c.smelterHit(r, country)
	h.Evidence.Cell = "E" + strconv.Itoa(r.Row)
	h.Evidence.List, h.Evidence.ListDate = c.ref.Covered.Label(), c.ref.Covered.Date
	if conformant(r) {
		h.Severity = Low
	}
	h.Message = fmt.Sprintf("%s is located in %s, a covered country", orName(h), country)
	emit(h)
}

func orName(h hit) string {
	if h.CID != "" {
		return h.CID + " " + h.Smelter
	}
	return h.Smelter
}

func checkCAHRA(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	country := rowCountry(r)
	if c.ref.CAHRA == nil {
		return
	}
	listed, ok := c.ref.CAHRA.Countries[c.countryCode(country)]
	if !ok {
		return
	}
	h := c.smelterHit(r, country)
	h.Evidence.Cell = "E" + strconv.Itoa(r.Row)
	h.Evidence.List, h.Evidence.ListDate = c.ref.CAHRA.Label(), c.ref.CAHRA.Date
	if !conformant(r) {
		h.Severity = High
	}
	h.Message = fmt.Sprintf("%s is located in %s: %s", orName(h), country, listed.Wording())
	emit(h)
}

func checkInconsistent(c *evalContext, d *Declaration, r *SmelterRow, emit emitFunc) {
	cid := rowCID(r)
	if cid == "" {
		return
	}
	sameCountry := func(a, b string) bool {
		if a == b { // most rows, without looking the codes up
			return true
		}
		ca, cb := c.countryCode(a), c.countryCode(b)
		return ca == "" || cb == "" || ca == cb // an unknown country disagrees with nothing
	}
	var why []string
	if f := r.Facility; f != nil {
		// A facility RMI lists is compared with RMI's data only, so the one
		// supplier that disagrees is flagged, not everyone who agrees.
		if r.Metal != f.Metal && r.Metal != "" && f.Metal != "" && f.Metal != smelters.MetalMultiple && c.metal(r.Metal) != c.metal(f.Metal) {
			why = append(why, fmt.Sprintf("metal %q, RMI lists %q", r.Metal, f.Metal))
		}
		if r.Country != "" && f.Country != "" && !sameCountry(r.Country, f.Country) {
			why = append(why, fmt.Sprintf("country %q, RMI lists %q", r.Country, f.Country))
		}
	} else {
		for _, o := range c.cidDeclared[cid] {
			if o.supplier == c.supplier.Name {
				continue
			}
			if o.metal != "" && r.Metal != "" && c.metal(o.metal) != c.metal(r.Metal) {
				why = append(why, fmt.Sprintf("metal %q, %s declares %q", r.Metal, o.supplier, o.metal))
				break
			}
			if o.country != "" && r.Country != "" && !sameCountry(o.country, r.Country) {
				why = append(why, fmt.Sprintf("country %q, %s declares %q", r.Country, o.supplier, o.country))
				break
			}
		}
	}
	if len(why) == 0 {
		return
	}
	h := c.smelterHit(r, r.Metal+" / "+r.Country)
	h.Message = cid + ": " + strings.Join(why, "; ")
	emit(h)
}

// ---- declaration level ----

// questions maps what a question means to its number in a family.
type questions struct {
	used, covered, cahra, recycled, rate, identified, reported string
	company                                                    map[string]string // code → company question ID
}

var stdCompany = map[string]string{
	CodePolicyMissing: "A", CodePolicyNotPublic: "B", CodeNoConformantReq: "C", CodeNoDueDiligence: "D",
	CodeNoSupplierSurvey: "E", CodeNoResponseReview: "F", CodeNoCorrectiveAction: "G",
}

// questionsOf gives each family's numbering: the same rules apply where the
// questions mean the same.
func questionsOf(family, version string) questions {
	switch strings.ToUpper(family) {
	case string(cmrt.CMRT):
		return questions{used: "1", covered: "3", cahra: "4", recycled: "5", rate: "6", identified: "7", reported: "8", company: stdCompany}
	case string(cmrt.EMRT):
		return questions{used: "1", cahra: "3", recycled: "4", rate: "5", identified: "6", reported: "7", company: stdCompany}
	case string(cmrt.CRT):
		return questions{used: "1", cahra: "2", recycled: "3", rate: "4", identified: "5", reported: "6", company: map[string]string{
			CodePolicyNotPublic: "A", CodeNoDueDiligence: "C", CodeNoConformantReq: "E", CodeNoSupplierSurvey: "G",
			CodeNoResponseReview: "H", CodeNoCorrectiveAction: "I"}}
	case string(cmrt.AMRT):
		return questions{used: "1", rate: "2"}
	}
	return questions{}
}

func answersTo(d *Declaration, q string) []*Answer {
	if q == "" {
		return nil
	}
	var out []*Answer
	for i := range d.Answers {
		if d.Answers[i].Question == q {
			out = append(out, &d.Answers[i])
		}
	}
	return out
}

// answerHit fills a hit for an answer; the subject carries the family, as
// a CMRT and an EMRT of one supplier both have a question A.
func (c *evalContext) answerHit(d *Declaration, a *Answer, subject string) hit {
	return hit{Metal: c.metal(a.Mineral), Subject: strings.ToUpper(d.Family) + ":" + subject,
		Evidence: Evidence{Sheet: cmrt.SheetDeclaration, Cell: a.Cell, Value: a.Value}}
}

func checkIncomplete(c *evalContext, d *Declaration, emit emitFunc) {
	if d.RequiredMissing == 0 && len(d.CheckerCells) == 0 {
		return
	}
	missing := max(d.RequiredMissing, len(d.CheckerCells))
	cells := d.CheckerCells
	more := ""
	if len(cells) > 20 {
		cells, more = cells[:20], fmt.Sprintf(" and %d more", len(d.CheckerCells)-20)
	}
	// The evidence points at the first cell the Checker counts; the
	// message lists them.
	h := hit{Subject: "family:" + d.Family, Evidence: Evidence{Sheet: cmrt.SheetDeclaration, Value: strconv.Itoa(missing)}}
	if len(cells) > 0 {
		h.Evidence.Sheet, h.Evidence.Cell, _ = strings.Cut(cells[0], "!")
		if h.Evidence.Cell == "" {
			h.Evidence.Sheet, h.Evidence.Cell = "", cells[0]
		}
	}
	h.Message = fmt.Sprintf("%s %s: the Checker counts %d required answers missing%s", d.Family, d.Version, missing, cellsText(cells, more))
	emit(h)
}

func cellsText(cells []string, more string) string {
	if len(cells) == 0 {
		return ""
	}
	return " (" + strings.Join(cells, ", ") + more + ")"
}

func checkOutdated(c *evalContext, d *Declaration, emit emitFunc) {
	if IsSAQ(d) {
		return // its version is that of the company's own question bank (saq.go), no RMI revision
	}
	cur, outdated := cmrt.Outdated(cmrt.Family(strings.ToUpper(d.Family)), d.Version)
	if !outdated {
		return
	}
	emit(hit{Subject: "family:" + d.Family, Evidence: Evidence{Sheet: cmrt.SheetRevision, Value: d.Family + " " + d.Version},
		Message: fmt.Sprintf("%s %s; the current revision is %s", d.Family, d.Version, strings.Join(cur, " or "))})
}

func checkStale(c *evalContext, d *Declaration, emit emitFunc) {
	end := time.Date(c.season.Period, 12, 31, 0, 0, 0, 0, time.UTC)
	limit := end.AddDate(0, -c.cfg.StaleMonths, 0)
	h := hit{Subject: "family:" + d.Family, Evidence: Evidence{Sheet: cmrt.SheetDeclaration}}
	switch {
	case d.EffectiveDate.IsZero():
		h.Message = "the effective date is empty or unreadable"
	case d.EffectiveDate.Before(limit):
		h.Evidence.Value = d.EffectiveDate.Format("2006-01-02")
		h.Message = fmt.Sprintf("effective date %s is more than %d months before the end of %d", h.Evidence.Value, c.cfg.StaleMonths, c.season.Period)
	default:
		return
	}
	emit(h)
}

func checkScopeProduct(c *evalContext, d *Declaration, emit emitFunc) {
	if d.Scope != cmrt.ScopeProduct {
		return
	}
	emit(hit{Subject: "family:" + d.Family, Evidence: Evidence{Sheet: cmrt.SheetDeclaration, Value: d.Scope},
		Message: fmt.Sprintf("%s covers %d listed products only, not the whole company", d.Family, d.Products)})
}

// notConformantMetal reports whether any smelter row of the metal is not
// conformant (or matched no facility).
func notConformantMetal(d *Declaration, metal string) bool {
	for i := range d.Smelters {
		r := &d.Smelters[i]
		if smelters.SameMetal(r.Metal, metal) && !conformant(r) {
			return true
		}
	}
	return false
}

func sourcingCheck(question func(questions) string, yes func(family, value string) bool, what string) func(*evalContext, *Declaration, emitFunc) {
	return func(c *evalContext, d *Declaration, emit emitFunc) {
		for _, a := range answersTo(d, question(questionsOf(d.Family, d.Version))) {
			if !yes(d.Family, a.Value) {
				continue
			}
			h := c.answerHit(d, a, "q:"+a.Question)
			h.Message = fmt.Sprintf("%s: %q to the %s question", h.Metal, a.Value, what)
			if notConformantMetal(d, a.Mineral) {
				h.Severity = High
				h.Message += "; a declared " + h.Metal + " smelter is not conformant"
			}
			emit(h)
		}
	}
}

var checkSourcingCovered = func(c *evalContext, d *Declaration, emit emitFunc) {
	q := questionsOf(d.Family, d.Version)
	// EMRT 1.x and CRT have no covered-countries question, but answer it
	// through their CAHRA question's "DRC only" options.
	coveredQ := q.covered
	if coveredQ == "" {
		coveredQ = q.cahra
	}
	sourcingCheck(func(questions) string { return coveredQ }, func(fam, v string) bool {
		if strings.EqualFold(fam, string(cmrt.CMRT)) {
			return v == "Yes"
		}
		return v == "DRC only" || v == "DRC or adjoining countries only"
	}, "covered-countries")(c, d, emit)
}

var checkSourcingCAHRA = sourcingCheck(func(q questions) string { return q.cahra }, func(_ string, v string) bool {
	return v == "Yes" || v == "DRC only" || v == "India and/or Madagascar only" || v == "DRC or adjoining countries only"
}, "conflict-affected and high-risk areas")

func checkSourcingUnknown(c *evalContext, d *Declaration, emit emitFunc) {
	q := questionsOf(d.Family, d.Version)
	for _, id := range []string{q.covered, q.cahra, q.recycled} {
		for _, a := range answersTo(d, id) {
			if a.Value == "Unknown" {
				h := c.answerHit(d, a, "q:"+a.Question)
				h.Message = fmt.Sprintf("%s: \"Unknown\" to question %s", h.Metal, a.Question)
				emit(h)
			}
		}
	}
}

func checkResponseRate(c *evalContext, d *Declaration, emit emitFunc) {
	for _, a := range answersTo(d, questionsOf(d.Family, d.Version).rate) {
		sev, ok := c.cfg.ResponseRateBands[a.Value]
		if !ok {
			continue
		}
		h := c.answerHit(d, a, "q:"+a.Question)
		h.Severity = sev
		h.Message = fmt.Sprintf("%s: %q of the supplier's own suppliers responded", h.Metal, a.Value)
		emit(h)
	}
}

func checkSmeltersIncomplete(c *evalContext, d *Declaration, emit emitFunc) {
	q := questionsOf(d.Family, d.Version)
	for _, id := range []string{q.identified, q.reported} {
		for _, a := range answersTo(d, id) {
			if a.Value == "No" || a.Value == "Unknown" {
				h := c.answerHit(d, a, "q:"+a.Question)
				what := "all smelters identified"
				if id == q.reported {
					what = "all smelter information reported"
				}
				h.Message = fmt.Sprintf("%s: %q to %s", h.Metal, a.Value, what)
				emit(h)
			}
		}
	}
}

func checkAnswersInconsistent(c *evalContext, d *Declaration, emit emitFunc) {
	q := questionsOf(d.Family, d.Version)
	rows := map[string]int{}
	for i := range d.Smelters {
		rows[c.metalKey(d.Smelters[i].Metal)]++
	}
	for _, a := range answersTo(d, q.used) {
		if a.Mineral == "" {
			continue
		}
		n := rows[c.metalKey(a.Mineral)]
		h := c.answerHit(d, a, "q1")
		switch {
		case a.Value == "Yes" && n == 0:
			h.Message = fmt.Sprintf("%s: \"Yes\" to question %s, and no %s smelter is declared", h.Metal, a.Question, h.Metal)
		case a.Value == "No" && n > 0:
			h.Message = fmt.Sprintf("%s: \"No\" to question %s, and %d %s smelter rows are declared", h.Metal, a.Question, n, h.Metal)
		default:
			continue
		}
		emit(h)
	}
	for _, a := range answersTo(d, q.recycled) {
		if a.Value != "Yes" {
			continue
		}
		var primary []string
		for i := range d.Smelters {
			r := &d.Smelters[i]
			if smelters.SameMetal(r.Metal, a.Mineral) && r.Facility != nil && r.Facility.RecyclerKnown && !r.Facility.Recycler {
				primary = append(primary, r.Facility.CID)
			}
		}
		if len(primary) == 0 {
			continue
		}
		sort.Strings(primary)
		h := c.answerHit(d, a, "q:recycled")
		h.Message = fmt.Sprintf("%s: 100%% recycled or scrap declared, and RMI does not list %s as recyclers", h.Metal, strings.Join(primary, ", "))
		emit(h)
	}
}

// companyCheck fires on "No" to the company question that a code means in
// the declaration's family.
func companyCheck(code, what string) func(*evalContext, *Declaration, emitFunc) {
	return func(c *evalContext, d *Declaration, emit emitFunc) {
		id := questionsOf(d.Family, d.Version).company[code]
		for _, a := range answersTo(d, id) {
			if a.Value != "No" {
				continue
			}
			h := c.answerHit(d, a, "q:"+a.Question)
			h.Message = fmt.Sprintf("%s question %s answered \"No\": %s", d.Family, a.Question, what)
			emit(h)
		}
	}
}

// ---- supplier level ----

func checkNoResponse(c *evalContext, s *Supplier, emit emitFunc) {
	if s.Register == nil || mineralsDeclarations(s) > 0 {
		return
	}
	e := s.Register
	h := hit{Subject: "register", Evidence: Evidence{File: e.File, Cell: rowCell(e.Row), Value: e.Name},
		Message: fmt.Sprintf("%s is in the register for %d and sent no declaration", e.Name, c.season.Period)}
	if len(e.Ambiguous) > 0 {
		ids := make([]string, len(e.Ambiguous))
		for i, id := range e.Ambiguous {
			ids[i] = strconv.FormatInt(id, 10)
		}
		h.Message = fmt.Sprintf("%s fits several suppliers (IDs %s): give its supplier_id in the register to link it", e.Name, strings.Join(ids, ", "))
	}
	emit(h)
}

func rowCell(row int) string {
	if row == 0 {
		return ""
	}
	return "row " + strconv.Itoa(row)
}

// HumanRightsHits lists the DoL entries a supplier's materials and origins
// match, from its register entry and its declared mine countries.
func HumanRightsHits(s *Supplier, dol *DoLList) []DoLEntry {
	var out []DoLEntry
	seen := map[string]bool{}
	add := func(es []DoLEntry) {
		for _, e := range es {
			k := e.Good + "|" + e.Code
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	if e := s.Register; e != nil {
		for _, m := range e.Materials {
			for _, ct := range e.Countries {
				add(dol.Named(m, ct))
			}
		}
	}
	for i := range s.Declarations {
		d := &s.Declarations[i]
		metals := make([]string, 0, len(d.MineCountries))
		for m := range d.MineCountries {
			metals = append(metals, m)
		}
		sort.Strings(metals)
		for _, m := range metals {
			for _, ct := range d.MineCountries[m] {
				add(dol.Named(m, ct))
			}
		}
	}
	return out
}

func checkHumanRights(c *evalContext, s *Supplier, emit emitFunc) {
	for _, e := range HumanRightsHits(s, c.ref.DoL) {
		h := hit{Metal: smelters.NormalizeMetal(e.Good), Subject: "dol:" + MaterialKey(e.Good) + ":" + e.Code,
			Evidence: Evidence{Value: e.Good + " / " + e.Country, List: c.ref.DoL.Label(), ListDate: c.ref.DoL.Date},
			Message:  fmt.Sprintf("%s from %s: the DoL list names %s", e.Good, e.Country, e.Labour())}
		if s.Register != nil {
			h.Evidence.File, h.Evidence.Cell = s.Register.File, rowCell(s.Register.Row)
		}
		emit(h)
	}
}

package risk

import (
	"time"

	"github.com/openminerals/cmrt/saq"
)

// Season is what the rules read: the suppliers of one reporting period,
// their current declarations, and the supplier register, as of a date.
type Season struct {
	Period int       // reporting year
	AsOf   time.Time // facility statuses are as of this day
	// Suppliers are the suppliers with a current declaration for the period
	// or an entry in the register for it.
	Suppliers []Supplier
}

// Supplier is one supplier of the season.
type Supplier struct {
	ID   int64  // the store's supplier ID; 0 for a register entry matched to no supplier
	Name string // display name
	// Declarations are the supplier's current declarations for the period,
	// one per template family at most.
	Declarations []Declaration
	// Register is the supplier's register entry for the period, nil when the
	// supplier is not in the register.
	Register *RegisterEntry
}

// Declaration is one current declaration.
type Declaration struct {
	ID            int64
	Family        string // CMRT, EMRT, CRT, AMRT
	Version       string
	File          string // path as imported
	EffectiveDate time.Time
	Scope         string // canonical: "A. Company", "B. Product (or List of Products)", ...
	Minerals      []string
	Answers       []Answer
	Products      int
	// RequiredMissing is the Checker's count; CheckerCells the cells it
	// counts, in order.
	RequiredMissing int
	CheckerCells    []string
	Smelters        []SmelterRow
	// Mines are the countries of the Mine List and of the Smelter List's
	// mine column, by metal: where the supplier says the mineral was mined.
	MineCountries map[string][]string
	// Sources is the Gemstone template's Sources sheet (gemstones.go).
	Sources []GemSource
	// SAQBank is the question bank a questionnaire (family SAQ) was written
	// from and is scored with (saq.go; nil: the default bank), SAQBankSHA256
	// its identity.
	SAQBank       *saq.Bank
	SAQBankSHA256 string
}

// Answer is one answer of the Declaration sheet.
type Answer struct {
	Question string // "1".."8", "A".."I": the family's own numbering
	Mineral  string // empty for company-level questions
	Value    string // canonical English option
	Cell     string
}

// SmelterRow is one declared row of the Smelter List with its match.
type SmelterRow struct {
	Row        int
	Metal      string
	LookupName string // column C: a listed name, or "Smelter not listed" / "Smelter not yet identified"
	Name       string
	Country    string // as declared
	CID        string // as declared (normalised)
	Recycled   string // Yes / No / Unknown as declared
	// MatchStatus is matched, needs_review or no_match (smelters.MatchStatus).
	MatchStatus string
	// Facility is the facility the row matched with its status as of the
	// season's date; nil when the row matched none.
	Facility *Facility
}

// FacilityStatus is a facility's RMAP standing on a date.
type FacilityStatus string

// The statuses a facility can have on a date.
const (
	StatusConformant       FacilityStatus = "conformant"
	StatusActive           FacilityStatus = "active"
	StatusNonConformant    FacilityStatus = "non-conformant"    // any published text other than conformant/active: kept in StatusText
	StatusRemoved          FacilityStatus = "removed"           // RMI removed the facility from its lists
	StatusNotParticipating FacilityStatus = "not-participating" // in RMI's facility list, no RMAP status
	StatusUnknown          FacilityStatus = "unknown"           // in no RMI list
)

// ReauditState qualifies a conformant facility's audit.
type ReauditState string

// Re-audit states; empty when nothing is known.
const (
	ReauditDue        ReauditState = "reaudit_due"
	ReauditInProgress ReauditState = "reaudit_in_progress"
	ReauditOverdue    ReauditState = "reaudit_overdue"
)

// Facility is a smelter or refiner as RMI's lists describe it on a date.
type Facility struct {
	CID        string
	Metal      string
	Name       string
	Country    string
	Status     FacilityStatus
	StatusText string // as published ("Outreach Required", "Communication Suspended - Not Interested"...)
	Reaudit    ReauditState
	ReauditDue time.Time
	// Removal, when Status is removed.
	RemovedOn     time.Time
	RemovedReason string
	Successors    []string
	// Recycler is known when RecyclerKnown: whether RMI lists the facility
	// as a recycler (RMI's lists rarely say; the rule only fires when known).
	RecyclerKnown, Recycler bool
	// List names the list the status comes from, with its date.
	List     string
	ListDate time.Time
}

// RegisterEntry is one line of the supplier register: who was asked.
type RegisterEntry struct {
	Row               int
	SupplierRef       string // the company's own supplier ID
	Name              string
	AnnualSpend       float64 // 0 when not given
	SpendKnown        bool
	ImportantMaterial bool
	HardToReplace     bool
	Materials         []string // e.g. Gold, Tin, Mica
	Countries         []string // countries the supplier sources from
	ContactEmail      string
	// MaterialType is "direct" (material in the products) or "indirect";
	// empty when the register does not say.
	MaterialType string
	Period       int // 0: every period
	File         string
	// Ambiguous lists the suppliers the entry's name fits when it fits
	// several: the entry is left unlinked, never guessed.
	Ambiguous []int64
}

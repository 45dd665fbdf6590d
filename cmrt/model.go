package cmrt

import "time"

// Family is a template family: CMRT, EMRT, CRT or AMRT.
type Family string

// Template families RMI publishes.
const (
	CMRT Family = "CMRT" // Conflict Minerals Reporting Template (3TG)
	EMRT Family = "EMRT" // Extended Minerals Reporting Template (cobalt, mica, …)
	CRT  Family = "CRT"  // Cobalt Reporting Template
	AMRT Family = "AMRT" // Additional Minerals Reporting Template
)

// Template identifies what a file is: family, revision and the language the
// supplier chose in Declaration!D3.
type Template struct {
	Family   Family `json:"family"`
	Version  string `json:"version"`
	Language string `json:"language"`
}

// Declaration is everything a supplier declared in one template file.
type Declaration struct {
	Template Template
	Company  Company
	// Minerals lists the minerals the declaration covers, in the template's
	// row order (fixed for CMRT; chosen by the declarer in EMRT 2.x and AMRT).
	Minerals []string
	// Answers holds the per-mineral questions (1–8 in CMRT) and the
	// company-level questions (A–H), in layout order; unanswered questions
	// are present with an empty Value so callers see the whole form.
	Answers  []Answer
	Products []Product
	Smelters []SmelterRow
	// Mines is the Mine List sheet (EMRT 2.x, AMRT).
	Mines []MineRow
	// Lookup is the file's own Smelter Look-up sheet: RMI's reference list at
	// the template's revision.
	Lookup []LookupRow
	// Countries is the file's own country list (sheet C), upper-case names.
	Countries []string
	// StructureLocked reports RMI's workbook-structure protection.
	StructureLocked bool
	// Layout is the revision's layout the file was read with.
	Layout Layout
	// SAQBank is the question bank a questionnaire (family SAQ) was written
	// from and is read and scored with; nil for the other families.
	SAQBank *SAQBank

	notes            []Problem // found while reading; Check reports them
	otherUnspecified bool      // AMRT 1.3: an "Other" pick without its text
}

// Company is the company information block of the Declaration sheet.
type Company struct {
	Name              string `json:"name"`
	Scope             string `json:"scope"` // canonical: "A. Company", "B. Product (or List of Products)", "C. User defined …"
	ScopeDescription  string `json:"scope_description"`
	UniqueID          string `json:"unique_id"`
	UniqueIDAuthority string `json:"unique_id_authority"`
	Address           string `json:"address"`
	ContactName       string `json:"contact_name"`
	ContactEmail      string `json:"contact_email"`
	ContactPhone      string `json:"contact_phone"`
	Authorizer        string `json:"authorizer"`
	AuthorizerTitle   string `json:"authorizer_title"`
	AuthorizerEmail   string `json:"authorizer_email"`
	AuthorizerPhone   string `json:"authorizer_phone"`
	// EffectiveDate is zero when the cell is empty or could not be read as a
	// date; EffectiveDateText keeps what the cell held.
	EffectiveDate     time.Time `json:"-"`
	EffectiveDateText string    `json:"effective_date_text"`
}

// Answer is one answer cell of the Declaration sheet.
type Answer struct {
	Question string `json:"question"`          // "1".."8", "A".."H"
	Mineral  string `json:"mineral,omitempty"` // empty for company-level questions
	Value    string `json:"value"`             // canonical English option, or the text as typed when it is no option
	Raw      string `json:"raw,omitempty"`     // the cell as found, when it differs from Value
	Comment  string `json:"comment,omitempty"`
	Cell     string `json:"cell"`
}

// Product is one row of the Product List sheet.
type Product struct {
	Row             int    `json:"row"`
	Number          string `json:"number"`
	Name            string `json:"name,omitempty"`
	RequesterNumber string `json:"requester_number,omitempty"`
	RequesterName   string `json:"requester_name,omitempty"`
	Comments        string `json:"comments,omitempty"`
}

// SmelterRow is one declared row of the Smelter List sheet, columns A–Q.
type SmelterRow struct {
	Row          int    `json:"row"`
	CIDInput     string `json:"cid_input"` // A: Smelter Identification Number Input Column
	Metal        string `json:"metal"`     // B
	LookupName   string `json:"lookup_name"`
	Name         string `json:"name"`    // D, or the look-up name when D is empty
	Country      string `json:"country"` // E
	CID          string `json:"cid"`     // F, normalised (CID001234)
	Source       string `json:"source"`
	Street       string `json:"street"`
	City         string `json:"city"`
	State        string `json:"state"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	NextSteps    string `json:"next_steps"`
	MineName     string `json:"mine_name"`
	MineCountry  string `json:"mine_country"`
	Recycled     string `json:"recycled"` // canonical Yes/No/Unknown
	Comments     string `json:"comments"`
	// Resolved is true when metal, name, country or CID came from the file's
	// Smelter Look-up because the row's formulas had no cached values.
	Resolved bool `json:"resolved"`
}

// MineRow is one row of the Mine List sheet (EMRT 2.x, AMRT).
type MineRow struct {
	Row          int    `json:"row"`
	Metal        string `json:"metal"`
	SmelterName  string `json:"smelter_name,omitempty"`
	MineName     string `json:"mine_name"`
	MineID       string `json:"mine_id,omitempty"`
	Source       string `json:"source,omitempty"`
	Country      string `json:"country,omitempty"`
	Street       string `json:"street,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	ContactName  string `json:"contact_name,omitempty"`
	ContactEmail string `json:"contact_email,omitempty"`
	NextSteps    string `json:"next_steps,omitempty"`
	Comments     string `json:"comments,omitempty"`
}

// LookupRow is one row of a template's Smelter Look-up sheet.
type LookupRow struct {
	Metal, Alias, StandardName, Country, CID, Source, Street, City, State string
}

// Pseudo-entries of the Smelter Look-up column (compare case-insensitively).
const (
	SmelterNotListed     = "Smelter not listed"
	SmelterNotIdentified = "Smelter not yet identified"
)

// Severity ranks a Problem.
type Severity string

// Severities: an error is what RMI's Checker fails or what makes the file
// unusable; a warning is doubtful data; info is a fact worth knowing.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Problem is one finding of Read or Check, pointing at the cell to fix.
type Problem struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Sheet    string   `json:"sheet"`
	Cell     string   `json:"cell"`
	Message  string   `json:"message"`
	// Checker is true when RMI's own Checker sheet counts this problem.
	Checker bool `json:"checker"`
}

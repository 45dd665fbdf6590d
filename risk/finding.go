package risk

import (
	"sort"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/smelters"
)

// Finding is one identified risk. The JSON keys are a contract (README,
// "Findings JSON contract"): scripts and reports key on them.
type Finding struct {
	ID            int64    `json:"id"` // the store's ID; 0 before it is stored
	Code          string   `json:"code"`
	Title         string   `json:"title"`
	Severity      Severity `json:"severity"`
	OECDStep      int      `json:"oecd_step"`
	Guidance      string   `json:"guidance"`
	Period        int      `json:"period"`
	SupplierID    int64    `json:"supplier_id"`
	Supplier      string   `json:"supplier"`
	DeclarationID int64    `json:"declaration_id"` // 0 for supplier-level findings
	Metal         string   `json:"metal"`
	CID           string   `json:"cid"`
	Smelter       string   `json:"smelter"`
	Message       string   `json:"message"`
	Evidence      Evidence `json:"evidence"`
	Action        string   `json:"action"`
	Status        Status   `json:"status"`
	// Key identifies the finding across recomputations: code, subject and
	// evidence key (never the declaration ID, which changes with a new file).
	Key     string  `json:"key"`
	History []Event `json:"history"`
}

// Evidence is where a finding comes from.
type Evidence struct {
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Value    string `json:"value"`     // the declared value
	List     string `json:"list"`      // the reference list relied on, with its edition
	ListDate string `json:"list_date"` // its date, YYYY-MM-DD, when known
}

// Status is where a finding stands in its lifecycle.
type Status string

// Lifecycle: open → action-requested → resolved / accepted-risk; gone when
// a recomputation no longer finds it.
const (
	StatusOpen            Status = "open"
	StatusActionRequested Status = "action-requested"
	StatusResolved        Status = "resolved"
	StatusAcceptedRisk    Status = "accepted-risk"
	StatusGone            Status = "gone"
)

// Statuses a user may set (gone is the recomputation's).
var SettableStatuses = []Status{StatusOpen, StatusActionRequested, StatusResolved, StatusAcceptedRisk}

// ParseStatus accepts a status a user may set.
func ParseStatus(s string) (Status, bool) {
	for _, st := range append(SettableStatuses, StatusGone) {
		if strings.EqualFold(strings.TrimSpace(s), string(st)) {
			return st, true
		}
	}
	return "", false
}

// Event is one step of a finding's history.
type Event struct {
	At   string `json:"at"` // RFC 3339, UTC
	By   string `json:"by"`
	From Status `json:"from"`
	To   Status `json:"to"`
	Note string `json:"note"`
}

func findingKey(code string, supplierID int64, supplierName, metal, subject string) string {
	who := "s" + strconv.FormatInt(supplierID, 10)
	if supplierID == 0 {
		who = "r:" + smelters.NameKey(supplierName)
	}
	return strings.Join([]string{code, who, strings.ToLower(smelters.NormalizeMetal(metal)), subject}, "|")
}

// sortFindings orders findings for output: supplier, severity (most
// severe first), code, metal, CID, key.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Supplier != b.Supplier {
			return strings.ToLower(a.Supplier) < strings.ToLower(b.Supplier)
		}
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		if a.Severity != b.Severity {
			return a.Severity.level() > b.Severity.level()
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Metal != b.Metal {
			return a.Metal < b.Metal
		}
		return a.Key < b.Key
	})
}

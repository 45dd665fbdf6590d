package risk

import (
	"cmp"
	"slices"
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
	return code + "|" + who + "|" + strings.ToLower(metal) + "|" + subject // metal already normalised
}

// sortFindings joins the parts (in order, the first finding of each key
// kept) and orders them for output: supplier, severity (most severe
// first), code, metal, key.
func sortFindings(parts ...[]Finding) []Finding { return orderFindings(parts, true) }

// orderFindings is sortFindings; dedup false says the parts' keys are
// unique already (evaluate's). It sorts small keys, not the
// findings, which are large, and copies each finding once, into its place.
func orderFindings(parts [][]Finding, dedup bool) []Finding {
	type sortKey struct {
		supplier   string
		supplierID int64
		level      int
		code       string
		metal      string
		key        string
		i          int
		f          *Finding
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	keys := make([]sortKey, 0, n)
	var seen map[string]bool
	if dedup {
		seen = make(map[string]bool, n)
	}
	lower := map[string]string{}
	for _, p := range parts {
		for i := range p {
			f := &p[i]
			if dedup {
				if seen[f.Key] {
					continue
				}
				seen[f.Key] = true
			}
			l, ok := lower[f.Supplier]
			if !ok {
				l = strings.ToLower(f.Supplier)
				lower[f.Supplier] = l
			}
			keys = append(keys, sortKey{l, f.SupplierID, -f.Severity.Level(), f.Code, f.Metal, f.Key, len(keys), f})
		}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		switch {
		case a.supplier != b.supplier:
			return strings.Compare(a.supplier, b.supplier)
		case a.supplierID != b.supplierID:
			return cmp.Compare(a.supplierID, b.supplierID)
		case a.level != b.level:
			return cmp.Compare(a.level, b.level)
		case a.code != b.code:
			return strings.Compare(a.code, b.code)
		case a.metal != b.metal:
			return strings.Compare(a.metal, b.metal)
		case a.key != b.key:
			return strings.Compare(a.key, b.key)
		}
		return cmp.Compare(a.i, b.i)
	})
	sorted := make([]Finding, len(keys))
	for i := range keys {
		sorted[i] = *keys[i].f
	}
	return sorted
}

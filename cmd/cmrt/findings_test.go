package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/risk"
)

// importSamples imports the bundled samples into a new database.
func importSamples(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "cmrt.db")
	if out, stderr, code := cmrtRun(t, "--db", db, "import", "--learn-lookup", filepath.Join("..", "..", "testdata", "samples")); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	return db, dir
}

var findingKeys = []string{"id", "code", "title", "severity", "oecd_step", "guidance", "period", "supplier_id", "supplier",
	"declaration_id", "metal", "cid", "smelter", "message", "evidence", "action", "status", "key", "history"}

func TestFindingsCommandContractAndLifecycle(t *testing.T) {
	db, _ := importSamples(t)
	out, stderr, code := cmrtRun(t, "--db", db, "findings", "--period", "2025", "--format", "json")
	if code != exitProblems {
		t.Fatalf("findings: exit %d, want 1 (findings listed)\n%s", code, stderr)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw) == 0 {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, f := range raw {
		for _, k := range findingKeys {
			if _, ok := f[k]; !ok {
				t.Fatalf("key %q missing in %s", k, f["code"])
			}
		}
		var ev map[string]string
		if err := json.Unmarshal(f["evidence"], &ev); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"file", "sheet", "cell", "value", "list", "list_date"} {
			if _, ok := ev[k]; !ok {
				t.Fatalf("evidence key %q missing", k)
			}
		}
	}
	var fs []risk.Finding
	_ = json.Unmarshal([]byte(out), &fs)
	target := fs[0]
	for _, f := range fs {
		if f.Code == risk.CodeSmelterNotParticipating {
			target = f
			break
		}
	}
	// Filters.
	out, _, _ = cmrtRun(t, "--db", db, "findings", "--period", "2025", "--code", target.Code, "--supplier", strconv.FormatInt(target.SupplierID, 10), "--format", "json")
	var only []risk.Finding
	if err := json.Unmarshal([]byte(out), &only); err != nil || len(only) == 0 {
		t.Fatalf("filtered: %v %s", err, out)
	}
	for _, f := range only {
		if f.Code != target.Code || f.SupplierID != target.SupplierID {
			t.Errorf("filter let through %s %d", f.Code, f.SupplierID)
		}
	}
	// A decision, kept across a recomputation.
	id := strconv.FormatInt(target.ID, 10)
	if out, stderr, code := cmrtRun(t, "--db", db, "findings", "set", id, "--status", "action-requested", "--note", "asked for the CID", "--by", "anna"); code != exitOK || !strings.Contains(out, "action-requested") {
		t.Fatalf("set: exit %d %s%s", code, out, stderr)
	}
	out, _, _ = cmrtRun(t, "--db", db, "findings", "--period", "2025", "--status", "action-requested", "--format", "json")
	var kept []risk.Finding
	if err := json.Unmarshal([]byte(out), &kept); err != nil || len(kept) != 1 || kept[0].ID != target.ID || len(kept[0].History) != 2 ||
		kept[0].History[1].By != "anna" || kept[0].History[1].Note != "asked for the CID" {
		t.Fatalf("after recompute: %v %+v", err, kept)
	}
	// Usage errors exit 2.
	for _, args := range [][]string{
		{"findings", "set", id, "--status", "gone"},
		{"findings", "set", "99999", "--status", "resolved"},
		{"findings", "--severity", "severe"},
		{"findings", "--code", "NOPE"},
		{"findings", "--as-of", "yesterday"},
	} {
		if _, _, code := cmrtRun(t, append([]string{"--db", db}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// CSV and table.
	if out, _, _ := cmrtRun(t, "--db", db, "findings", "--period", "2025", "--format", "csv"); !strings.HasPrefix(out, "ID,SEVERITY,CODE") {
		t.Errorf("csv: %.200s", out)
	}
}

func TestRulesPrintRoundTripsThroughRulesFlag(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	out, stderr, code := cmrtRun(t, "--db", db, "rules", "print", "--format", "yaml")
	if code != exitOK || !strings.Contains(out, "thresholds:") {
		t.Fatalf("exit %d %s%s", code, out, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("rules print created a database")
	}
	edited := strings.Replace(out, "name: builtin", "name: strict", 1)
	path := filepath.Join(dir, "my-rules.yaml")
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = cmrtRun(t, "--db", db, "rules", "print", "--rules", path)
	if code != exitOK || !strings.Contains(out, "# rule set strict@") || !strings.Contains(out, "EU CAHRA indicative list") || !strings.Contains(out, "June 2026") {
		t.Errorf("exit %d\n%s", code, out)
	}
	md, _, _ := cmrtRun(t, "rules", "print", "--format", "markdown")
	if md != risk.RuleTable(nil) {
		t.Error("markdown differs from risk.RuleTable")
	}
	if err := os.WriteFile(path, []byte("thresholds: {medium: 9, high: 2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "findings", "--rules", path); code != exitUsage || !strings.Contains(stderr, "thresholds") {
		t.Errorf("bad rules: exit %d %s", code, stderr)
	}
}

func TestSupplierRegisterAndRanks(t *testing.T) {
	db, dir := importSamples(t)
	csvPath := filepath.Join(dir, "register.csv")
	csv := "Name;Supplier ID;Annual Spend;Important Material;Hard to replace;Materials;Countries;Period\n" +
		"Puffin Controls Oy;;2,000,000;yes;no;Gold;;2025\n" +
		"Silent Supplies GmbH;;;yes;yes;Mica;Madagascar;2025\n"
	if err := os.WriteFile(csvPath, []byte("\ufeff"+csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "suppliers", "import", csvPath, "--format", "json")
	if code != exitOK {
		t.Fatalf("import: exit %d %s%s", code, out, stderr)
	}
	out, stderr, code = cmrtRun(t, "--db", db, "suppliers", "--period", "2025", "--format", "json")
	if code != exitOK {
		t.Fatalf("suppliers --period: exit %d %s", code, stderr)
	}
	var rows []supplierRisk
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("%v %s", err, out)
	}
	got := map[string]supplierRisk{}
	for _, r := range rows {
		if r.RiskRank == "" || r.Designations == nil {
			t.Errorf("%s: rank %q, designations %v", r.Name, r.RiskRank, r.Designations)
		}
		if r.InRegister {
			got[r.Name] = r
		}
	}
	if puffin := got["Puffin Controls Oy"]; puffin.ID == 0 || strings.Join(puffin.Designations, ",") != "essential" {
		t.Errorf("Puffin: %+v", puffin)
	}
	if s := got["Silent Supplies GmbH"]; s.ID != 0 || s.RiskRank != risk.RankHigh || s.Critical != risk.CodeHumanRights {
		t.Errorf("Silent: %+v", s)
	}
	out, _, _ = cmrtRun(t, "--db", db, "suppliers", "--period", "2025", "--designation", "essential", "--risk", "high", "--format", "json")
	_ = json.Unmarshal([]byte(out), &rows)
	for _, r := range rows {
		if r.RiskRank != risk.RankHigh || !contains(r.Designations, "essential") {
			t.Errorf("filter let through %+v", r)
		}
	}
	out, _, _ = cmrtRun(t, "--db", db, "findings", "--period", "2025", "--code", "SUPPLIER_NO_RESPONSE", "--format", "json")
	if !strings.Contains(out, "Silent Supplies GmbH") {
		t.Errorf("no SUPPLIER_NO_RESPONSE for Silent: %s", out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "suppliers", "--period", "2025")
	if !strings.Contains(out, "low-risk suppliers:") || !strings.Contains(out, "response rate, 3TG (CMRT): 1 of 1") {
		t.Errorf("table footer:\n%s", out)
	}
	// The plain command is unchanged.
	if out, _, code := cmrtRun(t, "--db", db, "suppliers"); code != exitOK || !strings.Contains(out, "DECLARATIONS") {
		t.Errorf("plain suppliers: %d %s", code, out)
	}
}

func TestSupplierRegisterXLSXAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	x := excelize.NewFile()
	rows := [][]any{{"Contact Email", "NAME", "Annual_Spend", "hard-to-replace"}, {"a@b.c", "Acme Ltd", 1500000, "Yes"}, {"", "Beta", "", "no"}}
	for i, r := range rows {
		if err := x.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	xp := filepath.Join(dir, "register.xlsx")
	if err := x.SaveAs(xp); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "suppliers", "import", xp, "--format", "json")
	if code != exitOK || !strings.Contains(out, `"entries": 2`) {
		t.Fatalf("xlsx: exit %d %s%s", code, out, stderr)
	}
	for name, body := range map[string]string{
		"noname.csv":    "supplier_id,materials\n1,Gold\n",
		"emptyname.csv": "name,materials\nAcme,Gold\n,Tin\n",
		"badyes.csv":    "name,hard_to_replace\nAcme,perhaps\n",
		"badspend.csv":  "name,annual_spend\nAcme,lots\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := cmrtRun(t, "--db", db, "suppliers", "import", p)
		if code != exitUsage || !strings.Contains(stderr, name) {
			t.Errorf("%s: exit %d %s", name, code, stderr)
		}
	}
	_, stderr, _ = cmrtRun(t, "--db", db, "suppliers", "import", filepath.Join(dir, "emptyname.csv"))
	if !strings.Contains(stderr, "line 3, column A") {
		t.Errorf("bad row not located: %s", stderr)
	}
}

func TestDataImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	p := filepath.Join(dir, "cahra.json")
	if err := os.WriteFile(p, []byte(`{"meta": {"version": "Report: December 2026"}, "entries": [{"countryName": "Burundi", "iso2": "BI", "wholeCountry": true}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "data", "import", "cahra", p)
	if code != exitOK || !strings.Contains(out, "December 2026") {
		t.Fatalf("exit %d %s%s", code, out, stderr)
	}
	if out, _, _ := cmrtRun(t, "--db", db, "rules", "print"); !strings.Contains(out, "December 2026") {
		t.Errorf("imported edition not in force:\n%s", out)
	}
	for _, args := range [][]string{{"data", "import", "cobalt", p}, {"data", "import", "dol", p}, {"data", "import", "dol", "list.xls"}, {"data", "import", "cahra", filepath.Join(dir, "missing.json")}} {
		if _, _, code := cmrtRun(t, append([]string{"--db", db}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// A list in the wrong form is named as the user knows it.
	for kind, want := range map[string]string{"cahra": "the CAHRA list is read in its JSON form", "gems": "the gemstone origin restrictions table is read in its JSON form"} {
		if _, stderr, code := cmrtRun(t, "--db", db, "data", "import", kind, "list.csv"); code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%s list.csv: exit %d, %q; want 2 and %q", kind, code, stderr, want)
		}
	}
	x := excelize.NewFile()
	for i, r := range [][]any{{"Good", "Country", "Child Labor", "Forced Labor"}, {"Mica", "Madagascar", "X", ""}} {
		if err := x.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	xp := filepath.Join(dir, "goods.xlsx")
	if err := x.SaveAs(xp); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := cmrtRun(t, "--db", db, "data", "import", "dol", xp, "--edition", "2025"); code != exitOK || !strings.Contains(out, "edition 2025") {
		t.Errorf("DoL xlsx: exit %d %s%s", code, out, stderr)
	}
	if out, _, _ := cmrtRun(t, "--db", db, "rules", "print", "--format", "json"); !strings.Contains(out, `"edition": "2025"`) {
		t.Errorf("DoL 2025 not in force: %.300s", out)
	}
	shared := filepath.Join("..", "..", "..", "shared", "data", "dol-ilab-goods-list.xml")
	if _, err := os.Stat(shared); err != nil {
		t.Skip("../shared not available")
	}
	if out, stderr, code := cmrtRun(t, "--db", db, "data", "import", "dol", shared, "--edition", "2024"); code != exitOK || !strings.Contains(out, "edition 2024") {
		t.Errorf("DoL: exit %d %s%s", code, out, stderr)
	}
}

func TestNewCommandsHaveHelpWithExample(t *testing.T) {
	for _, args := range [][]string{{"findings"}, {"findings", "set"}, {"rules", "print"}, {"data", "import"}, {"suppliers", "import"}, {"suppliers"}} {
		out, _, code := cmrtRun(t, append(args, "--help")...)
		if code != exitOK || !strings.Contains(out, "Example:") {
			t.Errorf("%v --help: exit %d\n%s", args, code, out)
		}
	}
}

// TestDataImportGems: a newer edition of the gemstone origin restrictions
// is loaded like the CAHRA and DoL lists and is in force afterwards; a
// file that is not such a table is a usage error and stores nothing.
func TestDataImportGems(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	p := filepath.Join(dir, "gems-2027.json")
	body := `{"name": "Gemstone origin restrictions", "edition": "March 2027", "date": "2027-03-01", "source": "test",
  "entries": [{"country": "RU", "materials": ["diamond"], "basis": "sanctions", "measure": "EU ban", "from": "2024-01-01", "until": "", "source": "EU Regulation 2023/2878"}]}`
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "data", "import", "gems", p)
	if code != exitOK || !strings.Contains(out, "March 2027") {
		t.Fatalf("exit %d %s%s", code, out, stderr)
	}
	if out, _, _ := cmrtRun(t, "--db", db, "rules", "print"); !strings.Contains(out, "March 2027") || strings.Contains(out, "November 2026") {
		t.Errorf("imported gems edition not in force:\n%s", out)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"entries": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "data", "import", "gems", bad); code != exitUsage || !strings.Contains(stderr, "no edition") {
		t.Errorf("bad gems file: exit %d %s", code, stderr)
	}
}

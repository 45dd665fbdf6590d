package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// TestReportDisclosureOtherMinerals: the bundled samples' EMRT and AMRT
// declarations through the real store and command, with a register that
// asks three suppliers for cobalt (Albatross and Cormorant sent an EMRT
// covering it, Heron's EMRT does not cover it): each mineral gets its own
// section with the numbers sections 5-9 give the 3TG.
func TestReportDisclosureOtherMinerals(t *testing.T) {
	needPDFTools(t)
	db, _ := reportDB(t)
	entries, err := risk.ParseRegister("register.csv", []byte("name,materials,period\n"+
		"深圳华晶电子有限公司,Gold;Tin,2025\n株式会社ミナト電装,Tin,2025\nSilent Supplier GmbH,Tin,2025\n"+
		"Albatross Metering AB,Cobalt,2025\nCormorant Cable Co.,Cobalt,2025\nHeron Optics S.A.,Cobalt,2025\n"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.ImportRegister(context.Background(), "register.csv", entries) // replaces the period's register
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "disclosure.pdf")
	if _, stderr, code := cmrtRun(t, "--db", db, "report", "disclosure", "--period", "2025", "--as-of", "2026-10-15", "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	text := pdfFileText(t, out)
	body := text[strings.LastIndex(text, "2. Introduction and scope"):] // past the contents
	between := func(from, to string) string {
		t.Helper()
		i := strings.Index(body, from)
		if i < 0 {
			t.Fatalf("no %q in the disclosure", from)
		}
		s := body[i:]
		if j := strings.Index(s[len(from):], to); j >= 0 {
			s = s[:len(from)+j]
		}
		return s
	}
	// The 3TG sections count the 3TG only: the register's three 3TG suppliers.
	tg := between("5. RCOI results", "6. Risk assessment")
	for _, want := range []string{"Suppliers surveyed: 3. Responded: 2 (66.67%).", "Declaring at company level: 12 of 12 declarations (100.00%)"} {
		if !strings.Contains(tg, want) {
			t.Errorf("section 5 lacks %q:\n%s", want, tg)
		}
	}
	cobalt := between("11.1 Cobalt (EMRT/CRT)", "11.2 ")
	for _, want := range []string{
		"Suppliers surveyed: 3. Responded: 2 (66.67%).",
		"Suppliers outside the register who sent a declaration covering cobalt: 1.", // Pelican
		"Declaring at company level: 2 of 3 declarations (66.67%); at product level: 1.",
		"Incomplete declarations: 1 of 3, with 3 missing required fields in all.", // Albatross's EMRT 2.0
		"Of the 4 cobalt smelters and refiners identified, 0 were conformant",
	} {
		if !strings.Contains(cobalt, want) {
			t.Errorf("cobalt section lacks %q:\n%s", want, cobalt)
		}
	}
	// Four declared cobalt rows with CIDs in no RMI list of the fixture.
	if !regexp.MustCompile(`SMELTER_UNKNOWN_CID Smelter ID in no RMI list medium 2 4\b`).MatchString(cobalt) {
		t.Errorf("cobalt findings lack SMELTER_UNKNOWN_CID 4:\n%s", cobalt)
	}
	for _, heading := range []string{"Copper (EMRT/CRT)", "Graphite (EMRT/CRT)", "Lithium (EMRT/CRT)", "Mica (EMRT/CRT)", "Nickel (EMRT/CRT)",
		"Aluminum (AMRT)", "Palladium (AMRT)", "Silver (AMRT)", "Tellurium (AMRT)", "Zinc (AMRT)"} {
		if !strings.Contains(body, heading) {
			t.Errorf("no section %q", heading)
		}
	}
	// Heron's EMRT covers no cobalt: it answers for copper, lithium and nickel.
	if copper := between("Copper (EMRT/CRT)", "11.3 "); !strings.Contains(copper, "Suppliers who responded: 2 (the register asks no supplier for copper") {
		t.Errorf("copper section:\n%s", copper)
	}
}

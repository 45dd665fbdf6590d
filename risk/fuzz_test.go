package risk

import (
	"testing"
	"time"
)

// FuzzParsers: no input makes a reference-list or register parser panic or
// hang; bad input is an error.
func FuzzParsers(f *testing.F) {
	f.Add([]byte("name;materials\nAcme;Gold, Tin\n"))
	f.Add([]byte("\ufeffName,Supplier ID,Annual Spend,Important Material\nAcme,1,\"1,000\",yes\n"))
	f.Add([]byte(`{"meta": {"version": "Report: June 2026"}, "entries": [{"countryName": "Burundi", "iso2": "BI", "wholeCountry": true}]}`))
	f.Add([]byte("<Goods><Good><Good_Name>Gold</Good_Name><Countries><Country><Country_Name>Peru</Country_Name><Child_Labor>Yes</Child_Labor></Country></Countries></Good></Goods>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, parse := range map[string]func(){
			"register csv":  func() { _, _ = ParseRegister("r.csv", data) },
			"register xlsx": func() { _, _ = ParseRegister("r.xlsx", data) },
			"cahra":         func() { _, _ = ParseCAHRAJSON(data, "x") },
			"dol xml":       func() { _, _ = ParseDoLXML(data, "x", "") },
			"dol xlsx":      func() { _, _ = ParseDoLXLSX(data, "x", "") },
			"rules":         func() { _, _ = LoadConfig(data) },
		} {
			start := time.Now()
			parse()
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("%s took %v on %q", name, d, data)
			}
		}
	})
}

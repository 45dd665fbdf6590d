package cmrt_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
)

// Read a supplier's template and count what RMI's Checker would count.
func ExampleReadFile() {
	dir, _ := os.MkdirTemp("", "cmrt-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "supplier.xlsx")
	for _, s := range fixtures.Scenarios() {
		if s.Name == "missing-fields" {
			_ = s.Write(path)
		}
	}

	d, err := cmrt.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := cmrt.Check(d, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	fmt.Println(d.Template.Family, d.Template.Version, d.Template.Language)
	fmt.Println("required fields missing:", res.RequiredMissing)
	for _, p := range res.Problems[:2] {
		fmt.Printf("%s %s!%s\n", p.Code, p.Sheet, p.Cell)
	}
	// Output:
	// CMRT 6.4 English
	// required fields missing: 26
	// REQUIRED_FIELD Declaration!D10
	// REQUIRED_FIELD Declaration!D17
}

// A file that is not a template gets one line naming the file and the problem.
func ExampleReadFile_notATemplate() {
	dir, _ := os.MkdirTemp("", "cmrt-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "prices.xlsx")
	_ = os.WriteFile(path, []byte("Supplier,Price\nAcme,12\n"), 0o644)

	_, err := cmrt.ReadFile(path)
	fmt.Println(strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	// Output:
	// prices.xlsx: a CSV file (UTF-8, comma-separated) renamed .xlsx, not an .xlsx workbook; first line "Supplier,Price"; open it in Excel and re-save as .xlsx
}

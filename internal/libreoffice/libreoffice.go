// Package libreoffice recalculates workbooks with LibreOffice headless and
// reads RMI's own Checker count back: an independent oracle, for tests, of
// anything written into a real RMI template (../shared/FACTS.md). It needs
// Debian's libreoffice-calc-nogui (soffice on PATH); the tool itself never
// runs it.
package libreoffice

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNotInstalled means soffice is not on PATH.
var ErrNotInstalled = errors.New("soffice not found: install Debian's libreoffice-calc-nogui")

// recalcOnLoad is a user profile setting: always recalculate an xlsx on
// load (OOXMLRecalcMode 0), or LibreOffice shows the values the file saved.
const recalcOnLoad = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// CheckerCounts recalculates files in one soffice run (it takes seconds
// to start) with a fresh profile under work, and returns each file's
// Checker!D2, RMI's "required fields remaining to be completed".
func CheckerCounts(work string, files []string) ([]string, error) {
	outDir := filepath.Join(work, "lo-csv")
	// One CSV per sheet (the trailing -1), FILE-SHEET.csv.
	if err := convert(work, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", outDir, files); err != nil {
		return nil, err
	}
	var counts []string
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		data, err := os.ReadFile(filepath.Join(outDir, base+"-Checker.csv"))
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: Checker CSV: %w", base, err)
		}
		// D2 is the count, under D1's "Required fields remaining to be
		// completed" (in the template's language).
		if len(recs) < 2 || len(recs[1]) < 4 {
			return nil, fmt.Errorf("%s: Checker CSV has no cell D2", base)
		}
		counts = append(counts, strings.TrimSpace(recs[1][3]))
	}
	return counts, nil
}

// Resave opens files in LibreOffice and saves each as .xlsx under
// work/lo-xlsx, as a supplier using LibreOffice would return them, and
// returns the saved files' paths (same base names: give files distinct
// ones).
func Resave(work string, files []string) ([]string, error) {
	outDir := filepath.Join(work, "lo-xlsx")
	if err := convert(work, "xlsx:Calc MS Excel 2007 XML", outDir, files); err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		out = append(out, filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".xlsx"))
	}
	return out, nil
}

// convert runs one soffice --convert-to over files, with a fresh profile
// under work that recalculates on load.
func convert(work, filter, outDir string, files []string) error {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return ErrNotInstalled
	}
	profile := filepath.Join(work, "lo-profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcOnLoad), 0o644); err != nil {
		return err
	}
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore",
		"--convert-to", filter, "--outdir", outDir}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("soffice: %v: %s", err, out)
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/internal/fixtures"
)

// TestBrowserWalkthrough is the dashboard's end-to-end test: it starts the
// real `cmrt serve` in its own process on a free loopback port over the
// bundled samples, and drives Debian's chromium, headless, through it as an
// officer would: the overview, a supplier file uploaded through the import
// page and found in the supplier list, a supplier's finding set to
// action-requested through its form, the disclosure PDF and the smelters
// export (xlsx) downloaded from the Reports page. Then it stops the server
// with SIGTERM and expects a clean exit.
//
// Screenshots of each step (overview, import, supplier, finding set,
// reports) and the downloaded PDF are test artefacts, written to $CMRT_ARTIFACTS
// (default: cmrt-artifacts under the system's temporary folder; the path
// is logged). scripts/dashboard-screenshots.sh copies two of them into docs/
// for the README.
func TestBrowserWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			chrome = p
			break
		}
	}
	if chrome == "" {
		t.Skip("no chromium on PATH: install Debian's chromium package (apt-get install chromium) to run the browser test")
	}
	artifacts := os.Getenv("CMRT_ARTIFACTS")
	if artifacts == "" {
		artifacts = filepath.Join(os.TempDir(), "cmrt-artifacts")
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", artifacts)

	db, dir := importSamples(t)
	url, stopServer := startServe(t, db)

	downloads := filepath.Join(dir, "downloads")
	if err := os.Mkdir(downloads, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	shot := func(name string, full bool) {
		t.Helper()
		var png []byte
		var err error
		if full {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		} else {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()) // the viewport: long pages stay readable
		}
		must(name+" screenshot", err)
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("%s: the screenshot is not a PNG", name)
		}
		must(name+" screenshot", os.WriteFile(filepath.Join(artifacts, name+".png"), png, 0o644))
	}
	// waitFor polls a JavaScript expression until it returns want or the
	// time is up (errors while a page is being replaced are expected).
	waitFor := func(js string, ok func(string) bool) string {
		t.Helper()
		var got string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? (`+js+`) : ""`))
			if ok(got) {
				break
			}
		}
		return got
	}

	// The overview: numbers and server-drawn charts.
	must("overview", chromedp.Do(ctx,
		chromedp.Navigate(url+"?period=2025"),
		chromedp.WaitVisible(css(`figure.chart svg`)),
	))
	title, err := chromedp.Run(ctx, chromedp.Title())
	must("title", err)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart svg rect").length`))
	must("charts", err)
	if !strings.Contains(title, "Season 2025") || charts == 0 {
		t.Fatalf("overview: title %q, %d chart bars", title, charts)
	}
	shot("dashboard-overview", true)

	// Upload a new supplier's file through the import page, then find the
	// supplier in the list.
	newFile := newSupplierFile(t, t.TempDir(), "Browser Upload Metals Ltd")
	must("upload", chromedp.Do(ctx,
		chromedp.Navigate(url+"import"),
		chromedp.SetUploadFiles(css(`input[name="files"]`), []string{newFile}),
		chromedp.Click(css(`form.upload button`)),
	))
	summary := waitFor(`document.querySelector("p.numbers") ? document.querySelector("p.numbers").textContent : ""`,
		func(s string) bool { return strings.Contains(s, "imported") })
	if !strings.Contains(summary, "1 imported") {
		t.Fatalf("import summary %q", summary)
	}
	shot("dashboard-import", false)
	must("supplier list", chromedp.Do(ctx,
		chromedp.Navigate(url+"suppliers?period=2025&q=browser"),
		chromedp.WaitVisible(css(`main table`)),
	))
	listed, err := chromedp.Run(ctx, chromedp.TextContent(css(`main table tbody`)))
	must("supplier list text", err)
	if !strings.Contains(listed, "Browser Upload Metals Ltd") {
		t.Fatalf("the uploaded supplier is not listed: %q", listed)
	}

	// The ranks table on the overview lists the riskiest supplier first: it
	// has findings. Open it and set its first finding to action-requested.
	must("supplier link", chromedp.Do(ctx,
		chromedp.Navigate(url+"?period=2025"),
		chromedp.WaitVisible(css(`main table a[href^="/suppliers/"]`)),
		chromedp.Click(css(`main table a[href^="/suppliers/"]`)),
		chromedp.WaitVisible(css(`form.setstatus`)),
	))
	location, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(location, "/suppliers/") {
		t.Fatalf("the link led to %s", location)
	}
	shot("dashboard-supplier", false)
	id, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`article.finding`), "id"))
	must("finding id", err)
	form := `#` + id.Value + ` form.setstatus `
	must("choose the status", chromedp.Do(ctx, chromedp.SetValue(css(form+`select[name="status"]`), "action-requested")))
	must("write the note", chromedp.Do(ctx, chromedp.SendKeys(css(form+`input[name="note"]`), "asked for the CID")))
	must("save", chromedp.Do(ctx, chromedp.Click(css(form+`button`))))
	// The form posts, the server redirects back to the supplier page.
	status := waitFor(`location.hash === "#`+id.Value+`" ? (document.querySelector("#`+id.Value+` .status") || {textContent: ""}).textContent : ""`,
		func(s string) bool { return s == "action-requested" })
	history, err := chromedp.Run(ctx, chromedp.TextContent(css(`#`+id.Value+` details`)))
	must("history", err)
	if status != "action-requested" || !strings.Contains(history, "open → action-requested — asked for the CID") {
		t.Fatalf("after the change: status %q, history %q", status, history)
	}
	shot("dashboard-finding-set", false)

	// Download the disclosure through the Reports page's link, as a click.
	events := true
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &events})
	must("allow downloads", err)
	done := make(chan string, 1)
	chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	})
	must("reports page", chromedp.Do(ctx,
		chromedp.Navigate(url+"reports?period=2025"),
		chromedp.WaitVisible(css(`a[href^="/reports/disclosure.pdf"]`)),
	))
	shot("dashboard-reports", false)
	// download clicks a link and returns the file the browser saved.
	download := func(what, selector string) []byte {
		t.Helper()
		must("click "+what, chromedp.Do(ctx, chromedp.Click(css(selector))))
		select {
		case guid := <-done:
			b, err := os.ReadFile(filepath.Join(downloads, guid)) // AllowAndName names the file by its GUID
			must("read "+what, err)
			return b
		case <-time.After(60 * time.Second):
			t.Fatalf("%s did not download", what)
			return nil
		}
	}
	pdf := download("the disclosure PDF", `a[href^="/reports/disclosure.pdf"]`)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-1024):], []byte("%%EOF")) {
		t.Fatalf("the download is not a whole PDF: %q…", pdf[:min(len(pdf), 16)])
	}
	must("keep the PDF", os.WriteFile(filepath.Join(artifacts, "disclosure-2025.pdf"), pdf, 0o644))
	// An export, as a spreadsheet: the smelters table with a known smelter.
	book := download("the smelters export", `a[href^="/reports/export"][href*="kind=smelters"][href*="format=xlsx"]`)
	x, err := excelize.OpenReader(bytes.NewReader(book))
	must("open the export", err)
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	must("read the export", err)
	cids := 0
	for _, r := range rows[1:] {
		if len(r) > 2 && strings.HasPrefix(r[2], "CID") {
			cids++
		}
	}
	if len(rows) < 2 || rows[0][2] != "cid" || cids == 0 {
		t.Fatalf("the smelters export: %d rows, %d with a CID, header %q", len(rows), cids, rows[:min(len(rows), 1)])
	}

	stopServer(syscall.SIGTERM)
}

// newSupplierFile writes a complete CMRT 6.5 for a company the samples do
// not have.
func newSupplierFile(t *testing.T, dir, company string) string {
	t.Helper()
	for _, sc := range fixtures.Scenarios() {
		if sc.Name != "cmrt-6.5-complete" {
			continue
		}
		d := *sc.Decl
		d.Company.Name = company
		d.Company.UniqueID = "" // a new supplier, not the sample's company under another name
		sc.Decl = &d
		p := filepath.Join(dir, "upload.xlsx")
		if err := sc.Write(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Fatal("no cmrt-6.5-complete scenario")
	return ""
}

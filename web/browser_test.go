package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserWalkthrough drives Debian's chromium, headless, through the
// dashboard as an officer would: the overview, a link to a supplier, a
// finding's status changed through its form, the page showing it, a
// supplier file uploaded through the import page and found in the list. With
// CMRT_SCREENSHOTS set to a folder, it saves the overview and the supplier
// page there (scripts/dashboard-screenshots.sh uses this for the README).
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
	f := newFixture(t)
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	must("overview", chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/?period=2025"),
		chromedp.WaitVisible(css(`figure.chart svg`)),
	))
	title, err := chromedp.Run(ctx, chromedp.Title())
	must("title", err)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart svg rect").length`))
	must("charts", err)
	if !strings.Contains(title, "Season 2025") || charts == 0 {
		t.Fatalf("overview: title %q, %d chart bars", title, charts)
	}
	overview, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must("overview screenshot", err)

	// The ranks table lists the riskiest supplier first: it has findings.
	must("supplier link", chromedp.Do(ctx,
		chromedp.Click(css(`main table a[href^="/suppliers/"]`)),
		chromedp.WaitVisible(css(`form.setstatus`)),
	))
	location, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(location, "/suppliers/") {
		t.Fatalf("the link led to %s", location)
	}
	id, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`article.finding`), "id"))
	must("finding id", err)
	form := `#` + id.Value + ` form.setstatus `
	must("choose the status", chromedp.Do(ctx, chromedp.SetValue(css(form+`select[name="status"]`), "action-requested")))
	must("write the note", chromedp.Do(ctx, chromedp.SendKeys(css(form+`input[name="note"]`), "asked for the CID")))
	must("save", chromedp.Do(ctx, chromedp.Click(css(form+`button`))))
	// The form posts, the server redirects back to the supplier page:
	// poll until the new page shows the new status (errors while the page
	// is replaced are expected).
	var status string
	for deadline := time.Now().Add(30 * time.Second); status != "action-requested" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		status, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" && location.hash === "#`+id.Value+`" ? `+
			`(document.querySelector("#`+id.Value+` .status") || {textContent: ""}).textContent : ""`))
	}
	history, err := chromedp.Run(ctx, chromedp.TextContent(css(`#`+id.Value+` details`)))
	must("history", err)
	location, err = chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	supplierPNG, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // the viewport: the whole page is long
	must("supplier screenshot", err)
	if status != "action-requested" || !strings.Contains(history, "tester: open → action-requested — asked for the CID") ||
		!strings.Contains(location, "/suppliers/") {
		t.Fatalf("after the change: status %q, history %q, at %s", status, history, location)
	}

	// Upload a new supplier's file through the import page, then find the
	// supplier in the list.
	newFile := writeHostileTemplate(t, t.TempDir(), "Browser Upload Metals Ltd")
	must("upload", chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/import"),
		chromedp.SetUploadFiles(css(`input[name="files"]`), []string{newFile}),
		chromedp.Click(css(`form.upload button`)),
	))
	var summary string
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(summary, "imported") && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		summary, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" && document.querySelector("p.numbers") ? document.querySelector("p.numbers").textContent : ""`))
	}
	if !strings.Contains(summary, "1 imported") {
		t.Fatalf("import summary %q", summary)
	}
	must("supplier list", chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/suppliers?period=2025&q=browser"),
		chromedp.WaitVisible(css(`main table`)),
	))
	listed, err := chromedp.Run(ctx, chromedp.TextContent(css(`main table tbody`)))
	must("supplier list text", err)
	if !strings.Contains(listed, "Browser Upload Metals Ltd") {
		t.Fatalf("the uploaded supplier is not listed: %q", listed)
	}

	if dir := os.Getenv("CMRT_SCREENSHOTS"); dir != "" {
		for name, png := range map[string][]byte{"dashboard-overview.png": overview, "dashboard-supplier.png": supplierPNG} {
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

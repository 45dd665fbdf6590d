package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// BenchmarkPages times each page's server side over the bundled samples
// (20 suppliers, period 2025): rendering, the store reads and the findings
// fingerprint check (nothing changed, so findings are not recomputed).
func BenchmarkPages(b *testing.B) {
	f := newFixture(b)
	for _, path := range []string{"/?period=2025", "/suppliers?period=2025", "/findings?period=2025", "/smelters?period=2025", "/smelters/review?period=2025"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				f.srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}

// Scale is the target: 1,000 suppliers and 150,000 declared rows in
// the period shown, with a previous period of the same size (the overview
// and the suppliers table show the change of rank from it).
const (
	scaleSuppliers = 1000
	scaleRows      = 150
	scalePeriod    = 2025
)

// scaleAsOf is the as-of day of every page at scale: fixed, so each run
// reads the same statuses.
var scaleAsOf = time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)

// scaleDB is the season database at scale, written once per test binary
// (about 25 s) into a directory removed when the binary exits.
var scaleDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cmrt-web-scale-")
	if err != nil {
		return "", err
	}
	scaleDirs = append(scaleDirs, dir)
	db := filepath.Join(dir, "season.db")
	return db, seasondb.Write(db, seasondb.Options{Suppliers: scaleSuppliers, RowsEach: scaleRows, Periods: []int{scalePeriod - 1, scalePeriod}})
})

var scaleDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range scaleDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

type scalePage struct{ Name, Path string }

// scaleServer serves the dashboard over the database at scale, as of
// scaleAsOf, and lists the pages to time: every kind, the long tables
// filtered, sorted and paged.
func scaleServer(tb testing.TB) (*Server, *store.Store, []scalePage) {
	tb.Helper()
	db, err := scaleDB()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	srv, err := New(Options{Store: st, User: "bench", Now: func() time.Time { return scaleAsOf }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	ctx := context.Background()
	sup, err := st.FindSupplier(ctx, "Supplier 0421 Ltd")
	if err != nil {
		tb.Fatal(err)
	}
	sid := strconv.FormatInt(sup.ID, 10)
	p := "period=" + strconv.Itoa(scalePeriod)
	return srv, st, []scalePage{
		{"overview", "/?" + p},
		{"suppliers", "/suppliers?" + p},
		{"suppliers sorted", "/suppliers?" + p + "&sort=open&dir=desc"},
		{"suppliers filtered", "/suppliers?" + p + "&q=supplier+04&rank=high"},
		{"suppliers page 7", "/suppliers?" + p + "&sort=rank&page=7"},
		{"supplier", "/suppliers/" + sid + "?" + p},
		{"findings", "/findings?" + p},
		{"findings filtered", "/findings?" + p + "&severity=high&metal=Gold"},
		{"findings page 40", "/findings?" + p + "&page=40"},
		{"finding (one supplier's)", "/findings?" + p + "&supplier=" + sid + "&code=SMELTER_NOT_CONFORMANT"},
		{"smelters", "/smelters?" + p},
		{"smelters filtered", "/smelters?" + p + "&metal=Gold&q=facility+12"},
		{"smelters page 20", "/smelters?" + p + "&page=20"},
		{"facility", "/facilities/CID000101?" + p},
		{"review queue", "/smelters/review?" + p},
		{"lists", "/lists"},
		{"reports", "/reports?" + p},
		{"import", "/import"},
	}
}

// timedGet serves one page and returns how long the server took and the
// CPU time it spent (on its own thread; Linux only).
func (s *Server) timedGet(tb testing.TB, path string) (wall, cpu time.Duration) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	runtime.LockOSThread()
	c0, t0 := threadCPU(), time.Now()
	s.ServeHTTP(w, r)
	wall, cpu = time.Since(t0), threadCPU()-c0
	runtime.UnlockOSThread()
	if w.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d\n%.2000s", path, w.Code, w.Body.String())
	}
	return wall, cpu
}

// loadAverage is the machine's load (Linux), to read the times by.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// quantile is the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// BenchmarkPagesAtScale times every page kind at 1,000 suppliers and
// 150,000 declared rows, after one warm-up request (which builds the
// period's view), and reports the median and 95th percentile of the
// per-request server time.
func BenchmarkPagesAtScale(b *testing.B) {
	srv, _, pages := scaleServer(b)
	srv.timedGet(b, pages[0].Path)
	for _, pg := range pages {
		b.Run(pg.Name, func(b *testing.B) {
			var times, cpus []time.Duration
			for b.Loop() {
				wall, cpu := srv.timedGet(b, pg.Path)
				times, cpus = append(times, wall), append(cpus, cpu)
			}
			slices.Sort(times)
			slices.Sort(cpus)
			b.ReportMetric(ms(quantile(times, 0.5)), "p50-ms")
			b.ReportMetric(ms(quantile(times, 0.95)), "p95-ms")
			b.ReportMetric(ms(quantile(cpus, 0.5)), "cpu-p50-ms")
		})
	}
}

// TestPagesAtScale prints the table of server times per page at scale
// (scripts/bench-web.sh) and fails when a page's p95 is over the budget
// (CMRT_WEB_P95_MS, default 100). It runs only when CMRT_BENCH_WEB is set:
// building the season takes about half a minute.
func TestPagesAtScale(t *testing.T) {
	if os.Getenv("CMRT_BENCH_WEB") == "" {
		t.Skip("set CMRT_BENCH_WEB=1 to time the pages at 1,000 suppliers (scripts/bench-web.sh)")
	}
	n := 40
	if v, err := strconv.Atoi(os.Getenv("CMRT_BENCH_WEB_N")); err == nil && v > 0 {
		n = v
	}
	budget := 100 * time.Millisecond
	if v, err := strconv.Atoi(os.Getenv("CMRT_WEB_P95_MS")); err == nil && v > 0 {
		budget = time.Duration(v) * time.Millisecond
	}
	srv, _, pages := scaleServer(t)
	first, firstCPU := srv.timedGet(t, pages[0].Path)
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Printf("%d suppliers, %d declared rows in %d (and as many in %d); %d requests per page\n",
		scaleSuppliers, scaleSuppliers*scaleRows, scalePeriod, scalePeriod-1, n)
	fmt.Printf("first request (computes the findings of both periods, builds the view): %.0f ms (CPU %.0f ms); heap then %d MB\n",
		ms(first), ms(firstCPU), mem.HeapAlloc>>20)
	fmt.Printf("%d CPUs, load average %s\n\n", runtime.NumCPU(), loadAverage())
	fmt.Printf("%-26s %9s %9s %9s %9s %12s\n", "page", "first ms", "p50 ms", "p95 ms", "max ms", "CPU p50 ms")
	firsts := make([]time.Duration, len(pages))
	for i, pg := range pages {
		firsts[i], _ = srv.timedGet(t, pg.Path)
	}
	times := make([][]time.Duration, len(pages))
	cpus := make([][]time.Duration, len(pages))
	// Round robin, as a user moves between pages.
	for range n {
		for i, pg := range pages {
			wall, cpu := srv.timedGet(t, pg.Path)
			times[i], cpus[i] = append(times[i], wall), append(cpus[i], cpu)
		}
	}
	for i, pg := range pages {
		slices.Sort(times[i])
		slices.Sort(cpus[i])
		p95 := quantile(times[i], 0.95)
		fmt.Printf("%-26s %9.1f %9.1f %9.1f %9.1f %12.1f\n", pg.Name, ms(firsts[i]), ms(quantile(times[i], 0.5)), ms(p95),
			ms(times[i][len(times[i])-1]), ms(quantile(cpus[i], 0.5)))
		if p95 > budget {
			t.Errorf("%s: p95 %.1f ms, over the budget of %v", pg.Name, ms(p95), budget)
		}
	}

	// A decision recorded (here by another store on the file, as the CLI
	// would): the next page reads the findings again, not the season.
	v, err := srv.loadSeason(context.Background(), scalePeriod)
	if err != nil {
		t.Fatal(err)
	}
	cli, err := store.Open(scaleDBPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if _, err := cli.SetFindingStatus(context.Background(), v.Findings[0].ID, risk.StatusActionRequested, "bench", "bench"); err != nil {
		t.Fatal(err)
	}
	after, afterCPU := srv.timedGet(t, pages[0].Path)
	fmt.Printf("\nfirst request after a finding's status changed: %.0f ms (CPU %.0f ms)\n", ms(after), ms(afterCPU))
}

// scaleDBPath is the path of the database at scale.
func scaleDBPath(tb testing.TB) string {
	tb.Helper()
	p, err := scaleDB()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkPageAfterDecision times the first page after a finding's
// status changed (by another store on the file, as the CLI would): the
// findings are read again, the season kept.
func BenchmarkPageAfterDecision(b *testing.B) {
	srv, _, pages := scaleServer(b)
	srv.timedGet(b, pages[0].Path)
	v, err := srv.loadSeason(context.Background(), scalePeriod)
	if err != nil {
		b.Fatal(err)
	}
	cli, err := store.Open(scaleDBPath(b))
	if err != nil {
		b.Fatal(err)
	}
	defer cli.Close()
	statuses := []risk.Status{risk.StatusActionRequested, risk.StatusOpen}
	i := 0
	for b.Loop() {
		b.StopTimer()
		if _, err := cli.SetFindingStatus(context.Background(), v.Findings[0].ID, statuses[i%2], "bench", "bench"); err != nil {
			b.Fatal(err)
		}
		i++
		b.StartTimer()
		srv.timedGet(b, pages[0].Path)
	}
}

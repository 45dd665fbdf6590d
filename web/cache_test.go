package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
	"github.com/openminerals/cmrt/store"
)

// view is the server's view of 2025 now, through its cache.
func (f *fixture) view(t *testing.T) *seasonView {
	t.Helper()
	v, err := f.srv.loadSeason(t.Context(), 2025)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// cli opens the fixture's database a second time, as a `cmrt` command run
// next to the dashboard does.
func (f *fixture) cli(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(f.dir, "cmrt.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// firstFinding is a finding of the view that is not gone.
func firstFinding(t *testing.T, v *seasonView) risk.Finding {
	t.Helper()
	if len(v.Findings) == 0 {
		t.Fatal("the samples have no finding")
	}
	return v.Findings[0]
}

func findingStatus(v *seasonView, id int64) risk.Status {
	for _, x := range v.Findings {
		if x.ID == id {
			return x.Status
		}
	}
	return ""
}

// needsReview is a declared name of the view awaiting review, and a
// facility of the lists of its metal.
func needsReview(t *testing.T, f *fixture, v *seasonView) (name, metal, cid string) {
	t.Helper()
	lists, err := f.srv.currentLists(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, sup := range v.season.Suppliers {
		for _, d := range sup.Declarations {
			for _, r := range d.Smelters {
				if r.MatchStatus != string(smelters.NeedsReview) {
					continue
				}
				for _, fac := range lists.Facilities {
					if smelters.NormalizeMetal(fac.Metal) == smelters.NormalizeMetal(r.Metal) {
						return r.Name, r.Metal, fac.CID
					}
				}
			}
		}
	}
	t.Fatal("the samples have no row awaiting review")
	return
}

func hasSupplier(v *seasonView, name string) bool {
	for _, l := range v.lines {
		if l.Name == name {
			return true
		}
	}
	return false
}

// TestViewCacheInvalidation: a view is built once and shared while the
// database is unchanged, and built again after each kind of change —
// made through the dashboard or by another process on the same file (a
// second store, as the command line opens it) — and then shows the
// change. After the rebuild, asking again does not build again: the
// findings the build itself stores do not make its view stale.
func TestViewCacheInvalidation(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		change func(t *testing.T, f *fixture, before *seasonView)
		// check looks for the change in the new view; keptSeason says
		// whether the season read may be kept (only statuses changed).
		check      func(t *testing.T, f *fixture, before, after *seasonView)
		keptSeason bool
	}{
		{name: "import through the dashboard", change: func(t *testing.T, f *fixture, _ *seasonView) {
			file := writeHostileTemplate(t, t.TempDir(), "Cache Newcomer Ltd")
			if code, body := f.upload(t, "/import", f.srv.csrf, map[string][]byte{"new.xlsx": readFile(t, file)}); code != http.StatusOK {
				t.Fatalf("import: %d\n%s", code, body)
			}
		}, check: func(t *testing.T, _ *fixture, _, after *seasonView) {
			if !hasSupplier(after, "Cache Newcomer Ltd") {
				t.Error("the imported supplier is not in the new view")
			}
		}},
		{name: "import by another process", change: func(t *testing.T, f *fixture, _ *seasonView) {
			file := writeHostileTemplate(t, t.TempDir(), "Cache Newcomer Ltd")
			if sum, err := importer.Run(ctx, f.cli(t), []string{file}, importer.Options{}); err != nil || sum.Imported != 1 {
				t.Fatalf("import: %v %+v", err, sum)
			}
		}, check: func(t *testing.T, _ *fixture, _, after *seasonView) {
			if !hasSupplier(after, "Cache Newcomer Ltd") {
				t.Error("the imported supplier is not in the new view")
			}
		}},
		{name: "supplier renamed by another process", change: func(t *testing.T, f *fixture, _ *seasonView) {
			if err := f.cli(t).RenameSupplier(ctx, f.hostileID, "Renamed Elsewhere Ltd"); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, _ *fixture, _, after *seasonView) {
			if !hasSupplier(after, "Renamed Elsewhere Ltd") {
				t.Error("the new name is not in the new view")
			}
		}},
		{name: "finding status set through the dashboard", keptSeason: true, change: func(t *testing.T, f *fixture, before *seasonView) {
			fd := firstFinding(t, before)
			form := url.Values{"csrf": {f.srv.csrf}, "status": {"action-requested"}, "note": {"asked"}}
			if resp, body := f.post(t, fmt.Sprintf("/findings/%d/status", fd.ID), form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("set status: %d\n%s", resp.StatusCode, body)
			}
		}, check: func(t *testing.T, _ *fixture, before, after *seasonView) {
			if st := findingStatus(after, firstFinding(t, before).ID); st != risk.StatusActionRequested {
				t.Errorf("status in the new view: %q", st)
			}
		}},
		{name: "finding status set by another process", keptSeason: true, change: func(t *testing.T, f *fixture, before *seasonView) {
			if _, err := f.cli(t).SetFindingStatus(ctx, firstFinding(t, before).ID, risk.StatusAcceptedRisk, "ok", "cli"); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, f *fixture, before, after *seasonView) {
			if st := findingStatus(after, firstFinding(t, before).ID); st != risk.StatusAcceptedRisk {
				t.Errorf("status in the new view: %q", st)
			}
			// Read again one by one, the findings are what a full read gives.
			full, err := f.st.Findings(t.Context(), store.FindingFilter{Period: 2025})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(full, after.Findings) {
				t.Error("the findings patched after a decision differ from the stored ones")
			}
			if h := after.Findings[0].History; len(h) == 0 || h[len(h)-1].By != "cli" || h[len(h)-1].Note != "ok" {
				t.Errorf("history in the new view: %+v", h)
			}
		}},
		{name: "smelter mapped through the dashboard", change: func(t *testing.T, f *fixture, before *seasonView) {
			name, metal, cid := needsReview(t, f, before)
			form := url.Values{"csrf": {f.srv.csrf}, "name": {name}, "metal": {metal}, "cid": {cid}}
			if resp, body := f.post(t, "/smelters/map", form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("map: %d\n%s", resp.StatusCode, body)
			}
		}, check: func(t *testing.T, f *fixture, before, after *seasonView) {
			q, _, err := after.reviewQueue(t.Context(), f.st)
			if err != nil {
				t.Fatal(err)
			}
			old, _, _ := before.reviewQueue(t.Context(), f.st)
			if len(q) != len(old)-1 {
				t.Errorf("review queue: %d names, want %d", len(q), len(old)-1)
			}
		}},
		{name: "smelter mapped and unmapped by another process", change: func(t *testing.T, f *fixture, before *seasonView) {
			name, metal, cid := needsReview(t, f, before)
			cli := f.cli(t)
			if _, err := cli.Map(ctx, smelters.Mapping{Name: name, Metal: metal, CID: cid}, "cli"); err != nil {
				t.Fatal(err)
			}
			mid := f.view(t)
			if mid == before {
				t.Error("the view was kept after a mapping")
			}
			if _, err := cli.Unmap(ctx, name, metal); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, f *fixture, before, after *seasonView) {
			q, _, _ := after.reviewQueue(t.Context(), f.st)
			old, _, _ := before.reviewQueue(t.Context(), f.st)
			if len(q) != len(old) {
				t.Errorf("review queue after map and unmap: %d names, want %d", len(q), len(old))
			}
		}},
		{name: "list refreshed by another process", change: func(t *testing.T, f *fixture, _ *seasonView) {
			facs := smelterstest.Reference(smelterstest.Options{Seed: 7, Facilities: 15, Aliases: 30})
			l := &smelters.List{Kind: smelters.KindStandard, Source: "std.csv", Format: "csv", Facilities: facs,
				ListDate: time.Now().AddDate(0, 0, -1), SHA256: fmt.Sprintf("%064d", 7), RowsByMetal: map[string]int{}}
			for _, x := range facs {
				l.Rows++
				l.RowsByMetal[x.Metal]++
			}
			if _, err := f.cli(t).Refresh(ctx, l); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, f *fixture, _, _ *seasonView) {
			if code, body := f.get(t, "/lists"); code != http.StatusOK || !containsAll(body, "std.csv") {
				t.Errorf("lists page after a refresh: %d", code)
			}
		}},
		{name: "list dropped through the dashboard", change: func(t *testing.T, f *fixture, _ *seasonView) {
			snaps, err := f.st.Snapshots(ctx)
			if err != nil || len(snaps) == 0 {
				t.Fatalf("snapshots: %v %d", err, len(snaps))
			}
			drop := fmt.Sprintf("/lists/%d/drop", snaps[len(snaps)-1].ID)
			if resp, body := f.post(t, drop, url.Values{"csrf": {f.srv.csrf}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("drop: %d\n%s", resp.StatusCode, body)
			}
		}},
		{name: "register imported by another process", change: func(t *testing.T, f *fixture, _ *seasonView) {
			entries := []risk.RegisterEntry{{Row: 2, SupplierRef: "S-900", Name: "Register Only Ltd", Period: 2025, File: "register.csv"}}
			if _, err := f.cli(t).ImportRegister(ctx, "register.csv", entries); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, _ *fixture, _, after *seasonView) {
			if !hasSupplier(after, "Register Only Ltd") {
				t.Error("the register's supplier is not in the new view")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.view(t)
			if again := f.view(t); again != before {
				t.Fatal("nothing changed, yet the view was built again")
			}
			builds := f.srv.views.builds.Load()
			c.change(t, f, before)
			after := f.view(t)
			if after == before {
				t.Fatal("the view was kept after the change")
			}
			if again := f.view(t); again != after {
				t.Error("asked again after the rebuild, the view was built once more")
			}
			if n := f.srv.views.builds.Load() - builds; n < 1 {
				t.Errorf("%d builds after the change", n)
			}
			if kept := after.seasonData == before.seasonData; kept != c.keptSeason {
				t.Errorf("season read kept: %v, want %v", kept, c.keptSeason)
			}
			if c.check != nil {
				c.check(t, f, before, after)
			}
		})
	}
}

// TestViewCacheConcurrent: requests of every page kind at once, while
// another process records decisions, all answer (go test -race checks
// the sharing); many requests for a view nobody has built yet build it
// once; the cache keeps at most maxViews views.
func TestViewCacheConcurrent(t *testing.T) {
	f := newFixture(t)
	f.srv.views.forget()
	before := f.srv.views.builds.Load()
	var wg sync.WaitGroup
	views := make([]*seasonView, 8)
	for i := range views {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := f.srv.loadSeason(context.Background(), 2025)
			if err != nil {
				t.Error(err)
			}
			views[i] = v
		}()
	}
	wg.Wait()
	if n := f.srv.views.builds.Load() - before; n != 1 {
		t.Errorf("8 requests for an unbuilt view built it %d times, want once", n)
	}
	for _, v := range views[1:] {
		if v != views[0] {
			t.Error("requests at the same time got different views")
		}
	}

	ids := []int64{}
	for _, x := range views[0].Findings {
		ids = append(ids, x.ID)
	}
	cli := f.cli(t)
	paths := []string{"/?period=2025", "/suppliers?period=2025&sort=rank", "/suppliers/" + fmt.Sprint(f.hostileID) + "?period=2025",
		"/findings?period=2025&severity=high", "/smelters?period=2025", "/smelters/review?period=2025", "/lists", "/reports?period=2025"}
	done := make(chan struct{})
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			st := []risk.Status{risk.StatusActionRequested, risk.StatusOpen}[i%2]
			if _, err := cli.SetFindingStatus(context.Background(), ids[i%len(ids)], st, "", "cli"); err != nil {
				t.Error(err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				p := paths[(g+i)%len(paths)]
				resp, err := http.Get(f.ts.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d", p, resp.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	<-writerDone

	for p := 2018; p <= 2025; p++ {
		if _, err := f.srv.loadSeason(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	f.srv.views.mu.Lock()
	n := len(f.srv.views.entries)
	f.srv.views.mu.Unlock()
	if n > maxViews {
		t.Errorf("%d views held, want at most %d", n, maxViews)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestViewCacheBuildFailure: a build that fails answers its error to the
// requests waiting for it, and the next request builds again; a build that
// panics releases the requests waiting for it too.
func TestViewCacheBuildFailure(t *testing.T) {
	var c viewCache
	key := viewKey{period: 2025}
	stamp := func(context.Context) (string, error) { return "1", nil }
	release := make(chan struct{})
	var calls atomic.Int32
	fail := func(context.Context, *seasonView) (*seasonView, string, error) {
		calls.Add(1)
		<-release
		return nil, "", fmt.Errorf("disk on fire")
	}
	errs := make(chan error, 2)
	go func() { _, err := c.get(context.Background(), key, stamp, fail); errs <- err }()
	for !c.has(key) {
		time.Sleep(time.Millisecond)
	}
	go func() { _, err := c.get(context.Background(), key, stamp, fail); errs <- err }()
	time.Sleep(200 * time.Millisecond) // the second request is waiting by then
	close(release)
	for range 2 {
		if err := <-errs; err == nil || !strings.Contains(err.Error(), "disk on fire") {
			t.Errorf("waiting for a failed build: %v", err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d builds for two requests, want 1", n)
	}
	want := &seasonView{Period: 2025}
	v, err := c.get(context.Background(), key, stamp, func(context.Context, *seasonView) (*seasonView, string, error) { return want, "1", nil })
	if err != nil || v != want {
		t.Errorf("after a failure, the next request: %v %v", v, err)
	}

	func() {
		defer func() { _ = recover() }()
		_, _ = c.get(context.Background(), viewKey{period: 2024}, stamp, func(context.Context, *seasonView) (*seasonView, string, error) {
			panic("bug")
		})
	}()
	done := make(chan error, 1)
	go func() {
		_, err := c.get(context.Background(), viewKey{period: 2024}, stamp, func(context.Context, *seasonView) (*seasonView, string, error) {
			return want, "1", nil
		})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after a panicking build: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a request hangs after a build panicked")
	}
}

// has reports whether the cache holds an entry for key (tests).
func (c *viewCache) has(key viewKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.key == key {
			return true
		}
	}
	return false
}

// TestPrepare: the view of the newest period is built ahead of the first
// visit, which then builds nothing.
func TestPrepare(t *testing.T) {
	f := newFixture(t)
	f.srv.views.forget()
	before := f.srv.views.builds.Load()
	periods, err := f.st.Periods(context.Background())
	if err != nil || len(periods) < 2 {
		t.Fatalf("periods %v, %v", periods, err)
	}
	p, err := f.srv.Prepare(context.Background())
	if err != nil || p != periods[0] {
		t.Fatalf("Prepare: period %d, %v; want the newest, %d", p, err, periods[0])
	}
	if n := f.srv.views.builds.Load() - before; n != 1 {
		t.Fatalf("Prepare built %d views, want 1", n)
	}
	if code, _ := f.get(t, "/"); code != http.StatusOK { // the newest period
		t.Fatalf("overview: %d", code)
	}
	if n := f.srv.views.builds.Load() - before; n != 1 {
		t.Errorf("the first visit after Prepare built %d more views, want none", n-1)
	}
}

package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// writeAnonymous writes a complete CMRT whose company block is empty (no
// company name, no effective date), as real suppliers send, and returns
// its path and how many smelter rows it declares.
func writeAnonymous(t *testing.T, dir string) (string, int) {
	t.Helper()
	for _, s := range fixtures.Scenarios() {
		if s.Name != "complete-english" {
			continue
		}
		d := s.Decl
		d.Company.Name, d.Company.EffectiveDate, d.Company.EffectiveDateText = "", time.Time{}, ""
		p := filepath.Join(dir, "anonymous.xlsx")
		if err := synth.Write(p, d, s.Opts); err != nil {
			t.Fatal(err)
		}
		if len(d.Smelters) == 0 {
			t.Fatal("scenario has no smelter rows")
		}
		return p, len(d.Smelters)
	}
	t.Fatal("no complete-english scenario")
	return "", 0
}

func TestSupplierNamesAFileWithAnEmptyCompanyBlock(t *testing.T) {
	dir := t.TempDir()
	path, rows := writeAnonymous(t, dir)
	st := openStore(t)
	ctx := context.Background()

	sum, err := Run(ctx, st, []string{path}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 1 || !strings.Contains(sum.Files[0].Reason, "use --supplier NAME to name the supplier") ||
		!strings.Contains(sum.Files[0].Reason, "Declaration!D8") {
		t.Fatalf("without --supplier: %+v; want rejected naming the cell with the hint", sum.Files)
	}

	sum, err = Run(ctx, st, []string{path}, Options{Now: now, Supplier: "Acme Components Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	f := sum.Files[0]
	if sum.Imported != 1 || f.Supplier != "Acme Components Ltd" || f.Smelters != rows || f.Period != now.Year() {
		t.Fatalf("with --supplier: %+v", f)
	}
	d, err := st.Declaration(ctx, f.DeclarationID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Supplier != "Acme Components Ltd" || len(d.Smelters) != rows {
		t.Errorf("stored supplier %q with %d smelter rows; want Acme Components Ltd with %d", d.Supplier, len(d.Smelters), rows)
	}
	var note bool
	for _, p := range d.Problems {
		if p.Code == store.CodeSupplierNamed && strings.Contains(p.Message, `"Acme Components Ltd"`) && strings.Contains(p.Message, "empty") {
			note = true
		}
	}
	if !note {
		t.Errorf("no %s note on the declaration: %+v", store.CodeSupplierNamed, d.Problems)
	}
}

func TestSupplierOverridesTheDeclaredName(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	ctx := context.Background()
	sum, err := Run(ctx, st, paths, Options{Now: now, Supplier: "Group Supplier"})
	if err != nil || sum.Imported != 2 {
		t.Fatalf("%+v, %v", sum, err)
	}
	list, _ := st.Suppliers(ctx)
	if len(list) != 1 || list[0].Name != "Group Supplier" || list[0].Declarations != 2 {
		t.Errorf("suppliers %+v; want both files under Group Supplier", list)
	}
}

// TestFolderSkipsWhatIsNotATemplate: a folder holding a template and
// everything else a shared drive holds; each is listed as skipped with its
// reason, and the import goes on.
func TestFolderSkipsWhatIsNotATemplate(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(dir, 1, 5); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("smelters.csv", "Metal,Name\nGold,X\n")
	write("sub/policy.pdf", "%PDF-1.4\n")
	write("sub/~$supplier.xlsx", "lock")
	write("README", "notes")
	write(".git/objects/ab/cdef", "blob")
	write(".DS_Store", "x")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("loop.xlsx", filepath.Join(dir, "loop.xlsx")) // a link to itself
	os.Symlink("..", filepath.Join(dir, "sub", "up"))        // a link back up the tree
	locked := filepath.Join(dir, "locked")
	write("locked/hidden-supplier.xlsx", "x")
	os.Chmod(locked, 0)
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	// Tests run as root, who reads a chmod 000 folder: make it fail as it
	// does for a user.
	readDir = func(name string) ([]os.DirEntry, error) {
		if name == locked {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return os.ReadDir(name)
	}
	t.Cleanup(func() { readDir = os.ReadDir })

	st := openStore(t)
	done := make(chan struct{})
	var sum *Summary
	var err error
	go func() { sum, err = Run(context.Background(), st, []string{dir}, Options{Now: now}); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("import of a folder holding a FIFO hangs")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"smelters.csv":        "not a template (.csv)",
		"sub/policy.pdf":      "not a template (.pdf)",
		"sub/~$supplier.xlsx": "Office lock file",
		"README":              "not a template (no extension)",
		"pipe.xlsx":           "not a regular file (a named pipe (FIFO))",
		"loop.xlsx":           "symbolic link that cannot be followed: too many levels of symbolic links",
		"sub/up":              "symbolic link to a folder, not followed",
		"locked":              "folder cannot be read: permission denied",
		".git":                "hidden folder, not searched",
		".DS_Store":           "hidden file",
	}
	got := map[string]string{}
	for _, f := range sum.Files {
		if f.Outcome == Skipped {
			rel, _ := filepath.Rel(dir, f.Path)
			got[rel] = f.Reason
		}
	}
	if sum.Imported != 1 || sum.Rejected != 0 || sum.Skipped != len(want) {
		t.Errorf("imported %d, rejected %d, skipped %d; want 1, 0, %d", sum.Imported, sum.Rejected, sum.Skipped, len(want))
	}
	for p, reason := range want {
		if got[p] != reason {
			t.Errorf("%s: skipped with %q, want %q", p, got[p], reason)
		}
	}
}

// TestNamedPathThatCannotBeReadIsSkipped: a self-looping link named on the
// command line does not end the import.
func TestNamedLinkLoopIsSkipped(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 1, 6)
	if err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	sum, err := Run(context.Background(), openStore(t), []string{loop, paths[0]}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Skipped != 1 {
		t.Errorf("%+v; want 1 imported, the loop skipped", sum)
	}
}

// TestUnboundedInputsAreRefusedBeforeReading: a device, a FIFO and a 3 GiB
// (sparse) file named on the command line are rejected with what they are,
// at once and without reading them into memory.
func TestUnboundedInputsAreRefusedBeforeReading(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.xlsx")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(big, 3<<30); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	justOver := filepath.Join(dir, "just-over.xlsx")
	os.WriteFile(justOver, nil, 0o644)
	if err := os.Truncate(justOver, MaxTemplateSize+1); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/dev/zero", fifo, big, justOver}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	var sum *Summary
	go func() {
		sum, err = Run(context.Background(), openStore(t), paths, Options{Now: now, Workers: 2})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("import hangs on a FIFO or a device")
	}
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("refusing the files allocated %d MiB", alloc>>20)
	}
	want := map[string]string{
		"/dev/zero": "not a regular file (a character device)",
		fifo:        "not a regular file (a named pipe (FIFO))",
		big:         "file too large: 3.0 GiB, over the limit of 64 MiB",
		justOver:    "file too large: 64 MiB, over the limit of 64 MiB",
	}
	if sum.Rejected != len(want) {
		t.Errorf("rejected %d, want %d", sum.Rejected, len(want))
	}
	for _, f := range sum.Files {
		if f.Outcome != Rejected || !strings.Contains(f.Reason, f.Path) || !strings.Contains(f.Reason, want[f.Path]) {
			t.Errorf("%s: %s %q; want rejected with %q", f.Path, f.Outcome, f.Reason, want[f.Path])
		}
		if strings.Contains(f.Reason, "empty") {
			t.Errorf("%s: %q calls it empty", f.Path, f.Reason)
		}
	}
}

// TestWriteFailureKeepsTheSummary: when storing a file fails mid-import (a
// full disk), Run stops and returns what was stored, what failed and what
// was not reached, with the error.
func TestWriteFailureKeepsTheSummary(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 6, 8)
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	saves := 0
	diskFull := errors.New("database or disk is full")
	st.SetFailpoint(func(point string) error {
		if point != "declaration-children" {
			return nil
		}
		if saves++; saves == 4 {
			return diskFull
		}
		return nil
	})
	sum, err := Run(context.Background(), st, []string{dir}, Options{Now: now, Workers: 2})
	if !errors.Is(err, diskFull) {
		t.Fatalf("err = %v, want the write error", err)
	}
	if sum == nil {
		t.Fatal("no summary with the write error")
	}
	if sum.Imported != 3 || sum.Failed != 1 || sum.NotReached != 2 || !strings.Contains(sum.Error, "disk is full") {
		t.Errorf("imported %d, failed %d, not reached %d, error %q; want 3, 1, 2", sum.Imported, sum.Failed, sum.NotReached, sum.Error)
	}
	// Stored in input order: the first three files are the ones stored.
	for i, f := range sum.Files {
		want := Imported
		switch {
		case i == 3:
			want = Failed
		case i > 3:
			want = NotReached
		}
		if f.Path != paths[i] || f.Outcome != want {
			t.Errorf("file %d: %s %s, want %s %s", i, f.Path, f.Outcome, paths[i], want)
		}
	}
	known, _ := st.KnownFiles(context.Background())
	if len(known) != 3 {
		t.Errorf("%d files in the store, want the 3 reported imported", len(known))
	}
	st.SetFailpoint(nil)
	again, err := Run(context.Background(), st, []string{dir}, Options{Now: now})
	if err != nil || again.Unchanged != 3 || again.Imported != 3 {
		t.Errorf("re-run: %+v, %v; want 3 unchanged, 3 imported", again, err)
	}
}

// TestSameInputSameDatabase imports the same folder into two databases,
// one worker in one, four in the other with the early files made slow so
// that workers finish in reverse order, and compares every table (but the
// import timestamps) and the summaries.
func TestSameInputSameDatabase(t *testing.T) {
	dir := t.TempDir()
	// 15 companies for 24 files: suppliers declare several times, and the
	// copies below tie on supplier, family, period and effective date.
	paths, err := fixtures.Many(dir, 24, 4)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paths[:4] {
		d, err := cmrt.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d.Smelters = d.Smelters[:len(d.Smelters)/2] // different bytes, same supplier and date
		if err := synth.Write(filepath.Join(dir, fmt.Sprintf("tie-%d.xlsx", i)), d, synth.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	run := func(workers int, slowEarly bool) (string, *Summary) {
		if slowEarly {
			testHookParsed = func(i int) { time.Sleep(time.Duration(12-min(i, 12)) * 15 * time.Millisecond) }
			defer func() { testHookParsed = nil }()
		}
		db := filepath.Join(t.TempDir(), "cmrt.db")
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Run(context.Background(), st, []string{dir}, Options{Now: now, Workers: workers, LearnLookup: true})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		sum.Timing = Timing{}
		return dumpTables(t, db), sum
	}
	a, sa := run(1, false)
	b, sb := run(4, true)
	if sa.Superseded == 0 {
		t.Fatal("no supersession among the files: the test proves nothing")
	}
	if a != b {
		t.Errorf("databases differ:\n%s", firstDiff(a, b))
	}
	ja, jb := fmt.Sprintf("%+v", *sa), fmt.Sprintf("%+v", *sb)
	if ja != jb {
		t.Errorf("summaries differ:\n%s", firstDiff(ja, jb))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(la), len(lb)); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(la), len(lb))
}

// TestMatchCacheGivesTheMatcherResults: a cached match is the matcher's own
// result for the same declared values, first time and from the cache.
func TestMatchCacheGivesTheMatcherResults(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 4, 21)
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	ctx := context.Background()
	if _, err := Run(ctx, st, paths[:1], Options{Now: now, LearnLookup: true}); err != nil {
		t.Fatal(err)
	}
	m, err := st.Matcher(ctx, store.View{})
	if err != nil {
		t.Fatal(err)
	}
	cache := newMatchCache(m)
	hits := 0
	for pass := 0; pass < 2; pass++ {
		for _, p := range paths {
			d, err := cmrt.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got := matchAll(cache, d)
			for i, s := range d.Smelters {
				want := smelters.MatchRow(m, s) // the same rule, without the cache
				if !reflect.DeepEqual(got[i], want) {
					t.Fatalf("%s row %d: cached %+v, matcher %+v", p, s.Row, got[i], want)
				}
				if got[i].Status == smelters.Matched {
					hits++
				}
			}
		}
	}
	if hits == 0 || len(cache.r) == 0 {
		t.Error("nothing matched: the test proves nothing")
	}
}

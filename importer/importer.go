// Package importer runs a season's import: it finds supplier template files,
// reads and checks them on one worker per core, matches every declared
// smelter against the reference lists in force, and stores each file in one
// transaction through a single writer. A file is stored whole or not at
// all, so an import killed at any moment leaves the database consistent and
// running it again finishes the job: files already stored (same SHA-256)
// are skipped before they are read.
package importer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// Options tune an import.
type Options struct {
	// Period overrides the reporting year, which is otherwise the year of
	// each file's effective date (or, without a date, of Now).
	Period int
	// DryRun reads, checks and matches everything and writes nothing.
	DryRun bool
	// LearnLookup refreshes the reference list from a file whose template
	// revision is newer than any the store has learnt a Smelter Look-up
	// from; without it the import only says so (Summary.LookupOffers).
	LearnLookup bool
	// Workers reading files in parallel; 0 means one per core.
	Workers int
	// Now is the clock for checks and default periods.
	Now time.Time
	// Progress, when set, is called after each file with files done and total.
	Progress func(done, total int)
	// Supplier, when set, names the supplier of every file of the run,
	// overriding the company name each file declares; a file whose company
	// block is empty is rejected without it. The name is stored as given.
	Supplier string
}

// MaxTemplateSize is the largest file import reads: a real supplier
// template is under 2 MiB (RMI's blank with formulas in every row is about
// 450 KB filled), so 64 MiB leaves room for pasted images while a 3 GiB
// file, or /dev/zero, is refused before a byte is read.
const MaxTemplateSize = 64 << 20

// Outcome of one file.
type Outcome string

// Outcomes.
const (
	Imported  Outcome = "imported"
	Unchanged Outcome = "unchanged" // the same bytes were imported before
	Rejected  Outcome = "rejected"  // unreadable, with the reason
	// Skipped: met in a folder but not a template (a CSV, a PDF, a FIFO),
	// or a folder or link that could not be read; with the reason.
	Skipped Outcome = "skipped"
	// Failed: storing the file failed (a full disk, a database error); the
	// import stopped there.
	Failed Outcome = "failed"
	// NotReached: the import stopped before this file (after a failure).
	NotReached Outcome = "not_reached"
)

// FileResult is what happened to one file.
type FileResult struct {
	Path          string  `json:"file"`
	Outcome       Outcome `json:"outcome"`
	Reason        string  `json:"reason,omitempty"`
	DeclarationID int64   `json:"declaration_id,omitempty"`
	Supplier      string  `json:"supplier,omitempty"`
	Template      string  `json:"template,omitempty"`
	Period        int     `json:"period,omitempty"`
	Smelters      int     `json:"smelters"`
	// Superseded are the older declarations this file replaced;
	// SupersededBy is set when a newer one was already stored.
	Superseded   []int64 `json:"superseded,omitempty"`
	SupersededBy int64   `json:"superseded_by,omitempty"`
}

// MetalCounts summarise the declared smelter rows of one metal.
type MetalCounts struct {
	Metal       string `json:"metal"`
	Declared    int    `json:"declared"`
	Matched     int    `json:"matched"`
	NeedsReview int    `json:"needs_review"`
	NotListed   int    `json:"not_in_rmi_lists"`
}

// Timing splits the import's time; reading and matching run on all
// workers, so their sums exceed the wall time.
type Timing struct {
	Wall  time.Duration `json:"wall_ns"`
	Read  time.Duration `json:"read_ns"`
	Match time.Duration `json:"match_ns"`
	Write time.Duration `json:"write_ns"`
}

// Summary is the outcome of an import.
type Summary struct {
	Files      []FileResult `json:"files"`
	Imported   int          `json:"imported"`
	Unchanged  int          `json:"unchanged"`
	Superseded int          `json:"superseded"`
	Rejected   int          `json:"rejected"`
	Skipped    int          `json:"skipped"`
	// Failed and NotReached count the file whose write failed and the
	// files after it when the import stopped on a database error (Error).
	Failed     int           `json:"failed,omitempty"`
	NotReached int           `json:"not_reached,omitempty"`
	Error      string        `json:"error,omitempty"`
	Metals     []MetalCounts `json:"metals"`
	// LookupOffers name files carrying a newer Smelter Look-up than the
	// store's (without --learn-lookup); Learnt, those learnt from.
	LookupOffers []string `json:"lookup_offers,omitempty"`
	Learnt       []string `json:"lookup_learnt,omitempty"`
	DryRun       bool     `json:"dry_run"`
	Timing       Timing   `json:"timing"`

	// LookupRefused says why a Look-up was not learnt (smelters.CheckLookup).
	LookupRefused []string `json:"lookup_refused,omitempty"`
}

// parsed is a worker's result for one file.
type parsed struct {
	index   int
	path    string
	sha     string
	size    int64
	decl    *cmrt.Declaration
	check   cmrt.Result
	matches []smelters.Result
	err     error
	known   bool
	read    time.Duration
	match   time.Duration
}

// Run imports the files named by paths (files, folders searched
// recursively, or glob patterns).
//
// Files are stored in their sorted order whatever order the workers finish
// in, so the same input gives the same declaration IDs and the same current
// declarations. When storing a file fails (a full disk), Run stops and
// returns the summary of what was stored with the error.
func Run(ctx context.Context, st *store.Store, paths []string, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	files, skipped, err := Expand(paths)
	if err != nil {
		return nil, err
	}
	known, err := st.KnownFiles(ctx)
	if err != nil {
		return nil, err
	}
	sum := &Summary{DryRun: opt.DryRun}
	learnt, err := st.LookupRevisions(ctx)
	if err != nil {
		return nil, err
	}
	newestList, err := st.NewestListDate(ctx)
	if err != nil {
		return nil, err
	}
	if opt.LearnLookup && !opt.DryRun {
		// Learn before matching anything, so that every file of the run is
		// matched against the same reference whatever the order files
		// finish in.
		if err := learnNewest(ctx, st, files, known, learnt, opt, sum); err != nil {
			return nil, err
		}
	}
	matcher, err := st.Matcher(ctx, store.View{})
	if err != nil {
		return nil, err
	}
	m := newMatchCache(matcher)

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	// The writer stores files in input order; window bounds how far
	// reading may run ahead of it, so memory does not grow with the
	// number of files even when one early file is slow.
	window := 2 * workers
	tokens := make(chan struct{}, window)
	jobs := make(chan int)
	results := make(chan parsed, window)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p := parseFile(i, files[i], known, m, opt)
				if testHookParsed != nil {
					testHookParsed(i)
				}
				results <- p
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	out := make([]FileResult, len(files))
	metals := map[string]*MetalCounts{}
	pending := map[int]parsed{}
	next := 0
	var writeErr error
	for p := range results {
		sum.Timing.Read += p.read
		sum.Timing.Match += p.match
		if writeErr != nil {
			continue // drain
		}
		pending[p.index] = p
		for ; writeErr == nil; next++ {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			out[next], writeErr = store1(ctx, st, p, opt, learnt, newestList, metals, sum)
			<-tokens
			if writeErr != nil {
				stop()
				break
			}
			if opt.Progress != nil {
				opt.Progress(next+1, len(files))
			}
		}
	}
	for i := range out {
		if out[i].Outcome == "" {
			out[i] = FileResult{Path: files[i], Outcome: NotReached}
		}
	}
	sum.Files = mergeSkipped(out, skipped)
	sum.count(metals)
	sum.Timing.Wall = time.Since(start)
	if writeErr != nil {
		sum.Error = writeErr.Error()
		return sum, writeErr
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// testHookParsed, set by tests, runs after a worker parses file i: a test
// delays some files to make workers finish out of order.
var testHookParsed func(i int)

// store1 gives the outcome of one parsed file, storing it when it is new.
func store1(ctx context.Context, st *store.Store, p parsed, opt Options, learnt map[string]string, newestList time.Time, metals map[string]*MetalCounts, sum *Summary) (FileResult, error) {
	switch {
	case p.known:
		return FileResult{Path: p.path, Outcome: Unchanged}, nil
	case p.err != nil:
		return FileResult{Path: p.path, Outcome: Rejected, Reason: p.err.Error()}, nil
	}
	t0 := time.Now()
	offerLookup(p, learnt, newestList, sum)
	fr, err := save(ctx, st, p, opt)
	sum.Timing.Write += time.Since(t0)
	if err != nil {
		return FileResult{Path: p.path, Outcome: Failed, Reason: err.Error()}, err
	}
	if fr.Outcome == Imported {
		count(metals, p)
	}
	return fr, nil
}

// mergeSkipped lists the files and the skipped paths together in path order.
func mergeSkipped(files []FileResult, skipped []SkippedPath) []FileResult {
	all := make([]FileResult, 0, len(files)+len(skipped))
	all = append(all, files...)
	for _, s := range skipped {
		all = append(all, FileResult{Path: s.Path, Outcome: Skipped, Reason: s.Reason})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	return all
}

// count fills the summary's totals from its files and metals.
func (sum *Summary) count(metals map[string]*MetalCounts) {
	for _, f := range sum.Files {
		switch f.Outcome {
		case Imported:
			sum.Imported++
			sum.Superseded += len(f.Superseded)
		case Unchanged:
			sum.Unchanged++
		case Rejected:
			sum.Rejected++
		case Skipped:
			sum.Skipped++
		case Failed:
			sum.Failed++
		case NotReached:
			sum.NotReached++
		}
	}
	sum.Metals = []MetalCounts{}
	for _, mc := range metals {
		sum.Metals = append(sum.Metals, *mc)
	}
	sort.Slice(sum.Metals, func(i, j int) bool { return sum.Metals[i].Metal < sum.Metals[j].Metal })
}

// parseFile hashes, reads, checks and matches one file.
func parseFile(i int, path string, known map[string]bool, m *matchCache, opt Options) parsed {
	p := parsed{index: i, path: path}
	t0 := time.Now()
	defer func() {
		if p.read == 0 {
			p.read = time.Since(t0)
		}
	}()
	data, sha, err := inputfile.Read(path, MaxTemplateSize)
	if err != nil {
		p.err = err
		return p
	}
	p.sha, p.size = sha, int64(len(data))
	if known[p.sha] {
		p.known = true
		return p
	}
	d, err := cmrt.ReadBytes(path, data)
	data = nil // the declaration is all that is kept
	if err != nil {
		p.err = err
		return p
	}
	if d.Company.Name == "" && opt.Supplier == "" {
		p.err = fmt.Errorf("%s: %s!%s: no company name, so the supplier cannot be told; use --supplier NAME to name the supplier",
			path, cmrt.SheetDeclaration, d.Layout.Company.Name)
		return p
	}
	p.decl, p.check = d, cmrt.Check(d, opt.Now)
	p.read = time.Since(t0)
	t1 := time.Now()
	p.matches = matchAll(m, d)
	p.match = time.Since(t1)
	return p
}

// matchCache remembers the match of each declared smelter (metal, name,
// country, CID) for one import: a season's files declare the same few
// hundred facilities over and over, and matching is a pure function of the
// declared values and the reference, fixed for the run. Bounded; once full,
// new values are matched without being remembered.
type matchCache struct {
	m  *smelters.Matcher
	mu sync.RWMutex
	r  map[smelters.Declared]smelters.Result
}

const matchCacheSize = 20_000

func newMatchCache(m *smelters.Matcher) *matchCache {
	return &matchCache{m: m, r: map[smelters.Declared]smelters.Result{}}
}

// Match is the matcher's Match, remembered (smelters.RowMatcher).
func (c *matchCache) Match(d smelters.Declared) smelters.Result {
	c.mu.RLock()
	r, ok := c.r[d]
	c.mu.RUnlock()
	if ok {
		return r
	}
	r = c.m.Match(d)
	c.mu.Lock()
	if len(c.r) < matchCacheSize {
		c.r[d] = r
	}
	c.mu.Unlock()
	return r
}

func matchAll(m *matchCache, d *cmrt.Declaration) []smelters.Result {
	out := make([]smelters.Result, len(d.Smelters))
	for i, s := range d.Smelters {
		out[i] = smelters.MatchRow(m, s)
	}
	return out
}

// offerLookup notes a file whose template revision is newer than any the
// store learnt a Smelter Look-up from (without --learn-lookup, or in a dry run).
func offerLookup(p parsed, learnt map[string]string, newestList time.Time, sum *Summary) {
	d := p.decl
	fam, ver := string(d.Template.Family), d.Template.Version
	if len(d.Lookup) == 0 {
		return
	}
	// A file filled before the newest dated RMI list loaded carries an
	// older Look-up than that list: nothing to learn from it.
	if eff := d.Company.EffectiveDate; !newestList.IsZero() && !eff.IsZero() && !eff.After(newestList) {
		return
	}
	if have, ok := learnt[fam]; ok && !cmrt.VersionLess(have, ver) {
		return
	}
	for _, o := range append(sum.LookupOffers, sum.Learnt...) {
		if strings.HasSuffix(o, fmt.Sprintf("(%s %s)", fam, ver)) {
			return
		}
	}
	sum.LookupOffers = append(sum.LookupOffers, fmt.Sprintf("%s (%s %s)", p.path, fam, ver))
}

// learnNewest identifies every new file's template (Declaration and
// Revision sheets only) and, for each family, refreshes the reference list
// from the first file of its newest revision when that revision is newer
// than any the store learnt.
func learnNewest(ctx context.Context, st *store.Store, files []string, known map[string]bool, learnt map[string]string, opt Options, sum *Summary) error {
	type found struct {
		path string
		t    cmrt.Template
	}
	ids := make([]found, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, opt.Workers, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, sha, err := inputfile.Read(files[i], MaxTemplateSize)
				if err != nil || known[sha] {
					continue
				}
				if t, err := cmrt.Identify(files[i], data); err == nil {
					ids[i] = found{files[i], t}
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	newest := map[cmrt.Family]found{}
	for _, f := range ids {
		if f.path == "" {
			continue
		}
		if cur, ok := newest[f.t.Family]; !ok || cmrt.VersionLess(cur.t.Version, f.t.Version) {
			newest[f.t.Family] = f
		}
	}
	fams := make([]cmrt.Family, 0, len(newest))
	for fam := range newest {
		fams = append(fams, fam)
	}
	sort.Slice(fams, func(i, j int) bool { return fams[i] < fams[j] })
	for _, fam := range fams {
		f := newest[fam]
		if have, ok := learnt[string(fam)]; ok && !cmrt.VersionLess(have, f.t.Version) {
			continue
		}
		data, _, err := inputfile.Read(f.path, MaxTemplateSize)
		if err != nil {
			continue // rejected later with its reason
		}
		d, err := cmrt.ReadBytes(f.path, data)
		if err != nil || len(d.Lookup) == 0 {
			continue // rejected later with its reason, or a revision without a look-up
		}
		rows := make([]smelters.LookupRow, len(d.Lookup))
		for i, r := range d.Lookup {
			rows[i] = smelters.LookupRow{Row: i + 5, Metal: r.Metal, Name: r.Alias, StandardName: r.StandardName, Country: r.Country,
				CID: r.CID, Source: r.Source, Street: r.Street, City: r.City, State: r.State}
		}
		l, err := smelters.FromLookupRows(rows, fmt.Sprintf("%s %s Smelter Look-up from %s", fam, f.t.Version, f.path))
		if err != nil { // implausible (a million rows, malformed IDs): the declaration is still imported
			sum.LookupRefused = append(sum.LookupRefused, err.Error())
			continue
		}
		// One transaction, idempotent when two imports learn the same Look-up at once.
		if _, err := st.LearnLookup(ctx, l, string(fam), f.t.Version); err != nil {
			return fmt.Errorf("%s: learning its Smelter Look-up: %w", f.path, err)
		}
		learnt[string(fam)] = f.t.Version
		sum.Learnt = append(sum.Learnt, fmt.Sprintf("%s (%s %s)", f.path, fam, f.t.Version))
	}
	return nil
}

func save(ctx context.Context, st *store.Store, p parsed, opt Options) (FileResult, error) {
	d := p.decl
	period := opt.Period
	if period == 0 {
		period = opt.Now.Year()
		if !d.Company.EffectiveDate.IsZero() {
			period = d.Company.EffectiveDate.Year()
		}
	}
	supplier := d.Company.Name
	if opt.Supplier != "" {
		supplier = opt.Supplier
	}
	fr := FileResult{Path: p.path, Outcome: Imported, Supplier: supplier, Period: period, Smelters: len(d.Smelters),
		Template: fmt.Sprintf("%s %s", d.Template.Family, d.Template.Version)}
	if opt.DryRun {
		return fr, nil
	}
	res, err := st.SaveDeclaration(ctx, &store.ImportedFile{Path: p.path, SHA256: p.sha, Size: p.size, Decl: d, Check: p.check, Matches: p.matches, Period: period, Supplier: opt.Supplier})
	if err != nil {
		return fr, err
	}
	if res.Unchanged { // the same bytes twice in one run
		fr.Outcome = Unchanged
	}
	fr.DeclarationID, fr.Superseded, fr.SupersededBy = res.DeclarationID, res.Superseded, res.SupersededBy
	return fr, nil
}

func count(metals map[string]*MetalCounts, p parsed) {
	for i, s := range p.decl.Smelters {
		mc := metals[s.Metal]
		if mc == nil {
			mc = &MetalCounts{Metal: s.Metal}
			metals[s.Metal] = mc
		}
		mc.Declared++
		switch p.matches[i].Status {
		case smelters.Matched:
			mc.Matched++
		case smelters.NeedsReview:
			mc.NeedsReview++
		default:
			mc.NotListed++
		}
	}
}

// ErrNoFiles means the paths named no template files.
var ErrNoFiles = errors.New("no files to import")

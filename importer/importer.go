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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/openminerals/cmrt/cmrt"
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
}

// Outcome of one file.
type Outcome string

// Outcomes.
const (
	Imported  Outcome = "imported"
	Unchanged Outcome = "unchanged" // the same bytes were imported before
	Rejected  Outcome = "rejected"  // unreadable, with the reason
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
	Files      []FileResult  `json:"files"`
	Imported   int           `json:"imported"`
	Unchanged  int           `json:"unchanged"`
	Superseded int           `json:"superseded"`
	Rejected   int           `json:"rejected"`
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
func Run(ctx context.Context, st *store.Store, paths []string, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	files, err := Expand(paths)
	if err != nil {
		return nil, err
	}
	known, err := st.KnownFiles(ctx)
	if err != nil {
		return nil, err
	}
	sum := &Summary{DryRun: opt.DryRun, Files: make([]FileResult, len(files))}
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
	m, err := st.Matcher(ctx, store.View{})
	if err != nil {
		return nil, err
	}

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	results := make(chan parsed, 2*workers) // bounded: memory does not grow with the number of files
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- parseFile(i, files[i], known, m, opt.Now)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	metals := map[string]*MetalCounts{}
	done := 0
	var writeErr error
	for p := range results {
		sum.Timing.Read += p.read
		sum.Timing.Match += p.match
		fr := FileResult{Path: p.path}
		switch {
		case writeErr != nil:
			continue // drain
		case p.known:
			fr.Outcome = Unchanged
		case p.err != nil:
			fr.Outcome, fr.Reason = Rejected, p.err.Error()
		default:
			t0 := time.Now()
			offerLookup(p, learnt, newestList, sum)
			fr, err = save(ctx, st, p, opt)
			sum.Timing.Write += time.Since(t0)
			if err != nil {
				writeErr = err
				continue
			}
			if fr.Outcome == Imported {
				count(metals, p)
			}
		}
		sum.Files[p.index] = fr
		done++
		if opt.Progress != nil {
			opt.Progress(done, len(files))
		}
	}
	if writeErr != nil {
		return nil, writeErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, f := range sum.Files {
		switch f.Outcome {
		case Imported:
			sum.Imported++
			sum.Superseded += len(f.Superseded)
		case Unchanged:
			sum.Unchanged++
		case Rejected:
			sum.Rejected++
		}
	}
	for _, mc := range metals {
		sum.Metals = append(sum.Metals, *mc)
	}
	sort.Slice(sum.Metals, func(i, j int) bool { return sum.Metals[i].Metal < sum.Metals[j].Metal })
	sum.Timing.Wall = time.Since(start)
	return sum, nil
}

// parseFile hashes, reads, checks and matches one file.
func parseFile(i int, path string, known map[string]bool, m *smelters.Matcher, now time.Time) parsed {
	p := parsed{index: i, path: path}
	t0 := time.Now()
	data, sha, err := readHashed(path)
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
	if err != nil {
		p.err = err
		return p
	}
	if d.Company.Name == "" {
		p.err = fmt.Errorf("%s: %s!%s: no company name, so the supplier cannot be told", path, cmrt.SheetDeclaration, d.Layout.Company.Name)
		return p
	}
	p.decl, p.check = d, cmrt.Check(d, now)
	p.read = time.Since(t0)
	t1 := time.Now()
	p.matches = matchAll(m, d)
	p.match = time.Since(t1)
	return p
}

func readHashed(path string) ([]byte, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

func matchAll(m *smelters.Matcher, d *cmrt.Declaration) []smelters.Result {
	out := make([]smelters.Result, len(d.Smelters))
	for i, s := range d.Smelters {
		if s.LookupName == cmrt.SmelterNotIdentified && s.CID == "" {
			out[i] = smelters.Result{Status: smelters.NoMatch, Stage: smelters.StageNone, Reason: "smelter not yet identified"}
			continue
		}
		out[i] = m.Match(smelters.Declared{Metal: s.Metal, Name: firstNonEmpty(s.Name, s.LookupName), Country: s.Country, CID: s.CID})
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
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
	if have, ok := learnt[fam]; ok && !store.VersionLess(have, ver) {
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
				data, sha, err := readHashed(files[i])
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
		if cur, ok := newest[f.t.Family]; !ok || store.VersionLess(cur.t.Version, f.t.Version) {
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
		if have, ok := learnt[string(fam)]; ok && !store.VersionLess(have, f.t.Version) {
			continue
		}
		d, err := cmrt.ReadFile(f.path)
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
	fr := FileResult{Path: p.path, Outcome: Imported, Supplier: d.Company.Name, Period: period, Smelters: len(d.Smelters),
		Template: fmt.Sprintf("%s %s", d.Template.Family, d.Template.Version)}
	if opt.DryRun {
		return fr, nil
	}
	res, err := st.SaveDeclaration(ctx, &store.ImportedFile{Path: p.path, SHA256: p.sha, Size: p.size, Decl: d, Check: p.check, Matches: p.matches, Period: period})
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

package smelters

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Declared is a smelter as a supplier declares it (a Smelter List row).
type Declared struct {
	Metal   string `json:"metal"`
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	CID     string `json:"cid,omitempty"`
}

// MatchStatus is the outcome of matching one declared smelter.
type MatchStatus string

// Outcomes.
const (
	Matched     MatchStatus = "matched"      // one facility, accepted
	NeedsReview MatchStatus = "needs_review" // candidates a person must decide between
	NoMatch     MatchStatus = "no_match"     // nothing close enough
)

// Stage is the matching stage that decided.
type Stage string

// Stages, in the order they are tried.
const (
	StageMapping    Stage = "mapping"    // a reviewer's decision (Mapping)
	StageCID        Stage = "cid"        // the declared CID
	StageExact      Stage = "exact"      // alias or standard name, case and spacing ignored
	StageNormalised Stage = "normalised" // NameKey equal (also with spaces or word order ignored)
	StageFuzzy      Stage = "fuzzy"      // similarity score
	StageNone       Stage = "none"
)

// Candidate is a facility a declared smelter may be.
type Candidate struct {
	CID     string  `json:"cid"`
	Metal   string  `json:"metal"`
	Name    string  `json:"name"`            // standard name
	Alias   string  `json:"alias,omitempty"` // the listed name that matched
	Country string  `json:"country,omitempty"`
	Status  Status  `json:"status,omitempty"`
	Score   float64 `json:"score"`
	Stage   Stage   `json:"stage"`
	Reason  string  `json:"reason"`
}

// Disagreement fields.
const (
	FieldMetal   = "metal"
	FieldName    = "name"
	FieldCountry = "country"
	FieldCID     = "cid"
)

// Disagreement is a fact worth keeping: what the supplier declared differs
// from what the list says about the facility (or the CID is not listed).
type Disagreement struct {
	Field    string `json:"field"`
	Declared string `json:"declared"`
	Listed   string `json:"listed,omitempty"`
}

func (d Disagreement) String() string {
	if d.Field == FieldCID && d.Listed == "" {
		return fmt.Sprintf("CID %s is not in the list", d.Declared)
	}
	return fmt.Sprintf("%s differs: declared %q, listed %q", d.Field, d.Declared, d.Listed)
}

// Result is the outcome of matching one declared smelter.
type Result struct {
	Status  MatchStatus `json:"status"`
	CID     string      `json:"cid,omitempty"` // the accepted facility (Matched only)
	Metal   string      `json:"metal,omitempty"`
	Name    string      `json:"name,omitempty"`
	Country string      `json:"country,omitempty"`
	Score   float64     `json:"score"`
	Stage   Stage       `json:"stage"`
	Reason  string      `json:"reason"` // "CID exact", "alias exact", "fuzzy 0.93, country agrees"...
	// Candidates are the facilities considered, best first (the accepted
	// one included).
	Candidates    []Candidate    `json:"candidates,omitempty"`
	Disagreements []Disagreement `json:"disagreements,omitempty"`
	Notes         []string       `json:"notes,omitempty"` // e.g. a non-RMI identifier
}

// Mapping is a reviewer's decision that a declared name, for a metal,
// is a given facility. It is applied before any other stage.
type Mapping struct {
	Name      string    `json:"name"` // as declared
	Metal     string    `json:"metal"`
	CID       string    `json:"cid"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// MappingKey is the key under which a mapping is stored and applied: the
// metal and the declared name's NameKey ("gold | acme"), so that a decision
// on "ACME Co., Ltd." also covers "ACME LTD".
func MappingKey(name, metal string) string { return mappingKey(metal, NameKey(name), exactKey(name)) }

func mappingKey(metal, key, exact string) string {
	if key == "" {
		key = exact
	}
	return MetalKey(metal) + " | " + key
}

// Thresholds govern the fuzzy stage. Scores run from 0 to 1.
type Thresholds struct {
	Accept        float64 // a fuzzy score at or above this is accepted...
	Margin        float64 // ...when it leads the next facility by at least this
	Review        float64 // candidates scoring below this are not offered
	CountryAgree  float64 // added when the declared country agrees
	CountryDiffer float64 // subtracted when it differs
}

// DefaultThresholds were chosen on generated and real look-up lists (see
// the quality test): at 0.88 a single typo is accepted in names of nine or
// more letters, not in shorter ones, and a typo that lands between two
// listed names is sent to review by the margin.
var DefaultThresholds = Thresholds{Accept: 0.88, Margin: 0.04, Review: 0.60, CountryAgree: 0.03, CountryDiffer: 0.10}

// Matcher matches declared smelters against the facilities of one view of
// the lists. It is built once (NewMatcher) and safe for concurrent use.
//
// Similarity uses github.com/hbollon/go-edlib's optimal-string-alignment
// Damerau-Levenshtein distance: pure Go with no dependencies, MIT-licensed,
// rune-based (so CJK names are compared by character, not byte), and
// counting a transposed pair of letters — the commonest typing slip — as
// one edit where plain Levenshtein counts two. A facility's score is the
// best over its names of max(edit similarity of the names without spaces,
// the same with words sorted, a length-weighted fuzzy token overlap); the
// edit distance runs only on the few names that share most character
// trigrams with the declared one, found through an inverted index.
type Matcher struct {
	Thresholds Thresholds

	facs     []Facility
	entries  []entry
	facNames [][]int32 // entries per facility
	country  []string  // countryKey per facility
	byMetal  map[string]*metalIndex
	all      *metalIndex
	byCID    map[string][]int32
	mappings map[string]string // MappingKey → CID
	scratch  sync.Pool
}

// entry is one listed name of a facility.
type entry struct {
	fac     int32
	text    string
	std     bool // the standard name
	key     string
	compact string
	sorted  string
	raw     string // words without spaces, corporate forms kept
	tokens  []string
	ngrams  int32
}

type metalIndex struct {
	exact, norm, raw, compact, sorted map[string][]int32 // → entries
	grams                             map[uint64][]int32
}

func newMetalIndex() *metalIndex {
	return &metalIndex{exact: map[string][]int32{}, norm: map[string][]int32{}, raw: map[string][]int32{},
		compact: map[string][]int32{}, sorted: map[string][]int32{}, grams: map[uint64][]int32{}}
}

func (ix *metalIndex) add(id int32, e *entry, grams []uint64) {
	ix.exact[exactKey(e.text)] = append(ix.exact[exactKey(e.text)], id)
	if e.key != "" {
		ix.norm[e.key] = append(ix.norm[e.key], id)
		ix.raw[e.raw] = append(ix.raw[e.raw], id)
		ix.compact[e.compact] = append(ix.compact[e.compact], id)
		ix.sorted[e.sorted] = append(ix.sorted[e.sorted], id)
	}
	for _, g := range grams {
		ix.grams[g] = append(ix.grams[g], id)
	}
}

// NewMatcher indexes facilities (typically the current view, from Merge)
// and reviewers' mappings.
func NewMatcher(facilities []Facility, mappings []Mapping) *Matcher {
	m := &Matcher{
		Thresholds: DefaultThresholds,
		facs:       facilities,
		facNames:   make([][]int32, len(facilities)),
		country:    make([]string, len(facilities)),
		byMetal:    map[string]*metalIndex{},
		all:        newMetalIndex(),
		byCID:      map[string][]int32{},
		mappings:   map[string]string{},
	}
	for _, mp := range mappings {
		cid, _ := NormalizeCID(mp.CID)
		m.mappings[MappingKey(mp.Name, mp.Metal)] = cid
	}
	var multi []int32
	gramsOf := make([][]uint64, 0, len(facilities)*3)
	for i := range facilities {
		f := &facilities[i]
		m.country[i] = countryKey(f.Country)
		m.byCID[f.CID] = append(m.byCID[f.CID], int32(i))
		mk := MetalKey(f.Metal)
		if f.Metal == MetalMultiple {
			multi = append(multi, int32(i))
		} else if m.byMetal[mk] == nil {
			m.byMetal[mk] = newMetalIndex()
		}
		for j, n := range f.Names() {
			if strings.TrimSpace(n) == "" {
				continue
			}
			toks, all := nameTokensAll(n)
			e := entry{fac: int32(i), text: n, std: j == 0, tokens: toks, raw: strings.Join(all, "")}
			e.key, e.compact, e.sorted = keys(toks)
			g := trigrams(e.compact)
			e.ngrams = int32(len(g))
			m.facNames[i] = append(m.facNames[i], int32(len(m.entries)))
			m.entries = append(m.entries, e)
			gramsOf = append(gramsOf, g)
		}
	}
	for id := range m.entries {
		e := &m.entries[id]
		f := &facilities[e.fac]
		m.all.add(int32(id), e, gramsOf[id])
		if f.Metal != MetalMultiple {
			m.byMetal[MetalKey(f.Metal)].add(int32(id), e, gramsOf[id])
		}
	}
	for _, fi := range multi { // a "Multiple" facility can be declared under any metal
		for _, id := range m.facNames[fi] {
			for _, ix := range m.byMetal {
				ix.add(id, &m.entries[id], gramsOf[id])
			}
		}
	}
	m.scratch.New = func() any { return &scratch{counts: make([]uint16, len(m.entries))} }
	return m
}

// keys returns NameKey, the key without spaces and the key with its words
// sorted and without spaces.
func keys(toks []string) (key, compact, sorted string) {
	key = strings.Join(toks, " ")
	compact = strings.Join(toks, "")
	s := append([]string(nil), toks...)
	sort.Strings(s)
	return key, compact, strings.Join(s, "")
}

// trigrams returns the distinct character trigrams of s, padded at both
// ends so that short names still have some.
func trigrams(s string) []uint64 {
	rs := make([]rune, 0, len(s)+2)
	rs = append(rs, 2)
	rs = append(rs, []rune(s)...)
	rs = append(rs, 3)
	out := make([]uint64, 0, len(rs))
	for i := 0; i+2 < len(rs); i++ {
		g := uint64(rs[i])<<42 | uint64(rs[i+1])<<21 | uint64(rs[i+2])
		dup := false
		for _, h := range out {
			if h == g {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out
}

type scratch struct {
	counts  []uint16
	touched []int32
}

// query is a declared name prepared for matching.
type query struct {
	exact, key, compact, sorted, raw string
	tokens                           []string
	// clean is the query without words that look like misspelt corporate
	// forms ("Limitd", "Corporaion"), or nil when there are none.
	clean *query
}

func prepare(name string) *query {
	toks, all := nameTokensAll(name)
	q := &query{exact: exactKey(name), tokens: toks, raw: strings.Join(all, "")}
	q.key, q.compact, q.sorted = keys(toks)
	if ct := dropMisspeltForms(toks); len(ct) < len(toks) {
		q.clean = &query{exact: q.exact, tokens: ct, raw: q.raw}
		q.clean.key, q.clean.compact, q.clean.sorted = keys(ct)
	}
	return q
}

// longForms are the corporate forms long enough to be recognised when
// misspelt by one or two letters.
var longForms = []string{"limited", "corporation", "company", "incorporated", "private", "berhad"}

func dropMisspeltForms(toks []string) []string {
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		misspelt := false
		if lt := runeLen(t); i > 0 && lt >= 6 {
			for _, f := range longForms {
				if lf := len(f); t != f && 4*abs(lt-lf) <= lf && editSim(t, f) >= 0.75 {
					misspelt = true
					break
				}
			}
		}
		if !misspelt {
			out = append(out, t)
		}
	}
	return out
}

// Facility returns the facilities listed under a CID (several only for a
// facility listed under more than one metal).
func (m *Matcher) Facility(cid string) []Facility {
	c, _ := NormalizeCID(cid)
	var out []Facility
	for _, i := range m.byCID[c] {
		out = append(out, m.facs[i])
	}
	return out
}

// Match resolves one declared smelter. The stages, in order:
//
//  1. a reviewer's Mapping for the name and metal;
//  2. the CID, normalised (NormalizeCID); a CID that is not RMI's form is
//     noted and the name used instead; a listed CID whose name does not
//     fit while the name points clearly at another facility needs review;
//  3. an alias or standard name of the declared metal, ignoring case and
//     spacing ("alias exact", "standard name exact");
//  4. the normalised name (NameKey), also with spaces or word order
//     ignored ("normalised name");
//  5. the fuzzy score, raised when the declared country agrees and lowered
//     when it differs ("fuzzy 0.93, country agrees"): accepted at
//     Thresholds.Accept with a lead of Thresholds.Margin, else needs review;
//  6. no match, pointing at a same-named facility of another metal if any.
//
// Metal, name and country disagreements with the chosen facility are
// recorded in Result.Disagreements.
func (m *Matcher) Match(d Declared) Result {
	var r Result
	name := collapse(d.Name)
	metal := NormalizeMetal(d.Metal)
	ix := m.all
	if metal != "" {
		ix = m.byMetal[MetalKey(metal)]
		if ix == nil {
			r.Notes = append(r.Notes, fmt.Sprintf("no list loaded covers %s", metal))
			ix = newMetalIndex()
		}
	}
	q := prepare(name)

	// 1. reviewer mapping
	if name != "" {
		if cid, ok := m.mappings[mappingKey(metal, q.key, q.exact)]; ok {
			if fi := m.pick(cid, metal); fi >= 0 {
				c := m.candidate(fi, -1, 1, StageMapping, "reviewer mapping")
				r = m.accept(r, c, d)
				return r
			}
			// The reviewer's facility is gone from the list: whatever the
			// other stages find goes back to a reviewer.
			r.Notes = append(r.Notes, fmt.Sprintf("a reviewer mapped this name to %s, which is not in the list", cid))
			r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldCID, Declared: cid})
			res := m.match(r, d, name, metal, ix, q)
			if res.Status == Matched {
				res.Status, res.CID, res.Metal, res.Name, res.Country = NeedsReview, "", "", "", ""
				res.Reason = fmt.Sprintf("the reviewer's %s is no longer listed; %s", cid, res.Reason)
			}
			return res
		}
	}
	return m.match(r, d, name, metal, ix, q)
}

// match runs stages 2 to 6.
func (m *Matcher) match(r Result, d Declared, name, metal string, ix *metalIndex, q *query) Result {

	// 2. CID
	var cidCand *Candidate
	if d.CID != "" {
		cid, kind := NormalizeCID(d.CID)
		switch {
		case kind == CIDOther:
			r.Notes = append(r.Notes, fmt.Sprintf("%s is not an RMI identifier (CID and six digits); matched by name", cid))
		case m.byCID[cid] == nil:
			r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldCID, Declared: cid})
		default:
			fi := m.pick(cid, metal)
			c := m.candidate(fi, -1, 1, StageCID, "CID exact")
			if name == "" || m.nameFits(q, fi) {
				return m.accept(r, c, d)
			}
			cidCand = &c
		}
	}
	if name == "" {
		if cidCand != nil {
			return m.accept(r, *cidCand, d)
		}
		r.Status, r.Stage, r.Reason = NoMatch, StageNone, "no name declared"
		return r
	}
	if pseudoNames[q.exact] {
		if cidCand != nil {
			return m.accept(r, *cidCand, d)
		}
		r.Status, r.Stage, r.Reason = NoMatch, StageNone, fmt.Sprintf("declared as %q", name)
		return r
	}

	// 3–5. by name within the metal
	byName := m.byName(ix, q, d.Country)
	if cidCand != nil {
		// The CID is listed but its names do not fit the declared name.
		if byName.Status == Matched {
			other := byName.Candidates[0]
			if other.CID == cidCand.CID { // fits after all (the country helped)
				return m.accept(r, *cidCand, d)
			}
			r.Status, r.Stage, r.Score = NeedsReview, StageCID, 1
			r.Reason = fmt.Sprintf("CID %s is %s, but the name fits %s %s (%s)", cidCand.CID, cidCand.Name, other.CID, other.Name, other.Reason)
			r.Candidates = []Candidate{*cidCand, other}
			r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldName, Declared: name, Listed: cidCand.Name})
			return r
		}
		r = m.accept(r, *cidCand, d)
		r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldName, Declared: name, Listed: cidCand.Name})
		return r
	}
	if byName.Status == Matched {
		return m.accept(r, byName.Candidates[0], d)
	}
	byName.Notes = append(r.Notes, byName.Notes...)
	byName.Disagreements = append(r.Disagreements, byName.Disagreements...)
	r = byName

	// 6. another metal? A name listed, exactly or normalised, under another
	// metal is worth a reviewer's look before a weak or no match (but not
	// before the declared metal's own facilities of that name).
	if metal != "" && (r.Stage == StageFuzzy || r.Stage == StageNone) {
		if other := m.listed(m.all, q, d.Country); other != nil {
			var cands []Candidate
			for _, c := range other.Candidates {
				if !SameMetal(c.Metal, metal) && c.Metal != MetalMultiple {
					cands = append(cands, c)
				}
			}
			if len(cands) > 0 {
				c := cands[0]
				r.Status, r.Stage, r.Score = NeedsReview, c.Stage, c.Score
				r.Reason = fmt.Sprintf("listed under %s, not %s (%s)", c.Metal, metal, c.Reason)
				r.Candidates = append(cands, r.Candidates...)
				r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldMetal, Declared: metal, Listed: c.Metal})
			}
		}
	}
	return r
}

// accept makes c the result and records disagreements with d.
func (m *Matcher) accept(r Result, c Candidate, d Declared) Result {
	r.Status, r.CID, r.Metal, r.Name, r.Country = Matched, c.CID, c.Metal, c.Name, c.Country
	r.Score, r.Stage, r.Reason = c.Score, c.Stage, c.Reason
	if len(r.Candidates) == 0 || r.Candidates[0].CID != c.CID {
		r.Candidates = append([]Candidate{c}, r.Candidates...)
	}
	if metal := NormalizeMetal(d.Metal); metal != "" && !SameMetal(metal, c.Metal) && c.Metal != MetalMultiple {
		r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldMetal, Declared: metal, Listed: c.Metal})
	}
	if d.Country != "" && countryKey(d.Country) != "" && countryKey(c.Country) != "" && !SameCountry(d.Country, c.Country) {
		r.Disagreements = append(r.Disagreements, Disagreement{Field: FieldCountry, Declared: d.Country, Listed: c.Country})
	}
	return r
}

// pick chooses among the facilities of a CID the one of the metal.
func (m *Matcher) pick(cid, metal string) int {
	fis := m.byCID[cid]
	if len(fis) == 0 {
		return -1
	}
	for _, fi := range fis {
		if SameMetal(m.facs[fi].Metal, metal) {
			return int(fi)
		}
	}
	return int(fis[0])
}

func (m *Matcher) candidate(fi int, entryID int32, score float64, st Stage, reason string) Candidate {
	f := &m.facs[fi]
	c := Candidate{CID: f.CID, Metal: f.Metal, Name: f.Name, Country: f.Country, Status: f.Status,
		Score: score, Stage: st, Reason: reason}
	if entryID >= 0 {
		c.Alias = m.entries[entryID].text
	}
	return c
}

// nameFits reports whether a declared name is one of the facility's names,
// exactly, normalised or by an accepted fuzzy score.
func (m *Matcher) nameFits(q *query, fi int) bool {
	for _, id := range m.facNames[fi] {
		e := &m.entries[id]
		if q.exact == exactKey(e.text) || (q.key != "" && (q.key == e.key || q.raw == e.raw || q.compact == e.compact || q.sorted == e.sorted)) {
			return true
		}
		if similarity(q, e) >= m.Thresholds.Accept {
			return true
		}
	}
	return false
}

// byName runs stages 3 to 5 over one index.
func (m *Matcher) byName(ix *metalIndex, q *query, country string) Result {
	if r := m.listed(ix, q, country); r != nil {
		return *r
	}
	return m.fuzzy(ix, q, country)
}

// listed runs stages 3 and 4: the name as listed, then normalised. It
// returns nil when neither finds the name.
func (m *Matcher) listed(ix *metalIndex, q *query, country string) *Result {
	if ids := ix.exact[q.exact]; len(ids) > 0 {
		r := m.decide(ids, StageExact, country, func(e *entry) string {
			if e.std {
				return "standard name exact"
			}
			return "alias exact"
		})
		return &r
	}
	if q.key != "" {
		for _, ids := range [][]int32{ix.norm[q.key], ix.raw[q.raw], ix.compact[q.compact], ix.sorted[q.sorted]} {
			if len(ids) > 0 {
				r := m.decide(ids, StageNormalised, country, func(*entry) string { return "normalised name" })
				return &r
			}
		}
	}
	return nil
}

// decide turns exact or normalised hits into a result: one facility is a
// match, several need review.
func (m *Matcher) decide(ids []int32, st Stage, country string, reason func(*entry) string) Result {
	var cands []Candidate
	seen := map[int32]bool{}
	for _, id := range ids {
		e := &m.entries[id]
		if seen[e.fac] {
			continue
		}
		seen[e.fac] = true
		cands = append(cands, m.candidate(int(e.fac), id, 1, st, reason(e)))
	}
	if len(cands) == 1 {
		return Result{Status: Matched, Candidates: cands, Stage: st, Score: 1, Reason: cands[0].Reason}
	}
	// Several facilities share the name: the country may tell them apart.
	var agree []Candidate
	for _, c := range cands {
		if SameCountry(country, c.Country) {
			agree = append(agree, c)
		}
	}
	if len(agree) == 1 {
		agree[0].Reason += ", country agrees"
		return Result{Status: Matched, Candidates: append(agree, without(cands, agree[0].CID)...), Stage: st, Score: 1, Reason: agree[0].Reason}
	}
	return Result{Status: NeedsReview, Candidates: cands, Stage: st, Score: 1,
		Reason: fmt.Sprintf("%s names %d facilities", cands[0].Reason, len(cands))}
}

func without(cs []Candidate, cid string) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if c.CID != cid {
			out = append(out, c)
		}
	}
	return out
}

// Fuzzy-stage tuning.
const (
	maxFuzzyCandidates = 12   // names scored in full per query
	minTrigramDice     = 0.25 // trigram overlap below which a name is not scored
	maxOffered         = 5    // candidates offered for review
	misspeltFormCost   = 0.03 // what a misspelt "Limited" costs a name
)

type scored struct {
	fac   int32
	entry int32
	score float64
}

// fuzzy is stage 5.
func (m *Matcher) fuzzy(ix *metalIndex, q *query, country string) Result {
	none := Result{Status: NoMatch, Stage: StageNone}
	if q.compact == "" {
		none.Reason = "no name left after removing corporate forms"
		return none
	}
	qg := trigrams(q.compact)
	if q.clean != nil {
		qg = trigrams(q.clean.compact)
	}
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	sc.touched = sc.touched[:0]
	for _, g := range qg {
		for _, id := range ix.grams[g] {
			if sc.counts[id] == 0 {
				sc.touched = append(sc.touched, id)
			}
			sc.counts[id]++
		}
	}
	pre := make([]scored, 0, 32)
	for _, id := range sc.touched {
		c := sc.counts[id]
		sc.counts[id] = 0
		dice := 2 * float64(c) / float64(len(qg)+int(m.entries[id].ngrams))
		if dice >= minTrigramDice {
			pre = append(pre, scored{fac: m.entries[id].fac, entry: id, score: dice})
		}
	}
	sort.Slice(pre, func(i, j int) bool { return pre[i].score > pre[j].score })
	if len(pre) > maxFuzzyCandidates {
		pre = pre[:maxFuzzyCandidates]
	}
	th := m.Thresholds
	best := map[int32]scored{}
	adj := map[int32]string{}
	ck := countryKey(country)
	for _, p := range pre {
		e := &m.entries[p.entry]
		s := similarity(q, e)
		if q.clean != nil {
			s = max(s, similarity(q.clean, e)-misspeltFormCost)
		}
		s = round2(s)
		note := ""
		if s < th.Review && contained(q, e) {
			// "Metalor" for "Metalor Technologies S.A.": too little to
			// accept, too much to ignore.
			s, note = th.Review, ", part of the listed name"
		}
		if fk := m.country[e.fac]; ck != "" && fk != "" {
			if ck == fk {
				// Below 1: a fuzzy match never reads as an exact one.
				s, note = round2(min(0.99, s+th.CountryAgree)), note+", country agrees"
			} else {
				s, note = round2(max(0, s-th.CountryDiffer)), note+", country differs"
			}
		}
		if b, ok := best[e.fac]; !ok || s > b.score {
			best[e.fac] = scored{fac: e.fac, entry: p.entry, score: s}
			adj[e.fac] = note
		}
	}
	ranked := make([]scored, 0, len(best))
	for _, b := range best {
		ranked = append(ranked, b)
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return m.facs[ranked[i].fac].CID < m.facs[ranked[j].fac].CID
	})
	var cands []Candidate
	for _, b := range ranked {
		if b.score < th.Review || len(cands) == maxOffered {
			break
		}
		cands = append(cands, m.candidate(int(b.fac), b.entry, b.score, StageFuzzy,
			fmt.Sprintf("fuzzy %.2f%s", b.score, adj[b.fac])))
	}
	if len(cands) == 0 {
		none.Reason = fmt.Sprintf("no listed name scores %.2f or more", th.Review)
		if len(ranked) > 0 {
			none.Reason += fmt.Sprintf(" (best %.2f, %s)", ranked[0].score, m.facs[ranked[0].fac].CID)
		}
		return none
	}
	top := ranked[0]
	r := Result{Stage: StageFuzzy, Score: top.score, Candidates: cands}
	switch {
	case top.score < th.Accept:
		r.Status = NeedsReview
		r.Reason = fmt.Sprintf("%s, below %.2f", cands[0].Reason, th.Accept)
	case len(ranked) > 1 && round2(top.score-ranked[1].score) < th.Margin:
		r.Status = NeedsReview
		r.Reason = fmt.Sprintf("%s, but %s scores %.2f", cands[0].Reason, m.facs[ranked[1].fac].CID, ranked[1].score)
	default:
		r.Status, r.Reason = Matched, cands[0].Reason
	}
	return r
}

// round2 rounds a score to the two decimals it is shown with, so that the
// decision and the figure a reviewer reads agree.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// similarity scores a declared name against a listed one, 0 to 1. When
// both have the same number of words, words are compared one to one
// (tokenSim): an edit distance over the whole name would let a long common
// word ("Metalurgica") outweigh the word that tells two facilities apart.
// When the counts differ (words run together or split), the names are also
// compared without spaces, in their order and with words sorted.
func similarity(q *query, e *entry) float64 {
	if q.compact == e.compact {
		return 1
	}
	if len(q.tokens) == len(e.tokens) {
		if len(q.tokens) == 1 {
			return editSim(q.compact, e.compact)
		}
		return tokenSim(q.tokens, e.tokens)
	}
	best := max(editSim(q.compact, e.compact), tokenSim(q.tokens, e.tokens))
	if q.sorted != q.compact || e.sorted != e.compact {
		best = max(best, editSim(q.sorted, e.sorted))
	}
	if len(q.tokens) > len(e.tokens) {
		// Words the supplier wrote that the listed name lacks ("Gejiu" in
		// "Gejiu Zhongjin Refinery" against "Zhongjin Refinery") often name
		// another site; words left out ("Tin", "Group") seldom do.
		best -= extraWordCost * float64(runeLen(q.compact)-runeLen(e.compact)) / float64(runeLen(q.compact))
	}
	return max(0, best)
}

// extraWordCost weighs the share of the declared name that the listed
// name lacks.
const extraWordCost = 0.5

// contained reports whether the declared name is all inside a longer
// listed one: each of its words is one of the listed name's, or (a single
// word, or CJK) it is part of the listed name without spaces.
func contained(q *query, e *entry) bool {
	if runeLen(q.compact) < 4 || len(q.compact) >= len(e.compact) {
		return false
	}
	if len(q.tokens) == 1 {
		return strings.Contains(e.compact, q.compact)
	}
	for _, t := range q.tokens {
		if !slices.Contains(e.tokens, t) {
			return false
		}
	}
	return true
}

// editSim is 1 - OSA distance / length of the longer string, in runes.
func editSim(a, b string) float64 {
	la, lb := runeLen(a), runeLen(b)
	if la == 0 || lb == 0 {
		return 0
	}
	// The distance is at least the difference in length: skip pairs that
	// cannot reach a score worth offering.
	if float64(abs(la-lb))/float64(max(la, lb)) > 0.4 {
		return 0
	}
	return 1 - float64(osaDistance(a, b))/float64(max(la, lb))
}

// tokenSim pairs each declared word with its most similar listed word
// (words of three letters or fewer must be equal, longer ones similar at
// 0.8 or more) and weights each pair by its length: a fuzzy Dice
// coefficient over words that ignores their order.
func tokenSim(a, b []string) float64 {
	if len(b) > 64 {
		return 0
	}
	total := 0
	for _, t := range a {
		total += runeLen(t)
	}
	for _, t := range b {
		total += runeLen(t)
	}
	if total == 0 {
		return 0
	}
	var used uint64
	matched := 0.0
	var pending []string // declared words with no equal listed word
	for _, ta := range a {
		found := false
		for j, tb := range b {
			if used&(1<<j) == 0 && ta == tb {
				used |= 1 << j
				matched += 2 * float64(runeLen(ta))
				found = true
				break
			}
		}
		if !found {
			pending = append(pending, ta)
		}
	}
	for _, ta := range pending {
		la := runeLen(ta)
		if la <= 3 {
			continue
		}
		bestS, bestJ := 0.0, -1
		for j, tb := range b {
			lb := runeLen(tb)
			// Below 0.8 the pair does not count: skip lengths that cannot reach it.
			if used&(1<<j) != 0 || lb <= 3 || 5*abs(la-lb) > max(la, lb) {
				continue
			}
			if s := editSim(ta, tb); s > bestS {
				bestS, bestJ = s, j
			}
		}
		if bestJ >= 0 && bestS >= 0.8 {
			used |= 1 << bestJ
			matched += bestS * float64(la+runeLen(b[bestJ]))
		}
	}
	return matched / float64(total)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func runeLen(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

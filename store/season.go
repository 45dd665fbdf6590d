package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
)

// Season is the typed read model of one reporting period as of a date, in
// the domain types package risk reads: the suppliers with their current
// declarations (answers, products, Checker cells, declared smelter rows with
// their match and the matched facility's status on the date, mine
// countries) and the supplier register. Reports and the web dashboard are
// meant to share it.
func (s *Store) Season(ctx context.Context, period int, asOf time.Time) (*risk.Season, error) {
	se, err := s.season(ctx, s.db, period, asOf, false, nil)
	if err != nil {
		return nil, fmt.Errorf("store: season %d: %w", period, err)
	}
	return se, nil
}

// season reads the read model through q. locked says the caller holds the
// write lock, so that nothing can commit while it reads: the declared
// smelter rows, most of a season, are then read on a connection of their
// own while q reads the rest (both see the same state). digest, when not
// nil, is given the declared rows' digest (the findings' fingerprint).
func (s *Store) season(ctx context.Context, q queryer, period int, asOf time.Time, locked bool, digest *rowsDigest) (*risk.Season, error) {
	y, m, d := asOf.Date()
	asOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	se := &risk.Season{Period: period, AsOf: asOf}

	// Current declarations of the period, grouped by supplier.
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.supplier_id, su.name, d.family, d.version, fi.path,
		d.effective_date, d.scope, d.minerals, d.required_missing
		FROM declarations d JOIN suppliers su ON su.id = d.supplier_id JOIN files fi ON fi.id = d.file_id
		WHERE d.period = ? AND d.superseded_by IS NULL ORDER BY su.name COLLATE NOCASE, su.id, d.family, d.id`, period)
	if err != nil {
		return nil, err
	}
	supIdx := map[int64]int{}
	declIdx := map[int64][2]int{}
	for rows.Next() {
		var (
			dc       risk.Declaration
			supID    int64
			supName  string
			eff      sql.NullString
			minerals string
		)
		if err := rows.Scan(&dc.ID, &supID, &supName, &dc.Family, &dc.Version, &dc.File, &eff, &dc.Scope, &minerals, &dc.RequiredMissing); err != nil {
			rows.Close()
			return nil, err
		}
		dc.EffectiveDate = parseDate(eff)
		if minerals != "" {
			dc.Minerals = strings.Split(minerals, "\n")
		}
		si, ok := supIdx[supID]
		if !ok {
			si = len(se.Suppliers)
			supIdx[supID] = si
			se.Suppliers = append(se.Suppliers, risk.Supplier{ID: supID, Name: supName})
		}
		declIdx[dc.ID] = [2]int{si, len(se.Suppliers[si].Declarations)}
		se.Suppliers[si].Declarations = append(se.Suppliers[si].Declarations, dc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	decl := func(id int64) *risk.Declaration {
		ix, ok := declIdx[id]
		if !ok {
			return nil
		}
		return &se.Suppliers[ix[0]].Declarations[ix[1]]
	}
	current := `JOIN declarations d ON d.id = x.declaration_id WHERE d.period = ? AND d.superseded_by IS NULL`

	// Each declaration's smelter rows, with the mine countries they name
	// (added to MineCountries before those of the mine rows, below).
	type declRows struct {
		smelters  []risk.SmelterRow
		matchCIDs []string // the smelters' match_cid, "" when not matched, until looked up
		mines     []string
	}
	// The facilities in force on the date, which the rows' matches are
	// looked up in, are read while the rows are: facsRead is closed once
	// facs is set (nil if reading them failed).
	var facs *seasonFacilities
	facsRead := make(chan struct{})
	// readSmelters reads the rows of the declarations with IDs in [from,
	// to) into rowsOf, adding each to rowsSeen unless it is nil (only the
	// findings ask for the digest), then looks their facilities up in facs.
	readSmelters := func(q queryer, from, to int64, rowsOf map[int64]*declRows, rowsSeen *rowsDigest) error {
		where := current + fmt.Sprintf(` AND x.declaration_id >= %d AND x.declaration_id < %d`, from, to)
		// A declaration's rows are gathered in buf, reused from one
		// declaration to the next, and copied into a slice of their exact
		// size once they are all in (a count beforehand cost a third as
		// much as reading the rows). The values are scanned into the same
		// variables row after row, the integers through any (database/sql
		// converts to an int through reflection).
		var (
			buf                   []risk.SmelterRow
			matchCIDs             []string // buf's
			id, row               any
			sr                    risk.SmelterRow
			mineCountry, matchCID string
			curID                 int64
			cur                   *declRows
			read                  []*declRows
		)
		dest := []any{&id, &row, &sr.Metal, &sr.LookupName, &sr.Name, &sr.Country, &sr.CID, &sr.Recycled,
			&mineCountry, &sr.MatchStatus, &matchCID}
		done := func() {
			if cur != nil {
				cur.smelters, cur.matchCIDs = slices.Clone(buf), slices.Clone(matchCIDs)
			}
			buf, matchCIDs = buf[:0], matchCIDs[:0]
		}
		err := eachRow(ctx, q, `SELECT x.declaration_id, x.row, x.metal, x.lookup_name, x.name, x.country, x.cid, x.recycled,
		x.mine_country, x.match_status, x.match_cid FROM declared_smelters x `+where+` ORDER BY x.declaration_id, x.row`, period, func(r *sql.Rows) error {
			if err := r.Scan(dest...); err != nil {
				return err
			}
			declID, ok1 := id.(int64)
			rowNum, ok2 := row.(int64)
			if !ok1 || !ok2 {
				return fmt.Errorf("declared smelter row: declaration %v, row %v: not integers", id, row)
			}
			if rowsSeen != nil {
				rowsSeen.add(declID, rowNum, matchCID, sr.MatchStatus)
			}
			if declID != curID { // rows come by declaration
				done()
				curID, cur = declID, nil
				if _, ok := declIdx[declID]; ok {
					cur = &declRows{}
					rowsOf[declID] = cur
					read = append(read, cur)
				}
			}
			if cur == nil {
				return nil
			}
			sr.Row = int(rowNum)
			buf = append(buf, sr)
			if sr.MatchStatus != string(smelters.Matched) {
				matchCID = ""
			}
			matchCIDs = append(matchCIDs, matchCID)
			if mineCountry != "" {
				cur.mines = append(cur.mines, sr.Metal, mineCountry)
			}
			return nil
		})
		done()
		if err != nil {
			return err
		}
		<-facsRead
		if facs == nil {
			return nil // the caller returns why
		}
		own := *facs // with a look-up memo of its own
		own.seen = nil
		for _, dr := range read {
			for i, cid := range dr.matchCIDs {
				if cid != "" {
					dr.smelters[i].Facility = own.lookup(cid, dr.smelters[i].Metal)
				}
			}
			dr.matchCIDs = nil
		}
		return nil
	}
	// Under the lock, in two halves by declaration on connections of their
	// own, while q reads the facilities and then the rest.
	ids := make([]int64, 0, len(declIdx))
	for id := range declIdx {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	bounds := []int64{math.MinInt64, math.MaxInt64}
	if locked && s.db.Stats().MaxOpenConnections != 1 && len(ids) > 1 {
		bounds = []int64{math.MinInt64, ids[len(ids)/2], math.MaxInt64}
	}
	parts := make([]map[int64]*declRows, len(bounds)-1)
	digests := make([]*rowsDigest, len(parts)) // nil unless the caller asked for the digest
	for i := range parts {
		parts[i] = map[int64]*declRows{}
		if digest != nil {
			digests[i] = &rowsDigest{}
		}
	}
	var smeltersRead chan error
	if len(parts) > 1 {
		smeltersRead = make(chan error, len(parts))
		for i := range parts {
			go func() { smeltersRead <- readSmelters(s.db, bounds[i], bounds[i+1], parts[i], digests[i]) }()
		}
		defer func() {
			for range parts {
				if smeltersRead != nil {
					<-smeltersRead // never leave them reading after an early return
				}
			}
		}()
	}
	facs, err = s.facilitiesAsOf(ctx, q, asOf)
	close(facsRead)
	if err != nil {
		return nil, err
	}
	if smeltersRead == nil {
		if err := readSmelters(q, bounds[0], bounds[1], parts[0], digests[0]); err != nil {
			return nil, err
		}
	}

	// Answers as the declared rows: gathered per declaration in a buffer
	// and copied into a slice of their size (grown an answer at a time,
	// each declaration's had three times the room it needed), scanned into
	// the same variables row after row.
	var (
		ansID   any
		ans     risk.Answer
		ansBuf  []risk.Answer
		ansDecl *risk.Declaration
	)
	ansDone := func() {
		if ansDecl != nil {
			ansDecl.Answers = append(ansDecl.Answers, ansBuf...)
		}
		ansBuf = ansBuf[:0]
	}
	if err := eachRow(ctx, q, `SELECT x.declaration_id, x.question, x.mineral, x.value, x.cell FROM answers x `+current+
		` ORDER BY x.declaration_id, x.position`, period, func(r *sql.Rows) error {
		if err := r.Scan(&ansID, &ans.Question, &ans.Mineral, &ans.Value, &ans.Cell); err != nil {
			return err
		}
		id, ok := ansID.(int64)
		if !ok {
			return fmt.Errorf("answer: declaration %v: not an integer", ansID)
		}
		if dc := decl(id); dc != ansDecl {
			ansDone()
			ansDecl = dc
		}
		if ansDecl != nil {
			ansBuf = append(ansBuf, ans)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	ansDone()
	if err := loadSAQBanks(ctx, q, period, decl); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, q, `SELECT x.declaration_id, COUNT(*) FROM products x `+current+` GROUP BY x.declaration_id`, period, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		if dc := decl(id); dc != nil {
			dc.Products = n
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, q, `SELECT x.declaration_id, x.sheet, x.cell FROM problems x `+current+
		` AND x.checker = 1 ORDER BY x.declaration_id, x.position`, period, func(r *sql.Rows) error {
		var id int64
		var sheet, cell string
		if err := r.Scan(&id, &sheet, &cell); err != nil {
			return err
		}
		if dc := decl(id); dc != nil && cell != "" {
			dc.CheckerCells = append(dc.CheckerCells, sheet+"!"+cell)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	addMine := func(dc *risk.Declaration, metal, country string) {
		country = strings.TrimSpace(country)
		if country == "" || strings.EqualFold(country, "recycled") || strings.EqualFold(country, "scrap") {
			return
		}
		if dc.MineCountries == nil {
			dc.MineCountries = map[string][]string{}
		}
		metal = smelters.NormalizeMetal(metal)
		for _, c := range dc.MineCountries[metal] {
			if c == country {
				return
			}
		}
		dc.MineCountries[metal] = append(dc.MineCountries[metal], country)
	}
	mineRows := map[*risk.Declaration][]string{} // metal, country, ...
	if err := eachRow(ctx, q, `SELECT x.declaration_id, x.row, x.metal, x.country, x.source, x.mine_name, x.mine_id, x.comments
		FROM mines x `+current+` ORDER BY x.declaration_id, x.row`, period, func(r *sql.Rows) error {
		var id int64
		var gs risk.GemSource
		if err := r.Scan(&id, &gs.Row, &gs.Material, &gs.Country, &gs.Type, &gs.Name, &gs.KPCertificate, &gs.RJCCertificate); err != nil {
			return err
		}
		dc := decl(id)
		if dc == nil {
			return nil
		}
		if strings.EqualFold(dc.Family, string(cmrt.GEM)) {
			// The Gemstone template's Sources rows are stored as mine rows
			// (cmrt.SheetSources): source = type, mine_id = KP certificate,
			// comments = RJC certificate.
			dc.Sources = append(dc.Sources, gs)
			return nil
		}
		mineRows[dc] = append(mineRows[dc], gs.Material, gs.Country)
		return nil
	}); err != nil {
		return nil, err
	}
	if smeltersRead != nil {
		var err error
		for range parts {
			err = cmp.Or(err, <-smeltersRead)
		}
		smeltersRead = nil
		if err != nil {
			return nil, err
		}
	}
	rowsOf := parts[0]
	for _, p := range parts[1:] {
		maps.Copy(rowsOf, p)
	}
	if digest != nil {
		for _, d := range digests {
			digest.plus(*d)
		}
	}
	for id, ix := range declIdx {
		dc := &se.Suppliers[ix[0]].Declarations[ix[1]]
		if dr := rowsOf[id]; dr != nil {
			dc.Smelters = dr.smelters
			for i := 0; i < len(dr.mines); i += 2 {
				addMine(dc, dr.mines[i], dr.mines[i+1])
			}
		}
		for i, m := 0, mineRows[dc]; i < len(m); i += 2 {
			addMine(dc, m[i], m[i+1])
		}
	}

	// The register: entries link to the season's suppliers, or stand alone.
	entries, err := registerEntries(ctx, q, period)
	if err != nil {
		return nil, err
	}
	links, err := linkRegister(ctx, q, entries)
	if err != nil {
		return nil, err
	}
	// An entry for the period comes before one for every period (order of
	// registerEntries), so it is the one a supplier keeps.
	unlinked := map[string]bool{}
	for i := range entries {
		entry := entries[i].RegisterEntry
		l := links[i]
		entry.Ambiguous = l.Candidates
		if l.SupplierID != 0 {
			si, ok := supIdx[l.SupplierID]
			if !ok {
				si = len(se.Suppliers)
				supIdx[l.SupplierID] = si
				se.Suppliers = append(se.Suppliers, risk.Supplier{ID: l.SupplierID, Name: l.Supplier})
			}
			if se.Suppliers[si].Register == nil {
				se.Suppliers[si].Register = &entry
			}
			continue
		}
		if k := SupplierKey(entry.Name) + "\x00" + strings.ToUpper(entry.SupplierRef); !unlinked[k] {
			unlinked[k] = true
			se.Suppliers = append(se.Suppliers, risk.Supplier{Name: entry.Name, Register: &entry})
		}
	}
	sort.SliceStable(se.Suppliers, func(i, j int) bool {
		return strings.ToLower(se.Suppliers[i].Name) < strings.ToLower(se.Suppliers[j].Name)
	})
	return se, nil
}

func eachRow(ctx context.Context, q queryer, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// seasonFacilities indexes the facilities in force on a date, converted
// once to risk's terms.
type seasonFacilities struct {
	byCIDMetal map[string]*risk.Facility
	byCID      map[string]*risk.Facility
	// seen remembers the last lookup of each CID as stored, with its metal
	// as stored: a season declares the same facilities thousands of times,
	// nearly always with the same metal, and normalising the metal cost
	// more than the rest of reading a row (keyed by both strings, the memo
	// itself cost about a tenth of the read).
	seen map[string]seenFacility
}

type seenFacility struct {
	metal    string
	facility *risk.Facility
}

func (sf *seasonFacilities) lookup(cid, metal string) *risk.Facility {
	if m, ok := sf.seen[cid]; ok && m.metal == metal {
		return m.facility
	}
	f, ok := sf.byCIDMetal[cid+"\x00"+smelters.MetalKey(metal)]
	if !ok {
		f = sf.byCID[cid]
	}
	if sf.seen == nil {
		sf.seen = map[string]seenFacility{}
	}
	sf.seen[cid] = seenFacility{metal, f}
	return f
}

func (s *Store) facilitiesAsOf(ctx context.Context, q queryer, asOf time.Time) (*seasonFacilities, error) {
	cur, err := s.view(ctx, q, View{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	snaps := map[int64]Snapshot{}
	for _, sn := range cur.InForce {
		snaps[sn.ID] = sn
	}
	sf := &seasonFacilities{byCIDMetal: map[string]*risk.Facility{}, byCID: map[string]*risk.Facility{}}
	for i := range cur.Facilities {
		f := facilityStatusAsOf(&cur.Facilities[i], snaps, asOf)
		sf.byCIDMetal[f.CID+"\x00"+smelters.MetalKey(f.Metal)] = f
		if _, ok := sf.byCID[f.CID]; !ok {
			sf.byCID[f.CID] = f
		}
	}
	return sf, nil
}

// facilityStatusAsOf is the one place that turns a facility of the lists
// in force on a date (smelters.View: removals from RMI's revision history
// beat status lists, successors named) into risk's terms, with the list
// its status comes from.
func facilityStatusAsOf(f *smelters.Facility, inForce map[int64]Snapshot, asOf time.Time) *risk.Facility {
	out := &risk.Facility{CID: f.CID, Metal: f.Metal, Name: f.Name, Country: f.Country, StatusText: f.StatusText, ReauditDue: f.ReauditDue}
	// The status is smelters' rule over the lists in force on asOf (View):
	// a removal beats any status list; no status list means not
	// participating; here it is only translated into risk's terms.
	switch f.Status {
	case smelters.StatusConformant:
		out.Status = risk.StatusConformant
		switch {
		case f.ReauditInProgress:
			out.Reaudit = risk.ReauditInProgress
		case f.ReauditOverdue(asOf):
			out.Reaudit = risk.ReauditOverdue
		case !f.ReauditDue.IsZero():
			out.Reaudit = risk.ReauditDue
		}
	case smelters.StatusActive:
		out.Status = risk.StatusActive
	case smelters.StatusNonConformant:
		out.Status = risk.StatusNonConformant
	case smelters.StatusRemoved:
		out.Status = risk.StatusRemoved
	case smelters.StatusUnknown:
		out.Status = risk.StatusUnknown
	default: // in a reference list in force, on no status list
		out.Status = risk.StatusNotParticipating
	}
	if r := f.Removal; r != nil {
		out.Status = risk.StatusRemoved
		out.RemovedOn, out.RemovedReason, out.Successors = r.Date, r.Reason, r.Successors
	}
	src := f.StatusSnapshotID
	if src == 0 {
		src = f.SnapshotID
	}
	if sn, ok := inForce[src]; ok {
		out.List = sn.Source
		out.ListDate = sn.Effective
	}
	return out
}

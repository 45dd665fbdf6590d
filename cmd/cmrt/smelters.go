package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// smeltersCommand is `cmrt smelters`: RMI's smelter and refiner lists in the
// database, and matching declared smelters against them.
func smeltersCommand() *cli.Command {
	return &cli.Command{
		Name:  "smelters",
		Usage: "keep RMI's smelter and refiner lists and match declared smelters against them",
		Description: `RMI's lists are files you download from RMI yourself (cmrt never goes on
the network): the standard smelter lists (CMRT/EMRT/AMRT), the Conformant and
Active lists, the revision history, or the Smelter Look-up sheet of any RMI
template. Excel 2003 XML (.xml/.xls, as downloaded), .xlsx and CSV are read.

Example:
   cmrt smelters refresh ~/Downloads/Conformant_Smelter_List.xml
   cmrt smelters search perth --metal gold
   cmrt smelters match "Shandong Gold Smelting" --metal gold --country CHINA

Exit codes: 0 success; 1 problems (a rejected file, a name that needs review
or matches nothing, an unknown CID); 2 usage error or unreadable file;
3 internal or database error.`,
		Subcommands: smUsageErrors([]*cli.Command{
			smRefreshCommand(), smListCommand(), smShowCommand(), smSearchCommand(),
			smMatchCommand(), smMapCommand(), smUnmapCommand(), smRematchCommand(), smSnapshotsCommand(), smDeclaredCommand(),
		}),
		HideHelpCommand: true,
		OnUsageError:    smOnUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("smelters: no command %q (see cmrt smelters --help)", c.Args().First()), exitUsage)
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}

// smUsageErrors makes flag errors exit 2, as usage errors, and hides the
// redundant "help" subcommand of each command.
func smUsageErrors(cmds []*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = smOnUsageError
		c.HideHelpCommand = true
	}
	return cmds
}

func smOnUsageError(c *cli.Context, err error, _ bool) error {
	return cli.Exit(err.Error()+" (see --help)", exitUsage)
}

// smViewFlags choose which state of the lists a read command sees.
func smViewFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "as-of", Usage: "the lists in force on `DATE` (YYYY-MM-DD) instead of today"},
		&cli.Int64Flag{Name: "snapshot", Usage: "the lists as they stood just after snapshot `N` (see smelters snapshots)"},
	}
}

func smFilterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "metal", Usage: "only this `METAL` (gold, tin, tantalum, tungsten, cobalt...)"},
		&cli.StringFlag{Name: "country", Usage: "only this `COUNTRY` (as in the templates: CHINA, KOREA, REPUBLIC OF...)"},
		&cli.StringFlag{Name: "status", Usage: "only this `STATUS`: " + smelters.StatusNames()},
	}
}

func smRefreshCommand() *cli.Command {
	return &cli.Command{
		Name:      "refresh",
		Usage:     "load RMI lists into the database and print what changed",
		ArgsUsage: "FILE...",
		Description: `Each file becomes a snapshot (file name, SHA-256, list date, kind, row counts).
The kind of list and its header row are found from the column headers; the
list date from the sheet name, the file name or the document's own date
(--date overrides). Loading the same file twice changes nothing and says so.
A file that cannot be loaded leaves nothing behind; the other files are
still loaded.

Printed: for each file, what changed in the lists in force — facilities
added, removed or renamed, alias and country changes, and every status
change ("CID002763 8853 S.p.A.: Active → Conformant") — and how many stored
declared rows were re-matched and changed status (in the same transaction).

A list without a date of its own that would change the status of more than
5% of the facilities in force is not put in force: the message says how many
would change and how. Give its date (--date), or confirm with --yes (on a
terminal, cmrt asks). Loading a file already loaded with another --date
re-dates it. "cmrt smelters snapshots drop N" undoes a refresh.

Example:
   cmrt smelters refresh CMRT_Export.xml Conformant.xml "Active Smelters.xml"
   cmrt smelters refresh --kind active --date 2026-08-01 active-list.csv
   cmrt smelters refresh supplier-cmrt.xlsx     # its Smelter Look-up sheet

Exit codes: 0 every file loaded (or already loaded); 1 a file was rejected
(missing columns, unknown kind) or held back (undated, too many changes);
2 a file could not be read; 3 database error.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "kind", Usage: "the kind of list, when it cannot be told from the file: " + smKinds()},
			&cli.StringFlag{Name: "date", Usage: "the list's `DATE` (YYYY-MM-DD), when the file does not carry it; re-dates a file already loaded"},
			&cli.BoolFlag{Name: "yes", Usage: "put an undated list in force even when it changes many statuses"},
			formatFlag(),
		},
		Action: smRefresh,
	}
}

func smListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list the facilities in the lists in force",
		Description: `One row per facility and metal: CID, metal, RMI standard name, country,
RMAP status (as published), last audit, re-audit due ("overdue" when a
conformant facility's re-audit date has passed).

Example:
   cmrt smelters list --metal tin --status conformant
   cmrt smelters list --as-of 2024-12-31 --format csv > smelters-2024.csv`,
		Flags:  append(append(smFilterFlags(), smViewFlags()...), formatFlag()),
		Action: func(c *cli.Context) error { return smList(c, false) },
	}
}

func smSearchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "find facilities by CID or by part of a name or alias",
		ArgsUsage: "TEXT",
		Description: `TEXT is a CID in any spelling ("cid 2763") or part of a standard name or
alias, compared without case, accents, punctuation or corporate forms.

Example:
   cmrt smelters search "perth mint"
   cmrt smelters search zhaojin --metal gold --status conformant`,
		Flags:  append(append(smFilterFlags(), smViewFlags()...), formatFlag()),
		Action: func(c *cli.Context) error { return smList(c, true) },
	}
}

func smShowCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "show everything the lists say about one facility",
		ArgsUsage: "CID",
		Description: `Names and aliases, location, status as published and mapped, audit dates,
the snapshots the data comes from, and RMI's revision history for the CID.

Example:
   cmrt smelters show CID002763
   cmrt smelters show "cid 2763" --as-of 2024-06-30 --format json`,
		Flags:  append(smViewFlags(), formatFlag()),
		Action: smShow,
	}
}

func smMatchCommand() *cli.Command {
	return &cli.Command{
		Name:      "match",
		Usage:     "match a declared smelter name against the lists",
		ArgsUsage: `"DECLARED NAME"`,
		Description: `Stages, in order: a reviewer's mapping (see smelters map), the CID, the
exact alias or standard name within the metal, the normalised name, then a
fuzzy score raised when the country agrees and lowered when it differs. A
fuzzy score below 0.88, or one that does not lead the next facility by 0.04,
is never accepted: it is reported as "needs review" with its candidates.
Disagreements (metal, name or country differing from the list) are printed.

Example:
   cmrt smelters match "Shandong Gold Smelting" --metal gold --country CHINA
   cmrt smelters match "Yunnan Tin" --metal tin --cid "cid 2180" --format json

Exit codes: 0 matched; 1 needs review or no match.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "metal", Usage: "the declared `METAL` (gold, tin...); all metals when omitted"},
			&cli.StringFlag{Name: "country", Usage: "the declared `COUNTRY`"},
			&cli.StringFlag{Name: "cid", Usage: "the declared smelter `ID`"},
		}, append(smViewFlags(), formatFlag())...),
		Action: smMatch,
	}
}

func smMapCommand() *cli.Command {
	return &cli.Command{
		Name:      "map",
		Usage:     "record a reviewer's decision: this declared name, for this metal, is this CID",
		ArgsUsage: `"DECLARED NAME" CID`,
		Description: `The decision is applied before any other matching stage to every later
match of the name (compared after normalisation: "ACME Co., Ltd." and
"acme ltd" are one name) for that metal. A new decision for the same name
and metal replaces the old one, which is kept in the database's history.
The CID must be in the lists in force, unless --force.

Example:
   cmrt smelters map "Yunnan Tin Smelter No. 2" --metal tin CID002180
   cmrt smelters map "ACME Metals" --metal gold --note "confirmed by supplier 2026-03-02" CID002763`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "metal", Usage: "the `METAL` the decision is for (required)"},
			&cli.StringFlag{Name: "note", Usage: "why (kept with the decision)"},
			&cli.BoolFlag{Name: "force", Usage: "accept a CID that is not in the lists in force"},
			formatFlag(),
		},
		Action: smMap,
	}
}

func smSnapshotsCommand() *cli.Command {
	return &cli.Command{
		Name:  "snapshots",
		Usage: "list the lists loaded, oldest first, and which are in force",
		Description: `Example:
   cmrt smelters snapshots
   cmrt smelters list --snapshot 3     # the lists as they stood after snapshot 3`,
		Flags:  []cli.Flag{formatFlag()},
		Action: smSnapshots,
		Subcommands: smUsageErrors([]*cli.Command{{
			Name:      "drop",
			Usage:     "delete a snapshot, undoing the refresh that loaded it",
			ArgsUsage: "N",
			Description: `The lists in force become what they would be without snapshot N; what
changed is printed, and the stored declared rows are re-matched (in the
same transaction). To load the file again later, refresh it.

Example:
   cmrt smelters snapshots                 # find the snapshot's ID
   cmrt smelters snapshots drop 7

Exit codes: 0 dropped; 2 no such snapshot.`,
			Flags:  []cli.Flag{formatFlag()},
			Action: smDrop,
		}}),
	}
}

func smDrop(c *cli.Context) error {
	args, format, err := prepare(c, 1, 1)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return cli.Exit(fmt.Sprintf("snapshots drop: %q is not a snapshot ID", args[0]), exitUsage)
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.DropSnapshot(context.Background(), id)
	if err != nil {
		return smDBError(err)
	}
	if res.Changes == nil {
		res.Changes = []smelters.Change{}
	}
	w := c.App.Writer
	switch format {
	case "json":
		err = writeJSON(w, struct {
			Snapshot smSnapshotJSON      `json:"snapshot"`
			Changes  []smelters.Change   `json:"changes"`
			Rematch  store.RematchResult `json:"rematch"`
		}{smSnapshotOut(res.Snapshot), res.Changes, res.Rematch})
	case "csv":
		t := Table{Header: []string{"snapshot", "change", "cid", "metal", "name", "from", "to"}}
		for _, ch := range res.Changes {
			t.Add(strconv.FormatInt(id, 10), string(ch.Kind), ch.CID, ch.Metal, ch.Name, ch.From, ch.To)
		}
		err = t.Write(w, "csv")
	default:
		printf(w, "dropped snapshot %d (%s list %s)\n", id, string(res.Snapshot.Kind), res.Snapshot.Source)
		if len(res.Changes) == 0 {
			fmt.Fprintln(w, "  no change to the lists in force")
		}
		for _, ch := range res.Changes {
			printf(w, "  %s\n", ch.String())
		}
		smWriteRematch(w, &res.Rematch)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	return nil
}

func smKinds() string {
	var s []string
	for _, k := range smelters.ListKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// smOpenView opens the database and the lists in force in the view that
// --as-of and --snapshot choose. The caller closes the store.
func smOpenView(c *cli.Context) (*store.Store, *store.Current, error) {
	v, err := smView(c)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(c)
	if err != nil {
		return nil, nil, err
	}
	cur, err := st.Current(context.Background(), v)
	if err != nil {
		st.Close()
		return nil, nil, smDBError(err)
	}
	return st, cur, nil
}

func smView(c *cli.Context) (store.View, error) {
	var v store.View
	var err error
	if v.AsOf, err = dateFlag(c, "as-of"); err != nil {
		return v, err
	}
	v.Snapshot = c.Int64("snapshot")
	if v.Snapshot != 0 && !v.AsOf.IsZero() {
		return v, cli.Exit("give --as-of or --snapshot, not both", exitUsage)
	}
	return v, nil
}

func smDBError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return cli.Exit(err.Error(), exitUsage)
	}
	return cli.Exit(err.Error(), exitInternal)
}

// smRefreshReport is one file's entry in `smelters refresh --format json`.
type smRefreshReport struct {
	File string `json:"file"`
	// Sheet is the worksheet the list came from, when the file holds
	// several lists (each gets its own report).
	Sheet         string            `json:"sheet,omitempty"`
	Error         string            `json:"error,omitempty"`
	Kind          smelters.ListKind `json:"kind,omitempty"`
	Snapshot      *smSnapshotJSON   `json:"snapshot,omitempty"`
	AlreadyLoaded bool              `json:"already_loaded"`
	InForce       bool              `json:"in_force"`
	Redated       bool              `json:"redated"`
	Changes       []smelters.Change `json:"changes"`
	// Rematch: the stored declared rows re-matched by this refresh.
	Rematch  *store.RematchResult `json:"rematch"`
	HeldBack *store.HeldBackError `json:"held_back,omitempty"`
	Warnings []string             `json:"warnings,omitempty"`
	// Skipped are the file's sheets that are not lists, with why (on the
	// file's first report).
	Skipped []smelters.SkippedSheet `json:"skipped_sheets,omitempty"`
	code    int
}

// label names the report's list in text output: the file, and the sheet
// when the file holds several lists.
func (r *smRefreshReport) label() string {
	if r.Sheet != "" {
		return r.File + " [" + r.Sheet + "]"
	}
	return r.File
}

func smRefresh(c *cli.Context) error {
	files, format, err := prepare(c, 1, -1)
	if err != nil {
		return err
	}
	var opt smelters.Options
	if k := c.String("kind"); k != "" {
		kind, ok := smelters.ParseListKind(strings.ToLower(k))
		if !ok {
			return cli.Exit(fmt.Sprintf("--kind %q: want one of %s", k, smKinds()), exitUsage)
		}
		opt.Kind = kind
	}
	if opt.ListDate, err = dateFlag(c, "date"); err != nil {
		return err
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var reports []smRefreshReport
	code := exitOK
	ropt := store.RefreshOptions{Confirm: c.Bool("yes")}
	ask := smAsker(c, format)
	for _, f := range files {
		for _, r := range smRefreshFile(ctx, st, f, opt, ropt, ask) {
			code = max(code, r.code)
			reports = append(reports, r)
		}
	}
	w := c.App.Writer
	switch format {
	case "json":
		err = writeJSON(w, reports)
	case "csv":
		t := Table{Header: []string{"file", "snapshot", "already_loaded", "change", "cid", "metal", "name", "from", "to", "error"}}
		for _, r := range reports {
			id := ""
			if r.Snapshot != nil {
				id = strconv.FormatInt(r.Snapshot.ID, 10)
			}
			if r.Error != "" || len(r.Changes) == 0 {
				t.Add(r.File, id, strconv.FormatBool(r.AlreadyLoaded), "", "", "", "", "", "", r.Error)
			}
			for _, ch := range r.Changes {
				t.Add(r.File, id, strconv.FormatBool(r.AlreadyLoaded), string(ch.Kind), ch.CID, ch.Metal, ch.Name, ch.From, ch.To, "")
			}
		}
		err = t.Write(w, "csv")
	default:
		for _, r := range reports {
			smWriteRefreshText(w, c.App.ErrWriter, r)
		}
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	return cli.Exit("", code)
}

// smAsker returns the question asked before an undated list that changes
// many statuses is put in force, or nil when nobody can answer (no
// terminal, or a machine-readable format).
func smAsker(c *cli.Context, format string) func(msg string) bool {
	if format != "table" || !isTerminal(os.Stdin) || !isTerminal(os.Stderr) {
		return nil
	}
	return func(msg string) bool {
		printf(c.App.ErrWriter, "%s\nPut it in force anyway? [y/N] ", msg)
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		a := strings.ToLower(strings.TrimSpace(line))
		return a == "y" || a == "yes"
	}
}

// smRefreshFile loads every list a file holds (one per recognised sheet)
// in one transaction and gives one report per list.
func smRefreshFile(ctx context.Context, st *store.Store, path string, opt smelters.Options, ropt store.RefreshOptions, ask func(string) bool) []smRefreshReport {
	r := smRefreshReport{File: path, Changes: []smelters.Change{}}
	loaded, err := smelters.LoadFileAll(path, opt)
	if err != nil {
		r.Error = err.Error()
		var mc *smelters.MissingColumnsError
		switch {
		case errors.As(err, &mc), errors.Is(err, smelters.ErrUnknownKind), errors.Is(err, smelters.ErrNoHeader),
			errors.Is(err, smelters.ErrEmptyList), errors.Is(err, smelters.ErrImplausibleLookup):
			r.code = exitProblems // read, but not a list we can take
		default:
			r.code = exitUsage // unreadable
		}
		return []smRefreshReport{r}
	}
	all, err := st.RefreshLists(ctx, loaded.Lists, ropt)
	var hb *store.HeldBackError
	if errors.As(err, &hb) && ask != nil && ask(hb.Error()) {
		ropt.Confirm = true
		all, err = st.RefreshLists(ctx, loaded.Lists, ropt)
	}
	switch {
	case errors.As(err, &hb):
		r.Error, r.HeldBack, r.code = path+": "+hb.Error(), hb, exitProblems
		return []smRefreshReport{r}
	case err != nil:
		r.Error, r.code = err.Error(), exitInternal
		return []smRefreshReport{r}
	}
	reports := make([]smRefreshReport, len(all.Lists))
	for i, res := range all.Lists {
		l := loaded.Lists[i]
		r := smRefreshReport{File: path, Kind: l.Kind, Warnings: l.Warnings, Changes: []smelters.Change{}}
		if len(loaded.Lists) > 1 {
			r.Sheet = l.Sheet
		}
		out := smSnapshotOut(res.Snapshot)
		r.Snapshot, r.AlreadyLoaded, r.InForce, r.Redated = &out, res.AlreadyLoaded, res.InForce, res.Redated
		if res.Changes != nil {
			r.Changes = res.Changes
		}
		reports[i] = r
	}
	// The file's lists are stored and re-matched together: one re-match.
	reports[0].Rematch, reports[0].Skipped = &all.Rematch, loaded.Skipped
	return reports
}

func smWriteRefreshText(w, errw io.Writer, r smRefreshReport) {
	if r.Error != "" {
		printf(errw, "cmrt: %s\n", r.Error)
		return
	}
	for _, sk := range r.Skipped {
		printf(w, "%s: sheet %q skipped: %s\n", r.File, sk.Sheet, sk.Reason)
	}
	s := &r.Snapshot.Snapshot
	if r.AlreadyLoaded && !r.Redated {
		printf(w, "%s: already loaded as snapshot %d on %s (same SHA-256); nothing changed\n",
			r.label(), s.ID, s.LoadedAt.Local().Format("2006-01-02 15:04"))
		return
	}
	date := "no list date (ordered by the day loaded)"
	if !s.ListDate.IsZero() {
		date = "list date " + s.ListDate.Format("2006-01-02") + " (" + s.DateSource + ")"
	}
	if r.Redated {
		printf(w, "%s: already loaded as snapshot %d; re-dated: %s\n", r.label(), s.ID, date)
	} else {
		var metals []string
		for _, m := range s.Metals() {
			metals = append(metals, fmt.Sprintf("%s %d", m, s.RowsByMetal[m]))
		}
		printf(w, "%s: snapshot %d, %s list, %s; %d rows (%s), %d facilities, %d aliases",
			r.label(), s.ID, string(s.Kind), date, s.Rows, strings.Join(metals, ", "), s.Facilities, s.Aliases)
		if s.Revisions > 0 {
			fmt.Fprintf(w, ", %d revisions", s.Revisions)
		}
		fmt.Fprintln(w)
	}
	for _, wn := range r.Warnings {
		printf(errw, "cmrt: %s: warning: %s\n", r.label(), wn)
	}
	defer smWriteRematch(w, r.Rematch)
	switch {
	case !r.InForce:
		fmt.Fprintln(w, "  older than the lists already loaded for the same metals or kind: nothing in force changed")
		return
	case len(r.Changes) == 0:
		fmt.Fprintln(w, "  no change to the lists in force")
		return
	}
	counts := map[smelters.ChangeKind]int{}
	for _, ch := range r.Changes {
		counts[ch.Kind]++
	}
	var parts []string
	for _, k := range []smelters.ChangeKind{smelters.ChangeAdded, smelters.ChangeRemoved, smelters.ChangeRenamed,
		smelters.ChangeStatus, smelters.ChangeCountry, smelters.ChangeAliases} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	fmt.Fprintf(w, "  changes: %s\n", strings.Join(parts, ", "))
	for _, ch := range r.Changes {
		printf(w, "  %s\n", ch.String()) // names come from the file: cleaned
	}
}

// smWriteRematch says what re-matching the stored declared rows did.
func smWriteRematch(w io.Writer, r *store.RematchResult) {
	if r == nil || r.Rows == 0 {
		return
	}
	fmt.Fprintf(w, "  stored declared rows re-matched: %d; %d changed match, %d changed status\n", r.Rows, r.MatchChanged, r.StatusChanged)
}

// smFacilityJSON is a facility in JSON output: dates as YYYY-MM-DD (these
// fields shadow the embedded ones) and the derived overdue flag.
type smFacilityJSON struct {
	smelters.Facility
	Status         smelters.Status       `json:"status"`
	LastAudit      string                `json:"last_audit,omitempty"`
	ReauditDue     string                `json:"reaudit_due,omitempty"`
	ReauditOverdue bool                  `json:"reaudit_overdue"`
	Reaudit        smelters.ReauditState `json:"reaudit"`
	Removal        *smRemovalJSON        `json:"removal"`
}

// smRemovalJSON is a removal in JSON output, its date as YYYY-MM-DD.
type smRemovalJSON struct {
	smelters.Removal
	Date string `json:"date"`
}

func smFacilityOut(f smelters.Facility, now time.Time) smFacilityJSON {
	out := smFacilityJSON{Facility: f, Status: f.EffectiveStatus(), LastAudit: smDate(f.LastAudit), ReauditDue: smDate(f.ReauditDue),
		ReauditOverdue: f.ReauditOverdue(now), Reaudit: f.Reaudit(now)}
	if f.Removal != nil {
		out.Removal = &smRemovalJSON{Removal: *f.Removal, Date: smDate(f.Removal.Date)}
	}
	return out
}

// smReauditLabel is the re-audit due date with its state for people:
// "2026-03-01 (overdue)", "2026-03-01 (re-audit in progress)".
func smReauditLabel(f *smelters.Facility, now time.Time) string {
	due := smDate(f.ReauditDue)
	switch f.Reaudit(now) {
	case smelters.ReauditStateOverdue:
		return strings.TrimSpace(due + " (overdue)")
	case smelters.ReauditStateInProgress:
		return strings.TrimSpace(due + " (re-audit in progress)")
	}
	return due
}

// smRemovalLabel says when and why RMI removed a facility, and what it
// points to instead.
func smRemovalLabel(r *smelters.Removal) string {
	if r == nil {
		return ""
	}
	s := "removed " + smDate(r.Date)
	if r.Reason != "" {
		s += ": " + r.Reason
	}
	if len(r.Successors) > 0 && !strings.Contains(r.Reason, r.Successors[0]) {
		s += " (see " + strings.Join(r.Successors, ", ") + ")"
	}
	return s
}

// smRevisionJSON is a revision in JSON output, dates as YYYY-MM-DD.
type smRevisionJSON struct {
	smelters.Revision
	RevisionDate string `json:"revision_date,omitempty"`
	AddedDate    string `json:"added_date,omitempty"`
}

// smSnapshotJSON is a snapshot in JSON output, dates as YYYY-MM-DD.
type smSnapshotJSON struct {
	store.Snapshot
	ListDate  string `json:"list_date,omitempty"`
	Effective string `json:"effective_date"`
}

func smSnapshotOut(s store.Snapshot) smSnapshotJSON {
	return smSnapshotJSON{Snapshot: s, ListDate: smDate(s.ListDate), Effective: smDate(s.Effective)}
}

func smList(c *cli.Context, search bool) error {
	n := 0
	if search {
		n = 1
	}
	args, format, err := prepare(c, n, n)
	if err != nil {
		return err
	}
	q := smelters.Filter{Metal: c.String("metal"), Country: c.String("country")}
	if search {
		q.Text = args[0]
	}
	if s := c.String("status"); s != "" {
		st, ok := smelters.ParseStatusName(s)
		if !ok {
			return cli.Exit(fmt.Sprintf("--status %q: want one of %s", s, smelters.StatusNames()), exitUsage)
		}
		q.Status = st
	}
	st, cur, err := smOpenView(c)
	if err != nil {
		return err
	}
	defer st.Close()
	inForce := smWarnView(c, cur)
	found := smelters.Search(cur.Facilities, q)
	now := smNow(st, cur)
	switch format {
	case "json":
		out := make([]smFacilityJSON, 0, len(found))
		for _, f := range found {
			out = append(out, smFacilityOut(f, now))
		}
		err = writeJSON(c.App.Writer, out)
	case "csv":
		t := Table{Header: []string{"cid", "metal", "name", "country", "state", "city", "status", "status_text",
			"last_audit", "audit_cycle", "reaudit_due", "reaudit_overdue", "reaudit_in_progress", "reaudit", "removed_on",
			"removed_reason", "successors", "non_rmi", "aliases"}}
		for _, f := range found {
			var rmOn, rmWhy, succ string
			if f.Removal != nil {
				rmOn, rmWhy, succ = smDate(f.Removal.Date), f.Removal.Reason, strings.Join(f.Removal.Successors, " ")
			}
			t.Add(f.CID, f.Metal, f.Name, f.Country, f.State, f.City, string(f.EffectiveStatus()), f.StatusText,
				smDate(f.LastAudit), f.AuditCycle, smDate(f.ReauditDue), strconv.FormatBool(f.ReauditOverdue(now)),
				strconv.FormatBool(f.ReauditInProgress), string(f.Reaudit(now)), rmOn, rmWhy, succ,
				strconv.FormatBool(f.NonRMI), strings.Join(f.Aliases, "; "))
		}
		err = t.Write(c.App.Writer, "csv")
	default:
		t := Table{Header: []string{"CID", "METAL", "NAME", "COUNTRY", "STATUS", "LAST AUDIT", "REAUDIT DUE"}}
		for _, f := range found {
			status := f.StatusLabel()
			if f.Removal != nil {
				status += " " + smDate(f.Removal.Date)
			}
			t.Add(f.CID, f.Metal, f.Name, f.Country, status, smDate(f.LastAudit), smReauditLabel(&f, now))
		}
		if !inForce {
			return nil // said on stderr; "0 of 0 facilities" would read as if RMI listed none
		}
		if err = t.Write(c.App.Writer, "table"); err == nil {
			fmt.Fprintf(c.App.ErrWriter, "%d of %d facilities\n", len(found), len(cur.Facilities))
		}
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	return nil
}

// smWarnView tells the user, on stderr, when the view cannot say much. It
// returns false when no list is in force at all: a table of nothing would
// read as "0 of 0 facilities", as if RMI listed none.
func smWarnView(c *cli.Context, cur *store.Current) bool {
	switch {
	case len(cur.InForce) == 0 && !cur.Day.IsZero():
		fmt.Fprintf(c.App.ErrWriter, "cmrt: no smelter list was in force on %s (see cmrt smelters snapshots; load RMI's lists with cmrt smelters refresh FILE)\n", smDate(cur.Day))
		return false
	case len(cur.InForce) == 0:
		fmt.Fprintln(c.App.ErrWriter, "cmrt: no smelter list loaded; load one with: cmrt smelters refresh FILE")
		return false
	case !cur.HasStatusLists():
		fmt.Fprintln(c.App.ErrWriter, "cmrt: no Conformant or Active list in force: every facility shows as not-participating")
	}
	return true
}

// smNow is the day re-audits are judged on: the view's day, else today.
func smNow(st *store.Store, cur *store.Current) time.Time {
	if !cur.Day.IsZero() {
		return cur.Day
	}
	return st.Now()
}

func smDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func smShow(c *cli.Context) error {
	args, format, err := prepare(c, 1, 1)
	if err != nil {
		return err
	}
	st, cur, err := smOpenView(c)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	cid, _ := smelters.NormalizeCID(args[0])
	var found []smelters.Facility
	for _, f := range cur.Facilities {
		if f.CID == cid {
			found = append(found, f)
		}
	}
	revs, err := st.Revisions(ctx, cid)
	if err != nil {
		return smDBError(err)
	}
	snaps := map[int64]store.Snapshot{}
	for _, s := range cur.InForce {
		snaps[s.ID] = s
	}
	now := smNow(st, cur)
	switch format {
	case "json":
		out := struct {
			CID        string           `json:"cid"`
			Facilities []smFacilityJSON `json:"facilities"`
			Revisions  []smRevisionJSON `json:"revisions"`
		}{CID: cid, Facilities: []smFacilityJSON{}, Revisions: []smRevisionJSON{}}
		for _, f := range found {
			out.Facilities = append(out.Facilities, smFacilityOut(f, now))
		}
		for _, r := range revs {
			out.Revisions = append(out.Revisions, smRevisionJSON{r, smDate(r.RevisionDate), smDate(r.AddedDate)})
		}
		err = writeJSON(c.App.Writer, out)
	default:
		t := Table{Header: []string{"FIELD", "VALUE"}}
		for _, f := range found {
			t.Add("cid", f.CID)
			if f.NonRMI {
				t.Add("note", "not an RMI identifier")
			}
			t.Add("metal", f.Metal)
			t.Add("name", f.Name)
			for _, a := range f.Aliases {
				if a != f.Name {
					t.Add("alias", a)
				}
			}
			t.Add("country", f.Country)
			if f.State != "" || f.City != "" || f.Street != "" {
				t.Add("location", strings.Join(smNonEmpty(f.Street, f.City, f.State), ", "))
			}
			switch {
			case f.Removal != nil:
				t.Add("status", string(smelters.StatusRemoved))
				t.Add("removed", smRemovalLabel(f.Removal))
				if f.Removal.StatusListSays != "" {
					t.Add("status list still says", f.Removal.StatusListSays+" (stale: RMI's lists are not one snapshot)")
				}
			case f.StatusText != "" && !strings.EqualFold(f.StatusText, string(f.Status)):
				t.Add("status", fmt.Sprintf("%s (%s)", f.StatusText, f.Status))
			default:
				t.Add("status", f.StatusLabel())
			}
			if !f.LastAudit.IsZero() {
				t.Add("last audit", smDate(f.LastAudit))
			}
			if f.AuditCycle != "" {
				t.Add("audit cycle", f.AuditCycle)
			}
			if !f.ReauditDue.IsZero() {
				t.Add("re-audit due", smReauditLabel(&f, now))
			}
			if f.ReauditInProgress {
				t.Add("re-audit in progress", "yes")
			}
			for k, val := range f.Extra {
				t.Add(k, val)
			}
			if s, ok := snaps[f.SnapshotID]; ok {
				t.Add("names from", fmt.Sprintf("snapshot %d, %s (%s list)", s.ID, s.Source, s.Kind))
			}
			if s, ok := snaps[f.StatusSnapshotID]; ok {
				t.Add("status from", fmt.Sprintf("snapshot %d, %s (%s list)", s.ID, s.Source, s.Kind))
			}
		}
		for _, r := range revs {
			t.Add("revision "+smDate(r.RevisionDate), strings.Join(smNonEmpty(r.Basis, r.Details, r.Name), ": "))
		}
		if format == "csv" {
			t.Header = []string{"field", "value"}
		}
		err = t.Write(c.App.Writer, format)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if len(found) == 0 {
		return cli.Exit(fmt.Sprintf("%s is not in the lists in force (status %s)", cid, smelters.StatusUnknown), exitProblems)
	}
	return nil
}

func smNonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func smMatch(c *cli.Context) error {
	args, format, err := prepare(c, 0, 1)
	if err != nil {
		return err
	}
	d := smelters.Declared{Metal: c.String("metal"), Country: c.String("country"), CID: c.String("cid")}
	if len(args) == 1 {
		d.Name = args[0]
	}
	if d.Name == "" && d.CID == "" {
		return cli.Exit(`smelters match: give a declared name, or --cid (see --help)`, exitUsage)
	}
	st, cur, err := smOpenView(c)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if len(cur.InForce) == 0 {
		smWarnView(c, cur)
	}
	maps, err := st.Mappings(ctx)
	if err != nil {
		return smDBError(err)
	}
	r := smelters.NewMatcher(cur.Facilities, maps).Match(d)
	w := c.App.Writer
	switch format {
	case "json":
		if r.Candidates == nil {
			r.Candidates = []smelters.Candidate{}
		}
		err = writeJSON(w, struct {
			Declared smelters.Declared `json:"declared"`
			smelters.Result
		}{d, r})
	case "csv":
		t := Table{Header: []string{"result", "rank", "cid", "metal", "name", "alias", "country", "rmap_status", "score", "stage", "reason", "disagreements"}}
		var dis []string
		for _, x := range r.Disagreements {
			dis = append(dis, x.String())
		}
		for i, cd := range r.Candidates {
			t.Add(string(r.Status), strconv.Itoa(i+1), cd.CID, cd.Metal, cd.Name, cd.Alias, cd.Country, string(cd.Status),
				strconv.FormatFloat(cd.Score, 'f', 2, 64), string(cd.Stage), cd.Reason, strings.Join(dis, "; "))
		}
		if len(r.Candidates) == 0 {
			t.Add(string(r.Status), "", "", "", "", "", "", "", "", string(r.Stage), r.Reason, strings.Join(dis, "; "))
		}
		err = t.Write(w, "csv")
	default:
		switch r.Status {
		case smelters.Matched:
			printf(w, "matched: %s %s (%s, %s) — %s\n", r.CID, r.Name, r.Metal, r.Country, r.Reason)
			if f := cur.Lookup(r.CID, r.Metal); f != nil {
				status := f.StatusLabel()
				if f.Removal != nil {
					status = smRemovalLabel(f.Removal)
				}
				printf(w, "status: %s\n", status)
			}
		case smelters.NeedsReview:
			printf(w, "needs review: %s\n", r.Reason)
		default:
			printf(w, "no match: %s\n", r.Reason)
		}
		for _, x := range r.Disagreements {
			printf(w, "disagreement: %s\n", x)
		}
		for _, n := range r.Notes {
			printf(w, "note: %s\n", n)
		}
		if len(r.Candidates) > 0 {
			t := Table{Header: []string{"#", "CID", "METAL", "NAME", "MATCHED NAME", "COUNTRY", "STATUS", "SCORE", "REASON"}}
			for i, cd := range r.Candidates {
				t.Add(strconv.Itoa(i+1), cd.CID, cd.Metal, cd.Name, cd.Alias, cd.Country, string(cd.Status),
					strconv.FormatFloat(cd.Score, 'f', 2, 64), cd.Reason)
			}
			err = t.Write(w, "table")
		}
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if r.Status != smelters.Matched {
		return cli.Exit("", exitProblems)
	}
	return nil
}

func smMap(c *cli.Context) error {
	args, format, err := prepare(c, 2, 2)
	if err != nil {
		return err
	}
	name, rawCID := args[0], args[1]
	metal := smelters.NormalizeMetal(c.String("metal"))
	if metal == "" {
		return cli.Exit("smelters map: --metal is required: a decision holds for one metal", exitUsage)
	}
	cid, kind := smelters.NormalizeCID(rawCID)
	if kind == smelters.CIDNone {
		return cli.Exit("smelters map: give the CID the name stands for", exitUsage)
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	facs, err := st.Facilities(ctx, store.View{})
	if err != nil {
		return smDBError(err)
	}
	var target *smelters.Facility
	for i := range facs {
		if facs[i].CID == cid && (target == nil || smelters.SameMetal(facs[i].Metal, metal)) {
			target = &facs[i]
		}
	}
	if target == nil && !c.Bool("force") {
		return cli.Exit(fmt.Sprintf("smelters map: %s is not in the lists in force; check it with cmrt smelters search, or use --force", cid), exitUsage)
	}
	if target != nil && !smelters.SameMetal(target.Metal, metal) && target.Metal != smelters.MetalMultiple {
		printf(c.App.ErrWriter, "cmrt: warning: %s is listed under %s, not %s; matches will record the disagreement\n", cid, target.Metal, metal)
	}
	res, err := st.Map(ctx, smelters.Mapping{Name: name, Metal: metal, CID: cid}, c.String("note"))
	if err != nil {
		return smDBError(err)
	}
	m, replaced := res.Mapping, res.Replaced
	w := c.App.Writer
	switch format {
	case "json":
		err = writeJSON(w, struct {
			Mapping  smelters.Mapping    `json:"mapping"`
			Replaced *smelters.Mapping   `json:"replaced,omitempty"`
			Note     string              `json:"note,omitempty"`
			Rematch  store.RematchResult `json:"rematch"`
		}{m, replaced, c.String("note"), res.Rematch})
	case "csv":
		t := Table{Header: []string{"name", "metal", "cid", "replaced_cid", "rows_rematched", "rows_changed_match", "rows_changed_status"}}
		old := ""
		if replaced != nil {
			old = replaced.CID
		}
		t.Add(name, metal, cid, old, strconv.Itoa(res.Rematch.Rows), strconv.Itoa(res.Rematch.MatchChanged), strconv.Itoa(res.Rematch.StatusChanged))
		err = t.Write(w, "csv")
	default:
		what := cid
		if target != nil {
			what += " " + target.Name
		}
		printf(w, "mapped %q (%s) → %s\n", name, metal, what)
		if replaced != nil {
			printf(w, "replaces the decision of %s: %q → %s\n", replaced.CreatedAt.Local().Format("2006-01-02"), replaced.Name, replaced.CID)
		}
		smWriteRematch(w, &res.Rematch)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	return nil
}

func smUnmapCommand() *cli.Command {
	return &cli.Command{
		Name:      "unmap",
		Usage:     "withdraw a reviewer's decision for a declared name and metal",
		ArgsUsage: `"DECLARED NAME"`,
		Description: `The decision stays in the database's history; stored declared rows are
re-matched without it (in the same transaction) and the command says how
many changed.

Example:
   cmrt smelters unmap "Yunnan Tin Smelter No. 2" --metal tin

Exit codes: 0 withdrawn; 2 no decision for that name and metal.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "metal", Usage: "the `METAL` the decision is for (required)"},
			formatFlag(),
		},
		Action: func(c *cli.Context) error {
			args, format, err := prepare(c, 1, 1)
			if err != nil {
				return err
			}
			metal := smelters.NormalizeMetal(c.String("metal"))
			if metal == "" {
				return cli.Exit("smelters unmap: --metal is required: a decision holds for one metal", exitUsage)
			}
			st, err := openStore(c)
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := st.Unmap(context.Background(), args[0], metal)
			if err != nil {
				return smDBError(err)
			}
			w := c.App.Writer
			switch format {
			case "json":
				err = writeJSON(w, struct {
					Withdrawn *smelters.Mapping   `json:"withdrawn"`
					Rematch   store.RematchResult `json:"rematch"`
				}{res.Replaced, res.Rematch})
			case "csv":
				t := Table{Header: []string{"name", "metal", "withdrawn_cid", "rows_rematched", "rows_changed_match", "rows_changed_status"}}
				t.Add(res.Replaced.Name, res.Replaced.Metal, res.Replaced.CID, strconv.Itoa(res.Rematch.Rows),
					strconv.Itoa(res.Rematch.MatchChanged), strconv.Itoa(res.Rematch.StatusChanged))
				err = t.Write(w, "csv")
			default:
				printf(w, "withdrew %q (%s) → %s\n", res.Replaced.Name, res.Replaced.Metal, res.Replaced.CID)
				smWriteRematch(w, &res.Rematch)
			}
			if err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			return nil
		},
	}
}

func smRematchCommand() *cli.Command {
	return &cli.Command{
		Name:  "rematch",
		Usage: "re-match every stored declared smelter row against the lists in force",
		Description: `Refresh, map, unmap and snapshots drop re-match the stored rows themselves;
rematch does it on demand (for example after upgrading cmrt). One
transaction. A row keeps the CID its supplier declared, matched or not.

Example:
   cmrt smelters rematch
   cmrt smelters rematch --format json`,
		Flags: []cli.Flag{formatFlag()},
		Action: func(c *cli.Context) error {
			_, format, err := prepare(c, 0, 0)
			if err != nil {
				return err
			}
			st, err := openStore(c)
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := st.Rematch(context.Background())
			if err != nil {
				return smDBError(err)
			}
			w := c.App.Writer
			switch format {
			case "json":
				err = writeJSON(w, res)
			case "csv":
				t := Table{Header: []string{"rows", "changed_match", "changed_status"}}
				t.Add(strconv.Itoa(res.Rows), strconv.Itoa(res.MatchChanged), strconv.Itoa(res.StatusChanged))
				err = t.Write(w, "csv")
			default:
				fmt.Fprintf(w, "re-matched %d stored declared rows: %d changed match, %d changed status\n", res.Rows, res.MatchChanged, res.StatusChanged)
			}
			if err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			return nil
		},
	}
}

func smSnapshots(c *cli.Context) error {
	_, format, err := prepare(c, 0, 0)
	if err != nil {
		return err
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	all, err := st.Snapshots(ctx)
	if err != nil {
		return smDBError(err)
	}
	cur, err := st.Current(ctx, store.View{})
	if err != nil {
		return smDBError(err)
	}
	inForce := map[int64]bool{}
	for _, s := range cur.InForce {
		inForce[s.ID] = true
	}
	if format == "json" {
		type snapJSON struct {
			smSnapshotJSON
			InForce bool `json:"in_force"`
		}
		out := []snapJSON{}
		for _, s := range all {
			out = append(out, snapJSON{smSnapshotOut(s), inForce[s.ID]})
		}
		if err := writeJSON(c.App.Writer, out); err != nil {
			return cli.Exit(err.Error(), exitInternal)
		}
		return nil
	}
	t := Table{Header: []string{"ID", "KIND", "LIST DATE", "LOADED", "SOURCE", "ROWS", "FACILITIES", "ALIASES", "METALS", "IN FORCE", "SHA-256"}}
	for _, s := range all {
		yes := "no"
		if inForce[s.ID] {
			yes = "yes"
		}
		t.Add(strconv.FormatInt(s.ID, 10), string(s.Kind), smDate(s.ListDate), s.LoadedAt.Local().Format("2006-01-02 15:04"),
			s.Source, strconv.Itoa(s.Rows), strconv.Itoa(s.Facilities), strconv.Itoa(s.Aliases),
			strings.Join(s.Metals(), " "), yes, s.SHA256[:12])
	}
	if format == "csv" {
		t.Header = []string{"id", "kind", "list_date", "loaded_at", "source", "rows", "facilities", "aliases", "metals", "in_force", "sha256"}
		for i, s := range all {
			t.Rows[i][3] = s.LoadedAt.UTC().Format(time.RFC3339)
			t.Rows[i][10] = s.SHA256
		}
	}
	if err := t.Write(c.App.Writer, format); err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	return nil
}

// smDeclaredCommand lists the smelters the current declarations name, with
// how many suppliers name each and what RMI says about each on a date.
func smDeclaredCommand() *cli.Command {
	return &cli.Command{
		Name:  "declared",
		Usage: "smelters named in the current declarations, by how many suppliers, with their RMI status",
		Description: `Groups the Smelter List rows of every current (not superseded) declaration
by the facility they matched; unmatched rows are grouped by declared CID and
name. Each row shows RMI's standard name, the status on the --as-of date
(default today): conformant, active, non-conformant (with RMI's published
text), removed (with date and reason), not-participating or unknown; and
the re-audit state of conformant facilities (due, in progress, overdue).
--status filters on that status or on the match (matched, needs_review,
no_match).

Example:
   cmrt smelters declared --metal gold
   cmrt smelters declared --status removed --as-of 2026-06-30
   cmrt smelters declared --supplier "Acme Ltd" --status unknown
   cmrt smelters declared --status needs_review --format csv > review.csv`,
		Flags: []cli.Flag{
			formatFlag(),
			&cli.StringFlag{Name: "metal", Usage: "only this `METAL` as declared (multiple: RMI's facilities listed under several metals)"},
			&cli.StringFlag{Name: "status", Usage: "only this `STATUS`: " + smelters.StatusNames() + ", or a match (matched, needs_review, no_match)"},
			&cli.IntFlag{Name: "period", Usage: "only declarations of this reporting `YEAR`"},
			&cli.StringFlag{Name: "supplier", Usage: "only this supplier (`ID or name`)"},
			&cli.StringFlag{Name: "as-of", Usage: "statuses on `DATE` (YYYY-MM-DD); default today"},
		},
		Action: storeAction(0, 0, func(c *cli.Context, st *store.Store, _ []string, format string) error {
			f := store.DeclaredFilter{Metal: c.String("metal"), Period: c.Int("period")}
			if s := c.String("status"); s != "" {
				match := strings.ReplaceAll(strings.ToLower(s), "-", "_")
				if rmap, ok := smelters.ParseStatusName(s); ok {
					f.RMAPStatus = rmap
				} else if match == "matched" || match == "needs_review" || match == "no_match" {
					f.MatchStatus = match
				} else {
					return cli.Exit(fmt.Sprintf("--status %q: want one of %s, matched, needs_review or no_match", s, smelters.StatusNames()), exitUsage)
				}
			}
			asOf, err := smAsOf(c, st)
			if err != nil {
				return err
			}
			f.AsOf = asOf
			if ref := c.String("supplier"); ref != "" {
				s, err := st.FindSupplier(c.Context, ref)
				if err != nil {
					return storeExit(err)
				}
				f.SupplierID = s.ID
			}
			list, err := st.DeclaredSmelters(c.Context, f)
			if err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			cur, err := st.Current(c.Context, store.View{AsOf: asOf})
			if err != nil {
				return smDBError(err)
			}
			smWarnView(c, cur) // without lists every row would read "unknown"
			switch format {
			case "json":
				return writeJSON(c.App.Writer, nonNil(list))
			case "csv":
				t := Table{Header: []string{"metal", "cid", "declared_cid", "name", "country", "match_status", "standard_name", "facility_metal",
					"rmap_status", "status_text", "removed_on", "removed_reason", "successors", "reaudit_due", "reaudit", "suppliers", "rows"}}
				for _, s := range list {
					t.Add(s.Metal, s.CID, s.DeclaredCID, s.Name, s.Country, s.MatchStatus, s.StandardName, s.FacilityMetal,
						string(s.RMAPStatus), s.StatusText, s.RemovedOn, s.RemovedReason, strings.Join(s.Successors, " "),
						s.ReauditDue, string(s.Reaudit), strconv.Itoa(s.Suppliers), strconv.Itoa(s.Rows))
				}
				return t.Write(c.App.Writer, "csv")
			}
			t := Table{Header: []string{"METAL", "CID", "DECLARED NAME", "RMI STANDARD NAME", "MATCH", "STATUS", "REMOVED", "RE-AUDIT", "SUPPLIERS", "ROWS"}}
			for _, s := range list {
				t.Add(s.Metal, smDeclaredCID(s), s.Name, smStandardName(s.FacilityStatus, s.Metal), s.MatchStatus, smStatusLabel(s.FacilityStatus),
					smRemovedLabel(s.FacilityStatus), smReauditCell(s.FacilityStatus), strconv.Itoa(s.Suppliers), strconv.Itoa(s.Rows))
			}
			if err := t.Write(c.App.Writer, "table"); err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "statuses as of %s\n", smDate(asOf))
			return nil
		}),
	}
}

// smAsOf reads --as-of, default today (the store's clock).
func smAsOf(c *cli.Context, st *store.Store) (time.Time, error) {
	if t, err := dateFlag(c, "as-of"); err != nil || !t.IsZero() {
		return t, err
	}
	y, m, d := st.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// smDeclaredCID is the matched CID, or the declared one marked as such.
func smDeclaredCID(s store.DeclaredSmelter) string {
	if s.CID != "" || s.DeclaredCID == "" {
		return s.CID
	}
	return s.DeclaredCID + " (declared)"
}

// smStandardName is RMI's name, with the facility's metal when RMI lists
// it under another (its "Multiple").
func smStandardName(fs store.FacilityStatus, declaredMetal string) string {
	if fs.StandardName != "" && fs.FacilityMetal != "" && !smelters.SameMetal(fs.FacilityMetal, declaredMetal) {
		return fs.StandardName + " [" + fs.FacilityMetal + "]"
	}
	return fs.StandardName
}

// smStatusLabel is the status with RMI's published text when it says more
// ("non-conformant (Outreach Required)").
func smStatusLabel(fs store.FacilityStatus) string {
	if fs.RMAPStatus == smelters.StatusNonConformant && fs.StatusText != "" && !strings.EqualFold(fs.StatusText, string(fs.RMAPStatus)) {
		return string(fs.RMAPStatus) + " (" + fs.StatusText + ")"
	}
	return string(fs.RMAPStatus)
}

func smRemovedLabel(fs store.FacilityStatus) string {
	if fs.RemovedOn == "" {
		return ""
	}
	s := strings.TrimSpace(fs.RemovedOn + " " + fs.RemovedReason)
	if len(fs.Successors) > 0 && !strings.Contains(fs.RemovedReason, fs.Successors[0]) {
		s += " (see " + strings.Join(fs.Successors, ", ") + ")"
	}
	return s
}

func smReauditCell(fs store.FacilityStatus) string {
	switch fs.Reaudit {
	case smelters.ReauditStateOverdue:
		return "overdue since " + fs.ReauditDue
	case smelters.ReauditStateInProgress:
		return "in progress"
	case smelters.ReauditStateDue:
		return "due " + fs.ReauditDue
	}
	return ""
}

// smelterRowsTable is a declaration's smelter rows with their matches and
// what RMI says about each matched facility (declarations show).
func smelterRowsTable(rows []store.DeclaredRow, format string) *Table {
	if format == "csv" {
		t := &Table{Header: []string{"row", "metal", "name", "country", "cid", "match_status", "match_cid", "match_score", "match_reason",
			"standard_name", "facility_metal", "rmap_status", "status_text", "removed_on", "removed_reason", "successors", "reaudit_due", "reaudit"}}
		for _, s := range rows {
			t.Add(strconv.Itoa(s.Row), s.Metal, s.Name, s.Country, s.CID, s.MatchStatus, s.MatchCID, strconv.FormatFloat(s.MatchScore, 'f', 2, 64),
				s.MatchReason, s.StandardName, s.FacilityMetal, string(s.RMAPStatus), s.StatusText, s.RemovedOn, s.RemovedReason,
				strings.Join(s.Successors, " "), s.ReauditDue, string(s.Reaudit))
		}
		return t
	}
	t := &Table{Header: []string{"ROW", "METAL", "NAME", "COUNTRY", "CID", "MATCH", "RMI STANDARD NAME", "STATUS", "REMOVED", "RE-AUDIT", "REASON"}}
	for _, s := range rows {
		t.Add(strconv.Itoa(s.Row), s.Metal, s.Name, s.Country, s.CID, s.MatchStatus+" "+s.MatchCID, smStandardName(s.FacilityStatus, s.Metal),
			smStatusLabel(s.FacilityStatus), smRemovedLabel(s.FacilityStatus), smReauditCell(s.FacilityStatus), s.MatchReason)
	}
	return t
}

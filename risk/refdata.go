package risk

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// Reference data kinds, as `cmrt data import KIND FILE` names them.
const (
	DataCovered = "covered"
	DataCAHRA   = "cahra"
	DataDoL     = "dol"
	DataGems    = "gems" // gemstone origin restrictions (gemstones.go)
)

// DataSet says which edition of a reference list a finding rests on.
type DataSet struct {
	Kind    string `json:"kind" yaml:"kind"`
	Name    string `json:"name" yaml:"name"`
	Edition string `json:"edition" yaml:"edition"`
	Date    string `json:"date,omitempty" yaml:"date,omitempty"` // the edition's date, YYYY-MM-DD, when known
	Source  string `json:"source" yaml:"source"`
	SHA256  string `json:"sha256,omitempty" yaml:"sha256,omitempty"`
}

// Label is how findings name the list: "EU CAHRA indicative list (June 2026)".
func (d DataSet) Label() string { return d.Name + " (" + d.Edition + ")" }

// ReferenceData is the reference data in force.
type ReferenceData struct {
	Covered Covered
	CAHRA   *CAHRAList
	DoL     *DoLList
	Gems    *GemRestrictions
}

// Editions lists the data sets, for the rule table and the findings run.
func (r ReferenceData) Editions() []DataSet {
	return []DataSet{r.Covered.DataSet, r.CAHRA.DataSet, r.DoL.DataSet, r.gems().DataSet}
}

// Covered is the list of covered countries of the US Dodd-Frank Act §1502:
// the Democratic Republic of the Congo and the countries sharing a border
// with it.
type Covered struct {
	DataSet
	Codes map[string]string // ISO alpha-2 → name
}

// Contains reports whether a country (any spelling) is a covered country.
func (c Covered) Contains(country string) bool {
	_, ok := c.Codes[smelters.CountryCode(country)]
	return ok
}

// builtinCovered is fixed by the statute: the DRC and its nine neighbours.
func builtinCovered() Covered {
	return Covered{
		DataSet: DataSet{Kind: DataCovered, Name: "Covered countries, Dodd-Frank Act §1502", Edition: "2010",
			Date: "2010-07-21", Source: "Dodd-Frank Wall Street Reform and Consumer Protection Act, Pub. L. 111-203, §1502(e)(1)"},
		Codes: map[string]string{
			"CD": "Democratic Republic of the Congo", "AO": "Angola", "BI": "Burundi", "CF": "Central African Republic",
			"CG": "Republic of the Congo", "RW": "Rwanda", "SS": "South Sudan", "TZ": "Tanzania", "UG": "Uganda", "ZM": "Zambia",
		},
	}
}

// CAHRAList is the EU's indicative, non-exhaustive list of conflict-affected
// and high-risk areas (Regulation (EU) 2017/821, article 14(2)).
type CAHRAList struct {
	DataSet
	Countries map[string]CAHRACountry // by ISO alpha-2
}

// CAHRACountry is one listed country: whole, or only some regions.
type CAHRACountry struct {
	Code    string        `json:"code"`
	Name    string        `json:"name"`
	Whole   bool          `json:"whole_country"`
	Regions []CAHRARegion `json:"regions,omitempty"`
}

// CAHRARegion is one listed ISO 3166-2 region.
type CAHRARegion struct {
	Code             string `json:"code"`
	Name             string `json:"name"`
	ConflictAffected bool   `json:"conflict_affected"`
	HighRisk         bool   `json:"high_risk"`
}

// Lookup returns the listing of a country (any spelling).
func (l *CAHRAList) Lookup(country string) (CAHRACountry, bool) {
	if l == nil {
		return CAHRACountry{}, false
	}
	c, ok := l.Countries[smelters.CountryCode(country)]
	return c, ok
}

// Wording says what the list says of the country, for a finding.
func (c CAHRACountry) Wording() string {
	if c.Whole {
		return c.Name + " is listed as a whole country"
	}
	return fmt.Sprintf("%s is listed for %d named regions only, not as a whole country", c.Name, len(c.Regions))
}

// DoLList is the US Department of Labor's List of Goods Produced by Child
// Labor or Forced Labor.
type DoLList struct {
	DataSet
	Entries []DoLEntry
}

// DoLEntry is one good–country line of the list.
type DoLEntry struct {
	Good             string `json:"good"`
	Sector           string `json:"sector,omitempty"`
	Country          string `json:"country"` // as published
	Code             string `json:"code"`    // ISO alpha-2, "" when not recognised
	ChildLabor       bool   `json:"child_labor"`
	ForcedLabor      bool   `json:"forced_labor"`
	ForcedChildLabor bool   `json:"forced_child_labor"`
}

// Labour says which exploitation the entry names: "child labour",
// "forced labour", "child and forced labour"...
func (e DoLEntry) Labour() string {
	var parts []string
	if e.ChildLabor {
		parts = append(parts, "child")
	}
	if e.ForcedLabor {
		parts = append(parts, "forced")
	}
	if e.ForcedChildLabor {
		parts = append(parts, "forced child")
	}
	return strings.Join(parts, " and ") + " labour"
}

// goodMaterial maps a DoL good to the material it is, by the good's first
// word: "Tin ore (cassiterite)" is tin, "Cobalt ore (heterogenite)" cobalt,
// "Rubies" ruby.
func goodMaterial(good string) string {
	w := strings.ToLower(strings.TrimSpace(good))
	if i := strings.IndexAny(w, " (-,"); i > 0 {
		w = w[:i]
	}
	return singular(w)
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// materialAliases are the names a register or declaration may give a DoL
// material: the ore names, and the gemstones' family.
var materialAliases = map[string]string{
	"coltan": "tantalum", "cassiterite": "tin", "wolframite": "tungsten", "heterogenite": "cobalt",
	"wolfram": "tungsten", "gemstone": "gem", "diamond": "diamond",
}

// MaterialKey is the comparison key of a material ("Tin", "tin ore",
// "Rubies", "coltan" → tin, tin, ruby, tantalum).
func MaterialKey(m string) string {
	k := goodMaterial(m)
	if a, ok := materialAliases[k]; ok {
		return a
	}
	return k
}

// Named returns the entries naming a material from a country, any labour.
func (l *DoLList) Named(material, country string) []DoLEntry {
	if l == nil {
		return nil
	}
	mk, code := MaterialKey(material), smelters.CountryCode(country)
	if mk == "" || code == "" {
		return nil
	}
	var out []DoLEntry
	for _, e := range l.Entries {
		if e.Code == code && MaterialKey(e.Good) == mk && (e.ChildLabor || e.ForcedLabor || e.ForcedChildLabor) {
			out = append(out, e)
		}
	}
	return out
}

// Limits on a reference file: the published files are well under 1 MB.
const maxReferenceFile = 32 << 20

//go:embed refdata/eu-cahra-indicative-list-2026-06.json
var builtinCAHRAJSON []byte

//go:embed refdata/dol-ilab-goods-list-2023.xml
var builtinDoLXML []byte

// BuiltinReferenceData returns the reference data shipped with the tool:
// the covered countries, the EU CAHRA list of June 2026 and the DoL list
// published with its 2023 edition.
func BuiltinReferenceData() ReferenceData {
	c, err := ParseCAHRAJSON(builtinCAHRAJSON, "cahraslist.net, via Pangea-Intelligence/dpp-lint data/cahra.json (Apache-2.0)")
	if err != nil {
		panic("risk: built-in CAHRA list: " + err.Error())
	}
	d, err := ParseDoLXML(builtinDoLXML, "US DoL ILAB, USDepartmentofLabor/Child-Labor XML export (public domain)", "2023")
	if err != nil {
		panic("risk: built-in DoL list: " + err.Error())
	}
	return ReferenceData{Covered: builtinCovered(), CAHRA: c, DoL: d, Gems: builtinGemRestrictions()}
}

// ErrBadReferenceFile is returned for a reference file of the wrong shape.
var ErrBadReferenceFile = errors.New("not a reference list of the expected format")

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// cahraJSON is the public JSON form of the list (cahraslist.net's API as
// kept by dpp-lint): a meta block and one entry per country.
type cahraJSON struct {
	Meta struct {
		Source         string `json:"source"`
		Retrieved      string `json:"retrieved"`
		Version        string `json:"version"`
		ReportsUpdated string `json:"reportsUpdated"`
	} `json:"meta"`
	Entries []struct {
		CountryName  string `json:"countryName"`
		ISO2         string `json:"iso2"`
		WholeCountry bool   `json:"wholeCountry"`
		Regions      []struct {
			Name             string `json:"name"`
			Code             string `json:"code"`
			ConflictAffected bool   `json:"conflictAffected"`
			HighRisk         bool   `json:"highRisk"`
		} `json:"regions"`
	} `json:"entries"`
}

var reportMonthRE = regexp.MustCompile(`(?i)(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})`)

// ParseCAHRAJSON reads the EU CAHRA list in its public JSON form. The
// edition is the report's month ("June 2026"), from meta.version.
func ParseCAHRAJSON(data []byte, source string) (*CAHRAList, error) {
	if len(data) > maxReferenceFile {
		return nil, fmt.Errorf("%w: larger than %d MB", ErrBadReferenceFile, maxReferenceFile>>20)
	}
	var in cahraJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%w: EU CAHRA JSON: %v", ErrBadReferenceFile, err)
	}
	if len(in.Entries) == 0 {
		return nil, fmt.Errorf("%w: EU CAHRA JSON: no \"entries\"", ErrBadReferenceFile)
	}
	l := &CAHRAList{Countries: map[string]CAHRACountry{}}
	l.Kind, l.Name, l.SHA256 = DataCAHRA, "EU CAHRA indicative list", digest(data)
	l.Edition = strings.TrimSpace(in.Meta.Version)
	if m := reportMonthRE.FindStringSubmatch(in.Meta.Version); m != nil {
		l.Edition = m[1] + " " + m[2]
		if t, err := time.Parse("January 2006", m[1]+" "+m[2]); err == nil {
			l.Date = t.Format("2006-01-02")
		}
	}
	if l.Edition == "" {
		l.Edition = "retrieved " + in.Meta.Retrieved
	}
	l.Source = source
	if in.Meta.Source != "" {
		l.Source = in.Meta.Source + " (retrieved " + in.Meta.Retrieved + "); " + source
	}
	for i, e := range in.Entries {
		code := strings.ToUpper(strings.TrimSpace(e.ISO2))
		if code == "" {
			code = smelters.CountryCode(e.CountryName)
		}
		if code == "" {
			return nil, fmt.Errorf("%w: EU CAHRA JSON: entry %d (%q): no ISO code and an unknown country name", ErrBadReferenceFile, i+1, e.CountryName)
		}
		c := CAHRACountry{Code: code, Name: e.CountryName, Whole: e.WholeCountry || len(e.Regions) == 0}
		for _, r := range e.Regions {
			c.Regions = append(c.Regions, CAHRARegion{Code: r.Code, Name: r.Name, ConflictAffected: r.ConflictAffected, HighRisk: r.HighRisk})
		}
		l.Countries[code] = c
	}
	return l, nil
}

// ParseDoLXML reads the DoL list as DoL's XML export gives it
// (<Goods><Good><Good_Name/><Good_Sector/><Countries><Country>…). The file
// states no edition, so the caller names it.
func ParseDoLXML(data []byte, source, edition string) (*DoLList, error) {
	if len(data) > maxReferenceFile {
		return nil, fmt.Errorf("%w: larger than %d MB", ErrBadReferenceFile, maxReferenceFile>>20)
	}
	type country struct {
		Name             string `xml:"Country_Name"`
		ChildLabor       string `xml:"Child_Labor"`
		ForcedLabor      string `xml:"Forced_Labor"`
		ForcedChildLabor string `xml:"Forced_Child_Labor"`
	}
	type good struct {
		Name      string    `xml:"Good_Name"`
		Sector    string    `xml:"Good_Sector"`
		Countries []country `xml:"Countries>Country"`
	}
	var in struct {
		XMLName xml.Name
		Goods   []good `xml:"Good"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: DoL goods XML: %v", ErrBadReferenceFile, err)
	}
	if in.XMLName.Local != "Goods" || len(in.Goods) == 0 {
		return nil, fmt.Errorf("%w: DoL goods XML: want <Goods> with <Good> elements", ErrBadReferenceFile)
	}
	yes := func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "yes") }
	l := &DoLList{}
	l.Kind, l.Name, l.SHA256, l.Source = DataDoL, "US DoL List of Goods Produced by Child Labor or Forced Labor", digest(data), source
	l.Edition = strings.TrimSpace(edition)
	if l.Edition == "" {
		l.Edition = "unstated"
	}
	for _, g := range in.Goods {
		for _, c := range g.Countries {
			l.Entries = append(l.Entries, DoLEntry{Good: strings.TrimSpace(g.Name), Sector: strings.TrimSpace(g.Sector),
				Country: strings.TrimSpace(c.Name), Code: smelters.CountryCode(c.Name),
				ChildLabor: yes(c.ChildLabor), ForcedLabor: yes(c.ForcedLabor), ForcedChildLabor: yes(c.ForcedChildLabor)})
		}
	}
	sort.SliceStable(l.Entries, func(i, j int) bool {
		if l.Entries[i].Good != l.Entries[j].Good {
			return l.Entries[i].Good < l.Entries[j].Good
		}
		return l.Entries[i].Country < l.Entries[j].Country
	})
	return l, nil
}

// Unrecognised lists the country names of the DoL list that map to no ISO
// code (a newer edition may spell a country in a new way).
func (l *DoLList) Unrecognised() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range l.Entries {
		if e.Code == "" && !seen[e.Country] {
			seen[e.Country] = true
			out = append(out, e.Country)
		}
	}
	sort.Strings(out)
	return out
}

// ParseDoLXLSX reads the DoL list from a spreadsheet: the first sheet, a
// header row (within the first ten rows) naming the good, the country and
// the child-labour and forced-labour columns ("Good", "Country", "Child
// Labor", "Forced Labor", optionally "Forced Child Labor"; case, spaces and
// underscores ignored), one good–country pair per row, marked "X", "Yes" or
// "Y". The file states no edition, so the caller names it.
func ParseDoLXLSX(data []byte, source, edition string) (*DoLList, error) {
	if len(data) > maxReferenceFile {
		return nil, fmt.Errorf("%w: larger than %d MB", ErrBadReferenceFile, maxReferenceFile>>20)
	}
	rows, sheet, err := xlsxRows(data)
	if err != nil {
		return nil, fmt.Errorf("%w: DoL goods spreadsheet: %v", ErrBadReferenceFile, err)
	}
	norm := func(s string) string {
		return strings.NewReplacer(" ", "", "_", "", "-", "", "(", "", ")", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	}
	want := map[string][]string{
		"good":    {"good", "goodname", "goods"},
		"country": {"country", "countryname", "countryarea"},
		"child":   {"childlabor", "childlabour"},
		"forced":  {"forcedlabor", "forcedlabour"},
		"fcl":     {"forcedchildlabor", "forcedchildlabour"},
	}
	header, cols := -1, map[string]int{}
	for r := 0; r < len(rows) && r < 10 && header < 0; r++ {
		found := map[string]int{}
		for c, v := range rows[r] {
			k := norm(v)
			for field, names := range want {
				for _, n := range names {
					if k == n {
						found[field] = c
					}
				}
			}
		}
		if _, g := found["good"]; g {
			if _, ct := found["country"]; ct {
				header, cols = r, found
			}
		}
	}
	if header < 0 {
		return nil, fmt.Errorf("%w: DoL goods spreadsheet, sheet %q: no header row with Good and Country columns in the first 10 rows", ErrBadReferenceFile, sheet)
	}
	if _, ok := cols["child"]; !ok {
		if _, ok := cols["forced"]; !ok {
			return nil, fmt.Errorf("%w: DoL goods spreadsheet, sheet %q, row %d: no Child Labor or Forced Labor column", ErrBadReferenceFile, sheet, header+1)
		}
	}
	mark := func(r []string, field string) bool {
		c, ok := cols[field]
		if !ok || c >= len(r) {
			return false
		}
		switch norm(r[c]) {
		case "x", "yes", "y", "true", "1":
			return true
		}
		return false
	}
	get := func(r []string, field string) string {
		if c := cols[field]; c < len(r) {
			return strings.TrimSpace(r[c])
		}
		return ""
	}
	l := &DoLList{}
	l.Kind, l.Name, l.SHA256, l.Source = DataDoL, "US DoL List of Goods Produced by Child Labor or Forced Labor", digest(data), source
	if l.Edition = strings.TrimSpace(edition); l.Edition == "" {
		l.Edition = "unstated"
	}
	for _, r := range rows[header+1:] {
		good, country := get(r, "good"), get(r, "country")
		if good == "" && country == "" {
			continue
		}
		if good == "" || country == "" {
			continue // notes and footers under the table
		}
		l.Entries = append(l.Entries, DoLEntry{Good: good, Country: country, Code: smelters.CountryCode(country),
			ChildLabor: mark(r, "child"), ForcedLabor: mark(r, "forced"), ForcedChildLabor: mark(r, "fcl")})
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("%w: DoL goods spreadsheet, sheet %q: no rows under the header", ErrBadReferenceFile, sheet)
	}
	sort.SliceStable(l.Entries, func(i, j int) bool {
		if l.Entries[i].Good != l.Entries[j].Good {
			return l.Entries[i].Good < l.Entries[j].Good
		}
		return l.Entries[i].Country < l.Entries[j].Country
	})
	return l, nil
}

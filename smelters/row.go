package smelters

import "github.com/openminerals/cmrt/cmrt"

// RowMatcher matches declared smelters: a *Matcher, or a cache in front of
// one.
type RowMatcher interface {
	Match(Declared) Result
}

// notIdentifiedReason is the reason of the "Smelter not yet identified"
// pseudo row's result.
const notIdentifiedReason = "smelter not yet identified"

// MatchRow matches one row of a declared Smelter List, the one way the
// importer (when it reads a file) and the store (when it re-matches stored
// rows) match: the typed name, else the name chosen from the look-up
// (a "Smelter not listed" row without a typed name is matched by that
// text, and finds nothing), with the row's metal, country and CID. The
// "Smelter not yet identified" pseudo row without a CID is never matched:
// no match, stage none. Only Metal, LookupName, Name, Country and CID of
// row are read.
func MatchRow(m RowMatcher, row cmrt.SmelterRow) Result {
	if row.LookupName == cmrt.SmelterNotIdentified && row.CID == "" {
		return Result{Status: NoMatch, Stage: StageNone, Reason: notIdentifiedReason}
	}
	name := row.Name
	if name == "" {
		name = row.LookupName
	}
	return m.Match(Declared{Metal: row.Metal, Name: name, Country: row.Country, CID: row.CID})
}

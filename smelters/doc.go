// Package smelters reads the Responsible Minerals Initiative's smelter and
// refiner lists and matches the smelters suppliers declare against them.
//
// # The lists
//
// RMI identifies every smelter or refiner ("facility") by a CID such as
// CID002763 and publishes, per metal, a Standard Smelter Name plus the other
// names a supplier may know it by (the "Smelter Reference" or "Smelter
// Look-up" aliases). It publishes several lists, each a ListKind here:
//
//   - KindStandard: the CMRT/EMRT/AMRT standard smelter lists (one row per
//     alias: Metal, Smelter Reference, Standard Smelter Name, Country, Smelter
//     ID, City, State Province);
//   - KindLookup: the Smelter Look-up sheet carried by every CMRT, EMRT, CRT
//     and AMRT 1.3 template (header row 4: A Metal, B alias, C standard name,
//     D country, E CID, F source, G street, H city, I state);
//   - KindConformant and KindActive: the facilities in RMI's assurance
//     process (RMAP) that are Conformant, or Active (committed, audit under
//     way), with last audit date and audit cycle on the conformant list;
//   - KindStatus: a list someone compiled with a status column ("RMAP
//     Status", "Assessment Status"), for example a customer's list;
//   - KindRevisions: RMI's revision history of the standard list.
//
// RMI's downloads are Excel 2003 XML Spreadsheet (SpreadsheetML), which
// users often re-save as .xlsx or CSV; LoadFileAll accepts all three and
// sniffs the format from the content, reads every worksheet, finds each
// one's header row and columns by their header text (several spellings
// each), and returns one List per sheet that is a list, naming the others
// as skipped with the reason. LoadFile wants exactly one list, and rejects
// a file that lacks a required column with a *MissingColumnsError naming
// the columns. A list's date is read from its content, sheet name or file
// name, never from the date a file was saved (List.DateSource says where).
// .xlsx files are read through internal/xlsx, bounded like templates. The
// presence of a facility in a reference list says nothing about its status:
// a facility absent from every status list is StatusNotParticipating.
//
// # Status on a date
//
// InForce, View and StatusOn (asof.go) decide which lists are in force on a
// day and what each facility's Status is then: a removal in RMI's revision
// history beats any status list. See Status for the documented set.
//
// # Matching
//
// Matcher resolves a Declared smelter (metal, name, country, CID, as found
// on a supplier's Smelter List) in stages, and says which stage decided:
// a reviewer's Mapping, the CID, the exact alias or standard name within
// the metal, the normalised name (NameKey), and finally a fuzzy score.
// Anything below the acceptance threshold is MatchNeedsReview with its
// candidates, never silently accepted. See Matcher for the thresholds.
//
// Limits: a list file may not exceed MaxFileSize bytes or MaxRows data rows;
// RMI's lists are a few thousand rows at most. A Smelter Look-up, read from
// a file or handed over as rows to learn (FromLookupRows), must pass
// CheckLookup: at most MaxLookupRows rows, RMI-form Smelter IDs.
package smelters

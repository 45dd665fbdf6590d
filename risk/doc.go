// Package risk turns a season's declarations into OECD-aligned risk
// findings and supplier risk ranks.
//
// The OECD Due Diligence Guidance for Responsible Supply Chains of Minerals
// from Conflict-Affected and High-Risk Areas asks a downstream company to
// identify and assess the risks in its supply chain (step 2) and to respond
// to them (step 3). A finding is one such risk, tied to a supplier, a
// declaration, a metal and, where relevant, a smelter, with the evidence
// (file, sheet, cell, declared value, the reference list and its date) and
// the next action. Each rule is a small function with a stable code (see
// Rules; scripts and reports key on the codes), a severity, the OECD step and
// guidance it rests on, and a line in the rule table (RuleTable).
//
// The package is pure: no SQL, no files, no clock. Its input is a Season, a
// read model in plain types that the store fills; reference data (covered
// countries, the EU CAHRA indicative list, the US Department of Labor goods
// list) is data with an edition, built in and replaceable (ReferenceData);
// weights, severities, the critical list and thresholds are a Config,
// defaults built in, overridable by a YAML rules file.
package risk

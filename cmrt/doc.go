// Package cmrt models the Responsible Minerals Initiative (RMI) supplier
// reporting templates — the Conflict Minerals Reporting Template (CMRT, for
// tin, tantalum, tungsten and gold), and its siblings EMRT, CRT and AMRT — and
// reads, checks and writes them.
//
// A template is an .xlsx workbook a supplier fills in: company information and
// answers to due-diligence questions on the Declaration sheet, the smelters and
// refiners in its supply chain on the Smelter List sheet, and optionally the
// products the declaration covers on the Product List sheet. RMI ships a
// Checker sheet whose formulas count the mandatory fields left empty; Check
// reproduces that logic and adds data-quality checks the Checker lacks.
//
// Layouts are data: each supported family and revision is a Layout value (see
// layouts.go), found from the file's own content, never from its name.
// Minerals are values, not struct fields, so the same Declaration carries every
// family.
package cmrt

package smelters

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// MetalMultiple is the conformant list's metal for a facility that
// processes several metals.
const MetalMultiple = "Multiple"

// metalNames maps lower-case spellings (English, chemical symbol, the
// Chinese names a translated template may carry) to RMI's metal names.
var metalNames = map[string]string{
	"gold": "Gold", "au": "Gold", "金": "Gold",
	"tin": "Tin", "sn": "Tin", "锡": "Tin", "錫": "Tin",
	"tantalum": "Tantalum", "ta": "Tantalum", "钽": "Tantalum", "鉭": "Tantalum",
	"tungsten": "Tungsten", "w": "Tungsten", "wolfram": "Tungsten", "钨": "Tungsten", "鎢": "Tungsten",
	"cobalt": "Cobalt", "co": "Cobalt", "钴": "Cobalt", "鈷": "Cobalt",
	"mica": "Mica", "云母": "Mica", "雲母": "Mica",
	"copper": "Copper", "cu": "Copper", "铜": "Copper", "銅": "Copper",
	"graphite": "Graphite", "石墨": "Graphite",
	"lithium": "Lithium", "li": "Lithium", "锂": "Lithium", "鋰": "Lithium",
	"nickel": "Nickel", "ni": "Nickel", "镍": "Nickel", "鎳": "Nickel",
	"multiple": MetalMultiple,
}

// metalTypos are misspellings found in RMI's own downloads, each mapped to
// the spelling RMI uses elsewhere, so that a typo does not become a metal
// of its own. Keys are lower case.
//
//	published                 read as
//	Graphite (Articial)       Graphite (Artificial)
//	Graphite (Artifical)      Graphite (Artificial)
//	Graphite (Artficial)      Graphite (Artificial)
//	Tungstan                  Tungsten
//	Tantallum                 Tantalum
var metalTypos = map[string]string{
	"graphite (articial)":  "Graphite (Artificial)",
	"graphite (artifical)": "Graphite (Artificial)",
	"graphite (artficial)": "Graphite (Artificial)",
	"tungstan":             "Tungsten",
	"tantallum":            "Tantalum",
}

// NormalizeMetal returns RMI's name for a metal ("gold", "Au", "GOLD" →
// "Gold"), correcting the known typos of metalTypos. Metals it does not
// know ("Graphite (Artificial)", "Soda Ash") are kept as given, trimmed:
// lists name whatever RMI covers.
func NormalizeMetal(s string) string {
	s = collapse(norm.NFKC.String(s))
	k := strings.ToLower(s)
	if m, ok := metalNames[k]; ok {
		return m
	}
	if m, ok := metalTypos[k]; ok {
		return m
	}
	return s
}

// MetalKey is the comparison key of a metal name: its normal name in
// lower case.
func MetalKey(s string) string { return strings.ToLower(NormalizeMetal(s)) }

// SameMetal reports whether two metal names name the same metal.
func SameMetal(a, b string) bool { return MetalKey(a) == MetalKey(b) }

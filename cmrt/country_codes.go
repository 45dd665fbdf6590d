package cmrt

// ISOCountries returns the templates' country list (sheet C) as ISO 3166
// alpha-2 code and RMI's upper-case English name, in sheet order. Callers
// that need codes (reference lists keyed by ISO code) use it rather than a
// second country table.
func ISOCountries() [][2]string { return append([][2]string(nil), builtinCountries...) }

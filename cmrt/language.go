package cmrt

// Matching template text as the reader does, for code outside this package
// that writes templates (the test generator in internal/synth): the same
// comparison key, language names and RMI translations as Read, not copies.

// MatchOption returns the option that s stands for, compared as Read
// compares answers: case, spacing, punctuation and character width do not
// matter ("yes." is "Yes"). ok is false when no option matches.
func MatchOption(s string, options []string) (option string, ok bool) {
	return matchOption(s, options)
}

// LanguageName is the plain English name of a Declaration!D3 language
// option, as Template.Language holds it: "中文 Chinese" → "Chinese",
// "Français" → "French", "" → "English".
func LanguageName(d3 string) string { return languageName(d3) }

// OptionTranslations returns RMI's translations of an answer option
// ("Yes", "Greater than 90%", …) in the order of the CMRT's languages,
// English first, as the template's sheet L holds them; nil for a text that
// is not one of the translated options.
func OptionTranslations(option string) []string {
	for _, row := range builtinTranslations {
		if foldKey(row[0]) == foldKey(option) {
			return append([]string(nil), row...)
		}
	}
	return nil
}

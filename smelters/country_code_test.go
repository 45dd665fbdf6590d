package smelters

import "testing"

func TestCountryCodeAcrossSources(t *testing.T) {
	for name, want := range map[string]string{
		"Burma": "MM", "MYANMAR": "MM", "Congo, Democratic Republic of the": "CD",
		"Democratic Republic of the Congo": "CD", "KOREA, REPUBLIC OF": "KR", "North Korea": "KP",
		"Kyrgyz Republic": "KG", "Turkey (Türkiye)": "TR", "Côte d'Ivoire": "CI",
		"Republic of the Congo": "CG", "TANZANIA, UNITED REPUBLIC OF": "TZ", "cd": "CD",
		"UNKNOWN": "", "": "", "Narnia": "",
	} {
		if got := CountryCode(name); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", name, got, want)
		}
	}
}

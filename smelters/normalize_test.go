package smelters

import "testing"

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Shandong Gold Smelting Co., Ltd.", "shandong gold smelting"},
		{"SHANDONG GOLD SMELTING CO LTD", "shandong gold smelting"},
		{"Ｓｈａｎｄｏｎｇ　Ｇｏｌｄ　Ｓｍｅｌｔｉｎｇ（Ｃｏ．，Ｌｔｄ．）", "shandong gold smelting"},
		{"AngloGold Ashanti Córrego do Sítio Mineração", "anglogold ashanti corrego do sitio mineracao"},
		{"8853 S.p.A.", "8853"},
		{"PT Timah Tbk Kundur", "timah kundur"},
		{"CV Ayi Jaya", "ayi jaya"},
		{"Metalúrgica Met-Mex Peñoles S.A. De C.V.", "metalurgica met mex penoles"},
		{"Nadir Metal Rafineri San. Ve Tic. A.Ş.", "nadir metal rafineri"},
		{"Ögussa Österreichische Gold- und Silber-Scheideanstalt GmbH", "ogussa osterreichische gold und silber scheideanstalt"},
		{"Heraeus Germany GmbH Co. KG", "heraeus germany"},
		{"C. Hafner GmbH + Co. KG", "c hafner"},
		{"Malaysia Smelting Corporation (MSC)", "malaysia smelting msc"},
		{"Shandong Zhaojin Gold & Silver Refinery Co., Ltd.", "shandong zhaojin gold and silver refinery"},
		{"JSC Uralelectromed", "uralelectromed"},
		{"OOO “Technolom” 1", "technolom 1"},
		{"Xi'an Metals", "xian metals"},
		{"Straße Metall", "strasse metall"},
		{"The Perth Mint", "perth mint"},
		{"Valcambi S.A.", "valcambi"},
		{"Valcambi SA", "valcambi"},
		{"Augmont Enterprises Private Limited", "augmont enterprises"},
		{"MMTC-PAMP India Pvt., Ltd.", "mmtc pamp india"},
		{"Thaisarco Public Company Limited", "thaisarco"},
		{"云南锡业股份有限公司锡业分公司", "云南锡业 锡业分公司"},
		{"タニオビス・ジャパン株式会社", "タニオビス ジャパン"},
		{"주식회사 한일금속", "한일금속"},
		{"Co., Ltd.", "co ltd"}, // nothing but a corporate form: kept
		{"", ""},
	} {
		if got := NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCountryAndMetal(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"KOREA, REPUBLIC OF", "South Korea", true},
		{"UNITED STATES OF AMERICA", "USA", true},
		{"VIET NAM", "Vietnam", true},
		{"TAIWAN, PROVINCE OF CHINA", "Taiwan", true},
		{"CHINA", "China", true},
		{"CHINA", "TAIWAN, PROVINCE OF CHINA", false},
		{"UNKNOWN", "UNKNOWN", false}, // nothing agrees with nothing
		{"", "", false},
		{"Côte d'Ivoire", "COTE D'IVOIRE", true},
	} {
		if got := SameCountry(tc.a, tc.b); got != tc.same {
			t.Errorf("SameCountry(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
	for in, want := range map[string]string{"gold": "Gold", " GOLD ": "Gold", "Au": "Gold", "wolfram": "Tungsten",
		"锡": "Tin", "Graphite (Artificial)": "Graphite (Artificial)", "Soda  Ash": "Soda Ash", "multiple": "Multiple"} {
		if got := NormalizeMetal(in); got != want {
			t.Errorf("NormalizeMetal(%q) = %q, want %q", in, got, want)
		}
	}
}

package cmrt

import (
	"errors"
	"testing"
	"time"
)

func TestNormalizeCID(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"CID002763", "CID002763", true},
		{" cid002763\u00a0", "CID002763", true},
		{"CID 2763", "CID002763", true},
		{"cid-2763", "CID002763", true},
		{"ＣＩＤ００２７６３", "CID002763", true},
		{"2763", "2763", false},
		{"CID0002763", "CID002763", true},
		{"cid#2763", "CID002763", true},
		{"CIDSN2285", "CIDSN2285", false},
		{"CID1234567", "CID1234567", false},
		{"CID", "CID", false},
		{"", "", false},
		{"n/a", "N/A", false},
	}
	for _, c := range cases {
		got, ok := NormalizeCID(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeCID(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestCleanText(t *testing.T) {
	cases := map[string]string{
		"  Yes ":                 "Yes",
		"Acme\u00a0 Ltd.\u3000":  "Acme Ltd.",
		"a\tb\nc":                "a b c",
		"\u200bZero\u200b width": "Zero width",
		"plain":                  "plain",
	}
	for in, want := range cases {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchOption(t *testing.T) {
	opts := []string{"Yes, in conformance with IPC1755 (e.g., CMRT)", "Yes, using other format (describe)", "No"}
	for in, want := range map[string]string{
		"Yes, in conformance with IPC-1755 [e.g., CMRT]": opts[0],
		"YES, USING OTHER FORMAT (DESCRIBE) ":            opts[1],
		"ｎｏ":                                             "No",
	} {
		if got, ok := matchOption(in, opts); !ok || got != want {
			t.Errorf("matchOption(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := matchOption("Maybe", opts); ok {
		t.Errorf("matchOption(Maybe) matched %q", got)
	}
}

func TestParseDateText(t *testing.T) {
	jan31 := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2025-01-31", "2025/1/31", "31/01/2025", "01/31/2025", "Jan 31 2025", "January 31, 2025",
		"31-Jan-2025", "31 Jan 2025", "31.01.2025", "2025年1月31日", "2025년 1월 31일", " 31-JAN-2025 ", "2025-01-31T00:00:00"} {
		got, err := ParseDateText(in)
		if err != nil || !got.Equal(jan31) {
			t.Errorf("ParseDateText(%q) = %v, %v; want 2025-01-31", in, got, err)
		}
	}
	if _, err := ParseDateText("03/04/2025"); !errors.Is(err, ErrAmbiguousDate) {
		t.Errorf("03/04/2025: err = %v, want ErrAmbiguousDate", err)
	}
	if d, err := ParseDateText("04/04/2025"); err != nil || d.Day() != 4 || d.Month() != 4 {
		t.Errorf("04/04/2025 reads the same either way: %v, %v", d, err)
	}
	for _, bad := range []string{"31/02/2025", "next Tuesday", "2025-13-01", ""} {
		if _, err := ParseDateText(bad); err == nil {
			t.Errorf("ParseDateText(%q) accepted", bad)
		}
	}
}

func TestDateFromSerial(t *testing.T) {
	got, err := dateFromSerial(45688, false) // Excel shows 31-Jan-2025
	if err != nil || got.Format("2006-01-02") != "2025-01-31" {
		t.Errorf("45688 = %v, %v", got, err)
	}
	got, err = dateFromSerial(44226, true) // the same day in the 1904 system
	if err != nil || got.Format("2006-01-02") != "2025-01-31" {
		t.Errorf("1904 44226 = %v, %v", got, err)
	}
	if _, err := dateFromSerial(-5, false); err == nil {
		t.Error("negative serial accepted")
	}
}

func TestFamilyFromText(t *testing.T) {
	cases := map[string]Family{
		"Conflict Minerals Reporting Template (CMRT)": CMRT,
		"冲突矿产报告模板 (CMRT)":                             CMRT,
		"追加鉱物報告テンプレート（AMRT）":                          AMRT,
		"Extended Minerals Reporting Template (EMRT)": EMRT,
		"Cobalt Reporting Template":                   CRT,
		"Minerals Reporting Template (MRT)":           "",
	}
	for in, want := range cases {
		got, _ := familyFromText(in)
		if got != want {
			t.Errorf("familyFromText(%q) = %q, want %q", in, got, want)
		}
	}
}

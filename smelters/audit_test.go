package smelters_test

import (
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAuditCycleAndDue(t *testing.T) {
	for _, tc := range []struct {
		cycle  string
		months int
		ok     bool
	}{
		{"1 Year", 12, true}, {"2 Years", 24, true}, {"3 Years", 36, true}, {"1 year", 12, true},
		{"2 years", 24, true}, {"3 YearS", 36, true}, {"18 months", 18, true}, {"3", 36, true},
		{"", 0, false}, {"annual", 0, false}, {"0 Years", 0, false},
	} {
		m, ok := smelters.ParseAuditCycle(tc.cycle)
		if m != tc.months || ok != tc.ok {
			t.Errorf("ParseAuditCycle(%q) = %d, %v; want %d, %v", tc.cycle, m, ok, tc.months, tc.ok)
		}
	}
	for _, tc := range []struct{ last, cycle, want string }{
		{"2024-10-18", "3 YearS", "2027-10-18"},
		{"2024-10-18", "1 Year", "2025-10-18"},
		{"2023-01-31", "2 years", "2025-01-31"},
		{"2024-10-18", "", ""},
		{"", "1 Year", ""},
	} {
		var last time.Time
		if tc.last != "" {
			last = day(tc.last)
		}
		got := smelters.ReauditDue(last, tc.cycle)
		if (tc.want == "" && !got.IsZero()) || (tc.want != "" && !got.Equal(day(tc.want))) {
			t.Errorf("ReauditDue(%s, %q) = %v, want %s", tc.last, tc.cycle, got, tc.want)
		}
	}
}

func TestReauditOverdue(t *testing.T) {
	f := smelters.Facility{Status: smelters.StatusConformant, LastAudit: day("2023-06-30"), AuditCycle: "1 Year"}
	f.ReauditDue = smelters.ReauditDue(f.LastAudit, f.AuditCycle)
	for _, tc := range []struct {
		now  string
		want bool
	}{{"2024-06-29", false}, {"2024-06-30", false}, {"2024-07-01", true}, {"2026-01-01", true}} {
		if got := f.ReauditOverdue(day(tc.now)); got != tc.want {
			t.Errorf("due %s, on %s: overdue = %v, want %v", smelterDate(f.ReauditDue), tc.now, got, tc.want)
		}
	}
	if got := f.Reaudit(day("2024-01-01")); got != smelters.ReauditStateDue {
		t.Errorf("before the due date: %q", got)
	}
	f.ReauditInProgress = true // RMI's "Reaudit In Progress: Yes": in progress, never overdue
	if f.ReauditOverdue(day("2025-01-01")) || f.Reaudit(day("2025-01-01")) != smelters.ReauditStateInProgress {
		t.Errorf("a re-audit in progress shown as %q", f.Reaudit(day("2025-01-01")))
	}
	active := f
	active.Status = smelters.StatusActive
	if active.ReauditOverdue(day("2030-01-01")) {
		t.Error("an active facility reported overdue")
	}
	noCycle := smelters.Facility{Status: smelters.StatusConformant, LastAudit: day("2020-01-01")}
	if noCycle.ReauditOverdue(day("2030-01-01")) {
		t.Error("a facility without audit cycle reported overdue")
	}
}

func smelterDate(t time.Time) string { return t.Format("2006-01-02") }

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-10-18T00:00:00":     "2024-10-18",
		"2024-10-18T00:00:00.000": "2024-10-18",
		"2024-10-18":              "2024-10-18",
		"45583":                   "2024-10-18", // an .xlsx date cell read raw
		"18-Oct-2024":             "2024-10-18",
		"10/18/2024":              "2024-10-18",
		"October 18, 2024":        "2024-10-18",
	} {
		got, ok := smelters.ParseDate(in)
		if !ok || !got.Equal(day(want)) {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "soon", "2024-13-45"} {
		if _, ok := smelters.ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

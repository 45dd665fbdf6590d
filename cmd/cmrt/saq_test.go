package main

import (
	"testing"

	"github.com/openminerals/cmrt/saq"
)

// TestSAQBankPrint: the printed bank parses back into the default bank.
func TestSAQBankPrint(t *testing.T) {
	out, stderr, code := cmrtRun(t, "saq", "bank", "print")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := saq.Parse([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Themes) != 9 || len(b.Questions()) != 45 {
		t.Errorf("printed bank has %d themes, %d questions", len(b.Themes), len(b.Questions()))
	}
}

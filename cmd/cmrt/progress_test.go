package main

import (
	"bytes"
	"strings"
	"testing"
)

// The progress bar draws on a terminal and stays silent otherwise (pipes,
// files, CI logs).
func TestProgressSilentUnlessTerminal(t *testing.T) {
	var quiet, shown bytes.Buffer
	q := newProgressTo(&quiet, false, 10, "importing")
	s := newProgressTo(&shown, true, 10, "importing")
	for i := 0; i < 10; i++ {
		q.Add(1)
		s.Add(1)
	}
	q.Done()
	s.Done()
	if quiet.Len() != 0 {
		t.Errorf("hidden bar wrote %q", quiet.String())
	}
	if !strings.Contains(shown.String(), "importing") {
		t.Errorf("visible bar wrote %q, want its description", shown.String())
	}
}

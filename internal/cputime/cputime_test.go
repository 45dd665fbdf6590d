package cputime

import (
	"testing"
	"time"
)

// Spinning for a while uses CPU time, sleeping does not.
func TestUsedCountsWorkNotSleep(t *testing.T) {
	start := Used()
	time.Sleep(50 * time.Millisecond)
	slept := Used() - start
	x, deadline := 0, time.Now().Add(100*time.Millisecond)
	for time.Now().Before(deadline) {
		x++
	}
	spun := Used() - start - slept
	if spun < 50*time.Millisecond || slept > 40*time.Millisecond {
		t.Errorf("spinning 100 ms used %v of CPU, sleeping 50 ms %v (%d turns)", spun, slept, x)
	}
}

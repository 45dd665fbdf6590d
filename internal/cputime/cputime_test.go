package cputime

import (
	"testing"
	"time"
)

// Spinning uses CPU time, sleeping does not. The spin runs until 50 ms of
// CPU are counted rather than for a fixed wall time: on the shared
// machine a spinning goroutine may get a fifth of a core, and 100 ms of
// wall time then counted 20 to 40 ms. A Used that counted nothing fails by
// the deadline; one that counted wall time fails the sleep.
func TestUsedCountsWorkNotSleep(t *testing.T) {
	start := Used()
	time.Sleep(50 * time.Millisecond)
	slept := Used() - start
	spinStart, x := Used(), 0
	wallStart, deadline := time.Now(), time.Now().Add(20*time.Second)
	for Used()-spinStart < 50*time.Millisecond && time.Now().Before(deadline) {
		x++
	}
	spun := Used() - spinStart
	if spun < 50*time.Millisecond || slept > 40*time.Millisecond {
		t.Errorf("spinning %v used %v of CPU, sleeping 50 ms %v (%d turns)", time.Since(wallStart), spun, slept, x)
	}
}

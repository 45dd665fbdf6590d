package web

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the CPU time of the calling OS thread (the caller locks its
// goroutine to the thread): what a request cost, whatever the machine's
// load. CLOCK_THREAD_CPUTIME_ID counts in nanoseconds, where getrusage
// samples at the scheduler's tick.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

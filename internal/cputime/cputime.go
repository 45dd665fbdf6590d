// Package cputime says how much CPU the process has used. The benchmarks
// report it besides the wall time: the development machine is shared (2
// cores, other jobs), so CPU per run says what the code costs whatever
// the load, where the wall time says more about the neighbours.
package cputime

import (
	"syscall"
	"time"
)

// Used is the user and system time the process has used so far.
func Used() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

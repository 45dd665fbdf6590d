package main

import (
	"bytes"
	"os"
	"testing"
)

// TestMain lets tests run the real command in a child process (the test
// binary itself, with CMRT_TEST_MAIN=1), so a test can kill it mid-import.
func TestMain(m *testing.M) {
	if os.Getenv("CMRT_TEST_MAIN") == "1" {
		os.Exit(run(os.Args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cmrtRun runs the CLI in-process and returns stdout, stderr and exit code.
func cmrtRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"cmrt"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

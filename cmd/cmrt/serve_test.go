package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestServeRefusesNonLoopbackAndBadAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cmrt.db")
	for _, tc := range []struct {
		listen, want string
	}{
		{"0.0.0.0:8080", "not a loopback address"},
		{"192.168.1.10:8080", "needs --auth"},
		{"nonsense", "want HOST:PORT"},
	} {
		_, stderr, code := cmrtRun(t, "--db", db, "serve", "--listen", tc.listen)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("--listen %s: exit %d, %q; want %d and %q", tc.listen, code, stderr, exitUsage, tc.want)
		}
	}
}

func TestServeAuthOffLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cmrt.db")
	// With --auth a non-loopback address is accepted; port 99999 cannot be
	// listened on, so the command then stops at the listen.
	_, stderr, code := cmrtRun(t, "--db", db, "serve", "--auth", "anna:s3cret-pw", "--listen", "0.0.0.0:99999")
	if code != exitUsage || strings.Contains(stderr, "needs --auth") || !strings.Contains(stderr, "99999") {
		t.Errorf("--auth off loopback: exit %d, %q", code, stderr)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "serve", "--auth", "short", "--listen", "0.0.0.0:99999"); code != exitUsage || !strings.Contains(stderr, "at least 8") {
		t.Errorf("short --auth: exit %d, %q", code, stderr)
	}
}

// lockedBuffer is written by the server goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var serveURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// TestServeServesAndStopsOnSignal starts the real command on a free
// loopback port, reads the URL it prints, loads the overview, and stops it
// with SIGINT as Ctrl-C would.
func TestServeServesAndStopsOnSignal(t *testing.T) {
	db, _ := importSamples(t)
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"cmrt", "--db", db, "serve", "--listen", "127.0.0.1:0"}, &stdout, &stderr)
	}()
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		url = serveURL.FindString(stdout.String())
		select {
		case code := <-exit:
			t.Fatalf("serve exited %d: %s%s", code, stdout.String(), stderr.String())
		default:
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %q", stdout.String())
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<svg") {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, body)
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exit:
		if code != exitOK || !strings.Contains(stderr.String(), "stopped") {
			t.Fatalf("after SIGINT: exit %d, %q", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}

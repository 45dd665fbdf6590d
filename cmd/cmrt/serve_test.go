package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
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

// lockedBuffer is written while the server runs (its standard error) and
// read by the test.
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
	url, stop := startServe(t, db)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<svg") {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, body)
	}
	stop(syscall.SIGINT)
}

// startServe runs `cmrt --db db serve --listen 127.0.0.1:0` in a child
// process (this test binary as the cmrt command, see TestMain) and returns
// the URL it prints and a function that stops it with a signal (SIGTERM as
// a service manager would, SIGINT as Ctrl-C) and checks that it exits 0
// saying it stopped.
func startServe(t *testing.T, db string) (url string, stop func(syscall.Signal)) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "--db", db, "serve", "--listen", "127.0.0.1:0", "--user", "tester")
	cmd.Env = append(os.Environ(), "CMRT_TEST_MAIN=1")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := serveURL.FindString(sc.Text()); u != "" {
				urls <- u
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
		exited <- cmd.Wait()
	}()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case url = <-urls:
	case err := <-exited:
		stopped = true
		t.Fatalf("cmrt serve exited before printing its URL: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("cmrt serve printed no URL in 30 s\n%s", stderr.String())
	}
	return url, func(sig syscall.Signal) {
		t.Helper()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-exited:
			stopped = true
			if err != nil || !strings.Contains(stderr.String(), "stopped") {
				t.Fatalf("cmrt serve after %v: %v\n%s", sig, err, stderr.String())
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("cmrt serve did not stop on %v", sig)
		}
	}
}

package inputfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadHashesAndLimits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.xlsx")
	body := []byte(strings.Repeat("x", 1000))
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	data, sha, err := Read(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(body)
	if string(data) != string(body) || sha != hex.EncodeToString(want[:]) {
		t.Fatalf("Read gave %d bytes, sha %s", len(data), sha)
	}
	if h, n, err := Hash(p, 0); err != nil || h != sha || n != 1000 {
		t.Fatalf("Hash = %s, %d, %v", h, n, err)
	}
	if _, _, err := Read(p, 999); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "a.xlsx") {
		t.Fatalf("over the limit: %v", err)
	}
	if _, _, err := Read(p, 1000); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}

func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	cases := map[string]string{fifo: "FIFO", dir: "folder"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases["/dev/zero"] = "character device"
	}
	for path, want := range cases {
		done := make(chan error, 1)
		go func() { _, _, err := Read(path, 1<<20); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: %v, want ErrNotRegular naming %q", path, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Read hung", path)
		}
	}
}

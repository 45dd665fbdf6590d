// Package inputfile reads the files a user names, refusing what would hang
// the tool or exhaust its memory: folders, FIFOs, devices (/dev/zero),
// sockets, and files over a size limit. Every command that reads a user's
// file goes through it, so the checks live in one place.
package inputfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

var (
	// ErrNotRegular is a path that is not a regular file: reading a FIFO
	// blocks forever, a device such as /dev/zero never ends.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is a file over the caller's limit.
	ErrTooLarge = errors.New("file too large")
)

// Check reports whether path can be read as an ordinary file of at most
// max bytes (max <= 0: no limit), without opening it, so that a FIFO
// is refused before an open that would block.
func Check(path string, max int64) (fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return info, checkInfo(path, info, max)
}

func checkInfo(path string, info fs.FileInfo, max int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, Kind(info.Mode()))
	}
	if max > 0 && info.Size() > max {
		return fmt.Errorf("%s: %w: %s, over the limit of %s", path, ErrTooLarge, size(info.Size()), size(max))
	}
	return nil
}

// Open opens path for reading after Check; the caller closes the file.
func Open(path string, max int64) (*os.File, fs.FileInfo, error) {
	if _, err := Check(path, max); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	// The path may have been replaced between the two looks.
	info, err := f.Stat()
	if err == nil {
		err = checkInfo(path, info, max)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// Read returns the bytes of path and their SHA-256 in hex, hashing while
// reading. A file that grows past max while being read is refused too.
func Read(path string, max int64) (data []byte, sha string, err error) {
	f, info, err := Open(path, max)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := sha256.New()
	w := &appender{buf: make([]byte, 0, info.Size()+512)}
	r := io.Reader(f)
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	if _, err := io.Copy(io.MultiWriter(w, h), r); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	if max > 0 && int64(len(w.buf)) > max {
		return nil, "", fmt.Errorf("%s: %w: grew past the limit of %s while being read", path, ErrTooLarge, size(max))
	}
	return w.buf, hex.EncodeToString(h.Sum(nil)), nil
}

// Hash returns the SHA-256 of path in hex, streaming, without keeping the bytes.
func Hash(path string, max int64) (string, int64, error) {
	f, _, err := Open(path, max)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	r := io.Reader(f)
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	n, err := io.Copy(h, r)
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", path, err)
	}
	if max > 0 && n > max {
		return "", 0, fmt.Errorf("%s: %w: grew past the limit of %s while being read", path, ErrTooLarge, size(max))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

type appender struct{ buf []byte }

func (a *appender) Write(p []byte) (int, error) { a.buf = append(a.buf, p...); return len(p), nil }

// Kind says in words what a file mode that is not a regular file is:
// "a named pipe (FIFO)", "a character device", "a folder"...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a file"
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

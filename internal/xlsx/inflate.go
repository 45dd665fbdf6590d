package xlsx

import (
	"bufio"
	"errors"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Parts are inflated with github.com/klauspost/compress/flate, a drop-in
// for compress/flate that inflates RMI's formula-heavy sheets about 1.8
// times as fast; inflating was some 40% of reading a template. Its errors
// are compress/flate's types (flate.CorruptInputError is an alias), so
// meteredReader classifies them unchanged, and archive/zip still checks
// each part's size and CRC-32.

// inflateBufSize is the read-ahead over a part's compressed bytes.
const inflateBufSize = 16 << 10

var (
	inflaterPool sync.Pool // io.ReadCloser from flate.NewReader, reset for reuse
	inflateBufs  = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, inflateBufSize) }}
)

// errInflaterClosed is returned by a Read after Close.
var errInflaterClosed = errors.New("xlsx: read of a closed part")

// newInflater is the zip.Decompressor registered for zip.Deflate: a pooled
// decompressor over a pooled buffered reader, returned to the pools on
// Close (as archive/zip does with its own).
func newInflater(r io.Reader) io.ReadCloser {
	br := inflateBufs.Get().(*bufio.Reader)
	br.Reset(r)
	fr, ok := inflaterPool.Get().(io.ReadCloser)
	if ok {
		// Reset of a flate reader never fails without a dictionary.
		_ = fr.(flate.Resetter).Reset(br, nil)
	} else {
		fr = flate.NewReader(br)
	}
	return &inflater{fr: fr, br: br}
}

type inflater struct {
	mu sync.Mutex // Read and Close may come from different goroutines (asyncReader)
	fr io.ReadCloser
	br *bufio.Reader
}

func (f *inflater) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fr == nil {
		return 0, errInflaterClosed
	}
	return f.fr.Read(p)
}

func (f *inflater) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fr == nil {
		return nil
	}
	err := f.fr.Close()
	inflaterPool.Put(f.fr)
	f.br.Reset(nil)
	inflateBufs.Put(f.br)
	f.fr, f.br = nil, nil
	return err
}

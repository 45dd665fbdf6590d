package xlsx

import (
	"io"
	"runtime"
	"sync"
)

const (
	asyncChunk = 64 << 10
	asyncBufs  = 4
	// asyncMin is the declared part size from which inflation runs in its own
	// goroutine, overlapping with scanning.
	asyncMin = 256 << 10
)

// useAsync reports whether a part of the given declared size should be
// inflated ahead of the scanner on another core.
func useAsync(size uint64) bool {
	return size >= asyncMin && runtime.GOMAXPROCS(0) > 1
}

// asyncReader reads src ahead in a goroutine into a small ring of buffers,
// so inflating a part overlaps with scanning it. Memory stays bounded by
// asyncBufs*asyncChunk. Close stops the goroutine and waits for it, after
// which src may be closed.
type asyncReader struct {
	src  io.Reader
	full chan asyncChunkMsg
	free chan []byte
	done chan struct{}
	wg   sync.WaitGroup
	cur  []byte // unread part of the current chunk
	buf  []byte // the current chunk's buffer, returned to free when used up
	err  error
	once sync.Once
}

type asyncChunkMsg struct {
	b   []byte
	err error
}

func newAsyncReader(src io.Reader) *asyncReader {
	a := &asyncReader{
		src:  src,
		full: make(chan asyncChunkMsg, asyncBufs),
		free: make(chan []byte, asyncBufs),
		done: make(chan struct{}),
	}
	for i := 0; i < asyncBufs; i++ {
		a.free <- *chunkPool.Get().(*[]byte)
	}
	a.wg.Add(1)
	go a.loop()
	return a
}

func (a *asyncReader) loop() {
	defer a.wg.Done()
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.done:
			return
		}
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = a.src.Read(buf[n:])
			n += m
		}
		select {
		case a.full <- asyncChunkMsg{buf[:n], err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read implements io.Reader.
func (a *asyncReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)] // never blocks: at most asyncBufs buffers exist
			a.buf = nil
		}
		if a.err != nil {
			return 0, a.err
		}
		msg := <-a.full
		a.cur, a.buf, a.err = msg.b, msg.b, msg.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the read-ahead goroutine, waits for it to finish and
// recycles the buffers.
func (a *asyncReader) Close() error {
	a.once.Do(func() {
		close(a.done)
		a.wg.Wait()
		// Every buffer is now in free, in full, or held as a.buf.
		put := func(b []byte) { b = b[:cap(b)]; chunkPool.Put(&b) }
		if a.buf != nil {
			put(a.buf)
		}
		a.buf, a.cur = nil, nil
		if a.err == nil {
			a.err = errClosed // a Read after Close must not wait forever
		}
		for {
			select {
			case b := <-a.free:
				put(b)
			case m := <-a.full:
				put(m.b)
			default:
				return
			}
		}
	})
	return nil
}

// chunkPool recycles read-ahead buffers.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, asyncChunk); return &b }}

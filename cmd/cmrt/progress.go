package main

import (
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress shows files done, rate and time left on a terminal, and nothing
// when stderr is a file or pipe (CI logs, scripts).
type progress struct{ bar *progressbar.ProgressBar }

// newProgress returns a progress bar over n items for stderr; it is silent
// unless stderr is a terminal and n is worth a bar.
func newProgress(n int, what string) *progress {
	return newProgressTo(os.Stderr, isTerminal(os.Stderr) && n > 1, n, what)
}

func newProgressTo(w io.Writer, visible bool, n int, what string) *progress {
	if !visible {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(n,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

func (p *progress) Done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

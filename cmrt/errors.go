package cmrt

import (
	"errors"
	"strings"
)

// ErrUnsupported means the file is a spreadsheet but not a template revision
// this package knows; its message says what was found.
var ErrUnsupported = errors.New("unsupported template")

// MaxFileSize is the largest template file read. RMI's blanks weigh under
// 2 MB and a filled one with 2,500 smelter rows stays under 10 MB; the
// limit leaves room for pasted images while refusing what is no template.
const MaxFileSize = 100 << 20

// ErrMissingSheet means a sheet the layout needs is absent (deleted or
// renamed by the supplier).
var ErrMissingSheet = errors.New("missing sheet")

// FileError is a reading failure tied to a file and, where known, a sheet and
// cell. Its message is one line: "file: sheet!cell: what is wrong".
type FileError struct {
	File  string
	Sheet string
	Cell  string
	Err   error
}

func (e *FileError) Error() string {
	msg := e.Err.Error()
	if e.Sheet == "" && strings.HasPrefix(msg, e.File+": ") {
		return msg // already names the file (internal/inputfile, os.PathError)
	}
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	if e.Sheet != "" {
		b.WriteString(e.Sheet)
		if e.Cell != "" {
			b.WriteString("!" + e.Cell)
		}
		b.WriteString(": ")
	}
	// The reader's own package prefix says nothing to a supplier.
	b.WriteString(strings.TrimPrefix(msg, "xlsx: "))
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

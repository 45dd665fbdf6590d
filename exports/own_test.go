package exports

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/cmrt"
)

// TestErrorsNameTheUpload: a template or company file saved under a
// temporary path is named in messages as the user knows it, and the error
// still says what went wrong to errors.Is (a missing file here).
func TestErrorsNameTheUpload(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "upload-4711")
	_, err := MakeOwn(context.Background(), nil, OwnOptions{Family: cmrt.CMRT, Period: 2025, Template: saved, Name: "blank.xlsx"})
	var ie *InputError
	if err == nil || !errors.As(err, &ie) || ie.Input != "template" || !errors.Is(err, fs.ErrNotExist) ||
		!strings.Contains(err.Error(), "blank.xlsx") || strings.Contains(err.Error(), saved) {
		t.Errorf("MakeOwn: %v, want an InputError naming blank.xlsx, not %s, that is fs.ErrNotExist", err, saved)
	}
	_, err = ReadCompany(saved, "company.yaml")
	if err == nil || !errors.As(err, &ie) || ie.Input != "company" || !errors.Is(err, fs.ErrNotExist) ||
		!strings.Contains(err.Error(), "company.yaml") || strings.Contains(err.Error(), saved) {
		t.Errorf("ReadCompany: %v, want an InputError naming company.yaml, not %s, that is fs.ErrNotExist", err, saved)
	}
}

package cmrt

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedRMI returns ../shared/rmi (RMI's real blank templates, kept beside
// the project, never in it) or skips the test when it is absent.
func sharedRMI(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "rmi")
	if _, err := os.Stat(filepath.Join(dir, "RMI_CMRT_6.4.xlsx")); err != nil {
		t.Skipf("real RMI templates not available (%s): %v", dir, err)
	}
	return dir
}

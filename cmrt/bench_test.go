package cmrt

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// BenchmarkReadReal64 reads and checks the real CMRT 6.4 filled with 200
// smelter rows: the speed target is at most twice the cost of
// inflating the parts read (see internal/xlsx BenchmarkInflateOnly).
func BenchmarkReadReal64(b *testing.B) {
	path := fillReal64(b, b.TempDir(), func(f *excelize.File, lookup [][]string) {
		set(b, f, "Declaration", "D8", "Bench Co.")
		for i := 0; i < 200; i++ {
			r := lookup[5+i%600]
			set(b, f, "Smelter List", fmt.Sprintf("B%d", 5+i), r[0])
			set(b, f, "Smelter List", fmt.Sprintf("C%d", 5+i), r[1])
		}
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Smelters) != 200 {
			b.Fatalf("%d smelters", len(d.Smelters))
		}
		Check(d, time.Now())
	}
}

// BenchmarkExcelizeReal64 is the baseline the reader replaces: excelize
// opening the same file and reading the Smelter List.
func BenchmarkExcelizeReal64(b *testing.B) {
	path := filepath.Join(sharedRMI(b), "RMI_CMRT_6.4.xlsx")
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.GetRows("Smelter List"); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

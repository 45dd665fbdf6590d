package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
)

// BenchmarkSeasonRead reads the season of 1,000 suppliers and 150,000
// declared smelter rows (seasondb) as `cmrt findings` does, the stage
// before the first rule can run. heap-MB/op is what the read model
// allocates.
func BenchmarkSeasonRead(b *testing.B) {
	st := seasondb.OpenTemp(b, seasondb.Options{Suppliers: 1000, RowsEach: 150})
	ctx := context.Background()
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	seasondb.Loop(b, func() {
		se, err := st.SeasonLocked(ctx, 2025, asOf)
		if err != nil {
			b.Fatal(err)
		}
		if len(se.Suppliers) != 1000 {
			b.Fatalf("%d suppliers", len(se.Suppliers))
		}
	})
}

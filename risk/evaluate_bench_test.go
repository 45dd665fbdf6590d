package risk_test

import (
	"context"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
	"github.com/openminerals/cmrt/risk"
)

// BenchmarkEvaluateSeason runs the rules over the season of 1,000
// suppliers and 150,000 declared smelter rows (seasondb) as `cmrt
// findings` does (EvaluateParts: one core fewer than there are, at least
// one), the stage between reading the season and storing its findings.
// heap-MB/op is what the rules allocate.
func BenchmarkEvaluateSeason(b *testing.B) {
	st := seasondb.OpenTemp(b, seasondb.Options{Suppliers: 1000, RowsEach: 150})
	ctx := context.Background()
	se, err := st.Season(ctx, 2025, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	ref, err := st.ReferenceData(ctx)
	if err != nil {
		b.Fatal(err)
	}
	seasondb.Loop(b, func() {
		n := 0
		risk.EvaluateParts(se, ref, nil, func(p []risk.Finding) { n += len(p) })
		if n != 59609 {
			b.Fatalf("%d findings", n)
		}
	})
}

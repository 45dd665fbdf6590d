package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages times each page's server side over the bundled samples
// (20 suppliers, period 2025): rendering, the store reads and the findings
// fingerprint check (nothing changed, so findings are not recomputed).
func BenchmarkPages(b *testing.B) {
	f := newFixture(b)
	for _, path := range []string{"/?period=2025", "/suppliers?period=2025", "/findings?period=2025", "/smelters?period=2025", "/smelters/review?period=2025"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				f.srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}

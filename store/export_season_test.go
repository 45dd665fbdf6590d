package store

import (
	"context"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// SeasonLocked reads the season as the findings command does, declared
// smelter rows on connections of their own, for the benchmarks of
// package store_test (their database comes from seasondb, which imports
// store). Nothing writes while they run, which the lock would ensure.
func (s *Store) SeasonLocked(ctx context.Context, period int, asOf time.Time) (*risk.Season, error) {
	return s.season(ctx, s.db, period, asOf, true, nil)
}

package store

import (
	"context"
	"database/sql"
	"fmt"
)

// DeclarationLanguages returns, for the period's current declarations, the
// language each template was filled in (Declaration!D3, as read): the
// feedback sheets answer a supplier in it where a translation exists.
func (s *Store) DeclarationLanguages(ctx context.Context, period int) (map[int64]string, error) {
	out := map[int64]string{}
	err := eachRow(ctx, s.db, `SELECT id, language FROM declarations WHERE period = ? AND superseded_by IS NULL`, period, func(r *sql.Rows) error {
		var id int64
		var lang string
		if err := r.Scan(&id, &lang); err != nil {
			return err
		}
		out[id] = lang
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: declaration languages %d: %w", period, err)
	}
	return out, nil
}

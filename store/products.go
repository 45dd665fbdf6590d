package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/openminerals/cmrt/cmrt"
)

// DeclarationProducts returns the Product List rows stored for a
// declaration, in row order: the responder's number and name and, where the
// template has them (CMRT 6.6+, EMRT 2.1+, AMRT 1.3+), the requester's
// product number and name, which tie a supplier's part to the buyer's.
// The products table has held both since migration 0002.
func (s *Store) DeclarationProducts(ctx context.Context, id int64) ([]cmrt.Product, error) {
	out := []cmrt.Product{}
	err := s.each(ctx, `SELECT row, number, name, requester_number, requester_name, comments FROM products
		WHERE declaration_id = ? ORDER BY row`, id, func(r *sql.Rows) error {
		var p cmrt.Product
		if err := r.Scan(&p.Row, &p.Number, &p.Name, &p.RequesterNumber, &p.RequesterName, &p.Comments); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: products of declaration %d: %w", id, err)
	}
	return out, nil
}

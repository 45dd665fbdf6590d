package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// ReferenceImport is what `cmrt data import` stored.
type ReferenceImport struct {
	DataSet       risk.DataSet `json:"data_set"`
	AlreadyLoaded bool         `json:"already_loaded"`
	Unrecognised  []string     `json:"unrecognised_countries,omitempty"`
}

// ImportReferenceData parses a newer edition of a reference list with
// package risk and, when it parses, stores its bytes; from then on it is in
// force (the newest loaded edition of each kind wins over the shipped one).
// Loading the same bytes again changes nothing.
func (s *Store) ImportReferenceData(ctx context.Context, kind, source, format, edition string, data []byte) (*ReferenceImport, error) {
	ds, unrec, err := parseReference(kind, source, format, edition, data, s.Now())
	if err != nil {
		return nil, err
	}
	res := &ReferenceImport{DataSet: ds, Unrecognised: unrec}
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM reference_data WHERE kind = ? AND sha256 = ?`, kind, sum).Scan(&id)
		if err == nil {
			res.AlreadyLoaded = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO reference_data (kind, edition, source, format, sha256, body, loaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, kind, ds.Edition, source, format, sum, data, s.Now().UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: reference data %s: %w", source, err)
	}
	return res, nil
}

func parseReference(kind, source, format, edition string, data []byte, now time.Time) (risk.DataSet, []string, error) {
	switch kind {
	case risk.DataCAHRA:
		l, err := risk.ParseCAHRAJSON(data, source)
		if err != nil {
			return risk.DataSet{}, nil, fmt.Errorf("%s: %w", source, err)
		}
		return l.DataSet, nil, nil
	case risk.DataDoL:
		if edition == "" {
			edition = "imported " + now.UTC().Format("2006-01-02")
		}
		l, err := parseDoL(format, data, source, edition)
		if err != nil {
			return risk.DataSet{}, nil, fmt.Errorf("%s: %w", source, err)
		}
		return l.DataSet, l.Unrecognised(), nil
	case risk.DataGems:
		g, err := risk.ParseGemRestrictions(data)
		if err != nil {
			return risk.DataSet{}, nil, fmt.Errorf("%s: %w", source, err)
		}
		return g.DataSet, nil, nil
	}
	return risk.DataSet{}, nil, fmt.Errorf("unknown reference data %q (want cahra, dol or gems)", kind)
}

// parseDoL reads the DoL list in the format it was downloaded in.
func parseDoL(format string, data []byte, source, edition string) (*risk.DoLList, error) {
	if format == "xlsx" {
		return risk.ParseDoLXLSX(data, source, edition)
	}
	return risk.ParseDoLXML(data, source, edition)
}

// ReferenceData returns the reference data in force: the shipped editions,
// each replaced by the newest edition imported of its kind.
func (s *Store) ReferenceData(ctx context.Context) (risk.ReferenceData, error) {
	ref := risk.BuiltinReferenceData()
	rows, err := s.db.QueryContext(ctx, `SELECT kind, edition, source, format, body FROM reference_data ORDER BY id`)
	if err != nil {
		return ref, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, edition, source, format string
		var body []byte
		if err := rows.Scan(&kind, &edition, &source, &format, &body); err != nil {
			return ref, err
		}
		switch kind {
		case risk.DataCAHRA:
			l, err := risk.ParseCAHRAJSON(body, source)
			if err != nil {
				return ref, fmt.Errorf("store: stored %s edition %s: %w", kind, edition, err)
			}
			ref.CAHRA = l
		case risk.DataDoL:
			l, err := parseDoL(format, body, source, edition)
			if err != nil {
				return ref, fmt.Errorf("store: stored %s edition %s: %w", kind, edition, err)
			}
			ref.DoL = l
		case risk.DataGems:
			g, err := risk.ParseGemRestrictions(body)
			if err != nil {
				return ref, fmt.Errorf("store: stored %s edition %s: %w", kind, edition, err)
			}
			ref.Gems = g
		}
	}
	return ref, rows.Err()
}

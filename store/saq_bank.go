package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/saq"
)

// The SAQ question banks (migration 0010): each distinct bank once, by the
// SHA-256 of its canonical YAML; each questionnaire names the bank it was
// written from, so that it is scored with that bank whatever banks the
// other suppliers answered and whatever the default bank becomes.

// saveSAQBank records a questionnaire's bank: the one it embeds, or the
// default bank it was read with. Other families have none.
func saveSAQBank(ctx context.Context, tx *sql.Tx, declID int64, d *cmrt.Declaration) error {
	if d.Template.Family != cmrt.SAQ {
		return nil
	}
	b := d.SAQBank
	if b == nil {
		b = cmrt.DefaultSAQBank()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO saq_banks (sha256, bank_id, version, yaml) VALUES (?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, b.SHA256, b.Bank.ID, b.Bank.Version, string(b.YAML)); err != nil {
		return fmt.Errorf("SAQ question bank: %w", err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE declarations SET saq_bank = ? WHERE id = ?`, b.SHA256, declID)
	return err
}

// loadSAQBanks gives each of the period's current questionnaires its bank,
// each distinct bank parsed once. A questionnaire without a recorded bank
// keeps nil: risk scores it with the default bank.
func loadSAQBanks(ctx context.Context, q queryer, period int, decl func(int64) *risk.Declaration) error {
	return eachRow(ctx, q, `SELECT d.id, b.sha256, b.yaml FROM declarations d JOIN saq_banks b ON b.sha256 = d.saq_bank
		WHERE d.period = ? AND d.superseded_by IS NULL ORDER BY d.id`, period, func(r *sql.Rows) error {
		var id int64
		var hash, yaml string
		if err := r.Scan(&id, &hash, &yaml); err != nil {
			return err
		}
		dc := decl(id)
		if dc == nil {
			return nil
		}
		b, err := parsedSAQBank(hash, yaml)
		if err != nil {
			return err
		}
		dc.SAQBank, dc.SAQBankSHA256 = b, hash
		return nil
	})
}

// parsedBanks keeps banks parsed by earlier seasons (a parse takes
// milliseconds, and the dashboard loads a season per page). The key is
// the content's hash, so an entry never goes stale; the cache is emptied
// when it reaches maxParsedBanks. Banks are shared: read them only.
var parsedBanks = struct {
	sync.Mutex
	m map[string]*saq.Bank
}{m: map[string]*saq.Bank{}}

const maxParsedBanks = 64

func parsedSAQBank(hash, yaml string) (*saq.Bank, error) {
	parsedBanks.Lock()
	defer parsedBanks.Unlock()
	if b, ok := parsedBanks.m[hash]; ok {
		return b, nil
	}
	b, err := saq.Parse([]byte(yaml))
	if err != nil {
		return nil, fmt.Errorf("SAQ question bank %s: %w", hash, err)
	}
	if len(parsedBanks.m) >= maxParsedBanks {
		clear(parsedBanks.m)
	}
	parsedBanks.m[hash] = b
	return b, nil
}

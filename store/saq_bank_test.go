package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// saqFile is a questionnaire of company name written from bank b (nil: one
// without a recorded bank, read with the default), every question "Yes".
func saqFile(t *testing.T, name string, b *cmrt.SAQBank) *ImportedFile {
	t.Helper()
	bank := saq.Default()
	if b != nil {
		bank = b.Bank
	}
	l := cmrt.SAQLayout(bank)
	d := &cmrt.Declaration{Layout: l, Template: cmrt.Template{Family: cmrt.SAQ, Version: bank.Version, Language: "English"}, SAQBank: b}
	d.Company.Name = name
	for _, q := range l.CompanyQuestions {
		d.Answers = append(d.Answers, cmrt.Answer{Question: q.ID, Value: "Yes", Cell: q.Cell})
	}
	return &ImportedFile{Path: name + ".xlsx", SHA256: saq.Hash([]byte(name)), Size: 100, Decl: d,
		Check: cmrt.Check(d, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Period: 2026}
}

func editedSAQBank(t *testing.T) *cmrt.SAQBank {
	t.Helper()
	data, err := os.ReadFile("../testdata/saq/edited-bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := saq.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	canon, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return &cmrt.SAQBank{Bank: b, YAML: canon, SHA256: saq.Hash(canon), Embedded: true}
}

// TestSAQBankStored: each questionnaire's bank is stored once per distinct
// bank and comes back on the season's declaration; the minerals
// declarations have none.
func TestSAQBankStored(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	edited := editedSAQBank(t)
	files := []*ImportedFile{saqFile(t, "Acme", edited), saqFile(t, "Beta", edited), saqFile(t, "Gamma", nil), decl(t, "Delta", "2026-01-01")}
	files[3].Period = 2026
	for _, f := range files {
		if _, err := st.SaveDeclaration(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, st, "saq_banks"); n != 2 { // the default (migration 0010) and the edited
		t.Errorf("%d banks stored, want 2", n)
	}
	se, err := st.Season(ctx, 2026, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Acme": edited.SHA256, "Beta": edited.SHA256, "Gamma": cmrt.DefaultSAQBank().SHA256, "Delta": ""}
	for _, sup := range se.Suppliers {
		d := sup.Declarations[0]
		if d.SAQBankSHA256 != want[sup.Name] {
			t.Errorf("%s: bank %q, want %q", sup.Name, d.SAQBankSHA256, want[sup.Name])
		}
		switch sup.Name {
		case "Acme", "Beta":
			if !reflect.DeepEqual(d.SAQBank, edited.Bank) {
				t.Errorf("%s: the bank read back differs from the one stored", sup.Name)
			}
		case "Gamma":
			if !reflect.DeepEqual(d.SAQBank, saq.Default()) {
				t.Errorf("Gamma: not the default bank")
			}
		case "Delta":
			if d.SAQBank != nil {
				t.Errorf("Delta (CMRT) has a bank")
			}
		}
	}
	if se.Suppliers[0].Declarations[0].SAQBank != se.Suppliers[1].Declarations[0].SAQBank {
		t.Error("one bank parsed twice for one season")
	}
}

// TestMigration0010 opens a database holding questionnaires imported before
// migration 0010: they are given the default bank 1.0, stored once (the
// same bytes and hash as the default bank of this program while it is
// 1.0), and the minerals declarations none.
func TestMigration0010(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "before.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	for _, m := range ms {
		if m.version >= 10 {
			continue
		}
		mustExec(m.sql)
		mustExec(`INSERT INTO schema_migrations VALUES (?, ?, 'x')`, m.version, m.name)
	}
	mustExec(`INSERT INTO suppliers (id, name, name_key, created_at) VALUES (1, 'Alpha KK', 'ALPHA KK', 'x'), (2, 'Beta Ltd', 'BETA LTD', 'x')`)
	mustExec(`INSERT INTO files (id, sha256, path, size, imported_at) VALUES (1, 'a', 'a.xlsx', 1, 'x'), (2, 'b', 'b.xlsx', 1, 'x'), (3, 'c', 'c.xlsx', 1, 'x')`)
	for _, d := range []struct {
		id, file, supplier int
		family, version    string
	}{{1, 1, 1, "SAQ", "1.0"}, {2, 2, 1, "CMRT", "6.5"}, {3, 3, 2, "SAQ", "1.0"}} {
		mustExec(`INSERT INTO declarations (id, file_id, supplier_id, family, version, language, period, company_name,
			required_missing, errors, warnings, imported_seq, imported_at) VALUES (?, ?, ?, ?, ?, 'English', 2026, 'x', 0, 0, 0, ?, 'x')`,
			d.id, d.file, d.supplier, d.family, d.version, d.id)
	}
	mustExec(`INSERT INTO answers (declaration_id, position, question, value, cell) VALUES (1, 0, 'LAB3', 'No', 'D40'), (3, 0, 'GOV1', 'Yes', 'D26')`)
	db.Close()

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	def := cmrt.DefaultSAQBank()
	rows, err := st.db.Query(`SELECT id, COALESCE(saq_bank, '') FROM declarations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			t.Fatal(err)
		}
		got[id] = h
	}
	rows.Close()
	if got[1] != def.SHA256 || got[3] != def.SHA256 || got[2] != "" {
		t.Errorf("banks after migration %v, want the default %s on 1 and 3", got, def.SHA256)
	}
	var yaml, id, version string
	if err := st.db.QueryRow(`SELECT yaml, bank_id, version FROM saq_banks WHERE sha256 = ?`, def.SHA256).Scan(&yaml, &id, &version); err != nil {
		t.Fatal(err)
	}
	// The migration freezes the default bank 1.0: while this program's
	// default is 1.0 they must be the same bytes.
	if saq.Hash([]byte(yaml)) != def.SHA256 || id != "default" || version != "1.0" {
		t.Errorf("stored default bank: id %q version %q hash %s", id, version, saq.Hash([]byte(yaml)))
	}
	if def.Bank.Version == "1.0" && yaml != string(def.YAML) {
		t.Error("migration 0010's default bank differs from this program's default bank 1.0")
	}
	se, err := st.Season(context.Background(), 2026, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, sup := range se.Suppliers {
		for _, d := range sup.Declarations {
			if (d.Family == "SAQ") != (d.SAQBank != nil) || (d.SAQBank != nil && !reflect.DeepEqual(d.SAQBank, saq.Default())) {
				t.Errorf("%s %s: bank %v", sup.Name, d.Family, d.SAQBankSHA256)
			}
		}
	}
}

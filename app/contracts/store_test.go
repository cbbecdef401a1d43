package contracts_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

const sample = "../seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json"

func setup(t testing.TB) (*testdb.DB, *contracts.Store, tenants.Tenant, tenants.Tenant) {
	t.Helper()
	db := testdb.New(t)
	st := tenants.NewStore(db.App)
	a, err := st.Create(context.Background(), tenants.NewTenant{Slug: "portneuf", Name: "Régie Portneuf", Kind: "regie", RegionCode: "03"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Create(context.Background(), tenants.NewTenant{Slug: "quebec", Name: "Ville de Québec", Kind: "municipality", RegionCode: "03"})
	if err != nil {
		t.Fatal(err)
	}
	return db, contracts.NewStore(db.App, nil), a, b
}

func addSupplier(t *testing.T, db *gorm.DB, tenantID uuid.UUID, neq, name, region string, ees bool) uuid.UUID {
	t.Helper()
	id := uuid.New()
	if err := tenants.Tx(context.Background(), db, tenantID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, ees, quebec_establishment, region_code, legal_form, coop_kind)
			VALUES (?, ?, ?, ?, ?, true, ?, 'cooperative', 'solidarity')`, tenantID, id, neq, name, ees, region).Error
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

func typed(name string, cents int64, on string) contracts.Input {
	d, _ := contracts.ParseDate(on)
	return contracts.Input{SupplierName: name, Object: "Déneigement", Category: "72102900", Nature: "services", Procedure: "gre_a_gre",
		AwardedCents: cents, AwardedOn: d}
}

func TestCreateCapturesSupplierStatus(t *testing.T) {
	t.Parallel()
	db, st, a, _ := setup(t)
	ctx := context.Background()
	sid := addSupplier(t, db.App, a.ID, "1177604668", "Coop Techlift", "03", true)
	in := typed("", 2_000_000, "2025-03-01")
	in.SupplierNEQ = "1177604668"
	c, err := st.Create(ctx, a.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.SupplierID != sid.String() || !c.SupplierEES || !c.SupplierLocal || c.SupplierLegalForm != "solidarity_coop" || c.SupplierName != "Coop Techlift" ||
		c.Source != contracts.SourceTyped {
		t.Fatalf("contract = %+v", c)
	}
	t.Run("status stays as captured when the register changes", func(t *testing.T) {
		if err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error { return tx.Exec(`UPDATE suppliers SET ees = false`).Error }); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Get(ctx, a.ID, c.ID)
		if !got.SupplierEES {
			t.Fatal("captured EES status changed")
		}
	})
	t.Run("update keeps the captured status, audits before and after", func(t *testing.T) {
		in := c.Input
		in.Object, in.AwardedCents = "Chariot et formation", 2_100_000
		got, err := st.Update(ctx, a.ID, c.ID, in)
		if err != nil || got.Object != "Chariot et formation" || got.AwardedCents != 2_100_000 || !got.SupplierEES {
			t.Fatalf("updated %+v, %v", got, err)
		}
		bad := in
		bad.AwardedCents = -1
		if _, err := st.Update(ctx, a.ID, c.ID, bad); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
		var n int64
		if err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM audit_log WHERE action = 'contract.update' AND before IS NOT NULL AND after IS NOT NULL`).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d update audit entries", n)
		}
	})
	t.Run("amendments", func(t *testing.T) {
		if _, err := st.AddAmendment(ctx, a.ID, c.ID, contracts.AmendmentInput{AmendedOn: c.AwardedOn, DeltaCents: 150_000, Reason: "Ajout"}); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Get(ctx, a.ID, c.ID)
		if len(got.Amendments) != 1 || got.Expense() != 2_250_000 {
			t.Fatalf("amendments = %+v, expense %d", got.Amendments, got.Expense())
		}
		if _, err := st.AddAmendment(ctx, a.ID, c.ID, contracts.AmendmentInput{AmendedOn: c.AwardedOn, DeltaCents: 0, Reason: ""}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCreateBadInput(t *testing.T) {
	t.Parallel()
	_, st, a, _ := setup(t)
	for _, tc := range []struct {
		name string
		edit func(*contracts.Input)
		key  string
	}{
		{"negative", func(in *contracts.Input) { in.AwardedCents = -1 }, "contracts.amount_negative"},
		{"absurd", func(in *contracts.Input) { in.AwardedCents = contracts.MaxCents + 1 }, "contracts.amount_absurd"},
		{"date out of range", func(in *contracts.Input) { in.AwardedOn = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }, "contracts.date_out_of_range"},
		{"no supplier", func(in *contracts.Input) { in.SupplierName = "" }, "contracts.supplier_name_required"},
		{"unknown register supplier", func(in *contracts.Input) { in.SupplierID = uuid.NewString() }, "contracts.supplier_unknown"},
		{"end before start", func(in *contracts.Input) {
			s, e := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
			in.StartsOn, in.EndsOn = &s, &e
		}, "contracts.end_before_start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := typed("Coop", 100, "2025-01-01")
			tc.edit(&in)
			_, err := st.Create(context.Background(), a.ID, in)
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Key != tc.key {
				t.Fatalf("err = %v", err)
			}
			if cs, _ := st.List(context.Background(), a.ID, contracts.Filter{}); len(cs) != 0 {
				t.Fatal("something was stored")
			}
		})
	}
}

func TestIsolation(t *testing.T) {
	t.Parallel()
	db, st, a, b := setup(t)
	ctx := context.Background()
	c, err := st.Create(ctx, a.ID, typed("Coop A", 100_000, "2025-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSEAOBuyers(ctx, a.ID, []string{"OP-70289"}); err != nil {
		t.Fatal(err)
	}
	t.Run("other tenant reads nothing", func(t *testing.T) {
		if _, err := st.Get(ctx, b.ID, c.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
		if cs, _ := st.List(ctx, b.ID, contracts.Filter{}); len(cs) != 0 {
			t.Fatalf("b lists %d", len(cs))
		}
		if ids, _ := st.SEAOBuyers(ctx, b.ID); len(ids) != 0 {
			t.Fatalf("b sees buyers %v", ids)
		}
	})
	t.Run("other tenant changes and deletes nothing", func(t *testing.T) {
		if err := st.Delete(ctx, b.ID, c.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("delete: %v", err)
		}
		if _, err := st.AddAmendment(ctx, b.ID, c.ID, contracts.AmendmentInput{AmendedOn: c.AwardedOn, DeltaCents: 5, Reason: "x"}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("amend: %v", err)
		}
		if err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			for _, q := range []string{`UPDATE contracts SET awarded_cents = 1`, `DELETE FROM contracts`, `DELETE FROM tenant_seao_buyers`} {
				if res := tx.Exec(q); res.Error != nil || res.RowsAffected != 0 {
					return fmt.Errorf("%s as b: %d rows, %v", q, res.RowsAffected, res.Error)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, a.ID, c.ID)
		if err != nil || got.AwardedCents != 100_000 || len(got.Amendments) != 0 {
			t.Fatalf("a's contract changed: %+v %v", got, err)
		}
		if ids, _ := st.SEAOBuyers(ctx, a.ID); len(ids) != 1 {
			t.Fatalf("a's buyers = %v", ids)
		}
	})
	t.Run("other tenant cannot insert into a's contract", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO contract_amendments (tenant_id, contract_id, amended_on, delta_cents, reason) VALUES (?, ?, '2025-01-01', 1, 'x')`, a.ID, c.ID).Error
		})
		if err == nil {
			t.Fatal("inserted a row for another tenant")
		}
	})
	t.Run("no tenant context means no rows", func(t *testing.T) {
		for _, table := range []string{"contracts", "contract_amendments", "tenant_seao_buyers"} {
			var n int64
			if err := db.App.Raw(`SELECT count(*) FROM ` + table).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: %d rows without tenant", table, n)
			}
		}
	})
	t.Run("own delete works and is audited", func(t *testing.T) {
		if err := st.Delete(ctx, a.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM audit_log WHERE action LIKE 'contract.%'`).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("%d contract audit entries, want 2", n)
		}
	})
}

func TestLoadSEAOSample(t *testing.T) {
	t.Parallel()
	db, st, a, b := setup(t)
	ctx := context.Background()
	known := addSupplier(t, db.App, a.ID, "1177604668", "Techlift (registre)", "03", false)
	load := func(tenantID uuid.UUID) (contracts.SEAOReport, error) {
		f, err := os.Open(sample)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return st.LoadSEAO(ctx, tenantID, f)
	}
	t.Run("no buyer mapping", func(t *testing.T) {
		if _, err := load(a.ID); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
	})
	if err := st.SetSEAOBuyers(ctx, a.ID, []string{"op-70289"}); err != nil {
		t.Fatal(err)
	}
	t.Run("first load", func(t *testing.T) {
		rep, err := load(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Releases != 8 || rep.ForTenant != 2 || rep.Loaded != 2 || rep.AlreadyLoaded != 0 || rep.Matched != 1 ||
			len(rep.Unknown) != 1 || rep.Unknown[0].NEQ != "1167510800" {
			t.Fatalf("report = %+v", rep)
		}
		cs, _ := st.List(ctx, a.ID, contracts.Filter{})
		var total int64
		for _, c := range cs {
			total += c.AwardedCents
			if c.Source != contracts.SourceSEAO || c.Procedure != "gre_a_gre" {
				t.Errorf("contract = %+v", c)
			}
			if c.SupplierNEQ == "1177604668" && c.SupplierID != known.String() {
				t.Errorf("NEQ not matched to the register: %+v", c)
			}
		}
		if len(cs) != 2 || total != 3667703+4156346 {
			t.Fatalf("%d contracts, total %d", len(cs), total)
		}
	})
	t.Run("re-load is idempotent", func(t *testing.T) {
		rep, err := load(a.ID)
		if err != nil || rep.Loaded != 0 || rep.AlreadyLoaded != 2 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		if cs, _ := st.List(ctx, a.ID, contracts.Filter{}); len(cs) != 2 {
			t.Fatalf("%d contracts", len(cs))
		}
	})
	t.Run("file of another buyer changes nothing", func(t *testing.T) {
		if err := st.SetSEAOBuyers(ctx, b.ID, []string{"OP-59053"}); err != nil { // Ville de Québec: a tender notice only
			t.Fatal(err)
		}
		_, err := load(b.ID)
		if e := errs.As(err); e == nil || e.Key != "contracts.seao_other_buyer" {
			t.Fatalf("err = %v", err)
		}
		if cs, _ := st.List(ctx, b.ID, contracts.Filter{}); len(cs) != 0 {
			t.Fatal("stored")
		}
	})
	t.Run("not OCDS", func(t *testing.T) {
		_, err := st.LoadSEAO(ctx, a.ID, strings.NewReader(`{"hello": "world"}`))
		if e := errs.As(err); e == nil || e.Key != "rules.seao.not_ocds" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("bad buyer id", func(t *testing.T) {
		if err := st.SetSEAOBuyers(ctx, a.ID, []string{"70289"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	_, st, a, _ := setup(t)
	ctx := context.Background()
	good := typed("Coop", 100, "2025-01-01")
	bad := typed("Coop", -5, "2025-01-01")
	_, err := st.Import(ctx, a.ID, []contracts.Input{good, good, bad})
	e := errs.As(err)
	if e == nil || len(e.Fields) != 1 || e.Fields[0].Row != 3 {
		t.Fatalf("err = %v", err)
	}
	if cs, _ := st.List(ctx, a.ID, contracts.Filter{}); len(cs) != 0 {
		t.Fatalf("%d stored after a broken row", len(cs))
	}
	n, err := st.Import(ctx, a.ID, []contracts.Input{good, good})
	if err != nil || n != 2 {
		t.Fatalf("n = %d, %v", n, err)
	}
}

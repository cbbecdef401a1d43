package declarations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/tenants"
)

// contractRow is a contract as the rules area stores it (the columns progress reads).
type contractRow struct {
	supplier   *uuid.UUID
	name, neq  string
	ees, local bool
	category   string
	procedure  string
	awarded    int64
	final      *int64
	on         string
	amendments []int64
}

// insertContracts writes contracts (and their amendments) as the app role in tenant's transaction.
func insertContracts(t *testing.T, db *gorm.DB, tenant uuid.UUID, rows ...contractRow) []string {
	t.Helper()
	var ids []string
	err := tenants.Tx(context.Background(), db, tenant, func(tx *gorm.DB) error {
		for _, r := range rows {
			id := uuid.New()
			var neq any
			if r.neq != "" {
				neq = r.neq
			}
			if err := tx.Exec(`INSERT INTO contracts (tenant_id, id, supplier_id, supplier_name, supplier_neq, supplier_ees, supplier_local,
				object, category, nature, procedure, awarded_cents, final_cents, awarded_on, source)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'Objet', ?, 'services', ?, ?, ?, ?, 'typed')`,
				tenant, id, r.supplier, r.name, neq, r.ees, r.local, r.category, r.procedure, r.awarded, r.final, r.on).Error; err != nil {
				return err
			}
			for _, delta := range r.amendments {
				if err := tx.Exec(`INSERT INTO contract_amendments (tenant_id, contract_id, amended_on, delta_cents, reason)
					VALUES (?, ?, ?, ?, 'Avenant')`, tenant, id, r.on, delta).Error; err != nil {
					return err
				}
			}
			ids = append(ids, id.String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// registerSupplier adds an approved supplier to tenant's register and returns its id.
func registerSupplier(t *testing.T, db *gorm.DB, tenant uuid.UUID, neq, name, mrc string, ees bool) uuid.UUID {
	t.Helper()
	id := uuid.New()
	var mrcCode any
	if mrc != "" {
		mrcCode = mrc
	}
	if err := tenants.Tx(context.Background(), db, tenant, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, ees, mrc_code, status) VALUES (?, ?, ?, ?, ?, ?, 'approved')`,
			tenant, id, neq, name, ees, mrcCode).Error
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestProgressFromStoredContracts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	coop := registerSupplier(t, f.db.App, f.a.ID, "1140000001", "Coop Entretien Plus", "460", true)
	obnl := registerSupplier(t, f.db.App, f.a.ID, "1140000002", "OBNL Imprime-Emploi", "460", true)
	registerSupplier(t, f.db.App, f.a.ID, "1140000003", "Coop jamais retenue", "", true)
	final := int64(30_000_00)
	ids := insertContracts(t, f.db.App, f.a.ID,
		contractRow{supplier: &coop, name: "Coop Entretien Plus", ees: true, category: "76111500", procedure: "gre_a_gre", awarded: 20_000_00, on: "2024-05-01"},
		contractRow{supplier: &coop, name: "Coop Entretien Plus", ees: true, local: true, category: "76111500", procedure: "gre_a_gre", awarded: 20_000_00, amendments: []int64{5_000_00, -1_000_00}, on: "2025-02-01"},
		contractRow{supplier: &obnl, name: "OBNL Imprime-Emploi", ees: true, category: "82121500", procedure: "invitation", awarded: 40_000_00, final: &final, on: "2025-03-01"},
		contractRow{name: "Béton inc.", neq: "1140000009", category: "72101500", procedure: "public_call", awarded: 500_000_00, on: "2025-04-01"},
		contractRow{name: "Traiteur solidaire", ees: true, category: "90101500", procedure: "gre_a_gre", awarded: 5_000_00, on: "2025-12-31"},
		contractRow{name: "Traiteur solidaire", ees: true, category: "90101500", procedure: "gre_a_gre", awarded: 7_000_00, on: "2026-01-01"},
	)
	// Tenant B's contracts with the same suppliers' names must never count for A.
	insertContracts(t, f.db.App, f.b.ID,
		contractRow{name: "Coop Entretien Plus", ees: true, category: "76111500", procedure: "gre_a_gre", awarded: 99_000_00, on: "2025-02-01"})

	d := draft(t, "2025")
	d.Targets = append(d.Targets,
		declarations.Target{Key: "n", Kind: declarations.DistinctEES, Value: 5},
		declarations.Target{Key: "new", Kind: declarations.NewRelationships, Value: 3},
		declarations.Target{Key: "mrc", Kind: declarations.LocalShare, Territory: declarations.Territory{Level: declarations.LevelMRC, Code: "460"}, Value: 5_000},
		declarations.Target{Key: "policy", Kind: declarations.LocalShare, Territory: declarations.Territory{Level: declarations.LevelPolicy}, Value: 5_000})
	d, err := f.store.Create(ctx, f.a.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	asOf := day(t, "2026-06-30")
	cs, prior, err := f.store.ProgressData(ctx, f.a.ID, d, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 4 {
		t.Fatalf("%d contracts in 2025, want 4: %+v", len(cs), cs)
	}
	if !slices.Equal(prior, []string{coop.String()}) {
		t.Errorf("prior suppliers = %v", prior)
	}
	thresholds := []declarations.Threshold{{From: day(t, "2024-01-01"), AmountCents: 133_800_00}}
	p := declarations.Compute(declarations.Input{Declaration: d, Contracts: cs, PriorSuppliers: prior, Thresholds: thresholds, AsOf: asOf})
	got := map[string]declarations.TargetProgress{}
	for _, tp := range p.Targets {
		got[tp.Target.Key] = tp
	}
	// EES spend: 24 000 (20 000 + 5 000 − 1 000 in amendments) + 30 000 (final) + 5 000 on Dec 31.
	if v := got["amount"].Current; v != 59_000_00 {
		t.Errorf("EES amount = %d", v)
	}
	if v := got["amount"].ContractIDs; !slices.Equal(v, []string{ids[1], ids[2], ids[4]}) {
		t.Errorf("EES amount contracts = %v", v)
	}
	// Eligible spend leaves out the $500,000 public call: 59 000 / 59 000.
	if v := got["share"].Share; v != (declarations.Ratio{Num: 59_000_00, Den: 59_000_00}) {
		t.Errorf("EES share = %+v", v)
	}
	if v := got["n"].Current; v != 3 {
		t.Errorf("distinct EES = %d", v)
	}
	// The coop was contracted in 2024: not new. The OBNL and the caterer (known by name) are.
	if v := got["new"].SupplierIDs; !slices.Equal(v, []string{obnl.String(), "name:traiteur solidaire"}) {
		t.Errorf("new relationships = %v", v)
	}
	// MRC 460 (from the register): coop 24 000 + OBNL 30 000 of 59 000 eligible.
	if v := got["mrc"].Share; v != (declarations.Ratio{Num: 54_000_00, Den: 59_000_00}) {
		t.Errorf("MRC share = %+v", v)
	}
	if v := got["policy"].Share; v != (declarations.Ratio{Num: 24_000_00, Den: 59_000_00}) {
		t.Errorf("policy-local share = %+v", v)
	}

	t.Run("pilot indicators from the register, the members and the contact log", func(t *testing.T) {
		buyer := f.user(t, "acheteur@alpha.test")
		if err := tenants.Tx(ctx, f.db.App, f.a.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'buyer')`, f.a.ID, buyer).Error
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.AddContact(ctx, f.a.ID, declarations.Contact{Date: day(t, "2025-02-15"), Kind: declarations.Visit,
			BuyerID: buyer, SupplierID: obnl.String()}); err != nil {
			t.Fatal(err)
		}
		contacts, buyers, ees, err := f.store.PilotData(ctx, f.a.ID, d.PeriodStart, asOf)
		if err != nil {
			t.Fatal(err)
		}
		pi := declarations.Pilot(declarations.PilotInput{Start: d.PeriodStart, End: d.PeriodEnd, AsOf: asOf, Contacts: contacts,
			Contracts: cs, PriorSuppliers: prior, Buyers: buyers, RegisterEES: ees})
		want := declarations.PilotIndicators{Contacts: 1, EnterprisesContacted: 1, EESContracts: 3,
			NewRelationships:    declarations.Ratio{Num: 2, Den: 3},
			BuyersWithContract:  declarations.Ratio{Num: 1, Den: 1}, // credited through the visit before the OBNL's contract
			RegisterEESContract: declarations.Ratio{Num: 2, Den: 3}}
		if pi != want {
			t.Errorf("pilot = %+v\nwant  %+v", pi, want)
		}
	})
	t.Run("another tenant's progress data is its own", func(t *testing.T) {
		cs, prior, err := f.store.ProgressData(ctx, f.b.ID, d, asOf)
		if err != nil || len(cs) != 1 || cs[0].AwardedCents != 99_000_00 || len(prior) != 0 {
			t.Errorf("tenant B data = %+v %v %v", cs, prior, err)
		}
	})
}

func TestDashboardReadsCurrentAndPreviousPeriods(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	insertContracts(t, f.db.App, f.a.ID,
		contractRow{name: "Coop A", ees: true, category: "76111500", procedure: "gre_a_gre", awarded: 10_000_00, on: "2024-03-01"},
		contractRow{name: "Coop A", ees: true, category: "76111500", procedure: "gre_a_gre", awarded: 20_000_00, on: "2025-03-01"},
		contractRow{name: "Coop B", ees: true, category: "76111500", procedure: "gre_a_gre", awarded: 30_000_00, on: "2025-08-01"}, // after as-of
	)
	prev, err := f.store.Create(ctx, f.a.ID, draft(t, "2024"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := f.store.Create(ctx, f.a.ID, draft(t, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Create(ctx, f.a.ID, draft(t, "2026")); err != nil { // not started yet on as-of
		t.Fatal(err)
	}
	tests := []struct {
		name, id, asOf string
		want, prevID   string
		contracts      int
		prior          []string
	}{
		{"the declaration covering the day", "", "2025-07-01", cur.ID, prev.ID, 1, []string{"name:coop a"}},
		{"a chosen declaration, read at its end", prev.ID, "2024-12-31", prev.ID, "", 1, nil},
		{"after every period: the latest started", "", "2027-02-01", "", "", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := f.store.Dashboard(ctx, f.a.ID, tc.id, day(t, tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" { // 2026 started: it is the one read, with 2025 as previous
				if !d.Found || !d.Declaration.PeriodStart.Equal(day(t, "2026-01-01")) || d.Previous == nil || d.Previous.ID != cur.ID ||
					len(d.PreviousContracts) != 2 {
					t.Errorf("dashboard = %+v", d)
				}
				return
			}
			if !d.Found || d.Declaration.ID != tc.want || len(d.Contracts) != tc.contracts || !slices.Equal(d.Prior, tc.prior) {
				t.Errorf("dashboard = found %v id %s contracts %d prior %v", d.Found, d.Declaration.ID, len(d.Contracts), d.Prior)
			}
			if (tc.prevID == "") != (d.Previous == nil) || (d.Previous != nil && d.Previous.ID != tc.prevID) {
				t.Errorf("previous = %+v, want %s", d.Previous, tc.prevID)
			}
		})
	}
	t.Run("another tenant's declaration id is not found", func(t *testing.T) {
		if _, err := f.store.Dashboard(ctx, f.b.ID, cur.ID, day(t, "2025-07-01")); err == nil {
			t.Errorf("tenant B read tenant A's declaration")
		}
		d, err := f.store.Dashboard(ctx, f.b.ID, "", day(t, "2025-07-01"))
		if err != nil || d.Found {
			t.Errorf("tenant B dashboard = %+v %v", d, err)
		}
	})
}

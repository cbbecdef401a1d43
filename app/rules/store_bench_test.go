package rules

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/testdb"
	"maillage/tenants"
)

// BenchmarkAdviseAndSave2000 answers through the store (policy in force, register of 2,000 suppliers with
// documents and past awards, saved answer) as the advisor page and API do, and times in the same run each
// part of it: reading the register (suppliers, documents, past contracts), the engine alone on what was
// read, encoding the saved answer, and the whole request. Reports p50/p95 of each, in milliseconds.
// Run: go test ./app/rules -run '^$' -bench AdviseAndSave2000 -benchtime 200x
func BenchmarkAdviseAndSave2000(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	tn, err := tenants.NewStore(db.App).Create(ctx, tenants.NewTenant{Slug: "grande", Name: "Grande ville", Kind: "municipality"})
	if err != nil {
		b.Fatal(err)
	}
	st := NewStore(db.App, nil)
	pol := PolicyVersion{Policy: Policy{LawFamily: LawMunicipal, From: Day(2022, 1, 1), ResolutionNumber: "CM-2022-1", ResolutionDate: Day(2022, 1, 1),
		LocalScope: TerritoryRegion, LocalCodes: []string{"04"}, LocalMechanism: MechanismInvite, EESPreference: true, RotationMonths: 12,
		CategoryCeilings: []CategoryCeiling{{Category: "72000000", Ceiling: 5_000_000}},
		RequiredDocs:     []BandDocuments{{Band: BandMiddle, Types: []string{"insurance"}}}},
		Concentration: ConcentrationSetting{Limit: 5000, Level: 4}}
	if _, err := st.CreatePolicy(ctx, tn.ID, pol, true); err != nil {
		b.Fatal(err)
	}
	if err := seedRegister(ctx, db.App, tn.ID); err != nil {
		b.Fatal(err)
	}
	if err := db.Owner.Exec(`ANALYZE suppliers, supplier_documents, contracts`).Error; err != nil {
		b.Fatal(err)
	}
	p := Purchase{Object: "Entretien", Category: "72102900", Nature: Services, Amount: 4_000_000, LaunchDate: Day(2025, 6, 1)}
	var whole, load, engine, encode []time.Duration
	for b.Loop() {
		t0 := time.Now()
		sa, err := st.AdviseAndSave(ctx, tn.ID, BodyMunicipal, p)
		whole = append(whole, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if n := len(sa.Advice.Ranked) + len(sa.Advice.Excluded); n+sa.Advice.OutOfCategory != 2000 || n == 0 || n >= 2000 {
			b.Fatalf("%d + %d suppliers", n, sa.Advice.OutOfCategory)
		}
		// The same request's parts, measured apart.
		var in Input
		t1 := time.Now()
		err = tenants.ReadTx(ctx, db.App, tn.ID, func(tx *gorm.DB) error {
			ref, err := st.cachedReference(ctx, tx) // as AdviseAndSave reads it
			if err != nil {
				return err
			}
			pol, err := enteredInForce(tx, tn.ID, p.LaunchDate)
			if err != nil {
				return err
			}
			reg, err := readRegister(tx, tn.ID, p, DefaultSplitWindowMonths)
			in = Input{Purchase: p, Body: BodyMunicipal, Policy: &pol.Policy, Reference: ref, Suppliers: reg.suppliers, History: reg.history}
			return err
		})
		load = append(load, time.Since(t1))
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		adv, err := Advise(in)
		engine = append(engine, time.Since(t2))
		if err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		if _, err := encodeSaved(toSaved(adv), st.encoders); err != nil {
			b.Fatal(err)
		}
		encode = append(encode, time.Since(t3))
	}
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"whole", whole}, {"load", load}, {"engine", engine}, {"encode", encode}} {
		slices.Sort(m.ds)
		b.ReportMetric(float64(m.ds[len(m.ds)*95/100].Microseconds())/1000, m.name+"-p95-ms")
		b.ReportMetric(float64(m.ds[len(m.ds)/2].Microseconds())/1000, m.name+"-p50-ms")
	}
}

// seedRegister gives a tenant 2,000 suppliers in five categories, one document each, and past gré-à-gré
// awards for about 30 % of them.
func seedRegister(ctx context.Context, db *gorm.DB, tenantID uuid.UUID) error {
	return tenants.Tx(ctx, db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO suppliers (tenant_id, neq, legal_name, ees, adapted, quebec_establishment, region_code, unspsc, legal_form, status)
			SELECT ?, lpad((1000000000 + g)::text, 10, '0'), 'Fournisseur ' || g, g % 4 = 0, g % 20 = 0, g % 7 <> 0,
			       lpad((1 + g % 17)::text, 2, '0'), ARRAY[(ARRAY['72100000','72102900','76110000','43210000','80101500'])[1 + g % 5]],
			       (ARRAY['nonprofit','cooperative','corporation'])[1 + g % 3], CASE WHEN g % 10 = 0 THEN 'applied' ELSE 'approved' END
			FROM generate_series(1, 2000) g`, tenantID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO supplier_documents (tenant_id, supplier_id, type, issued_on, expires_on)
			SELECT tenant_id, id, 'insurance', DATE '2025-01-01', DATE '2025-01-01' + (random() * 700)::int FROM suppliers WHERE tenant_id = ?`, tenantID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO contracts (tenant_id, supplier_id, supplier_name, object, category, nature, procedure, awarded_cents, awarded_on, source)
			SELECT tenant_id, id, legal_name, 'Contrat antérieur', '72102900', 'services', 'gre_a_gre', 1000000, DATE '2024-01-01' + (random() * 400)::int, 'typed'
			FROM suppliers WHERE tenant_id = ? AND random() < 0.3`, tenantID).Error
	})
}

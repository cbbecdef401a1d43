package rules_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/rules"
	"maillage/app/testdb"
	"maillage/tenants"
)

func twoTenants(t *testing.T, db *testdb.DB) (a, b tenants.Tenant) {
	t.Helper()
	st := tenants.NewStore(db.App)
	var err error
	if a, err = st.Create(context.Background(), tenants.NewTenant{Slug: "alpha", Name: "Ville Alpha", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	if b, err = st.Create(context.Background(), tenants.NewTenant{Slug: "beta", Name: "Ville Beta", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func policy(from string) rules.PolicyVersion {
	d, _ := rules.ParseDay(from)
	return rules.PolicyVersion{
		Policy: rules.Policy{LawFamily: rules.LawMunicipal, From: d, ResolutionNumber: "CM-" + from, ResolutionDate: d,
			LocalScope: rules.TerritoryRegion, LocalCodes: []string{"04"}, LocalMechanism: rules.MechanismInvite, EESPreference: true,
			RotationMonths: 12, CategoryCeilings: []rules.CategoryCeiling{{Category: "72000000", Ceiling: 5_000_000}},
			RequiredDocs: []rules.BandDocuments{{Band: rules.BandMiddle, Types: []string{"insurance"}}}},
		Concentration: rules.ConcentrationSetting{Limit: 5000, Level: 4},
	}
}

func insertSupplier(t *testing.T, db *gorm.DB, tenantID uuid.UUID, neq, name string, ees bool, region string, unspsc string) uuid.UUID {
	t.Helper()
	id := uuid.New()
	err := tenants.Tx(context.Background(), db, tenantID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, ees, quebec_establishment, region_code, unspsc, legal_form)
			VALUES (?, ?, ?, ?, ?, true, ?, ARRAY[?], 'nonprofit')`, tenantID, id, neq, name, ees, region, unspsc).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSeedEqualsDefaults: the migration's seed is the shipped defaults, value for value.
func TestSeedEqualsDefaults(t *testing.T) {
	db := testdb.New(t)
	got, err := rules.NewStore(db.App, nil).Reference(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, err := rules.DefaultReference()
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]rules.LegalValue{}
	for _, v := range got.Values {
		index[v.Version] = v
	}
	if len(got.Values) != len(want.Values) {
		t.Fatalf("%d seeded values, %d defaults", len(got.Values), len(want.Values))
	}
	for _, w := range want.Values {
		t.Run(w.Version, func(t *testing.T) {
			if g := index[w.Version]; !reflect.DeepEqual(g, w) {
				t.Fatalf("seeded %+v\nwant     %+v", g, w)
			}
		})
	}
}

func TestLegalValueEdits(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := rules.NewStore(db.App, nil)
	next := rules.LegalValue{Key: "tender_threshold", Version: "tender_threshold/2028-01-01", Kind: rules.KindCents, Cents: 14_000_000,
		From: rules.Day(2028, 1, 1), To: rules.Day(2029, 12, 31), Citation: "test", Confirmed: false}
	for _, tc := range []struct {
		name      string
		v         rules.LegalValue
		replacing string
		kind      errs.Kind
	}{
		{"new period", next, "", ""},
		{"overlapping period refused", func() rules.LegalValue { v := next; v.Version = "x/1"; v.From = rules.Day(2027, 6, 1); return v }(), "", errs.Invalid},
		{"replace a version", func() rules.LegalValue { v := next; v.Cents = 14_100_000; v.Confirmed = true; return v }(), next.Version, ""},
		{"replace an unknown version", next, "nope", errs.NotFound},
		{"no citation", func() rules.LegalValue {
			v := next
			v.Version = "y/1"
			v.From = rules.Day(2031, 1, 1)
			v.To = time.Time{}
			v.Citation = ""
			return v
		}(), "", errs.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := st.Reference(ctx)
			err := st.SaveLegalValue(ctx, tc.v, tc.replacing)
			after, _ := st.Reference(ctx)
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				if v, ok := after.At(tc.v.Key, tc.v.From); !ok || v.Cents != tc.v.Cents {
					t.Fatalf("not saved: %+v", v)
				}
				return
			}
			if !errs.Is(err, tc.kind) || !reflect.DeepEqual(before, after) {
				t.Fatalf("err = %v; changed = %v", err, !reflect.DeepEqual(before, after))
			}
		})
	}
	var n int64
	db.Owner.Raw(`SELECT count(*) FROM platform_audit_log WHERE object_type = 'legal_value'`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit entries, want 2", n)
	}
}

func TestPolicyVersions(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	a, b := twoTenants(t, db)
	st := rules.NewStore(db.App, nil)
	first, err := st.CreatePolicy(ctx, a.ID, policy("2022-01-01"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("round trip", func(t *testing.T) {
		got, err := st.PolicyInForce(ctx, a.ID, rules.Day(2023, 5, 1))
		if err != nil || !reflect.DeepEqual(got, first) {
			t.Fatalf("got %+v, %v\nwant %+v", got, err, first)
		}
	})
	t.Run("overlap without closing is a conflict, nothing changes", func(t *testing.T) {
		if _, err := st.CreatePolicy(ctx, a.ID, policy("2024-01-01"), false); !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v", err)
		}
		if vs, _ := st.Policies(ctx, a.ID); len(vs) != 1 || !vs[0].To.IsZero() {
			t.Fatalf("versions = %+v", vs)
		}
	})
	t.Run("a new version closes the current one", func(t *testing.T) {
		if _, err := st.CreatePolicy(ctx, a.ID, policy("2024-01-01"), true); err != nil {
			t.Fatal(err)
		}
		vs, _ := st.Policies(ctx, a.ID)
		if len(vs) != 2 || vs[1].To != rules.Day(2023, 12, 31) {
			t.Fatalf("versions = %+v", vs)
		}
	})
	t.Run("a version inside an older period is a conflict", func(t *testing.T) {
		if _, err := st.CreatePolicy(ctx, a.ID, policy("2023-06-01"), true); !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("invalid version", func(t *testing.T) {
		p := policy("2030-01-01")
		p.ResolutionNumber = ""
		if _, err := st.CreatePolicy(ctx, a.ID, p, true); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("other tenant sees nothing", func(t *testing.T) {
		if vs, err := st.Policies(ctx, b.ID); err != nil || len(vs) != 0 {
			t.Fatalf("b sees %d versions (%v)", len(vs), err)
		}
		if _, err := st.PolicyInForce(ctx, b.ID, rules.Day(2025, 1, 1)); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
		var n int64
		tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			tx.Exec(`UPDATE policy_versions SET rotation_months = 1`)
			tx.Exec(`DELETE FROM policy_versions`)
			return nil
		})
		if vs, _ := st.Policies(ctx, a.ID); len(vs) != 2 || vs[0].RotationMonths != 12 {
			t.Fatalf("b changed a's versions: %+v", vs)
		}
		db.App.Raw(`SELECT count(*) FROM policy_versions`).Scan(&n)
		if n != 0 {
			t.Fatalf("no tenant context sees %d rows", n)
		}
	})
}

func TestAdviseAndSave(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	a, b := twoTenants(t, db)
	st := rules.NewStore(db.App, nil)
	if _, err := st.CreatePolicy(ctx, a.ID, policy("2022-01-01"), true); err != nil {
		t.Fatal(err)
	}
	coop := insertSupplier(t, db.App, a.ID, "1111111111", "Coop Mauricie", true, "04", "72100000")
	insertSupplier(t, db.App, a.ID, "2222222222", "Béton Montréal", false, "06", "72100000")
	insertSupplier(t, db.App, b.ID, "3333333333", "Autre ville", true, "04", "72100000")
	p := rules.Purchase{Object: "Réfection de trottoirs", Category: "72102900", Nature: rules.Services, Amount: 1_500_000, PlannedDate: rules.Day(2025, 5, 1)}
	saved, err := st.AdviseAndSave(ctx, a.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Advice.Procedure != rules.GreAGre || len(saved.Advice.Ranked) != 2 || saved.Advice.Ranked[0].SupplierID != coop.String() {
		t.Fatalf("advice = %+v", saved.Advice)
	}
	t.Run("saved answer reads back", func(t *testing.T) {
		got, err := st.SavedAdvices(ctx, a.ID, &saved.ID, 1)
		if err != nil || len(got) != 1 || got[0].Advice.Procedure != saved.Advice.Procedure || len(got[0].Advice.Ranked) != 2 ||
			got[0].Advice.Ranked[0].Reasons[0].MsgID != saved.Advice.Ranked[0].Reasons[0].MsgID {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("other tenant cannot read it", func(t *testing.T) {
		if _, err := st.SavedAdvices(ctx, b.ID, &saved.ID, 1); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("no tenant context sees no saved advice", func(t *testing.T) {
		var n int64
		if err := db.App.Raw(`SELECT count(*) FROM purchase_advice`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d rows without tenant (%v)", n, err)
		}
		var m int64
		tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			tx.Exec(`DELETE FROM purchase_advice`)
			return tx.Raw(`SELECT count(*) FROM purchase_advice`).Scan(&m).Error
		})
		if got, _ := st.SavedAdvices(ctx, a.ID, nil, 10); m != 0 || len(got) != 1 {
			t.Fatalf("b sees %d, a keeps %d", m, len(got))
		}
	})
	t.Run("no policy for the date", func(t *testing.T) {
		q := p
		q.PlannedDate = rules.Day(2021, 5, 1)
		if _, err := st.AdviseAndSave(ctx, a.ID, q); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("bad input saves nothing", func(t *testing.T) {
		q := p
		q.Amount = -1
		if _, err := st.AdviseAndSave(ctx, a.ID, q); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
		if all, _ := st.SavedAdvices(ctx, a.ID, nil, 10); len(all) != 1 {
			t.Fatalf("%d saved", len(all))
		}
	})
}

package rules_test

import (
	"context"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/rules"
	"maillage/app/testdb"
	"maillage/migrations"
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
	t.Parallel()
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
	t.Parallel()
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
	if err := db.Owner.Raw(`SELECT count(*) FROM platform_audit_log WHERE object_type = 'legal_value'`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("%d audit entries, want 2", n)
	}
}

func TestPolicyVersions(t *testing.T) {
	t.Parallel()
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
		if err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			for _, q := range []string{`UPDATE policy_versions SET rotation_months = 1`, `DELETE FROM policy_versions`} {
				if res := tx.Exec(q); res.Error != nil || res.RowsAffected != 0 {
					return fmt.Errorf("%s as b: %d rows, %v", q, res.RowsAffected, res.Error)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if vs, _ := st.Policies(ctx, a.ID); len(vs) != 2 || vs[0].RotationMonths != 12 {
			t.Fatalf("b changed a's versions: %+v", vs)
		}
		if err := db.App.Raw(`SELECT count(*) FROM policy_versions`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("no tenant context sees %d rows", n)
		}
	})
}

// TestSignUpPlaceholder: the default policy a body gets at sign-up counts as "RGC not entered" everywhere,
// and the body's own by-law, adopted years before the sign-up, replaces it without a conflict.
func TestSignUpPlaceholder(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	a, b := twoTenants(t, db)
	st := rules.NewStore(db.App, nil)
	signUp := rules.Day(2026, 12, 5)
	for _, tn := range []tenants.Tenant{a, b} {
		if _, err := st.CreatePolicy(ctx, tn.ID, rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawMunicipal, From: signUp,
			ResolutionNumber: rules.PlaceholderResolution, ResolutionDate: signUp, GreAGreCeiling: 5_000_000,
			LocalScope: rules.TerritoryNone, LocalMechanism: rules.MechanismNone}, Concentration: rules.ConcentrationSetting{Limit: 5000, Level: 4}}, false); err != nil {
			t.Fatal(err)
		}
	}
	// 30 000 $ of services on 2026-12-10: an invitation by law; the stub's 50 000 $ ceiling must not make it a gré à gré.
	p := rules.Purchase{Object: "Réfection de trottoirs", Category: "72102900", Nature: rules.Services, Amount: 3_000_000, LaunchDate: rules.Day(2026, 12, 10)}
	byLaw := policy("2021-06-01")
	byLaw.GreAGreCeiling = 5_000_000
	steps := []struct {
		name    string
		tenant  tenants.Tenant
		create  *rules.PolicyVersion // entered before asking
		lawOnly bool
		proc    rules.Procedure
	}{
		{name: "the stub alone: the law answers, RGC not entered", tenant: a, lawOnly: true, proc: rules.Invitation},
		{name: "a by-law adopted before the sign-up replaces the stub", tenant: a, create: &byLaw, proc: rules.GreAGre},
		{name: "the other body still has only its stub", tenant: b, lawOnly: true, proc: rules.Invitation},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.create != nil {
				if _, err := st.CreatePolicy(ctx, s.tenant.ID, *s.create, true); err != nil {
					t.Fatalf("create by-law over the stub: %v", err)
				}
				if vs, err := st.Policies(ctx, s.tenant.ID); err != nil || len(vs) != 1 || vs[0].Placeholder() {
					t.Fatalf("the stub was not replaced: %+v, %v", vs, err)
				}
			}
			inForce, err := st.PolicyInForce(ctx, s.tenant.ID, p.LaunchDate)
			if s.lawOnly != errs.Is(err, errs.NotFound) || (!s.lawOnly && (err != nil || inForce.Placeholder())) {
				t.Fatalf("policy in force = %q, %v", inForce.ResolutionNumber, err)
			}
			got, err := st.AdviseAndSave(ctx, s.tenant.ID, rules.BodyMunicipal, p)
			if err != nil {
				t.Fatal(err)
			}
			hasWarning := slices.Contains(got.Advice.MessageIDs(), "rules.warn.no_policy")
			if got.Advice.LawOnly != s.lawOnly || hasWarning != s.lawOnly || got.Advice.Procedure != s.proc ||
				(s.lawOnly && got.Advice.PolicyVersion != "") || (!s.lawOnly && got.Advice.PolicyVersion != inForce.VersionID) {
				t.Fatalf("law only %v (warning %v), procedure %s, policy %q", got.Advice.LawOnly, hasWarning, got.Advice.Procedure, got.Advice.PolicyVersion)
			}
			back, err := st.SavedAdvice(ctx, s.tenant.ID, got.ID)
			if err != nil || back.Advice.LawOnly != s.lawOnly {
				t.Fatalf("saved: %+v, %v", back.Advice, err)
			}
		})
	}
	t.Run("a second stub over an adopted by-law is a conflict", func(t *testing.T) {
		stub := byLaw
		stub.ResolutionNumber, stub.From = rules.PlaceholderResolution, rules.Day(2027, 1, 1)
		if _, err := st.CreatePolicy(ctx, a.ID, stub, false); !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestPlaceholderMigrationNamesTheConstant: migration 0413 finds the placeholders by the resolution text; a
// change of rules.PlaceholderResolution must change it too.
func TestPlaceholderMigrationNamesTheConstant(t *testing.T) {
	t.Parallel()
	sql, err := fs.ReadFile(migrations.FS, "0413_advice_off_placeholder.sql")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sql), "'"+rules.PlaceholderResolution+"'") {
		t.Fatalf("0413 does not name %q", rules.PlaceholderResolution)
	}
}

func TestAdviseAndSave(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	a, b := twoTenants(t, db)
	st := rules.NewStore(db.App, nil)
	if _, err := st.CreatePolicy(ctx, a.ID, policy("2022-01-01"), true); err != nil {
		t.Fatal(err)
	}
	coop := insertSupplier(t, db.App, a.ID, "1111111111", "Coop Mauricie", true, "04", "72100000")
	beton := insertSupplier(t, db.App, a.ID, "2222222222", "Béton Montréal", false, "06", "72100000")
	insertSupplier(t, db.App, b.ID, "3333333333", "Autre ville", true, "04", "72100000")
	err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO suppliers (tenant_id, neq, legal_name, unspsc) VALUES (?, '4444444444', 'Zèbre sans catégorie', '{}'),
			(?, '5555555555', 'Abeille sans catégorie', '{}')`, a.ID, a.ID).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	p := rules.Purchase{Object: "Réfection de trottoirs", Category: "72102900", Nature: rules.Services, Amount: 1_500_000, LaunchDate: rules.Day(2025, 5, 1)}
	saved, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, p)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Advice.Procedure != rules.GreAGre || len(saved.Advice.Ranked) != 2 || saved.Advice.Ranked[0].SupplierID != coop.String() ||
		saved.Advice.LawOnly || saved.Advice.Expense != 1_574_813 {
		t.Fatalf("advice = %+v", saved.Advice)
	}
	t.Run("suppliers without any category are counted and named", func(t *testing.T) {
		u := saved.Advice.Uncategorized
		if saved.Advice.UncategorizedCount != 2 || saved.Advice.OutOfCategory != 2 || len(u) != 2 || u[0].Name != "Abeille sans catégorie" {
			t.Fatalf("uncategorized = %d %+v (out of category %d)", saved.Advice.UncategorizedCount, u, saved.Advice.OutOfCategory)
		}
	})
	t.Run("saved answer reads back", func(t *testing.T) {
		got, err := st.SavedAdvice(ctx, a.ID, saved.ID)
		if err != nil || got.Advice.Procedure != saved.Advice.Procedure || len(got.Advice.Ranked) != 2 || got.Advice.Expense != saved.Advice.Expense ||
			got.Advice.Ranked[0].Reasons[0].MsgID != saved.Advice.Ranked[0].Reasons[0].MsgID || len(got.Advice.Uncategorized) != 2 ||
			!slices.Equal(got.RankedSupplierIDs(), []uuid.UUID{coop, beton}) || !reflect.DeepEqual(got.Advice.Ranked, saved.Advice.Ranked) {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("other tenant cannot read it", func(t *testing.T) {
		if _, err := st.SavedAdvice(ctx, b.ID, saved.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
		if list, _, err := st.ListAdvice(ctx, b.ID, rules.AdviceFilter{}); err != nil || len(list) != 0 {
			t.Fatalf("b lists %d (%v)", len(list), err)
		}
	})
	t.Run("no tenant context sees no saved advice", func(t *testing.T) {
		var n int64
		if err := db.App.Raw(`SELECT count(*) FROM purchase_advice`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d rows without tenant (%v)", n, err)
		}
		var m int64
		if err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			if err := tx.Exec(`DELETE FROM purchase_advice`).Error; err != nil {
				return err
			}
			return tx.Raw(`SELECT count(*) FROM purchase_advice`).Scan(&m).Error
		}); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{}); m != 0 || len(got) != 1 {
			t.Fatalf("b sees %d, a keeps %d", m, len(got))
		}
	})
	t.Run("no policy for the date: the law alone answers", func(t *testing.T) {
		q := p
		q.LaunchDate, q.Amount = rules.Day(2021, 5, 1), 2_400_000
		got, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil || !got.Advice.LawOnly || got.Advice.PolicyVersion != "" || got.Advice.Procedure != rules.Invitation {
			t.Fatalf("got %+v, %v", got.Advice, err)
		}
		back, err := st.SavedAdvice(ctx, a.ID, got.ID)
		if err != nil || !back.Advice.LawOnly {
			t.Fatalf("back %+v, %v", back.Advice, err)
		}
	})
	t.Run("an lcop body with no policy", func(t *testing.T) {
		q := p
		q.Nature, q.Amount = rules.Goods, 3_400_000
		got, err := st.AdviseAndSave(ctx, b.ID, rules.BodyMinistry, q)
		if err != nil || got.Advice.Procedure != rules.PublicCall || got.Advice.Regime != rules.RegimeLCOP {
			t.Fatalf("got %+v, %v", got.Advice, err)
		}
	})
	t.Run("splitting counts the body's contracts", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO contracts (tenant_id, supplier_id, supplier_name, object, category, nature, procedure, awarded_cents, awarded_on, source)
				VALUES (?, ?, 'Béton Montréal', 'Trottoirs, phase 1', '72102905', 'services', 'gre_a_gre', 1500000, DATE '2025-02-01', 'typed')`, a.ID, beton).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		q := p
		q.Amount = 1_000_000
		got, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil || !hasWarning(got.Advice, "rules.warn.split_same_need") {
			t.Fatalf("got %+v, %v", got.Advice.Warnings, err)
		}
		q.Category, q.SupplierID = "43211500", beton.String()
		got, err = st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil || !hasWarning(got.Advice, "rules.warn.split_same_supplier") || hasWarning(got.Advice, "rules.warn.split_same_need") {
			t.Fatalf("got %+v, %v", got.Advice.Warnings, err)
		}
	})
	t.Run("the latest RENA consultation decides", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO supplier_documents (tenant_id, supplier_id, type, issued_on, rena_result) VALUES
				(?, ?, 'rena_check', DATE '2025-01-10', 'not_listed'), (?, ?, 'rena_check', DATE '2025-03-01', 'listed'),
				(?, ?, 'rena_check', DATE '2025-03-01', 'listed'), (?, ?, 'rena_check', DATE '2025-04-01', 'not_listed')`,
				a.ID, beton, a.ID, beton, a.ID, coop, a.ID, coop).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		q := p
		q.SupplierID = ""
		got, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Advice.Ranked) != 1 || got.Advice.Ranked[0].SupplierID != coop.String() || len(got.Advice.Excluded) != 1 ||
			got.Advice.Excluded[0].Reasons[0].MsgID != "rules.excl.rena" {
			t.Fatalf("ranked %+v, excluded %+v", got.Advice.Ranked, got.Advice.Excluded)
		}
	})
	t.Run("an edit of the legal values is seen at once, even by hand", func(t *testing.T) {
		q := p
		q.Amount = 5_000_000
		before, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil || before.Advice.Procedure == rules.PublicCall {
			t.Fatalf("before: %s %v", before.Advice.Procedure, err)
		}
		if err := db.Owner.Exec(`UPDATE legal_values SET cents = 4000000 WHERE version = 'muni_tender_threshold/2024-01-01'`).Error; err != nil {
			t.Fatal(err)
		}
		defer db.Owner.Exec(`UPDATE legal_values SET cents = 13380000 WHERE version = 'muni_tender_threshold/2024-01-01'`)
		after, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q)
		if err != nil || after.Advice.Procedure != rules.PublicCall {
			t.Fatalf("after: %s %v", after.Advice.Procedure, err)
		}
	})
	t.Run("bad input saves nothing", func(t *testing.T) {
		before, _, _ := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Limit: 200})
		q := p
		q.Amount = -1
		if _, err := st.AdviseAndSave(ctx, a.ID, rules.BodyMunicipal, q); !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
		if all, _, _ := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Limit: 200}); len(all) != len(before) {
			t.Fatalf("%d saved, was %d", len(all), len(before))
		}
	})
	t.Run("list pages and filters by author", func(t *testing.T) {
		all, _, err := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Limit: 200})
		if err != nil || len(all) < 3 {
			t.Fatalf("%d, %v", len(all), err)
		}
		first, next, err := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Limit: 2})
		if err != nil || len(first) != 2 || next == "" {
			t.Fatalf("first page %d, %q, %v", len(first), next, err)
		}
		rest, _, err := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Limit: 200, Cursor: next})
		if err != nil || len(rest) != len(all)-2 || rest[0].ID != all[2].ID {
			t.Fatalf("rest %d of %d, %v", len(rest), len(all), err)
		}
		nobody := uuid.New()
		if mine, _, err := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Author: &nobody}); err != nil || len(mine) != 0 {
			t.Fatalf("someone else's: %d, %v", len(mine), err)
		}
		if _, _, err := st.ListAdvice(ctx, a.ID, rules.AdviceFilter{Cursor: "garbage!"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad cursor: %v", err)
		}
	})
}

func hasWarning(a rules.Advice, id string) bool {
	for _, w := range a.Warnings {
		if w.MsgID == id {
			return true
		}
	}
	return false
}

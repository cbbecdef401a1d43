package suppliers

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/google/uuid"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
	"maillage/app/testdb"
	"maillage/tenants"
)

type storeEnv struct {
	db   *testdb.DB
	st   *Store
	ref  *Reference
	a, b tenants.Tenant
	ctx  context.Context
}

func newStoreEnv(t *testing.T) *storeEnv {
	t.Helper()
	db := testdb.New(t)
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "acheteur@alpha.example"})
	ts := tenants.NewStore(db.App)
	a, err := ts.Create(ctx, tenants.NewTenant{Slug: "alpha", Name: "Ville Alpha", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.Create(ctx, tenants.NewTenant{Slug: "beta", Name: "Ville Beta", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	places, err := quebec.LoadPlaces(ctx, db.App)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := LoadReference(ctx, db.App, places)
	if err != nil {
		t.Fatal(err)
	}
	return &storeEnv{db: db, st: NewStore(db.App, nil), ref: ref, a: a, b: b, ctx: ctx}
}

func (e *storeEnv) add(t *testing.T, tenant tenants.Tenant, neq, name string, change func(*Supplier)) Supplier {
	t.Helper()
	s := Supplier{NEQ: quebec.NEQ(neq), LegalName: name, LegalForm: quebec.FormCooperative, QuebecEstablishment: true, MunicipalityCode: "25213",
		UNSPSC: []string{"72101500"}, ProductsServices: "Déneigement et entretien"}
	if change != nil {
		change(&s)
	}
	if err := e.st.Create(e.ctx, tenant.ID, e.ref, &s); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return s
}

// TestStoreIsolation runs every store operation as tenant B on tenant A's supplier: B
// sees, changes and deletes nothing, and A's record is untouched.
func TestStoreIsolation(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	s := e.add(t, e.a, "1143456789", "Coopérative de déneigement Alpha", nil)
	other := e.b.ID
	ops := []struct {
		name string
		run  func() error
	}{
		{"get", func() error { _, err := e.st.Get(e.ctx, other, s.ID); return err }},
		{"update", func() error {
			_, err := e.st.Update(e.ctx, other, s.ID, e.ref, 0, func(x *Supplier) error { x.LegalName = "Volé"; return nil })
			return err
		}},
		{"delete", func() error { return e.st.Delete(e.ctx, other, s.ID) }},
		{"change status", func() error { _, err := e.st.ChangeStatus(e.ctx, other, s.ID, ActSuspend, "motif"); return err }},
		{"bulk", func() error { return e.st.Bulk(e.ctx, other, []uuid.UUID{s.ID}, "delete", "") }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			if err := op.run(); !errs.Is(err, errs.NotFound) {
				t.Fatalf("err = %v, want not found", err)
			}
		})
	}
	t.Run("list and history", func(t *testing.T) {
		p, err := e.st.List(e.ctx, other, Filter{})
		if err != nil || len(p.Items) != 0 || p.Total != 0 {
			t.Fatalf("B lists %d of A's suppliers (%v)", len(p.Items), err)
		}
		p, _ = e.st.List(e.ctx, other, Filter{Q: "Alpha"})
		if len(p.Items) != 0 {
			t.Fatal("B's search finds A's supplier")
		}
		h, err := e.st.History(e.ctx, other, s.ID)
		if err != nil || len(h) != 0 {
			t.Fatalf("B reads A's history: %v %v", h, err)
		}
	})
	t.Run("same quebec.NEQ in another register is fine", func(t *testing.T) {
		e.add(t, e.b, "1143456789", "Même entreprise chez Beta", nil)
	})
	t.Run("import as B does not see A's NEQs", func(t *testing.T) {
		var v errs.Validation
		recs := []tabular.Record{{Number: 1, Line: 2}}
		ss := []Supplier{{NEQ: "2264567890", LegalName: "Nouvelle", LegalForm: quebec.FormOther, Status: StateApproved}}
		if n, err := e.st.Import(e.ctx, other, recs, ss, &v); err != nil || n != 1 {
			t.Fatalf("import: %d %v", n, err)
		}
		pa, _ := e.st.List(e.ctx, e.a.ID, Filter{})
		if pa.Total != 1 {
			t.Fatalf("A now has %d suppliers", pa.Total)
		}
	})
	t.Run("no tenant context means no rows", func(t *testing.T) {
		var n int64
		if err := e.db.App.Raw(`SELECT count(*) FROM suppliers`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("without a tenant the app role sees %d suppliers (%v)", n, err)
		}
		if err := e.db.App.Exec(`INSERT INTO suppliers (tenant_id, neq, legal_name) VALUES (?, '3364567890', 'Intrus')`, e.a.ID).Error; err == nil {
			t.Fatal("insert without a tenant context succeeded")
		}
	})
	got, err := e.st.Get(e.ctx, e.a.ID, s.ID)
	if err != nil || got.LegalName != s.LegalName || got.Status != StateApproved || got.Version != 1 {
		t.Fatalf("A's record changed: %+v %v", got, err)
	}
}

func TestStoreCRUD(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	s := e.add(t, e.a, "1143 456 789", "Coop Neige", nil)
	t.Run("derived fields", func(t *testing.T) {
		got, err := e.st.Get(e.ctx, e.a.ID, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NEQ != "1143456789" || got.RegionCode != "12" || len(got.UNSPSC) != 1 || got.Contacts == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("duplicate NEQ", func(t *testing.T) {
		dup := Supplier{NEQ: "1143456789", LegalName: "Autre", LegalForm: quebec.FormOther}
		err := e.st.Create(e.ctx, e.a.ID, e.ref, &dup)
		if e := errs.As(err); e == nil || e.Kind != errs.Conflict || e.Key != "suppliers.neq_taken" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("update with stale version", func(t *testing.T) {
		_, err := e.st.Update(e.ctx, e.a.ID, s.ID, e.ref, 99, func(x *Supplier) error { x.LegalName = "X"; return nil })
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("invalid update changes nothing", func(t *testing.T) {
		_, err := e.st.Update(e.ctx, e.a.ID, s.ID, e.ref, 1, func(x *Supplier) error { x.Website = "javascript:alert(1)"; return nil })
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("err = %v", err)
		}
		got, _ := e.st.Get(e.ctx, e.a.ID, s.ID)
		if got.Version != 1 || got.Website != "" {
			t.Fatalf("record changed: %+v", got)
		}
	})
	t.Run("update", func(t *testing.T) {
		got, err := e.st.Update(e.ctx, e.a.ID, s.ID, e.ref, 1, func(x *Supplier) error {
			x.OtherNames = []string{"Neige \"Plus\"", "Déneigement {Lévis}"}
			x.MunicipalityCode = "43027"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := e.st.Get(e.ctx, e.a.ID, s.ID)
		if again.Version != 2 || again.RegionCode != "05" || len(again.OtherNames) != 2 || again.OtherNames[0] != "Neige \"Plus\"" || got.Version != 2 {
			t.Errorf("after update: %+v", again)
		}
	})
	t.Run("status workflow with history", func(t *testing.T) {
		if _, err := e.st.ChangeStatus(e.ctx, e.a.ID, s.ID, ActSuspend, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("suspend without reason: %v", err)
		}
		if _, err := e.st.ChangeStatus(e.ctx, e.a.ID, s.ID, ActSuspend, "Assurance échue"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.ChangeStatus(e.ctx, e.a.ID, s.ID, ActSuspend, "encore"); !errs.Is(err, errs.Conflict) {
			t.Fatalf("double suspend: %v", err)
		}
		if _, err := e.st.ChangeStatus(e.ctx, e.a.ID, s.ID, ActReinstate, ""); err != nil {
			t.Fatal(err)
		}
		h, err := e.st.History(e.ctx, e.a.ID, s.ID)
		if err != nil || len(h) != 3 || h[1].To != StateSuspended || h[1].Reason != "Assurance échue" || h[1].Actor != "acheteur@alpha.example" {
			t.Fatalf("history = %+v, %v", h, err)
		}
	})
	t.Run("audit has before and after", func(t *testing.T) {
		var n int64
		if err := tenants.ReadTx(e.ctx, e.db.App, e.a.ID, func(tx *gormDB) error {
			return tx.Raw(`SELECT count(*) FROM audit_log WHERE object_id = ? AND before IS NOT NULL AND after IS NOT NULL`, s.ID.String()).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		if n < 3 {
			t.Errorf("%d audit records with before and after", n)
		}
	})
	t.Run("bulk is all or nothing", func(t *testing.T) {
		x := e.add(t, e.a, "2264567890", "Coop X", nil)
		err := e.st.Bulk(e.ctx, e.a.ID, []uuid.UUID{x.ID, uuid.New()}, ActSuspend, "fin de contrat")
		if !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
		got, _ := e.st.Get(e.ctx, e.a.ID, x.ID)
		if got.Status != StateApproved {
			t.Fatalf("first supplier suspended anyway: %s", got.Status)
		}
		if err := e.st.Bulk(e.ctx, e.a.ID, []uuid.UUID{x.ID, s.ID}, ActSuspend, "fin de contrat"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := e.st.Delete(e.ctx, e.a.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Get(e.ctx, e.a.ID, s.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("get after delete: %v", err)
		}
	})
}

func TestStoreSearchAndFilters(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	yes := true
	e.add(t, e.a, "1000000001", "Déneigement Côté et fils", func(s *Supplier) { s.LegalForm, s.MunicipalityCode = quebec.FormCorporation, "66023" })
	e.add(t, e.a, "1000000002", "Coopérative Les Jardins", func(s *Supplier) {
		s.UNSPSC, s.ProductsServices = []string{"70110000"}, "Horticulture, aménagement paysager"
		s.EESCriteria, s.Attestation, s.AttestedBy, s.AttestedAt = EESCriteria(), AttestDeclared, "x", ptr(time.Now())
	})
	e.add(t, e.a, "1000000003", "Traiteur Solidaire", func(s *Supplier) {
		s.LegalForm, s.Adapted, s.UNSPSC, s.ProductsServices = quebec.FormNonProfit, true, []string{"90100000"}, "Repas"
		s.MunicipalityCode = "43027"
	})
	e.add(t, e.b, "1000000004", "Déneigement Beta", nil)
	names := func(f Filter) []string {
		t.Helper()
		p, err := e.st.List(e.ctx, e.a.ID, f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		var out []string
		for _, s := range p.Items {
			out = append(out, s.LegalName)
		}
		if p.Total != int64(len(out)) && f.Limit == 0 {
			t.Errorf("total %d for %d items", p.Total, len(out))
		}
		return out
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, by name", Filter{}, []string{"Coopérative Les Jardins", "Déneigement Côté et fils", "Traiteur Solidaire"}},
		{"accent-insensitive", Filter{Q: "deneigement"}, []string{"Déneigement Côté et fils"}},
		{"case-insensitive", Filter{Q: "DÉNEIGEMENT"}, []string{"Déneigement Côté et fils"}},
		{"prefix", Filter{Q: "trait"}, []string{"Traiteur Solidaire"}},
		{"typo", Filter{Q: "deneigment"}, []string{"Déneigement Côté et fils"}},
		{"typo in another word", Filter{Q: "solidiare"}, []string{"Traiteur Solidaire"}},
		{"two words", Filter{Q: "cote deneigement"}, []string{"Déneigement Côté et fils"}},
		{"NEQ", Filter{Q: "1000000003"}, []string{"Traiteur Solidaire"}},
		{"products", Filter{Q: "paysager"}, []string{"Coopérative Les Jardins"}},
		{"LIKE wildcards are literal", Filter{Q: "%"}, nil},
		{"region", Filter{Region: "05"}, []string{"Traiteur Solidaire"}},
		{"local", Filter{Local: "12"}, []string{"Coopérative Les Jardins"}},
		{"EES", Filter{EES: &yes}, []string{"Coopérative Les Jardins"}},
		{"adapted", Filter{Adapted: &yes}, []string{"Traiteur Solidaire"}},
		{"category segment", Filter{Category: "72000000"}, []string{"Déneigement Côté et fils"}},
		{"category family", Filter{Category: "90100000"}, []string{"Traiteur Solidaire"}},
		{"text and two filters", Filter{Q: "traiteur", Region: "05", Adapted: &yes}, []string{"Traiteur Solidaire"}},
		{"reverse sort", Filter{Sort: "-name"}, []string{"Traiteur Solidaire", "Déneigement Côté et fils", "Coopérative Les Jardins"}},
		{"status", Filter{Status: StateSuspended}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := names(tt.f)
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %q, want %q", got, tt.want)
				}
			}
		})
	}
	t.Run("pagination", func(t *testing.T) {
		p, err := e.st.List(e.ctx, e.a.ID, Filter{Limit: 2})
		if err != nil || len(p.Items) != 2 || p.Total != 3 || p.NextOffset != 2 {
			t.Fatalf("page 1: %d items, total %d, next %d, %v", len(p.Items), p.Total, p.NextOffset, err)
		}
		p, _ = e.st.List(e.ctx, e.a.ID, Filter{Limit: 2, Offset: 2})
		if len(p.Items) != 1 || p.NextOffset != 0 {
			t.Fatalf("page 2: %d items, next %d", len(p.Items), p.NextOffset)
		}
	})
	t.Run("bad filters", func(t *testing.T) {
		for _, f := range []Filter{{Status: "gone"}, {Category: "7"}, {Sort: "salary"}, {DocState: "shiny"}} {
			if _, err := e.st.List(e.ctx, e.a.ID, f); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: err = %v", f, err)
			}
		}
	})
}

func TestStoreImportAllOrNothing(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	e.add(t, e.a, "1100000005", "Déjà là", nil)
	data := generateRegisterCSV(20)
	importIt := func(data []byte) (int, *errs.Validation, error) {
		var v errs.Validation
		tab, err := tabular.Read(bytesReader(data), tabular.Options{}, &v)
		if err != nil {
			t.Fatal(err)
		}
		m := tabular.Suggest(tab.Headers, ImportTargets())
		recs := m.Apply(tab, ImportTargets(), &v)
		ss := ImportRows(recs, e.ref, ImportOptions{ContactPurpose: "Soumissions", ImportedBy: "x", Now: time.Now()}, &v)
		n, err := e.st.Import(e.ctx, e.a.ID, recs, ss, &v)
		return n, &v, err
	}
	n, v, err := importIt(data)
	if !errs.Is(err, errs.Invalid) || n != 0 || len(v.Fields) != 1 || v.Fields[0].Key != "suppliers.import_neq_taken" || v.Fields[0].Row != 7 || v.Fields[0].Column != "NEQ" {
		t.Fatalf("import with a taken NEQ: %d, %v, %+v", n, err, v.Fields)
	}
	p, _ := e.st.List(e.ctx, e.a.ID, Filter{})
	if p.Total != 1 {
		t.Fatalf("%d suppliers after a refused import", p.Total)
	}
	if err := e.st.Delete(e.ctx, e.a.ID, p.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	n, _, err = importIt(data)
	if err != nil || n != 20 {
		t.Fatalf("import: %d, %v", n, err)
	}
	p, _ = e.st.List(e.ctx, e.a.ID, Filter{Q: "1100000007"})
	if p.Total != 1 || p.Items[0].Contacts[0].Purpose != "Soumissions" || p.Items[0].RegionCode == "" {
		t.Fatalf("imported record: %+v", p.Items)
	}
	h, _ := e.st.History(e.ctx, e.a.ID, p.Items[0].ID)
	if len(h) != 1 || h[0].Action != "import" {
		t.Errorf("history = %+v", h)
	}
}

type gormDB = gorm.DB

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// TestRegisterSortsNamesInFrench: the register lists É with E (not after Z), in both directions and
// across pages (the order is the column's, so the database pages it the same way).
func TestRegisterSortsNamesInFrench(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	for i, n := range []string{"Zoo solidaire", "Foyer Saint-Élie", "Échevin coop", "Ecole du cirque", "Eau vive", "Œuvre du Partage", "Oasis"} {
		e.add(t, e.a, fmt.Sprintf("10000001%02d", i), n, nil)
	}
	want := []string{"Eau vive", "Échevin coop", "Ecole du cirque", "Foyer Saint-Élie", "Oasis", "Œuvre du Partage", "Zoo solidaire"}
	list := func(f Filter) []string {
		t.Helper()
		var out []string
		for {
			p, err := e.st.List(e.ctx, e.a.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range p.Items {
				out = append(out, s.LegalName)
			}
			if p.NextOffset == 0 {
				return out
			}
			f.Offset = p.NextOffset
		}
	}
	reversed := slices.Clone(want)
	slices.Reverse(reversed)
	for _, c := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"by name", Filter{}, want},
		{"by name, three per page", Filter{Limit: 3}, want},
		{"by name, descending", Filter{Sort: "-name"}, reversed},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := list(c.f); !slices.Equal(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

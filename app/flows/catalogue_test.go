package flows

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/suppliers"
	"maillage/app/testdb"
	"maillage/tenants"
)

var day = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

type catalogueEnv struct {
	db     *testdb.DB
	ctx    context.Context
	cat    *catalogue.Service
	sup    *suppliers.Store
	flows  *Service
	all    []catalogue.Entry
	ta, tb tenants.Tenant
}

// newCatalogueEnv loads n generated catalogue entries and makes two bodies.
func newCatalogueEnv(t *testing.T, n int) *catalogueEnv {
	t.Helper()
	d := testdb.New(t)
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "acheteur@longueuil.test"})
	cat := catalogue.NewService(d.App, func() time.Time { return day.Add(10 * time.Hour) })
	places, err := quebec.LoadPlaces(ctx, d.App)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := quebec.LoadMunicipalities(ctx, d.App)
	if err != nil {
		t.Fatal(err)
	}
	es, err := catalogue.Generate(1, n, ms, day)
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.Store().BulkInsert(ctx, es); err != nil {
		t.Fatal(err)
	}
	ref, err := suppliers.LoadReference(ctx, d.App, places)
	if err != nil {
		t.Fatal(err)
	}
	sup := suppliers.NewStore(d.App, nil)
	e := &catalogueEnv{db: d, ctx: ctx, cat: cat, sup: sup, all: es,
		flows: New(Deps{DB: d.App, Catalogue: cat, Suppliers: sup, Accounts: accounts.NewStore(d.App),
			Reference: func(context.Context) (*suppliers.Reference, error) { return ref, nil }})}
	ts := tenants.NewStore(d.App)
	if e.ta, err = ts.Create(ctx, tenants.NewTenant{Slug: "longueuil", Name: "Ville de Longueuil", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	if e.tb, err = ts.Create(ctx, tenants.NewTenant{Slug: "laval", Name: "Ville de Laval", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *catalogueEnv) byRef(t *testing.T, ref string) catalogue.Entry {
	t.Helper()
	for _, x := range e.all {
		if x.Source.Ref == ref {
			got, err := e.cat.Store().Get(e.ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
	}
	t.Fatalf("no entry %s", ref)
	return catalogue.Entry{}
}

// count runs a count query in a tenant transaction, failing the test on a query error.
func (e *catalogueEnv) count(t *testing.T, tenantID uuid.UUID, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := tenants.ReadTx(e.ctx, e.db.App, tenantID, func(tx *gorm.DB) error { return tx.Raw(sql, args...).Scan(&n).Error }); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *catalogueEnv) steward(t *testing.T) catalogue.Steward {
	t.Helper()
	u, err := accounts.NewStore(e.db.App).GrantPlatformRole(e.ctx, uuid.NewString()[:8]+"@pole.test", "catalogue_steward", nil)
	if err != nil {
		t.Fatal(err)
	}
	return catalogue.Steward{UserID: u.ID.String()}
}

func TestPullSyncUnlinkAndIsolation(t *testing.T) {
	t.Parallel()
	e := newCatalogueEnv(t, 60)
	ta, tb := e.ta, e.tb
	a3, a5 := e.byRef(t, "A03"), e.byRef(t, "A05")
	res, err := e.flows.Pull(e.ctx, ta.ID, []string{a3.ID, a5.ID}, "approved")
	if err != nil || len(res.Suppliers) != 2 {
		t.Fatalf("pull %+v %v", res, err)
	}
	links, err := e.flows.Links(e.ctx, ta.ID, "")
	if err != nil || len(links) != 2 {
		t.Fatalf("links %+v %v", links, err)
	}
	for _, l := range links {
		if len(l.Changes) != 0 || l.Pending {
			t.Errorf("fresh copy of %s differs: %+v", l.Name, l.Changes)
		}
	}
	t.Run("a pulled supplier is a register record with its history and audit", func(t *testing.T) {
		id := uuid.MustParse(res.Suppliers[0].SupplierID)
		s, err := e.sup.Get(e.ctx, ta.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if string(s.NEQ) != a3.NEQ || s.LegalName != a3.Name || s.Status != suppliers.StateApproved || s.CatalogueEntryID == nil ||
			s.CatalogueEntryID.String() != a3.ID || s.RegionCode == "" {
			t.Errorf("copy %+v", s)
		}
		h, err := e.sup.History(e.ctx, ta.ID, id)
		if err != nil || len(h) != 1 || h[0].To != suppliers.StateApproved {
			t.Errorf("history %+v %v", h, err)
		}
		if n := e.count(t, ta.ID, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'supplier.pull' AND object_id = ?`, ta.ID, id.String()); n != 1 {
			t.Errorf("%d audit records of the pull", n)
		}
	})
	t.Run("pulling again, unknown or without NEQ is refused whole", func(t *testing.T) {
		var noNEQ catalogue.Entry
		for _, x := range e.all {
			if x.NEQ == "" {
				noNEQ = x
				break
			}
		}
		cases := map[string][]string{"already in the register": {a3.ID}, "unknown": {uuid.NewString()}, "no NEQ": {noNEQ.ID},
			"a good one with a bad one": {e.byRef(t, "A07").ID, a3.ID}, "none": {}}
		for name, ids := range cases {
			t.Run(name, func(t *testing.T) {
				if _, err := e.flows.Pull(e.ctx, ta.ID, ids, "approved"); !errs.Is(err, errs.Invalid) {
					t.Errorf("%v: got %v", ids, err)
				}
			})
		}
		if l, err := e.flows.Links(e.ctx, ta.ID, ""); err != nil || len(l) != 2 {
			t.Errorf("%d links after refused pulls (%v)", len(l), err)
		}
		if n := e.count(t, ta.ID, `SELECT count(*) FROM suppliers WHERE tenant_id = ?`, ta.ID); n != 2 {
			t.Errorf("%d suppliers after refused pulls, want 2", n)
		}
	})
	t.Run("another tenant sees none of it", func(t *testing.T) {
		l, err := e.flows.Links(e.ctx, tb.ID, "")
		if err != nil || len(l) != 0 {
			t.Errorf("%+v %v", l, err)
		}
		if _, err := e.flows.Sync(e.ctx, tb.ID, res.Suppliers[0].SupplierID, catalogue.SyncFields); !errs.Is(err, errs.NotFound) {
			t.Errorf("sync: %v", err)
		}
		if err := e.flows.Unlink(e.ctx, tb.ID, res.Suppliers[0].SupplierID); !errs.Is(err, errs.NotFound) {
			t.Errorf("unlink: %v", err)
		}
		if err := e.cat.Ignore(e.ctx, tb.ID, res.Suppliers[0].SupplierID); !errs.Is(err, errs.NotFound) {
			t.Errorf("ignore: %v", err)
		}
		if n := e.count(t, ta.ID, `SELECT count(*) FROM catalogue_links WHERE tenant_id = ? AND synced_version = 1 AND ignored_version = 0`, ta.ID); n != 2 {
			t.Errorf("tenant A's links changed: %d untouched, want 2", n)
		}
	})
	// Upstream change: a steward edits A03.
	st := e.steward(t)
	up := a3
	up.Contact.Phone, up.Products, up.Website = "450-555-0199", append(up.Products, "Repas pour garderies"), "https://marmite.example"
	if _, err := e.cat.Update(e.ctx, st, a3.ID, 0, up); err != nil {
		t.Fatal(err)
	}
	supplierA3 := res.Suppliers[0].SupplierID
	l, err := e.flows.Links(e.ctx, ta.ID, supplierA3)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("upstream change shows as a field diff", func(t *testing.T) {
		if !l[0].Pending || len(l[0].Changes) != 2 || l[0].Changes[0].Field != catalogue.FieldProducts || l[0].Changes[1].Field != catalogue.FieldWebsite ||
			l[0].Changes[0].Added[0] != "Repas pour garderies" {
			t.Errorf("link %+v", l[0])
		}
	})
	synced, err := e.flows.Sync(e.ctx, ta.ID, supplierA3, []catalogue.Field{catalogue.FieldProducts})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("sync of one field leaves the other pending", func(t *testing.T) {
		if len(synced.Changes) != 1 || synced.Changes[0].Field != catalogue.FieldWebsite {
			t.Errorf("after sync %+v", synced.Changes)
		}
		if n := e.count(t, ta.ID, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'supplier.sync'`, ta.ID); n != 1 {
			t.Errorf("%d audit records of the sync", n)
		}
	})
	if err := e.cat.Ignore(e.ctx, ta.ID, supplierA3); err != nil {
		t.Fatal(err)
	}
	t.Run("ignored changes are no longer pending", func(t *testing.T) {
		l, err := e.flows.Links(e.ctx, ta.ID, supplierA3)
		if err != nil || l[0].Pending || len(l[0].Changes) != 1 {
			t.Errorf("%+v %v", l, err)
		}
	})
	t.Run("retired entry is flagged", func(t *testing.T) {
		if _, err := e.cat.Retire(e.ctx, st, a5.ID); err != nil {
			t.Fatal(err)
		}
		l, err := e.flows.Links(e.ctx, ta.ID, res.Suppliers[1].SupplierID)
		if err != nil || !l[0].Retired {
			t.Errorf("not flagged: %+v %v", l, err)
		}
	})
	t.Run("unlink keeps the copy", func(t *testing.T) {
		if err := e.flows.Unlink(e.ctx, ta.ID, supplierA3); err != nil {
			t.Fatal(err)
		}
		if n := e.count(t, ta.ID, `SELECT count(*) FROM suppliers WHERE tenant_id = ? AND id = ? AND catalogue_entry_id IS NULL`, ta.ID, supplierA3); n != 1 {
			t.Errorf("copy %d", n)
		}
		if _, err := e.flows.Links(e.ctx, ta.ID, supplierA3); !errs.Is(err, errs.NotFound) {
			t.Errorf("link still there: %v", err)
		}
	})
}

// The register's rules apply to what a pull copies: an entry whose website the register
// refuses (user information in the address) is a row error, and nothing is added.
func TestPullAppliesTheRegisterRules(t *testing.T) {
	t.Parallel()
	e := newCatalogueEnv(t, 30)
	good, bad := e.byRef(t, "A03"), e.byRef(t, "A05")
	if err := e.db.Owner.Exec(`UPDATE catalogue_entries SET website = 'https://user:secret@marmite.example' WHERE id = ?`, bad.ID).Error; err != nil {
		t.Fatal(err)
	}
	_, err := e.flows.Pull(e.ctx, e.ta.ID, []string{good.ID, bad.ID}, "invited")
	v := errs.As(err)
	if v == nil || v.Kind != errs.Invalid || len(v.Fields) != 1 || v.Fields[0].Row != 2 || v.Fields[0].Field != "website" ||
		v.Fields[0].Args["Name"] != bad.Name {
		t.Fatalf("got %v (%+v)", err, v)
	}
	if n := e.count(t, e.ta.ID, `SELECT (SELECT count(*) FROM suppliers) + (SELECT count(*) FROM catalogue_links) + (SELECT count(*) FROM supplier_status_history)`); n != 0 {
		t.Errorf("%d rows written by a refused pull", n)
	}
}

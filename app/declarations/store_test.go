package declarations_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

type fixture struct {
	db    *testdb.DB
	store *declarations.Store
	a, b  tenants.Tenant
	now   time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testdb.New(t)
	f := &fixture{db: db, now: day(t, "2025-07-01")}
	f.store = declarations.NewStore(db.App, func() time.Time { return f.now })
	ts := tenants.NewStore(db.App)
	var err error
	if f.a, err = ts.Create(context.Background(), tenants.NewTenant{Slug: "alpha", Name: "Ville Alpha", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	if f.b, err = ts.Create(context.Background(), tenants.NewTenant{Slug: "beta", Name: "Ville Beta", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func draft(t testing.TB, year string) declarations.Declaration {
	return declarations.Declaration{
		PeriodStart: day(t, year+"-01-01"), PeriodEnd: day(t, year+"-12-31"),
		TextFR: "La Ville s'engage à acheter auprès des entreprises collectives.", TextEN: "The City commits…",
		Eligibility: declarations.Eligibility{Rule: declarations.BelowThreshold},
		Targets: []declarations.Target{
			{Key: "amount", Kind: declarations.EESAmount, Value: 100_000_00},
			{Key: "share", Kind: declarations.EESShare, Value: 1_500},
		},
		Commitments: []declarations.Commitment{{Key: "train", TextFR: "Former deux acheteurs", Status: declarations.Planned}},
	}
}

// count counts rows of a tenant table as the app role inside tenant's transaction.
func (f *fixture) count(t *testing.T, tenant uuid.UUID, table string) int64 {
	t.Helper()
	var n int64
	if err := tenants.ReadTx(context.Background(), f.db.App, tenant, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM ` + table).Scan(&n).Error
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeclarationLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	d, err := f.store.Create(ctx, f.a.ID, draft(t, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != declarations.Draft || d.Version != 1 {
		t.Fatalf("created = %+v", d)
	}
	got, err := f.store.Get(ctx, f.a.ID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Targets) != 2 || got.Targets[0].Value != 100_000_00 || got.Commitments[0].TextFR != "Former deux acheteurs" ||
		!got.PeriodEnd.Equal(day(t, "2025-12-31")) || got.Eligibility.Rule != declarations.BelowThreshold {
		t.Errorf("read back = %+v", got)
	}

	t.Run("editing a draft keeps version 1 and no history", func(t *testing.T) {
		e := got
		e.Targets[0].Value = 120_000_00
		up, err := f.store.Update(ctx, f.a.ID, d.ID, e)
		if err != nil || up.Version != 1 {
			t.Fatalf("update = %+v, %v", up, err)
		}
		vs, cs, err := f.store.History(ctx, f.a.ID, d.ID)
		if err != nil || len(vs) != 0 || len(cs) != 0 {
			t.Errorf("history of a draft = %v %v %v", vs, cs, err)
		}
	})
	t.Run("adoption by resolution writes version 1", func(t *testing.T) {
		ad, err := f.store.Adopt(ctx, f.a.ID, d.ID, "CM-2025-012", day(t, "2025-01-20"))
		if err != nil || ad.Status != declarations.Adopted || ad.ResolutionNumber != "CM-2025-012" {
			t.Fatalf("adopt = %+v, %v", ad, err)
		}
		if _, err := f.store.Adopt(ctx, f.a.ID, d.ID, "CM-2025-013", day(t, "2025-01-21")); errs.KindOf(err) != errs.Conflict {
			t.Errorf("second adoption: %v", err)
		}
	})
	t.Run("a target changed after adoption keeps its history", func(t *testing.T) {
		cur, _ := f.store.Get(ctx, f.a.ID, d.ID)
		cur.Targets[0].Value = 150_000_00
		cur.Targets = append(cur.Targets[:1], declarations.Target{Key: "n", Kind: declarations.DistinctEES, Value: 6})
		f.now = day(t, "2025-08-15")
		up, err := f.store.Update(ctx, f.a.ID, d.ID, cur)
		if err != nil || up.Version != 2 || up.ResolutionNumber != "CM-2025-012" {
			t.Fatalf("update adopted = %+v, %v", up, err)
		}
		vs, cs, err := f.store.History(ctx, f.a.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 || vs[0].Declaration.Targets[0].Value != 120_000_00 {
			t.Errorf("versions = %+v", vs)
		}
		want := []declarations.TargetChange{
			{Key: "amount", Kind: declarations.EESAmount, Old: 120_000_00, New: 150_000_00, Version: 2},
			{Key: "n", Kind: declarations.DistinctEES, New: 6, Added: true, Version: 2},
			{Key: "share", Kind: declarations.EESShare, Old: 1_500, Removed: true, Version: 2},
		}
		for i := range cs {
			cs[i].At = time.Time{}
		}
		if !slices.Equal(cs, want) {
			t.Errorf("changes = %+v\nwant %+v", cs, want)
		}
	})
	t.Run("commitment status and evidence", func(t *testing.T) {
		c, err := f.store.SetCommitment(ctx, f.a.ID, d.ID, "train", declarations.Done, "Formation du 3 mars")
		if err != nil || c.Status != declarations.Done {
			t.Fatalf("set commitment = %+v, %v", c, err)
		}
		got, _ := f.store.Get(ctx, f.a.ID, d.ID)
		if got.Commitments[0].Evidence != "Formation du 3 mars" || got.Version != 2 {
			t.Errorf("after commitment update = %+v", got)
		}
		if _, err := f.store.SetCommitment(ctx, f.a.ID, d.ID, "train", "maybe", ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("bad status: %v", err)
		}
		if _, err := f.store.SetCommitment(ctx, f.a.ID, d.ID, "nope", declarations.Done, ""); errs.KindOf(err) != errs.NotFound {
			t.Errorf("unknown key: %v", err)
		}
	})
	t.Run("an adopted declaration cannot be deleted", func(t *testing.T) {
		if err := f.store.Delete(ctx, f.a.ID, d.ID); errs.KindOf(err) != errs.Conflict {
			t.Errorf("delete adopted: %v", err)
		}
	})
	t.Run("every write is audited", func(t *testing.T) {
		var actions []string
		_ = tenants.ReadTx(ctx, f.db.App, f.a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT action FROM audit_log WHERE object_type = 'declaration' ORDER BY id`).Scan(&actions).Error
		})
		want := []string{"declaration.create", "declaration.update", "declaration.adopt", "declaration.update", "declaration.commitment"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit = %v, want %v", actions, want)
		}
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	base, err := f.store.Create(ctx, f.a.ID, draft(t, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Create(ctx, f.a.ID, draft(t, "2030")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*declarations.Declaration)
		kind   errs.Kind
		key    string
	}{
		{"overlapping period", func(d *declarations.Declaration) {
			d.PeriodStart = day(t, "2025-12-31")
			d.PeriodEnd = day(t, "2026-12-31")
		}, errs.Conflict, "declarations.period_overlap"},
		{"period ending before it starts", func(d *declarations.Declaration) {
			d.PeriodStart = day(t, "2027-01-01")
			d.PeriodEnd = day(t, "2026-01-01")
		}, errs.Invalid, "declarations.invalid"},
		{"negative target", func(d *declarations.Declaration) {
			d.PeriodStart = day(t, "2026-01-01")
			d.PeriodEnd = day(t, "2026-12-31")
			d.Targets[0].Value = -1
		}, errs.Invalid, "declarations.invalid"},
		{"share over 100 %", func(d *declarations.Declaration) {
			d.PeriodStart = day(t, "2026-01-01")
			d.PeriodEnd = day(t, "2026-12-31")
			d.Targets[1].Value = 10_001
		}, errs.Invalid, "declarations.invalid"},
	}
	for _, tc := range tests {
		t.Run("create: "+tc.name, func(t *testing.T) {
			d := draft(t, "2025")
			tc.change(&d)
			_, err := f.store.Create(ctx, f.a.ID, d)
			if e := errs.As(err); e == nil || e.Kind != tc.kind || e.Key != tc.key {
				t.Fatalf("err = %v, want %s %s", err, tc.kind, tc.key)
			}
			if n := f.count(t, f.a.ID, "declarations"); n != 2 {
				t.Errorf("%d declarations after a refused create", n)
			}
		})
		t.Run("update: "+tc.name, func(t *testing.T) {
			d := draft(t, "2025")
			tc.change(&d)
			if tc.name == "overlapping period" {
				d.PeriodStart, d.PeriodEnd = day(t, "2030-06-01"), day(t, "2031-01-31")
			}
			_, err := f.store.Update(ctx, f.a.ID, base.ID, d)
			if e := errs.As(err); e == nil || e.Kind != tc.kind {
				t.Fatalf("err = %v, want %s", err, tc.kind)
			}
			got, _ := f.store.Get(ctx, f.a.ID, base.ID)
			if !got.PeriodStart.Equal(day(t, "2025-01-01")) || got.Targets[0].Value != 100_000_00 || got.Targets[1].Value != 1_500 {
				t.Errorf("declaration changed by a refused update: %+v", got)
			}
		})
	}
}

func TestStoreTenantIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	d, err := f.store.Create(ctx, f.a.ID, draft(t, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AddContact(ctx, f.a.ID, declarations.Contact{Date: day(t, "2025-06-01"), Kind: declarations.Visit,
		BuyerID: f.user(t, "buyer@alpha.test"), EnterpriseName: "Coop A"}); err != nil {
		t.Fatal(err)
	}
	pdf := declarations.File{Name: "resolution.pdf", Size: 120, SHA256: strings.Repeat("ab", 32), Key: "t/" + f.a.ID.String() + "/" + strings.Repeat("ab", 32)}
	if err := f.store.PutResolution(ctx, f.a.ID, d.ID, pdf); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetPublicProgress(ctx, f.a.ID, true); err != nil {
		t.Fatal(err)
	}
	other := f.b.ID
	notFound := func(name string, err error) {
		t.Helper()
		if errs.KindOf(err) != errs.NotFound {
			t.Errorf("%s as another tenant: %v, want not found", name, err)
		}
	}
	t.Run("another tenant sees nothing", func(t *testing.T) {
		ds, err := f.store.List(ctx, other)
		if err != nil || len(ds) != 0 {
			t.Errorf("list = %v, %v", ds, err)
		}
		_, err = f.store.Get(ctx, other, d.ID)
		notFound("get", err)
		_, _, err = f.store.History(ctx, other, d.ID)
		notFound("history", err)
		_, err = f.store.Resolution(ctx, other, d.ID)
		notFound("resolution", err)
		cs, err := f.store.Contacts(ctx, other, day(t, "2000-01-01"), day(t, "2100-01-01"), 10)
		if err != nil || len(cs) != 0 {
			t.Errorf("contacts = %v, %v", cs, err)
		}
		if on, _ := f.store.PublicProgress(ctx, other); on {
			t.Errorf("public switch leaked")
		}
		_, _, ok, err := f.store.Covering(ctx, other, day(t, "2025-06-01"))
		if ok || err != nil {
			t.Errorf("covering = %v, %v", ok, err)
		}
	})
	t.Run("another tenant changes and deletes nothing", func(t *testing.T) {
		e := draft(t, "2025")
		e.Targets[0].Value = 1
		_, err := f.store.Update(ctx, other, d.ID, e)
		notFound("update", err)
		_, err = f.store.Adopt(ctx, other, d.ID, "X-1", day(t, "2025-02-01"))
		notFound("adopt", err)
		_, err = f.store.SetCommitment(ctx, other, d.ID, "train", declarations.Done, "")
		notFound("commitment", err)
		notFound("delete", f.store.Delete(ctx, other, d.ID))
		notFound("put resolution", f.store.PutResolution(ctx, other, d.ID, pdf))
		got, err := f.store.Get(ctx, f.a.ID, d.ID)
		if err != nil || got.Targets[0].Value != 100_000_00 || got.Status != declarations.Draft || got.Commitments[0].Status != declarations.Planned {
			t.Errorf("tenant A's declaration changed: %+v %v", got, err)
		}
	})
	t.Run("no tenant context means no rows", func(t *testing.T) {
		for _, table := range []string{"declarations", "declaration_targets", "declaration_commitments", "declaration_files", "contact_log", "declaration_settings"} {
			var n int64
			if err := f.db.App.Raw(`SELECT count(*) FROM ` + table).Scan(&n).Error; err != nil || n != 0 {
				t.Errorf("%s without tenant: %d rows (%v)", table, n, err)
			}
		}
		if _, err := f.store.List(ctx, uuid.Nil); err == nil {
			t.Errorf("list without tenant succeeded")
		}
	})
	t.Run("tenant B writes only its own rows", func(t *testing.T) {
		if _, err := f.store.Create(ctx, other, draft(t, "2025")); err != nil { // same period, other tenant: no overlap
			t.Fatal(err)
		}
		if n := f.count(t, f.a.ID, "declarations"); n != 1 {
			t.Errorf("tenant A sees %d declarations", n)
		}
	})
}

// user creates a user and returns its id.
func (f *fixture) user(t *testing.T, email string) string {
	t.Helper()
	id := uuid.New()
	if err := f.db.App.Exec(`INSERT INTO users (id, email) VALUES (?, ?)`, id, email).Error; err != nil {
		t.Fatal(err)
	}
	return id.String()
}

func TestResolutionFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	d, err := f.store.Create(ctx, f.a.ID, draft(t, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	sum := strings.Repeat("0f", 32)
	key := "t/" + f.a.ID.String() + "/" + sum
	tests := []struct {
		name string
		file declarations.File
		kind errs.Kind
	}{
		{"empty", declarations.File{Name: "a.pdf", Size: 0, SHA256: sum, Key: key}, errs.Invalid},
		{"too large", declarations.File{Name: "a.pdf", Size: declarations.MaxResolutionBytes + 1, SHA256: sum, Key: key}, errs.TooLarge},
		{"no blob key", declarations.File{Name: "a.pdf", Size: 10, SHA256: sum}, errs.Internal},
		{"bad checksum", declarations.File{Name: "a.pdf", Size: 10, SHA256: "xyz", Key: key}, errs.Internal},
		{"recorded", declarations.File{Name: "Résolution CM-12.pdf", Size: 2048, SHA256: sum, Key: key}, ""},
		{"replaced", declarations.File{Name: "Résolution CM-12 signée.pdf", Size: 4096, SHA256: sum, Key: key}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := f.store.PutResolution(ctx, f.a.ID, d.ID, tc.file)
			if tc.kind != "" {
				if errs.KindOf(err) != tc.kind {
					t.Fatalf("err = %v, want %s", err, tc.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.store.Resolution(ctx, f.a.ID, d.ID)
			if err != nil || got.Name != tc.file.Name || got.Size != tc.file.Size || got.SHA256 != sum || got.Key != key {
				t.Errorf("stored = %+v %v", got, err)
			}
		})
	}
	if n := f.count(t, f.a.ID, "declaration_files"); n != 1 {
		t.Errorf("%d file rows, want 1", n)
	}
}

func TestContacts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	buyer := f.user(t, "acheteuse@alpha.test")
	good := declarations.Contact{Date: day(t, "2025-06-30"), Kind: declarations.Event, BuyerID: buyer, EnterpriseName: "Coop de l'Île", Outcome: "Invitée au prochain appel"}
	if _, err := f.store.AddContact(ctx, f.a.ID, good); err != nil {
		t.Fatal(err)
	}
	bad := good
	bad.Date = day(t, "2025-07-02") // tomorrow for the store's clock
	if _, err := f.store.AddContact(ctx, f.a.ID, bad); errs.KindOf(err) != errs.Invalid {
		t.Errorf("future contact: %v", err)
	}
	unknown := good
	unknown.SupplierID = uuid.NewString() // not in this register (nor any)
	if _, err := f.store.AddContact(ctx, f.a.ID, unknown); errs.KindOf(err) != errs.Invalid {
		t.Errorf("contact with a supplier outside the register: %v", err)
	}
	rows, err := f.store.Contacts(ctx, f.a.ID, day(t, "2025-01-01"), day(t, "2025-12-31"), 10)
	if err != nil || len(rows) != 1 || rows[0].BuyerName != "acheteuse@alpha.test" || rows[0].Outcome != good.Outcome {
		t.Errorf("contacts = %+v, %v", rows, err)
	}
}

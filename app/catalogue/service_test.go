package catalogue

import (
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

func TestStewardRegionLimits(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	estrie := Steward{UserID: "s-estrie", Regions: []string{"05"}}
	sherbrooke := e.byRef(t, "A02") // Les Jardins du Sillon, Sherbrooke (05)
	longueuil := e.byRef(t, "A03")  // Traiteur La Marmite solidaire, Longueuil (16)
	cases := []struct {
		name string
		run  func() error
		kind errs.Kind
	}{
		{"edit in own region", func() error {
			x := sherbrooke
			x.Products = append(x.Products, "Déneigement commercial")
			_, err := e.svc.Update(e.ctx, estrie, x.ID, x.Version, x)
			return err
		}, ""},
		{"edit in another region", func() error {
			_, err := e.svc.Update(e.ctx, estrie, longueuil.ID, 0, longueuil)
			return err
		}, errs.Forbidden},
		{"move an entry out of the region", func() error {
			x, _ := e.svc.Store().Get(e.ctx, sherbrooke.ID)
			x.Address.MunicipalityCode = "58227"
			_, err := e.svc.Update(e.ctx, estrie, x.ID, x.Version, x)
			return err
		}, errs.Forbidden},
		{"create in another region", func() error {
			x := longueuil
			x.Name, x.NEQ = "Nouvelle coop", ""
			_, err := e.svc.Create(e.ctx, estrie, x)
			return err
		}, errs.Forbidden},
		{"retire in another region", func() error { _, err := e.svc.Retire(e.ctx, estrie, longueuil.ID); return err }, errs.Forbidden},
		{"verify in another region", func() error { _, err := e.svc.Verify(e.ctx, estrie, longueuil.ID, nil); return err }, errs.Forbidden},
		{"stale version", func() error {
			_, err := e.svc.Update(e.ctx, estrie, sherbrooke.ID, 1, sherbrooke)
			return err
		}, errs.Conflict},
		{"duplicate NEQ", func() error {
			x := sherbrooke
			x.Name, x.NEQ = "Autre coop", e.byRef(t, "A05").NEQ
			x.Address.MunicipalityCode = "43027"
			_, err := e.svc.Create(e.ctx, Steward{UserID: "all"}, x)
			return err
		}, errs.Conflict},
		{"invalid entry", func() error {
			x := sherbrooke
			x.NEQ, x.LegalForm = "123", "sarl"
			_, err := e.svc.Create(e.ctx, Steward{}, x)
			return err
		}, errs.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := e.svc.Store().Get(e.ctx, longueuil.ID)
			err := c.run()
			if c.kind == "" && err != nil {
				t.Fatalf("unexpected %v", err)
			}
			if c.kind != "" && !errs.Is(err, c.kind) {
				t.Fatalf("got %v, want %s", err, c.kind)
			}
			after, _ := e.svc.Store().Get(e.ctx, longueuil.ID)
			if after.Version != before.Version {
				t.Error("another region's entry changed")
			}
		})
	}
	t.Run("history records each version", func(t *testing.T) {
		h, err := e.svc.Store().History(e.ctx, sherbrooke.ID)
		if err != nil || len(h) != 1 || h[0].Version != 2 || h[0].Action != "edit" || h[0].Changes[0].Field != FieldProducts {
			t.Errorf("history %+v %v", h, err)
		}
	})
}

func TestVerifyAndMerge(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	st := e.steward(t)
	a := e.byRef(t, "A07")
	v, err := e.svc.Verify(e.ctx, st, a.ID, nil)
	if err != nil || v.EES.Trust != TrustVerified || v.EES.VerifiedBy != st.UserID || v.EES.VerifiedAt.IsZero() {
		t.Fatalf("verify: %+v %v", v.EES, err)
	}
	t.Run("unmet criterion cannot be verified", func(t *testing.T) {
		ev := DeclaredAll("").Criteria
		ev[CritIndependence] = Evidence{Met: false, Note: "contrôlée par la ville"}
		if _, err := e.svc.Verify(e.ctx, st, a.ID, ev); !errs.Is(err, errs.Invalid) {
			t.Errorf("got %v", err)
		}
	})
	dup := a
	dup.NEQ, dup.Name, dup.Products = "", "Entretien ménager Horizon inc.", []string{"Lavage de tapis"}
	created, err := e.svc.Create(e.ctx, st, dup)
	if err != nil {
		t.Fatal(err)
	}
	merged, err := e.svc.Merge(e.ctx, st, created.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("survivor gains names and products", func(t *testing.T) {
		if !contains(merged.OtherNames, "Entretien ménager Horizon inc.") || !contains(merged.Products, "Lavage de tapis") || merged.NEQ != a.NEQ {
			t.Errorf("merged %+v", merged)
		}
	})
	t.Run("duplicate retired and pointing at survivor", func(t *testing.T) {
		d, _ := e.svc.Store().Get(e.ctx, created.ID)
		if d.Status != StatusRetired || d.MergedInto != a.ID {
			t.Errorf("duplicate %s → %s", d.Status, d.MergedInto)
		}
	})
	t.Run("merging into itself or a retired entry is refused", func(t *testing.T) {
		if _, err := e.svc.Merge(e.ctx, st, a.ID, a.ID); !errs.Is(err, errs.Invalid) {
			t.Errorf("self: %v", err)
		}
		if _, err := e.svc.Merge(e.ctx, st, created.ID, a.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("retired: %v", err)
		}
	})
	t.Run("two NEQs are two enterprises", func(t *testing.T) {
		if _, err := e.svc.Merge(e.ctx, st, e.byRef(t, "A08").ID, a.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("got %v", err)
		}
	})
}

func TestClaimsAndProposals(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	acc := accounts.NewStore(e.db.App)
	owner, err := acc.GrantPlatformRole(e.ctx, "coop@exemple.test", "enterprise", nil)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := acc.GrantPlatformRole(e.ctx, "autre@exemple.test", "enterprise", nil)
	st := e.steward(t)
	a := e.byRef(t, "A15") // Vélo Cargo Coop, has a NEQ
	t.Run("someone else's NEQ is refused", func(t *testing.T) {
		if _, err := e.svc.Claim(e.ctx, other.ID.String(), a.ID, "1199999999", "", ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("got %v", err)
		}
	})
	c, err := e.svc.Claim(e.ctx, owner.ID.String(), a.ID, a.NEQ, "C'est nous", "")
	if err != nil || c.Status != "pending" {
		t.Fatalf("claim %+v %v", c, err)
	}
	t.Run("a second pending claim by the same user is refused", func(t *testing.T) {
		if _, err := e.svc.Claim(e.ctx, owner.ID.String(), a.ID, a.NEQ, "", ""); !errs.Is(err, errs.Conflict) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("proposals need an approved claim", func(t *testing.T) {
		if _, err := e.svc.Propose(e.ctx, owner.ID.String(), a.ID, a); !errs.Is(err, errs.Forbidden) {
			t.Errorf("got %v", err)
		}
	})
	if _, err := e.svc.DecideClaim(e.ctx, st, c.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.Store().Get(e.ctx, a.ID); got.ClaimedBy != owner.ID.String() {
		t.Fatalf("claimed by %q", got.ClaimedBy)
	}
	t.Run("automatic approval with the profile's NEQ", func(t *testing.T) {
		b := e.byRef(t, "A20")
		c, err := e.svc.Claim(e.ctx, other.ID.String(), b.ID, b.NEQ, "", b.NEQ)
		if err != nil || c.Status != "approved" {
			t.Errorf("claim %+v %v", c, err)
		}
	})
	cur, _ := e.svc.Store().Get(e.ctx, a.ID)
	prop := cur
	prop.Products = append(prop.Products, "Livraison de colis")
	prop.Name = "Nom changé" // not proposable: ignored
	p, err := e.svc.Propose(e.ctx, owner.ID.String(), a.ID, prop)
	if err != nil || len(p.Changes) != 1 || p.Changes[0].Field != FieldProducts {
		t.Fatalf("proposal %+v %v", p, err)
	}
	if _, err := e.svc.DecideProposal(e.ctx, st, p.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := e.svc.Store().Get(e.ctx, a.ID)
	if !contains(got.Products, "Livraison de colis") || got.Name != a.Name {
		t.Errorf("after approval %+v", got)
	}
	t.Run("a proposal on an old version is stale", func(t *testing.T) {
		p2, err := e.svc.Propose(e.ctx, owner.ID.String(), a.ID, func() Entry { x := got; x.Website = "https://velo.example"; return x }())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(e.ctx, st, a.ID, 0, got); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.DecideProposal(e.ctx, st, p2.ID, true, ""); !errs.Is(err, errs.Conflict) {
			t.Errorf("got %v", err)
		}
	})
}

// tableOf writes import rows as the file they would come from: one column per field (or
// hint) named by it, each row at its line.
func tableOf(rows []Row) (*tabular.Table, tabular.Mapping) {
	var headers []string
	seen := map[string]bool{}
	add := func(h string) {
		if !seen[h] {
			seen[h] = true
			headers = append(headers, h)
		}
	}
	for _, r := range rows {
		for _, f := range Fields() {
			if _, ok := r.Values[f]; ok {
				add(string(f))
			}
		}
		if r.Region != "" {
			add(TargetRegion)
		}
		if r.Territory != "" {
			add(TargetTerritory)
		}
		if r.Ref != "" {
			add(TargetSourceRef)
		}
	}
	t := &tabular.Table{Format: tabular.FormatCSV, Headers: headers}
	m := tabular.Mapping{}
	for _, h := range headers {
		m[h] = h
	}
	for i, r := range rows {
		cells := make([]string, len(headers))
		for j, h := range headers {
			switch h {
			case TargetRegion:
				cells[j] = r.Region
			case TargetTerritory:
				cells[j] = r.Territory
			case TargetSourceRef:
				cells[j] = r.Ref
			default:
				cells[j] = r.Values[Field(h)]
			}
		}
		t.Rows = append(t.Rows, tabular.Row{Number: i + 1, Line: r.Line, Cells: cells})
	}
	return t, m
}

func (e *dbEnv) plan(t *testing.T, st Steward, source string, rows []Row) ImportView {
	t.Helper()
	tab, m := tableOf(rows)
	v, err := e.svc.PlanTable(e.ctx, st, ImportRequest{Source: source, FileName: "f.csv", Table: tab, Mapping: m})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return v
}

func decide(kv map[int]Decision) ImportChange { return ImportChange{Decisions: kv} }

func TestImportApplyAllOrNothingAndIdempotent(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	st := e.steward(t)
	rows := []Row{
		row(2, "name", "Coopérative de solidarité Le Grenier", "municipality", "Longueuil", "products", "Épicerie; Café", "neq", "1164000777"),
		row(3, "name", "Traiteur La Marmite solidaire", "municipality", "Longueuil", "phone", "450-555-0177"),    // updates A03
		row(4, "name", "Ressourcerie du Grand Portage", "municipality", "Rivière-du-Loup", "legal_form", "OBNL"), // is A09
	}
	b := e.plan(t, st, "Pôle Agglo", rows)
	if b.Report.Counts[OutcomeNew] != 1 || b.Report.Counts[OutcomeUpdate] != 1 || b.Report.Counts[OutcomeUnchanged] != 1 {
		t.Fatalf("report %v", b.Report.Counts)
	}
	if b.Report.Statuses[RowOK] != 2 || b.Report.Statuses[RowUpdate] != 1 {
		t.Errorf("statuses %v", b.Report.Statuses)
	}
	res, err := e.svc.ApplyImport(e.ctx, st, b.ID, ImportChange{})
	if err != nil || res.Created != 1 || res.Updated != 1 {
		t.Fatalf("apply %+v %v", res, err)
	}
	t.Run("a directory's entry says where it was listed and no criterion", func(t *testing.T) {
		found, err := e.svc.Store().Search(e.ctx, SearchParams{Q: "Grenier"})
		if err != nil || found.Total == 0 {
			t.Fatalf("%v %v", found.Total, err)
		}
		var grenier Entry
		for _, h := range found.Hits {
			if h.NEQ == "1164000777" {
				grenier = h.Entry
			}
		}
		if grenier.EES.Trust != TrustUnknown || len(grenier.EES.Criteria) != 0 || grenier.EES.Meets() {
			t.Errorf("EES %+v", grenier.EES)
		}
		if grenier.LegalForm != quebec.CollectiveCoopSolidarity || grenier.FormEvidence.Kind != FormFromName {
			t.Errorf("form %s evidence %+v", grenier.LegalForm, grenier.FormEvidence)
		}
		ls, err := e.svc.Store().Listings(e.ctx, grenier.ID)
		if err != nil || len(ls) != 1 || ls[0].Source != "Pôle Agglo" || ls[0].Line != 2 || ls[0].ListedOn == "" {
			t.Errorf("listings %+v %v", ls, err)
		}
	})
	t.Run("applying twice is refused", func(t *testing.T) {
		if _, err := e.svc.ApplyImport(e.ctx, st, b.ID, ImportChange{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("the same file again changes nothing", func(t *testing.T) {
		b2 := e.plan(t, st, "Pôle Agglo", rows)
		if b2.Report.Counts[OutcomeUnchanged] != 3 {
			t.Fatalf("%v", b2.Report.Counts)
		}
		res, err := e.svc.ApplyImport(e.ctx, st, b2.ID, ImportChange{})
		if err != nil || res.Created+res.Updated != 0 {
			t.Errorf("%+v %v", res, err)
		}
	})
	t.Run("a row in error blocks the file until it is skipped or fixed", func(t *testing.T) {
		bad := append(rows[:1:1], row(3, "name", "Coop Nouvelle", "municipality", "Springfield"), row(4, "name", "Coop Autre", "municipality", "Laval"))
		b3 := e.plan(t, st, "Pôle Agglo", bad)
		before, _ := e.svc.Store().Search(e.ctx, SearchParams{})
		_, err := e.svc.ApplyImport(e.ctx, st, b3.ID, ImportChange{})
		if fe := errs.As(err); fe == nil || fe.Kind != errs.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Row != 3 || fe.Fields[0].Column != "municipality" {
			t.Fatalf("got %+v", err)
		}
		after, _ := e.svc.Store().Search(e.ctx, SearchParams{})
		if after.Total != before.Total {
			t.Errorf("%d entries before, %d after", before.Total, after.Total)
		}
		if _, err := e.svc.Revise(e.ctx, st, b3.ID, b3.Version, ImportChange{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a revision of a version changed since (the refused apply kept its plan) must conflict: %v", err)
		}
		cur, err := e.svc.Import(e.ctx, b3.ID)
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := e.svc.Revise(e.ctx, st, b3.ID, cur.Version, ImportChange{Fixes: map[int]Fix{3: {FieldMunicipality: "Sherbrooke"}}})
		if err != nil || fixed.Report.Rows[1].Status != RowOK || !fixed.Report.Rows[1].Fixed {
			t.Fatalf("fix: %+v %v", fixed.Report.Rows[1], err)
		}
		res, err := e.svc.ApplyImport(e.ctx, st, b3.ID, decide(map[int]Decision{4: DecisionSkip}))
		if err != nil || res.Created != 1 || res.Skipped != 1 {
			t.Fatalf("apply with a fix and a skip: %+v %v", res, err)
		}
	})
	t.Run("decisions for lines the file does not have are refused", func(t *testing.T) {
		b6 := e.plan(t, st, "Pôle Agglo", rows)
		if _, err := e.svc.ApplyImport(e.ctx, st, b6.ID, decide(map[int]Decision{99: DecisionSkip})); !errs.Is(err, errs.Invalid) {
			t.Errorf("got %v", err)
		}
		if _, err := e.svc.ApplyImport(e.ctx, st, b6.ID, decide(map[int]Decision{2: "peut-être"})); !errs.Is(err, errs.Invalid) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a region-limited steward cannot import another region's rows", func(t *testing.T) {
		b4 := e.plan(t, Steward{UserID: "x", Regions: []string{"05"}}, "Pôle Estrie", []Row{row(2, "name", "Coop Ailleurs", "municipality", "Laval")})
		if b4.Report.Applicable() || b4.Report.Rows[0].Status != RowError {
			t.Errorf("%+v", b4.Report.Rows)
		}
	})
	t.Run("possible duplicate: a decision is required, merge updates the chosen entry", func(t *testing.T) {
		a3 := e.byRef(t, "A03")
		b5 := e.plan(t, st, "Autre", []Row{row(2, "name", "Traiteur Marmite", "municipality", "Longueuil", "website", "marmite.example")})
		if b5.Report.Rows[0].Status != RowDuplicate || len(b5.Report.Rows[0].Duplicates) == 0 {
			t.Fatalf("%+v", b5.Report.Rows)
		}
		if _, err := e.svc.ApplyImport(e.ctx, st, b5.ID, ImportChange{}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("an undecided duplicate must block: %v", err)
		}
		res, err := e.svc.ApplyImport(e.ctx, st, b5.ID, decide(map[int]Decision{2: Decision("merge:" + a3.ID)}))
		if err != nil || res.Updated != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		if got, _ := e.svc.Store().Get(e.ctx, a3.ID); got.Website != "https://marmite.example" {
			t.Errorf("website %q", got.Website)
		}
	})
	t.Run("the source's mapping is remembered for its next file", func(t *testing.T) {
		tab := &tabular.Table{Headers: []string{"Dénomination X", "Ville Y"}, Rows: []tabular.Row{{Number: 1, Line: 2, Cells: []string{"Coop Zéphyr", "Laval"}}}}
		first, err := e.svc.PlanTable(e.ctx, st, ImportRequest{Source: "Pôle Mémoire", Table: tab, Mapping: tabular.Mapping{"Dénomination X": "name", "Ville Y": "municipality"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ApplyImport(e.ctx, st, first.ID, ImportChange{}); err != nil {
			t.Fatal(err)
		}
		next, err := e.svc.PlanTable(e.ctx, st, ImportRequest{Source: "PÔLE MÉMOIRE", Table: tab})
		if err != nil || next.Mapping["Dénomination X"] != "name" || len(next.Suggestions) != 2 || !next.Suggestions[0].Saved {
			t.Errorf("%+v %+v %v", next.Mapping, next.Suggestions, err)
		}
	})
}

// steward creates a user holding the catalogue_steward role, limited to regions (none: all).
func (e *dbEnv) steward(t *testing.T, regions ...string) Steward {
	t.Helper()
	u, err := accounts.NewStore(e.db.App).GrantPlatformRole(e.ctx, uuid.NewString()[:8]+"@pole.test", "catalogue_steward", regions)
	if err != nil {
		t.Fatal(err)
	}
	return Steward{UserID: u.ID.String(), Regions: regions}
}

package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/app/accounts"
	"maillage/app/catalogue"
)

// TestCatalogueProposePage: the enterprise holding an entry's claim proposes changes from a
// page, with its values kept on bad input; nobody else may.
func TestCatalogueProposePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 40)
	acc := accounts.NewStore(e.DB.App)
	ent, _ := acc.GrantPlatformRole(context.Background(), "coop@velocargo.test", accounts.RoleEnterprise, nil)
	other, _ := acc.GrantPlatformRole(context.Background(), "autre@ailleurs.test", accounts.RoleEnterprise, nil)
	stU, _ := acc.GrantPlatformRole(context.Background(), "pole@mtl.test", accounts.RoleCatalogueSteward, []string{"06"})
	velo := refs["A15"] // Vélo Cargo Coop, Montréal (06)
	r := e.tokenClient(ent.ID).sendJSON("POST", "/api/v1/catalogue/"+velo.ID+"/claims", map[string]any{"neq": velo.NEQ})
	if r.Status != 201 {
		t.Fatalf("claim: %d %s", r.Status, r.Body)
	}
	var claim catalogue.Claim
	r.json(t, &claim)
	st := e.as(stU.ID)
	if r := st.postForm("/catalogue/requests/claim/"+claim.ID, url.Values{"decision": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d", r.Status)
	}
	entC, otherC := e.as(ent.ID), e.as(other.ID)
	page := "/catalogue/" + velo.ID + "/proposer"
	if p := entC.get("/catalogue/" + velo.ID); !strings.Contains(p.Body, `href="`+page+`"`) {
		t.Fatal("the entry page does not offer to propose changes")
	}
	if p := otherC.get("/catalogue/" + velo.ID); strings.Contains(p.Body, `href="`+page+`"`) {
		t.Fatal("another enterprise is offered to propose changes")
	}
	p := entC.get(page)
	if p.Status != 200 || !strings.Contains(p.Body, "Montréal") || strings.Contains(p.Body, `value="66023"`) {
		t.Fatalf("page: %d (the municipality must show by its name)", p.Status)
	}
	form := func(change func(url.Values)) url.Values {
		cur, err := catalogue.NewStore(e.DB.App).Get(context.Background(), velo.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{"other_names": {strings.Join(cur.OtherNames, "\n")}, "street": {cur.Address.Street}, "municipality": {cur.Address.MunicipalityName},
			"postal_code": {cur.Address.PostalCode}, "regions_served": cur.RegionsServed, "sectors": cur.Sectors, "products": {strings.Join(cur.Products, "\n")},
			"unspsc": {strings.Join(cur.UNSPSC, ", ")}, "description": {cur.Description}, "website": {cur.Website}, "email": {cur.Contact.Email}, "phone": {cur.Contact.Phone}}
		change(v)
		return v
	}
	for _, c := range []struct {
		name   string
		who    *client
		change func(url.Values)
		status int
		want   []string
	}{
		{"another enterprise", otherC, func(v url.Values) { v.Set("products", "Autre chose") }, 403, nil},
		{"nothing changed", entC, func(url.Values) {}, 422, []string{"Vous n’avez rien changé"}},
		{"a bad postal code, values kept", entC, func(v url.Values) {
			v.Set("postal_code", "XYZ")
			v.Set("products", "Livraison à vélo\nDéménagement léger")
		},
			422, []string{`aria-invalid="true"`, "Déménagement léger", `value="XYZ"`}},
		{"an unknown municipality", entC, func(v url.Values) { v.Set("municipality", "Springfield") }, 422, []string{`value="Springfield"`}},
		{"a product added", entC, func(v url.Values) { v.Set("products", v.Get("products")+"\nLivraison de colis") }, 303, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.who.postForm(page, form(c.change))
			if r.Status != c.status {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
		})
	}
	if q := st.get("/catalogue/requests"); !strings.Contains(q.Body, "Livraison de colis") {
		t.Fatal("the proposal is not in the stewards' queue")
	}
	if got, _ := catalogue.NewStore(e.DB.App).Get(context.Background(), velo.ID); slicesContains(got.Products, "Livraison de colis") {
		t.Fatal("a proposal changed the entry before approval")
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

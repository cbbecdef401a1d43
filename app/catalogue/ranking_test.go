package catalogue

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// What a buyer expects from the order of equally matching entries, on a small hand-made
// catalogue: where the words are found (name, own town, products, the rest), then what we know
// of the entry, never how many times a word is repeated.
func TestSearchRankingSignals(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 0)
	var claimant string
	if err := e.db.App.Raw(`INSERT INTO users (email) VALUES ('claims@ranking.example') RETURNING id`).Row().Scan(&claimant); err != nil {
		t.Fatal(err)
	}
	const (
		saguenay   = "94068" // Ville de Saguenay
		alma       = "93042" // Alma, same region (Saguenay–Lac-Saint-Jean)
		montreal   = "66023"
		shawinigan = "36033"
	)
	type ent struct {
		ref, name, town string
		products        []string
		sector          string
		verified, neq   bool
		claimed         bool
	}
	many := []string{"Mobilier de bureau"}
	for i := range 59 { // a seller listing sixty pieces of furniture, "mobilier" in each
		many = append(many, fmt.Sprintf("Mobilier de bureau modèle %d", i+1))
	}
	ents := []ent{
		{ref: "T1", name: "Traiteur Le Bleuet", town: saguenay, products: []string{"Repas préparés"}, sector: "alimentation"},
		{ref: "T2", name: "Cuisine collective du Fjord", town: saguenay, products: []string{"Service de traiteur"}, sector: "alimentation", verified: true, neq: true},
		{ref: "T3", name: "Traiteur du Lac", town: alma, products: []string{"Service de traiteur"}, sector: "alimentation", verified: true, neq: true},
		{ref: "T4", name: "Boulangerie La Mie", town: saguenay, products: []string{"Pains et pâtisseries"}, sector: "alimentation", verified: true, neq: true},
		{ref: "M1", name: "Grossiste Meubles Plus", town: montreal, products: many, sector: "construction"},
		{ref: "M3", name: "Le Bureau vert", town: montreal, products: []string{"Consultation en gestion"}, sector: "construction", verified: true, neq: true},
		{ref: "M2", name: "Atelier Le Rabot", town: montreal, products: []string{"Mobilier de bureau", "Ébénisterie"}, sector: "construction", verified: true, neq: true},
		{ref: "P1", name: "Entraide Le Relais", town: shawinigan, products: []string{"Popote roulante", "Aide à domicile"}, sector: "services_personnes"},
		{ref: "P3", name: "Entraide La Rive", town: shawinigan, products: []string{"Popote roulante", "Aide à domicile"}, sector: "services_personnes", verified: true},
		{ref: "P4", name: "Entraide Le Quai", town: shawinigan, products: []string{"Popote roulante", "Aide à domicile"}, sector: "services_personnes", claimed: true},
	}
	ms := testMunicipalities(t)
	es, err := Generate(9, 1, ms, genDay) // one generated entry gives the shape; each is then rewritten
	if err != nil {
		t.Fatal(err)
	}
	var all []Entry
	for i, x := range ents {
		en := es[0]
		en.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		en.Name, en.Products, en.Sectors, en.Source.Ref = x.name, x.products, []string{x.sector}, x.ref
		en.Address.MunicipalityCode, en.Description, en.NEQ = x.town, "", ""
		en.UNSPSC = []string{"90100000"}
		en.EES = DeclaredAll("déclaré")
		if x.verified {
			en.EES, _ = en.EES.Verify("steward", genDay)
		}
		if x.neq {
			en.NEQ = fmt.Sprintf("11%08d", i+1)
		}
		all = append(all, en)
	}
	if err := e.svc.Store().BulkInsert(e.ctx, all); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Owner.Exec(`UPDATE catalogue_entries SET claimed_by = ? WHERE source_ref = 'P4'`, claimant).Error; err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, q string
		want    []string // in this order, first
	}{
		{"named for it in the town asked, then selling it in that town, then named for it elsewhere in the region; a sector name is not a product",
			"traiteur saguenay", []string{"T1", "T2", "T3"}},
		{"a word repeated in sixty products does not outrank a verified specialist; both sell the words as written, before a name holding one of them", "mobilier de bureau", []string{"M2", "M1", "M3"}},
		{"equal matches: verified first, then kept by the enterprise itself, then the rest", "popote roulante", []string{"P3", "P4", "P1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := e.svc.Store().Search(e.ctx, SearchParams{Q: c.q, PerPage: 20})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Source.Ref)
			}
			if len(got) < len(c.want) || !slices.Equal(got[:len(c.want)], c.want) {
				t.Errorf("%q ranks %s, want %s first", c.q, strings.Join(got, " "), strings.Join(c.want, " "))
			}
			if c.q == "traiteur saguenay" && slices.Contains(got, "T4") && slices.Index(got, "T4") < slices.Index(got, "T3") {
				t.Errorf("the bakery (catering only in its sector's name) ranks before a caterer: %v", got)
			}
		})
	}
}

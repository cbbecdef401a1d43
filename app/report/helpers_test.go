package report

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"maillage/app/declarations"
)

// localesDir is the project's own locale folder (the test reads the real message files).
var localesDir = filepath.Join("..", "..", "frontend", "locales")

// labels loads the real declarations message files into a go-i18n bundle and returns Labels
// speaking lang; a missing message fails the test.
func labels(t *testing.T, lang string) Labels {
	t.Helper()
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range []string{"fr", "en"} {
		if _, err := b.LoadMessageFile(filepath.Join(localesDir, "declarations."+l+".toml")); err != nil {
			t.Fatalf("load %s messages: %v", l, err)
		}
	}
	loc := i18n.NewLocalizer(b, lang)
	return Labels{T: func(id string, data map[string]any) string {
		s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
		if err != nil {
			t.Errorf("message %q: %v", id, err)
		}
		return s
	}}
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fixture is a 2025 declaration with one of each common target and a handful of contracts.
func fixture(t *testing.T) (declarations.Declaration, declarations.Progress) {
	d := declarations.Declaration{
		ID: "d1", Version: 2, Status: declarations.Adopted,
		ResolutionNumber: "CM-2025-045", ResolutionDate: day(t, "2025-01-20"),
		PeriodStart: day(t, "2025-01-01"), PeriodEnd: day(t, "2025-12-31"),
		TextFR: "La Ville s'engage…", Eligibility: declarations.Eligibility{Rule: declarations.AllSpend},
		Targets: []declarations.Target{
			{Key: "a", Kind: declarations.EESAmount, Value: 250_000_00},
			{Key: "s", Kind: declarations.EESShare, Value: 1_500},
			{Key: "n", Kind: declarations.DistinctEES, Value: 8},
		},
		Commitments: []declarations.Commitment{
			{Key: "c1", TextFR: "Former deux acheteurs à l'économie sociale", TextEN: "Train two buyers on the social economy",
				Status: declarations.Done, Evidence: "Formation du 12 mars 2025"},
			{Key: "c2", TextFR: "Inviter une EES à chaque appel d'offres sur invitation en entretien ménager",
				Status: declarations.InProgress, Evidence: "3 invitations sur 4"},
		},
	}
	c := func(id, sup, name, award string, cents int64, ees bool, proc string) declarations.Contract {
		return declarations.Contract{ID: id, SupplierID: sup, SupplierName: name, AwardDate: day(t, award),
			AwardedCents: cents, EES: ees, Procedure: proc, UNSPSC: "76111500"}
	}
	contracts := []declarations.Contract{
		c("k1", "s1", "Coopérative de solidarité Entretien Plus", "2025-02-03", 48_500_00, true, "gre_a_gre"),
		c("k2", "s2", "Imprime-Emploi", "2025-03-14", 12_345_67, true, "gre_a_gre"),
		c("k3", "s1", "Coopérative de solidarité Entretien Plus", "2025-05-30", 60_000_00, true, "invitation"),
		c("k4", "s3", "Béton Québec inc.", "2025-04-01", 400_000_00, false, "public_call"),
	}
	p := declarations.Compute(declarations.Input{Declaration: d, Contracts: contracts, AsOf: day(t, "2025-07-01")})
	return d, p
}

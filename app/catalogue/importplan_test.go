package catalogue

import (
	"fmt"
	"testing"
	"time"

	"maillage/app/quebec"
)

var importDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func pole() ImportSettings {
	return ImportSettings{Source: Source{Kind: SourceDirectory, Name: "Pôle Agglo"}, Today: importDay}
}

func row(line int, kv ...string) Row {
	r := Row{Line: line, Values: map[Field]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		switch kv[i] {
		case "region":
			r.Region = kv[i+1]
		case "ref":
			r.Ref = kv[i+1]
		default:
			r.Values[Field(kv[i])] = kv[i+1]
		}
	}
	return r
}

func existingCatalogue() []Entry {
	return []Entry{
		{ID: "e1", NEQ: "1164123456", Name: "Coopérative de solidarité Le Grenier", LegalForm: quebec.CollectiveCoopSolidarity,
			Address: Address{MunicipalityCode: "58227", MunicipalityName: "Longueuil"}, Products: []string{"Épicerie"}, Status: StatusActive},
		{ID: "e2", Name: "Traiteur La Marmite solidaire", LegalForm: quebec.CollectiveNonProfit,
			Address: Address{MunicipalityCode: "58227", MunicipalityName: "Longueuil"}, Contact: Contact{Phone: "450-555-0100"}, Status: StatusActive},
		{ID: "e3", Name: "Ressourcerie du Grand Portage", LegalForm: quebec.CollectiveNonProfit,
			Address: Address{MunicipalityCode: "12072"}, Status: StatusActive},
	}
}

func TestPlanImportOutcomes(t *testing.T) {
	places := quebec.NewPlaces(testMunicipalities(t))
	cases := []struct {
		name      string
		row       Row
		outcome   Outcome
		matchID   string
		matchedBy string
		errField  string
		errKey    string
		changed   []Field
	}{
		{name: "new enterprise", row: row(1, "name", "Vélo Cargo Coop", "municipality", "Montréal"), outcome: OutcomeNew},
		{name: "same NEQ, new phone", row: row(1, "neq", "1164 123 456", "name", "Le Grenier", "municipality", "Longueuil", "phone", "(450) 555-0199"),
			outcome: OutcomeUpdate, matchID: "e1", matchedBy: "neq", changed: []Field{FieldName, FieldPhone}},
		{name: "name and municipality, nothing new", row: row(1, "name", "TRAITEUR LA MARMITE SOLIDAIRE", "municipality", "58227", "phone", "450 555 0100"),
			outcome: OutcomeUpdate, matchID: "e2", matchedBy: "name", changed: []Field{FieldName}},
		{name: "exact same data", row: row(1, "name", "Traiteur La Marmite solidaire", "municipality", "Longueuil", "phone", "450-555-0100", "legal_form", "OBNL"),
			outcome: OutcomeUnchanged, matchID: "e2", matchedBy: "name"},
		{name: "same name elsewhere is a possible duplicate", row: row(1, "name", "Traiteur La Marmite solidaire", "municipality", "Sherbrooke"),
			outcome: OutcomeDuplicate},
		{name: "close name same place is a possible duplicate", row: row(1, "name", "Ressourcerie Portage", "municipality", "Rivière-du-Loup"),
			outcome: OutcomeDuplicate},
		{name: "bad NEQ", row: row(1, "neq", "12345", "name", "X", "municipality", "Laval"), outcome: OutcomeError, errField: "neq", errKey: "catalogue.import.bad_neq"},
		{name: "unknown municipality", row: row(1, "name", "X", "municipality", "Springfield"), outcome: OutcomeError, errField: "municipality", errKey: "catalogue.import.unknown_municipality"},
		{name: "ambiguous municipality", row: row(1, "name", "X coop", "municipality", "Saint-Donat"), outcome: OutcomeError, errField: "municipality", errKey: "catalogue.import.ambiguous_municipality"},
		{name: "region tells homonyms apart", row: row(1, "name", "X coop", "municipality", "Saint-Donat", "region", "Lanaudière"), outcome: OutcomeNew},
		{name: "missing name", row: row(1, "municipality", "Laval"), outcome: OutcomeError, errField: "name", errKey: "catalogue.import.name_required"},
		{name: "missing municipality", row: row(1, "name", "Coop X"), outcome: OutcomeError, errField: "municipality", errKey: "catalogue.import.municipality_required"},
		{name: "unknown sector", row: row(1, "name", "Coop X", "municipality", "Laval", "sectors", "Aérospatiale"), outcome: OutcomeError, errField: "sectors", errKey: "catalogue.import.unknown_sector"},
		{name: "bad email", row: row(1, "name", "Coop X", "municipality", "Laval", "email", "info@"), outcome: OutcomeError, errField: "email", errKey: "catalogue.import.bad_email"},
		{name: "bad postal code", row: row(1, "name", "Coop X", "municipality", "Laval", "postal_code", "G0Y 1A"), outcome: OutcomeError, errField: "postal_code", errKey: "catalogue.import.bad_postal_code"},
		{name: "bad yes/no", row: row(1, "name", "Coop X", "municipality", "Laval", "adapted", "peut-être"), outcome: OutcomeError, errField: "adapted", errKey: "catalogue.import.bad_yes_no"},
		{name: "no legal form anywhere", row: row(1, "name", "Les Jardins du Sillon", "municipality", "Sherbrooke"), outcome: OutcomeError, errField: "legal_form", errKey: "catalogue.import.legal_form_required"},
		{name: "bad UNSPSC", row: row(1, "name", "Coop X", "municipality", "Laval", "unspsc", "9010"), outcome: OutcomeError, errField: "unspsc", errKey: "catalogue.import.bad_unspsc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := PlanImport([]Row{c.row}, existingCatalogue(), places, DefaultSectors(), pole())
			got := rep.Rows[0]
			if got.Outcome != c.outcome {
				t.Fatalf("outcome %s, want %s (errors %+v, dups %+v)", got.Outcome, c.outcome, got.Errors, got.Duplicates)
			}
			if got.MatchID != c.matchID || got.MatchedBy != c.matchedBy {
				t.Errorf("matched %q by %q, want %q by %q", got.MatchID, got.MatchedBy, c.matchID, c.matchedBy)
			}
			if c.errKey != "" {
				if len(got.Errors) == 0 || got.Errors[0].Field != c.errField || got.Errors[0].Key != c.errKey || got.Errors[0].Row != 1 {
					t.Errorf("errors %+v, want %s on %s row 1", got.Errors, c.errKey, c.errField)
				}
				if rep.Applicable() || rep.Errors() == nil {
					t.Error("a file with an error row must not be applicable")
				}
			} else if !rep.Applicable() {
				t.Errorf("unexpected errors %+v", got.Errors)
			}
			if c.outcome == OutcomeUpdate {
				var fs []Field
				for _, ch := range got.Changes {
					fs = append(fs, ch.Field)
				}
				if fmt.Sprint(fs) != fmt.Sprint(c.changed) {
					t.Errorf("changed fields %v, want %v", fs, c.changed)
				}
			}
			if c.outcome == OutcomeDuplicate && len(got.Duplicates) == 0 {
				t.Error("possible duplicate without candidates")
			}
		})
	}
}

func TestPlanImportWithinFile(t *testing.T) {
	places := quebec.NewPlaces(testMunicipalities(t))
	cases := []struct {
		name    string
		rows    []Row
		errLine int
		errKey  string
	}{
		{"same NEQ twice", []Row{row(1, "neq", "1199000001", "name", "Coop A", "municipality", "Laval"),
			row(2, "neq", "1199-000-001", "name", "Coop B", "municipality", "Laval")}, 2, "catalogue.import.neq_twice"},
		{"same enterprise twice", []Row{row(1, "name", "Coop Les Affluents", "municipality", "Joliette"),
			row(2, "name", "Les Affluents, coopérative", "municipality", "Joliette")}, 2, "catalogue.import.row_twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := PlanImport(c.rows, nil, places, DefaultSectors(), pole())
			if rep.Applicable() {
				t.Fatal("applicable despite a contradiction")
			}
			r := rep.Rows[c.errLine-1]
			if r.Outcome != OutcomeError || r.Errors[0].Key != c.errKey {
				t.Errorf("row %d: %s %+v", c.errLine, r.Outcome, r.Errors)
			}
			if rep.Counts[OutcomeNew] != 1 || rep.Counts[OutcomeError] != 1 {
				t.Errorf("counts %v", rep.Counts)
			}
		})
	}
}

// applyReport does in memory what the store's apply does in one transaction.
func applyReport(existing []Entry, rep Report) []Entry {
	out := append([]Entry(nil), existing...)
	for _, r := range rep.Rows {
		switch r.Outcome {
		case OutcomeNew:
			out = append(out, NewFromImport(fmt.Sprintf("new-%d", len(out)), r, importDay))
		case OutcomeUpdate:
			for i := range out {
				if out[i].ID == r.MatchID {
					out[i] = MergeImport(out[i], r, importDay)
				}
			}
		}
	}
	return out
}

func TestReimportChangesNothing(t *testing.T) {
	places := quebec.NewPlaces(testMunicipalities(t))
	file := []Row{
		row(1, "neq", "1164123456", "name", "Coop de solidarité Le Grenier", "municipality", "Longueuil", "products", "Épicerie; Café; Traiteur"),
		row(2, "name", "Traiteur La Marmite solidaire", "municipality", "Longueuil", "email", "Info@Marmite.example", "sectors", "Alimentation et services de traiteur"),
		row(5, "name", "Les Jardins du Sillon", "municipality", "Sherbrooke", "legal_form", "osbl", "products", "Tonte, Déneigement"),
		row(3, "name", "Vélo Cargo Coop", "municipality", "Montréal", "legal_form", "Coopérative de travail", "website", "velocargo.example", "regions_served", "06, Laval"),
		row(4, "name", "Entretien Horizon", "municipality", "Laval", "legal_form", "OBNL", "adapted", "oui", "unspsc", "76110000", "ref", "H-4"),
	}
	first := PlanImport(file, existingCatalogue(), places, DefaultSectors(), pole())
	if !first.Applicable() || first.Counts[OutcomeNew] != 3 || first.Counts[OutcomeUpdate] != 2 {
		t.Fatalf("first import: %v %+v", first.Counts, first.Rows)
	}
	after := applyReport(existingCatalogue(), first)
	second := PlanImport(file, after, places, DefaultSectors(), pole())
	for _, r := range second.Rows {
		t.Run(fmt.Sprintf("row %d", r.Line), func(t *testing.T) {
			if r.Outcome != OutcomeUnchanged {
				t.Errorf("second import: %s with changes %+v", r.Outcome, r.Changes)
			}
		})
	}
	t.Run("empty cells never erase", func(t *testing.T) {
		blank := []Row{row(1, "neq", "1164123456", "name", "Coop de solidarité Le Grenier", "municipality", "Longueuil", "products", "")}
		rep := PlanImport(blank, after, places, DefaultSectors(), pole())
		if rep.Rows[0].Outcome != OutcomeUnchanged {
			t.Errorf("blank products cell changed the entry: %+v", rep.Rows[0].Changes)
		}
	})
	t.Run("source ref finds a renamed row", func(t *testing.T) {
		renamed := []Row{row(1, "name", "Services d'entretien Horizon", "municipality", "Laval", "legal_form", "OBNL", "ref", "H-4")}
		rep := PlanImport(renamed, after, places, DefaultSectors(), pole())
		if r := rep.Rows[0]; r.Outcome != OutcomeUpdate || r.MatchedBy != "source_ref" {
			t.Errorf("got %s by %q", r.Outcome, r.MatchedBy)
		}
	})
}

func TestPlanImportNEQDisagreement(t *testing.T) {
	places := quebec.NewPlaces(testMunicipalities(t))
	existing := []Entry{{ID: "a", NEQ: "1164000001", Name: "Le Grenier", LegalForm: quebec.CollectiveNonProfit, Address: Address{MunicipalityCode: "58227"}, Status: StatusActive}}
	rep := PlanImport([]Row{row(1, "neq", "1164000002", "name", "Le Grenier", "municipality", "Longueuil", "legal_form", "OBNL")},
		existing, places, DefaultSectors(), pole())
	if r := rep.Rows[0]; r.Outcome != OutcomeDuplicate || r.Duplicates[0].EntryID != "a" {
		t.Errorf("two NEQs for one name must go to a steward, got %s %+v", r.Outcome, r.Duplicates)
	}
}

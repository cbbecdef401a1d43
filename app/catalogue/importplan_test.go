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
		{ID: "e4", Name: "Maison des jeunes de Rivière-du-Loup", Address: Address{MunicipalityCode: "12072"}, Status: StatusActive,
			Source: Source{Kind: SourceDirectory, Name: "Pôle BSL"}},
	}
}

func TestPlanImportOutcomes(t *testing.T) {
	t.Parallel()
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
			outcome: OutcomeUpdate, matchID: "e1", matchedBy: "neq", changed: []Field{FieldPhone}},
		{name: "a name in capitals keeps the entry's spelling", row: row(1, "name", "TRAITEUR LA MARMITE SOLIDAIRE INC.", "municipality", "58227", "phone", "450 555 0100"),
			outcome: OutcomeUnchanged, matchID: "e2", matchedBy: "name"},
		{name: "a REQ row adds the NEQ and the legal form to a directory's entry", row: row(1, "neq", "1170000001", "name", "MAISON DES JEUNES DE RIVIÈRE-DU-LOUP INC.", "municipality", "Rivière-du-Loup (Québec)", "legal_form", "APE"),
			outcome: OutcomeUpdate, matchID: "e4", matchedBy: "name", changed: []Field{FieldNEQ, FieldLegalForm}},
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
		{name: "a business's REQ form is not a collective enterprise's", row: row(1, "name", "Coop X", "municipality", "Laval", "legal_form", "SENC"), outcome: OutcomeError, errField: "legal_form", errKey: "catalogue.import.not_collective_form"},
		{name: "unknown legal form", row: row(1, "name", "Coop X", "municipality", "Laval", "legal_form", "XYZ"), outcome: OutcomeError, errField: "legal_form", errKey: "catalogue.import.bad_legal_form"},
		{name: "bad email", row: row(1, "name", "Coop X", "municipality", "Laval", "email", "info@"), outcome: OutcomeError, errField: "email", errKey: "catalogue.import.bad_email"},
		{name: "bad postal code", row: row(1, "name", "Coop X", "municipality", "Laval", "postal_code", "G0Y 1A"), outcome: OutcomeError, errField: "postal_code", errKey: "catalogue.import.bad_postal_code"},
		{name: "bad yes/no", row: row(1, "name", "Coop X", "municipality", "Laval", "adapted", "peut-être"), outcome: OutcomeError, errField: "adapted", errKey: "catalogue.import.bad_yes_no"},
		{name: "no legal form anywhere: it stays unknown", row: row(1, "name", "Les Jardins du Sillon", "municipality", "Sherbrooke"), outcome: OutcomeNew},
		{name: "bad UNSPSC", row: row(1, "name", "Coop X", "municipality", "Laval", "unspsc", "9010"), outcome: OutcomeError, errField: "unspsc", errKey: "catalogue.import.bad_unspsc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := PlanImport([]Row{c.row}, existingCatalogue(), places, newSectorIndex(DefaultSectors()), pole(), nil)
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
				if rep.Applicable() || rep.Errors() == nil || got.Status != RowError {
					t.Error("a row in error must block the file until decided")
				}
			} else if len(got.Errors) > 0 {
				t.Errorf("unexpected errors %+v", got.Errors)
			} else if rep.Applicable() != (c.outcome != OutcomeDuplicate) {
				t.Errorf("applicable %v for a %s row", rep.Applicable(), c.outcome)
			}
			if got.Status != StatusOf(c.outcome) {
				t.Errorf("status %s for outcome %s", got.Status, c.outcome)
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
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	cases := []struct {
		name    string
		rows    []Row
		line    int
		status  RowStatus
		errKey  string
		dupLine int
	}{
		{"same NEQ twice", []Row{row(2, "neq", "1199000001", "name", "Coop A", "municipality", "Laval"),
			row(3, "neq", "1199-000-001", "name", "Coop B", "municipality", "Laval")}, 3, RowError, "catalogue.import.neq_twice", 0},
		{"a line repeated word for word", []Row{row(2, "name", "Coop Les Affluents", "municipality", "Joliette", "website", "affluents.example"),
			row(3, "name", "COOP LES AFFLUENTS", "municipality", "joliette", "website", "affluents.example")}, 3, RowError, "catalogue.import.row_twice", 0},
		{"the same enterprise spelt another way", []Row{row(2, "name", "Coop Les Affluents", "municipality", "Joliette"),
			row(3, "name", "Les Affluents, coopérative", "municipality", "Joliette")}, 3, RowDuplicate, "", 2},
		{"one health co-op under two spellings", []Row{row(2, "name", "Coop Solidarité Santé Saint-Boniface", "municipality", "Saint-Boniface"),
			row(3, "name", "Coop de solidarité santé de St-Boniface", "municipality", "St-Boniface")}, 3, RowDuplicate, "", 2},
		{"two NEQs with close names are two enterprises", []Row{row(2, "neq", "1199000001", "name", "Club de l'âge d'or de Laval-Ouest", "municipality", "Laval"),
			row(3, "neq", "1199000002", "name", "Club de l'âge d'or de Laval-Est", "municipality", "Laval")}, 3, RowOK, "", 0},
		{"the same name in two towns", []Row{row(2, "name", "Centre d'action bénévole", "municipality", "Shawinigan"),
			row(3, "name", "Centre d'action bénévole", "municipality", "Trois-Rivières")}, 3, RowOK, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := PlanImport(c.rows, nil, places, newSectorIndex(DefaultSectors()), pole(), nil)
			r := rep.Rows[1]
			if r.Line != c.line || r.Status != c.status {
				t.Fatalf("line %d: %s %+v %+v", r.Line, r.Status, r.Errors, r.Duplicates)
			}
			if c.errKey != "" && (len(r.Errors) == 0 || r.Errors[0].Key != c.errKey) {
				t.Errorf("errors %+v, want %s", r.Errors, c.errKey)
			}
			if c.dupLine != 0 && (len(r.Duplicates) == 0 || r.Duplicates[0].Line != c.dupLine || r.Duplicates[0].EntryID != "") {
				t.Errorf("candidates %+v, want line %d", r.Duplicates, c.dupLine)
			}
			if rep.Applicable() != (c.status == RowOK) {
				t.Errorf("applicable %v", rep.Applicable())
			}
			skip := PlanImport(c.rows, nil, places, newSectorIndex(DefaultSectors()), pole(), map[int]Decision{c.line: DecisionSkip})
			if !skip.Applicable() {
				t.Error("a skip decision must make the file applicable")
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
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	file := []Row{
		row(1, "neq", "1164123456", "name", "Coop de solidarité Le Grenier", "municipality", "Longueuil", "products", "Épicerie; Café; Traiteur"),
		row(2, "name", "Traiteur La Marmite solidaire", "municipality", "Longueuil", "email", "Info@Marmite.example", "sectors", "Alimentation et services de traiteur"),
		row(5, "name", "Les Jardins du Sillon", "municipality", "Sherbrooke", "legal_form", "osbl", "products", "Tonte, Déneigement"),
		row(3, "name", "Vélo Cargo Coop", "municipality", "Montréal", "legal_form", "Coopérative de travail", "website", "velocargo.example", "regions_served", "06, Laval"),
		row(4, "name", "Entretien Horizon", "municipality", "Laval", "legal_form", "OBNL", "adapted", "oui", "unspsc", "76110000", "ref", "H-4"),
	}
	first := PlanImport(file, existingCatalogue(), places, newSectorIndex(DefaultSectors()), pole(), nil)
	if !first.Applicable() || first.Counts[OutcomeNew] != 3 || first.Counts[OutcomeUpdate] != 2 {
		t.Fatalf("first import: %v %+v", first.Counts, first.Rows)
	}
	after := applyReport(existingCatalogue(), first)
	second := PlanImport(file, after, places, newSectorIndex(DefaultSectors()), pole(), nil)
	for _, r := range second.Rows {
		t.Run(fmt.Sprintf("row %d", r.Line), func(t *testing.T) {
			if r.Outcome != OutcomeUnchanged {
				t.Errorf("second import: %s with changes %+v", r.Outcome, r.Changes)
			}
		})
	}
	t.Run("empty cells never erase", func(t *testing.T) {
		blank := []Row{row(1, "neq", "1164123456", "name", "Coop de solidarité Le Grenier", "municipality", "Longueuil", "products", "")}
		rep := PlanImport(blank, after, places, newSectorIndex(DefaultSectors()), pole(), nil)
		if rep.Rows[0].Outcome != OutcomeUnchanged {
			t.Errorf("blank products cell changed the entry: %+v", rep.Rows[0].Changes)
		}
	})
	t.Run("source ref finds a renamed row", func(t *testing.T) {
		renamed := []Row{row(1, "name", "Services d'entretien Horizon", "municipality", "Laval", "legal_form", "OBNL", "ref", "H-4")}
		rep := PlanImport(renamed, after, places, newSectorIndex(DefaultSectors()), pole(), nil)
		if r := rep.Rows[0]; r.Outcome != OutcomeUpdate || r.MatchedBy != "source_ref" {
			t.Errorf("got %s by %q", r.Outcome, r.MatchedBy)
		}
	})
}

func TestPlanImportNEQDisagreement(t *testing.T) {
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	existing := []Entry{{ID: "a", NEQ: "1164000001", Name: "Le Grenier", LegalForm: quebec.CollectiveNonProfit, Address: Address{MunicipalityCode: "58227"}, Status: StatusActive}}
	rep := PlanImport([]Row{row(1, "neq", "1164000002", "name", "Le Grenier", "municipality", "Longueuil", "legal_form", "OBNL")},
		existing, places, newSectorIndex(DefaultSectors()), pole(), nil)
	if r := rep.Rows[0]; r.Outcome != OutcomeDuplicate || r.Duplicates[0].EntryID != "a" {
		t.Errorf("two NEQs for one name must go to a steward, got %s %+v", r.Outcome, r.Duplicates)
	}
}

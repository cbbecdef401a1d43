package tabular

import (
	"reflect"
	"strings"
	"testing"

	"maillage/app/errs"
)

var supplierTargets = []Target{
	{Field: "neq", Aliases: []string{"Numéro d'entreprise du Québec", "No NEQ"}, Required: true},
	{Field: "legal_name", Aliases: []string{"Nom", "Raison sociale", "Nom de l'entreprise"}, Required: true},
	{Field: "municipality", Aliases: []string{"Municipalité", "Ville"}},
	{Field: "postal_code", Aliases: []string{"Code postal"}},
	{Field: "website", Aliases: []string{"Site Web"}},
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Municipalité":                "municipalite",
		"  MUNICIPALITÉ ":             "municipalite",
		"N° d'entreprise (NEQ)":       "n d entreprise neq",
		"Nom_de-l’entreprise":         "nom de l entreprise",
		"Œuvre à Côté":                "œuvre a cote",
		"Déneigement":                 "deneigement",
		"":                            "",
		"---":                         "",
		"Code\u00a0postal\tprincipal": "code postal principal",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := Normalize(in); got != want {
				t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    Mapping
	}{
		{"exact names, any case and accents",
			[]string{"NEQ", "RAISON SOCIALE", "municipalite", "Commentaire"},
			Mapping{"NEQ": "neq", "RAISON SOCIALE": "legal_name", "municipalite": "municipality"}},
		{"spaces and punctuation ignored",
			[]string{"No. NEQ", "CodePostal", "site_web"},
			Mapping{"No. NEQ": "neq", "CodePostal": "postal_code", "site_web": "website"}},
		{"alias contained in a longer header",
			[]string{"NEQ de l'entreprise", "Ville du siège"},
			Mapping{"NEQ de l'entreprise": "neq", "Ville du siège": "municipality"}},
		{"exact match wins over containment, each field once",
			[]string{"Nom du contact", "Nom"},
			Mapping{"Nom": "legal_name"}},
		{"each header once", []string{"Ville"}, Mapping{"Ville": "municipality"}},
		{"nothing recognisable", []string{"A", "B", "(3)"}, Mapping{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.headers, supplierTargets); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Suggest = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMappingCheck(t *testing.T) {
	headers := []string{"NEQ", "Nom", "Ville", "Autre"}
	type fe struct{ Field, Key string }
	tests := []struct {
		name string
		m    Mapping
		want []fe
	}{
		{"valid", Mapping{"NEQ": "neq", "Nom": "legal_name", "Ville": "municipality"}, nil},
		{"required field unmapped", Mapping{"NEQ": "neq"}, []fe{{"legal_name", "tabular.mapping_required_missing"}}},
		{"unknown column", Mapping{"NEQ": "neq", "Nom": "legal_name", "Courriel": "website"},
			[]fe{{"Courriel", "tabular.mapping_unknown_column"}}},
		{"unknown field", Mapping{"NEQ": "neq", "Nom": "legal_name", "Autre": "salary"},
			[]fe{{"Autre", "tabular.mapping_unknown_field"}}},
		{"field twice", Mapping{"NEQ": "neq", "Nom": "legal_name", "Autre": "legal_name"},
			[]fe{{"Nom", "tabular.mapping_field_twice"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Check(headers, supplierTargets)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || e.Key != "tabular.mapping_invalid" {
				t.Fatalf("Check = %v, want invalid tabular.mapping_invalid", err)
			}
			var got []fe
			for _, f := range e.Fields {
				got = append(got, fe{f.Field, f.Key})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMappingApplyAndPreview(t *testing.T) {
	tab := &Table{
		Headers: []string{"NEQ", "Nom", "Ville", "Ignorée"},
		Rows: []Row{
			{Number: 1, Line: 2, Cells: []string{"1143456789", "Coop A", "Québec", "x"}},
			{Number: 2, Line: 3, Cells: []string{"", "Coop B", "", "y"}},
			{Number: 3, Line: 5, Cells: []string{"1167890123", "", "Lévis", "z"}},
		},
	}
	m := Mapping{"NEQ": "neq", "Nom": "legal_name", "Ville": "municipality"}
	t.Run("apply reports every empty required value with its row", func(t *testing.T) {
		var v errs.Validation
		recs := m.Apply(tab, supplierTargets, &v)
		if len(recs) != 3 {
			t.Fatalf("records = %d, want 3", len(recs))
		}
		want := map[string]string{"neq": "1143456789", "legal_name": "Coop A", "municipality": "Québec"}
		if !reflect.DeepEqual(recs[0].Values, want) {
			t.Errorf("record 1 = %v, want %v", recs[0].Values, want)
		}
		if recs[2].Number != 3 || recs[2].Line != 5 {
			t.Errorf("record 3 number/line = %d/%d", recs[2].Number, recs[2].Line)
		}
		got := rowErrs(&v)
		wantErrs := []rowErr{{3, "tabular.required_value", 3}, {5, "tabular.required_value", 5}} // rows are lines
		if !reflect.DeepEqual(got, wantErrs) {
			t.Errorf("row errors = %+v, want %+v", got, wantErrs)
		}
		if v.Fields[0].Field != "neq" || v.Fields[1].Field != "legal_name" {
			t.Errorf("fields = %s, %s", v.Fields[0].Field, v.Fields[1].Field)
		}
	})
	t.Run("preview", func(t *testing.T) {
		for _, n := range []int{0, 2, 10} {
			recs := m.Preview(tab, n)
			if len(recs) != min(n, 3) {
				t.Errorf("Preview(%d) = %d records", n, len(recs))
			}
		}
		if got := m.Preview(tab, 1)[0].Values["legal_name"]; got != "Coop A" {
			t.Errorf("preview legal_name = %q", got)
		}
	})
}

func TestHeaderTokens(t *testing.T) {
	tests := map[string]string{
		"NomEntreprise":         "nom entreprise",
		"NEQEntreprise":         "neq entreprise",
		"Adresse_Lign3":         "adresse lign 3",
		"N° d'entreprise (NEQ)": "numero entreprise neq",
		"Secteurs d'activité":   "secteur activite",
		"SecteurActivite":       "secteur activite",
		"CodePostal":            "code postal",
		"SiteWeb":               "site web",
		"Site Internet":         "site web",
		"E-mail":                "courriel",
		"Tél.":                  "telephone",
		"lat":                   "lat",
		"":                      "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := strings.Join(HeaderTokens(in), " "); got != want {
				t.Errorf("HeaderTokens(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestSuggestScoredReadsRealHeaders(t *testing.T) {
	targets := []Target{
		{Field: "neq", Aliases: []string{"numéro d'entreprise du Québec"}},
		{Field: "name", Aliases: []string{"nom", "nom de l'entreprise", "raison sociale"}},
		{Field: "street", Aliases: []string{"adresse"}},
		{Field: "municipality", Aliases: []string{"municipalité", "ville"}},
		{Field: "postal_code", Aliases: []string{"code postal"}},
		{Field: "territory", Aliases: []string{"territoire", "MRC"}},
		{Field: "regions_served", Aliases: []string{"territoire desservi"}},
		{Field: "sectors", Aliases: []string{"secteur d'activité"}},
		{Field: "legal_form", Aliases: []string{"forme juridique"}},
		{Field: "website", Aliases: []string{"site web"}},
	}
	tests := []struct {
		name    string
		headers []string
		want    map[string]string
	}{
		{"a pôle's directory", []string{"NomEntreprise", "Adresse", "Municipalite", "CodePostal", "Territoire", "SiteWeb"},
			map[string]string{"NomEntreprise": "name", "Adresse": "street", "Municipalite": "municipality", "CodePostal": "postal_code",
				"Territoire": "territory", "SiteWeb": "website"}},
		{"a REQ extract", []string{"NEQ", "NomEntreprise", "Adresse", "Municipalite", "Adresse_Lign3", "CodePostal", "SecteurActivite", "FormeJuridique", "lat", "long"},
			map[string]string{"NEQ": "neq", "NomEntreprise": "name", "Adresse": "street", "Municipalite": "municipality",
				"CodePostal": "postal_code", "SecteurActivite": "sectors", "FormeJuridique": "legal_form"}},
		{"French headers in capitals with accents", []string{"RAISON SOCIALE", "VILLE", "FORME JURIDIQUE", "SECTEURS D'ACTIVITÉ"},
			map[string]string{"RAISON SOCIALE": "name", "VILLE": "municipality", "FORME JURIDIQUE": "legal_form", "SECTEURS D'ACTIVITÉ": "sectors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			for _, s := range SuggestScored(tt.headers, targets) {
				got[s.Header] = s.Field
				if s.Confidence < MinConfidence || s.Confidence > 1 {
					t.Errorf("%s: confidence %.2f out of range", s.Header, s.Confidence)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SuggestScored = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("a header containing an alias is less sure than the alias itself", func(t *testing.T) {
		s := SuggestScored([]string{"Ville du siège", "CodePostal"}, targets)
		if len(s) != 2 || s[0].Confidence >= s[1].Confidence || s[1].Confidence != 1 {
			t.Errorf("suggestions = %+v", s)
		}
	})
}

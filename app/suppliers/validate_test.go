package suppliers

import (
	"reflect"
	"strings"
	"testing"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// testRef is a small slice of the real reference data (MAMH 2025, UNSPSC).
func testRef() *Reference {
	return NewReference(
		quebec.NewPlaces([]quebec.Municipality{
			{Code: "25213", Name: "Lévis", Designation: "Ville", RegionCode: "12", RegionName: "Chaudière-Appalaches"},
			{Code: "46005", Name: "Abercorn", Designation: "Village", MRCCode: "460", RegionCode: "05", RegionName: "Estrie"},
			{Code: "45072", Name: "Hatley", Designation: "Canton", MRCCode: "450", RegionCode: "05", RegionName: "Estrie"},
			{Code: "45050", Name: "Hatley", Designation: "Municipalité", MRCCode: "450", RegionCode: "05", RegionName: "Estrie"},
			{Code: "66023", Name: "Montréal", Designation: "Ville", RegionCode: "06", RegionName: "Montréal"},
			{Code: "94068", Name: "Saguenay", Designation: "Ville", RegionCode: "02", RegionName: "Saguenay--Lac-Saint-Jean"},
		}),
		[]string{"72000000", "72100000", "72101500", "90100000", "76111500"},
	)
}

func validSupplier() Supplier {
	return Supplier{
		NEQ: "1143 456 789", LegalName: " Coopérative de déneigement de Lévis ", LegalForm: quebec.FormCooperative, CoopKind: quebec.CoopWorkers,
		QuebecEstablishment: true, Street: "10, rue des Églises", MunicipalityCode: "25213", PostalCode: "g6v 4a1",
		RegionsServed: []string{"12", "12", " 05 "}, UNSPSC: []string{"72101500"}, Website: "coopneige.example",
		Contacts: []Contact{{Name: "Marie Tremblay", Email: "marie@coopneige.example", Phone: "418 555-0101 poste 2", Purpose: "Soumissions"}},
		Status:   StateApproved,
	}
}

func TestSupplierCheckNormalizes(t *testing.T) {
	t.Parallel()
	s := validSupplier()
	if err := s.Check(testRef()); err != nil {
		t.Fatalf("Check: %v (%+v)", err, errs.As(err).Fields)
	}
	if s.NEQ != "1143456789" || s.LegalName != "Coopérative de déneigement de Lévis" || s.PostalCode != "G6V 4A1" {
		t.Errorf("normalized = %q %q %q", s.NEQ, s.LegalName, s.PostalCode)
	}
	if s.RegionCode != "12" || s.MRCCode != "" || !reflect.DeepEqual(s.RegionsServed, []string{"12", "05"}) {
		t.Errorf("region %q mrc %q served %v", s.RegionCode, s.MRCCode, s.RegionsServed)
	}
	if s.Website != "https://coopneige.example" || s.Attestation != AttestNone {
		t.Errorf("website %q attestation %q", s.Website, s.Attestation)
	}
	if !s.Local("12") || s.Local("05") {
		t.Error("Local is wrong")
	}
}

func TestSupplierCheckRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Supplier)
		field  string
		key    string
	}{
		{"bad NEQ", func(s *Supplier) { s.NEQ = "12345" }, "neq", "quebec.neq_invalid"},
		{"no name", func(s *Supplier) { s.LegalName = " " }, "legal_name", "suppliers.legal_name_length"},
		{"long name", func(s *Supplier) { s.LegalName = strings.Repeat("é", 201) }, "legal_name", "suppliers.legal_name_length"},
		{"unknown form", func(s *Supplier) { s.LegalForm = "llc" }, "legal_form", "quebec.legal_form_unknown"},
		{"coop kind on a corporation", func(s *Supplier) { s.LegalForm = quebec.FormCorporation }, "coop_kind", "suppliers.coop_kind_needs_coop"},
		{"unknown coop kind", func(s *Supplier) { s.CoopKind = "pirate" }, "coop_kind", "suppliers.coop_kind_unknown"},
		{"unknown municipality", func(s *Supplier) { s.MunicipalityCode = "99999" }, "municipality_code", "quebec.municipality_unknown"},
		{"establishment without municipality", func(s *Supplier) { s.MunicipalityCode = "" }, "municipality_code", "suppliers.municipality_required"},
		{"bad postal code", func(s *Supplier) { s.PostalCode = "G0Y 1A" }, "postal_code", "suppliers.postal_code_invalid"},
		{"unknown region", func(s *Supplier) { s.RegionsServed = []string{"18"} }, "regions_served", "quebec.region_unknown"},
		{"unknown UNSPSC", func(s *Supplier) { s.UNSPSC = []string{"12345678"} }, "unspsc", "suppliers.unspsc_unknown"},
		{"malformed UNSPSC", func(s *Supplier) { s.UNSPSC = []string{"72-10"} }, "unspsc", "suppliers.unspsc_unknown"},
		{"javascript website", func(s *Supplier) { s.Website = "javascript:alert(1)" }, "website", "suppliers.website_invalid"},
		{"website with markup", func(s *Supplier) { s.Website = "https://x.example\"><script>" }, "website", "suppliers.website_invalid"},
		{"contact without purpose", func(s *Supplier) { s.Contacts[0].Purpose = "" }, "contacts", "suppliers.contact_purpose_required"},
		{"contact with bad e-mail", func(s *Supplier) { s.Contacts[0].Email = "Marie <marie@x.example>" }, "contacts", "suppliers.email_invalid"},
		{"contact with bad phone", func(s *Supplier) { s.Contacts[0].Phone = "<script>" }, "contacts", "suppliers.phone_invalid"},
		{"too many contacts", func(s *Supplier) {
			for range 10 {
				s.Contacts = append(s.Contacts, s.Contacts[0])
			}
		}, "contacts", "suppliers.too_many"},
		{"long description", func(s *Supplier) { s.ProductsServices = strings.Repeat("a", 5001) }, "products_services", "suppliers.text_too_long"},
		{"EES claimed by a corporation", func(s *Supplier) {
			s.LegalForm, s.CoopKind, s.EESCriteria, s.Attestation, s.AttestedBy = quebec.FormCorporation, "", EESCriteria(), AttestDeclared, "x"
		}, "legal_form", "suppliers.ees_needs_collective_form"},
		{"unknown status", func(s *Supplier) { s.Status = "deleted" }, "status", "suppliers.status_unknown"},
		{"suspended without reason", func(s *Supplier) { s.Status = StateSuspended }, "status_reason", "suppliers.reason_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSupplier()
			tt.change(&s)
			err := s.Check(testRef())
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid {
				t.Fatalf("Check = %v, want invalid", err)
			}
			for _, f := range e.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Errorf("fields = %+v, want %s on %s", e.Fields, tt.key, tt.field)
		})
	}
}

func TestFindMunicipality(t *testing.T) {
	t.Parallel()
	ref := testRef()
	tests := []struct{ in, code, key string }{
		{"25213", "25213", ""},
		{"levis", "25213", ""},
		{"LÉVIS", "25213", ""},
		{"Hatley (Canton)", "45072", ""},
		{"hatley (municipalite)", "45050", ""},
		{"Hatley", "", "quebec.municipality_ambiguous"},
		{"Gotham", "", "quebec.municipality_unknown"},
		{"", "", "quebec.municipality_unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ref.FindMunicipality(tt.in)
			if tt.key != "" {
				if e := errs.As(err); e == nil || e.Key != tt.key {
					t.Fatalf("err = %v, want %s", err, tt.key)
				}
				return
			}
			if err != nil || m.Code != tt.code {
				t.Fatalf("FindMunicipality = %+v, %v", m, err)
			}
		})
	}
	_, err := ref.FindMunicipality("Hatley")
	if opts := errs.As(err).Args["Options"]; opts != "Hatley (Canton), Hatley (Municipalité)" {
		t.Errorf("options = %v", opts)
	}
}

func TestFindRegion(t *testing.T) {
	t.Parallel()
	ref := testRef()
	for in, want := range map[string]string{"05": "05", "5": "05", "estrie": "05", "Saguenay–Lac-Saint-Jean": "02", "Saguenay-Lac-Saint-Jean": "02"} {
		if got, err := ref.FindRegion(in); err != nil || got != want {
			t.Errorf("FindRegion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"18", "0", "Ontario", ""} {
		if _, err := ref.FindRegion(in); err == nil {
			t.Errorf("FindRegion(%q) accepted", in)
		}
	}
}

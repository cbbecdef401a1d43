package catalogue

import (
	"fmt"
	"testing"

	"maillage/app/quebec"
)

func baseEntry() Entry {
	return Entry{ID: "e", NEQ: "1164123456", Name: "Traiteur La Marmite solidaire", LegalForm: quebec.CollectiveNonProfit,
		Address:  Address{Street: "10, rue Principale", MunicipalityCode: "58227", MunicipalityName: "Longueuil", PostalCode: "J4K 1A1"},
		Products: []string{"Boîtes à lunch", "Buffets"}, Sectors: []string{"alimentation"}, UNSPSC: []string{"90100000"},
		Website: "https://marmite.example", Contact: Contact{Email: "info@marmite.example", Phone: "450-555-0100"}}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		change  func(*Entry)
		fields  []Field
		added   []string
		removed []string
	}{
		{name: "identical", change: func(*Entry) {}},
		{name: "list order and duplicates do not count", change: func(e *Entry) { e.Products = []string{"buffets", "Boites a lunch", "Buffets"} }},
		{name: "spacing and e-mail case do not count", change: func(e *Entry) {
			e.Name = " Traiteur  La Marmite solidaire "
			e.Contact.Email = "INFO@Marmite.example"
			e.Website = "https://MARMITE.example/"
		}},
		{name: "new phone", change: func(e *Entry) { e.Contact.Phone = "450-555-0199" }, fields: []Field{FieldPhone}},
		{name: "accent fixed in the name is a change", change: func(e *Entry) { e.Name = "Traiteur La Marmite Solidaire" }, fields: []Field{FieldName}},
		{name: "moved", change: func(e *Entry) {
			e.Address = Address{Street: "5, rue King", MunicipalityCode: "43027", MunicipalityName: "Sherbrooke", PostalCode: "J1H 1A1"}
		}, fields: []Field{FieldStreet, FieldMunicipality, FieldPostalCode}},
		{name: "product added and removed", change: func(e *Entry) { e.Products = []string{"Buffets", "Traiteur"} },
			fields: []Field{FieldProducts}, added: []string{"Traiteur"}, removed: []string{"Boîtes à lunch"}},
		{name: "flags", change: func(e *Entry) { e.Adapted = true }, fields: []Field{FieldAdapted}},
		{name: "NEQ dropped", change: func(e *Entry) { e.NEQ = "" }, fields: []Field{FieldNEQ}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			from, to := baseEntry(), baseEntry()
			c.change(&to)
			got := Diff(from, to)
			var fs []Field
			for _, ch := range got {
				fs = append(fs, ch.Field)
			}
			if fmt.Sprint(fs) != fmt.Sprint(c.fields) {
				t.Fatalf("changed %v, want %v (%+v)", fs, c.fields, got)
			}
			if len(got) == 1 && (fmt.Sprint(got[0].Added) != fmt.Sprint(c.added) || fmt.Sprint(got[0].Removed) != fmt.Sprint(c.removed)) {
				t.Errorf("added %v removed %v, want %v %v", got[0].Added, got[0].Removed, c.added, c.removed)
			}
			// Syncing every changed field makes the two sides equal.
			synced := Apply(from, to, fs)
			if rest := Diff(synced, to); len(rest) != 0 {
				t.Errorf("after sync still differs: %+v", rest)
			}
		})
	}
}

func TestDiffFieldsAndPartialSync(t *testing.T) {
	t.Parallel()
	copyInRegister, upstream := baseEntry(), baseEntry()
	upstream.Contact.Phone = "450-555-0199"
	upstream.Website = "https://lamarmite.example"
	upstream.Description = "Nouveau"

	t.Run("only the fields a register copy holds", func(t *testing.T) {
		got := DiffFields(copyInRegister, upstream, []Field{FieldName, FieldPhone, FieldEmail})
		if len(got) != 1 || got[0].Field != FieldPhone || got[0].From[0] != "450-555-0100" || got[0].To[0] != "450-555-0199" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("empty field list compares nothing", func(t *testing.T) {
		if got := DiffFields(copyInRegister, upstream, nil); len(got) != 0 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("sync of a chosen field leaves the others", func(t *testing.T) {
		synced := Apply(copyInRegister, upstream, []Field{FieldWebsite})
		rest := Diff(synced, upstream)
		if len(rest) != 2 || rest[0].Field != FieldDescription || rest[1].Field != FieldPhone {
			t.Errorf("left %+v", rest)
		}
	})
	t.Run("apply copies lists, not aliases", func(t *testing.T) {
		synced := Apply(copyInRegister, upstream, []Field{FieldProducts})
		synced.Products[0] = "changé"
		if upstream.Products[0] == "changé" {
			t.Error("sync shares the upstream slice")
		}
	})
	t.Run("moving keeps the municipality name in step", func(t *testing.T) {
		up := baseEntry()
		up.Address.MunicipalityCode, up.Address.MunicipalityName = "43027", "Sherbrooke"
		if got := Apply(copyInRegister, up, []Field{FieldMunicipality}); got.Address.MunicipalityName != "Sherbrooke" {
			t.Errorf("name %q", got.Address.MunicipalityName)
		}
	})
}

func TestFieldsList(t *testing.T) {
	t.Parallel()
	seen := map[Field]bool{}
	for _, f := range Fields() {
		if seen[f] {
			t.Errorf("field %s twice", f)
		}
		seen[f] = true
		if _, ok := specOf(f); !ok {
			t.Errorf("field %s without spec", f)
		}
	}
	if len(seen) != 17 {
		t.Errorf("%d fields", len(seen))
	}
}

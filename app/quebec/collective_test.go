package quebec

import "testing"

func TestCollectiveForms(t *testing.T) {
	cells := []struct {
		in   string
		want CollectiveForm
		ok   bool
	}{
		{"Coopérative de solidarité", CollectiveCoopSolidarity, true},
		{"OBNL", CollectiveNonProfit, true},
		{"PMSBL", CollectiveNonProfit, true},
		{"COP", CollectiveCoop, true},
		{"mutuelle", CollectiveMutual, true},
		{"coop_worker", CollectiveCoopWorker, true},
		{"société par actions", "", false},
	}
	for _, c := range cells {
		t.Run("cell "+c.in, func(t *testing.T) {
			got, ok := ParseCollectiveForm(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("ParseCollectiveForm(%q) = %q, %v", c.in, got, ok)
			}
		})
	}
	names := []struct {
		in   string
		want CollectiveForm
	}{
		{"Coopérative de solidarité Le Pain partagé", CollectiveCoopSolidarity},
		{"Coop de travail Vélo Cargo", CollectiveCoopWorker},
		{"Café-coop L'Accent", CollectiveCoop},
		{"Mutuelle de prévention Équilibre", CollectiveMutual},
		{"Solidarité Jeunesse", ""},
		{"Les Jardins du Sillon", ""},
	}
	for _, c := range names {
		t.Run("name "+c.in, func(t *testing.T) {
			if got := CollectiveFormFromName(c.in); got != c.want {
				t.Errorf("CollectiveFormFromName(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestCollectiveFormSplit(t *testing.T) {
	for _, f := range CollectiveForms() {
		t.Run(string(f), func(t *testing.T) {
			form, kind := f.Split()
			if !form.Collective() || (kind != "" && !kind.Valid()) || (kind != "") != (f.IsCoop() && f != CollectiveCoop) {
				t.Fatalf("%s splits into %q, %q", f, form, kind)
			}
			if back := CollectiveFormOf(form, kind); back != f {
				t.Errorf("CollectiveFormOf(%q, %q) = %q, want %q", form, kind, back, f)
			}
		})
	}
	if form, kind := CollectiveForm("llc").Split(); form != FormOther || kind != "" {
		t.Errorf("an unknown form splits into %q, %q", form, kind)
	}
	if f := CollectiveFormOf(FormCorporation, ""); f != "" {
		t.Errorf("a corporation is collective form %q", f)
	}
}

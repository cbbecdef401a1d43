package contracts

import (
	"os"
	"strings"
	"testing"
	"time"

	"maillage/app/errs"
	"maillage/app/seao"
	"maillage/app/tabular"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"25000", 2500000, true}, {"25 000,50 $", 2500050, true}, {"25\u00a0000,5", 2500050, true}, {"25000.50", 2500050, true},
		{"1 234 567,89", 123456789, true}, {"1.234,56", 123456, true}, {"1,234.56", 123456, true}, {"0", 0, true},
		{"25,000", 0, false}, {"25,00", 2500, true}, {"-5", 0, false}, {"abc", 0, false}, {"", 0, false}, {"1.2.3", 0, false},
		{"12,345", 0, false}, {"1,5,0", 0, false}, {"10.123", 0, false}, {"99999999999", 0, false}, {"$ 36 677,03", 3667703, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseAmount(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Fatalf("ParseAmount(%q) = %d, %v", tc.in, got, ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
	}{
		{"2025-01-16", "2025-01-16"}, {"16/01/2025", "2025-01-16"}, {"2025/01/16", "2025-01-16"}, {"2025-01-16T00:00:00-05:00", "2025-01-16"},
		{"01/16/2025", ""}, {"hier", ""}, {"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseDate(tc.in)
			if (tc.want == "") == ok || (ok && got.Format(time.DateOnly) != tc.want) {
				t.Fatalf("ParseDate(%q) = %v, %v", tc.in, got, ok)
			}
		})
	}
}

func readTable(t *testing.T, csv string) ([]tabular.Record, *errs.Validation) {
	t.Helper()
	v := &errs.Validation{Key: "contracts.import_invalid"}
	tbl, err := tabular.Read(strings.NewReader(csv), tabular.Options{}, v)
	if err != nil {
		t.Fatal(err)
	}
	m := tabular.Suggest(tbl.Headers, ImportTargets())
	if err := m.Check(tbl.Headers, ImportTargets()); err != nil {
		t.Fatalf("mapping %v: %v", m, err)
	}
	return m.Apply(tbl, ImportTargets(), v), v
}

func TestFromRecords(t *testing.T) {
	t.Parallel()
	head := "Fournisseur;NEQ;Objet;UNSPSC;Nature;Procédure;Montant;Date d'octroi;EES\n"
	for _, tc := range []struct {
		name   string
		rows   string
		n      int
		errors map[int]string // line of the file → message ID expected
	}{
		{"good rows", "Coop Alpha;1234567890;Déneigement;72102900;Services;Gré à gré;24 999,99 $;2025-01-15;oui\n" +
			"Béton inc;;Trottoirs;72141000;Travaux;Appel d'offres public;150 000;15/03/2025;non\n", 2, nil},
		{"bad amount", "Coop Alpha;;Déneigement;72102900;Services;Gré à gré;25,000;2025-01-15;oui\n", 1, map[int]string{2: "contracts.amount_invalid"}},
		{"bad nature and date", "A;;B;72102900;Nourriture;Invitation;100;2025-13-40;\n", 1, map[int]string{2: "contracts.nature_invalid"}},
		{"bad neq on second row", "A;;B;72102900;Biens;Invitation;100;2025-01-01;\nC;123;D;72102900;Biens;Invitation;100;2025-01-01;\n", 2,
			map[int]string{3: "contracts.neq_invalid"}},
		{"the app's own labels", "A;;B;72102900;Approvisionnement en biens;Invitation écrite (au moins 2 fournisseurs);100;2025-01-01;\n" +
			"A;;B;72102900;Travaux de construction;Appel d'offres public (SEAO);100;2025-01-01;\nA;;B;72102900;Services professionnels;Gré à gré;100;2025-01-01;\n", 3, nil},
		{"missing supplier", ";;B;72102900;Biens;Invitation;100;2025-01-01;\n", 1, map[int]string{2: "tabular.required_value"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, v := readTable(t, head+tc.rows)
			ins := FromRecords(recs, v)
			if len(ins) != tc.n {
				t.Fatalf("%d inputs", len(ins))
			}
			if len(tc.errors) == 0 {
				if err := v.Err(); err != nil {
					t.Fatalf("unexpected errors: %+v", errs.As(err).Fields)
				}
				if tc.n == 3 {
					if ins[0].Nature != "goods" || ins[0].Procedure != "invitation" || ins[1].Nature != "construction" ||
						ins[1].Procedure != "public_call" || ins[2].Nature != "services" || ins[2].Procedure != "gre_a_gre" {
						t.Fatalf("labels read as %+v", ins)
					}
					return
				}
				if ins[0].AwardedCents != 2499999 || !ins[0].SupplierEES || ins[1].Nature != "construction" || ins[1].Procedure != "public_call" ||
					ins[1].AwardedOn.Format(time.DateOnly) != "2025-03-15" {
					t.Fatalf("inputs = %+v", ins)
				}
				return
			}
			e := errs.As(v.Err())
			if e == nil {
				t.Fatal("no errors")
			}
			for row, key := range tc.errors {
				found := false
				for _, f := range e.Fields {
					found = found || (f.Row == row && f.Key == key && f.Column != "")
				}
				if !found {
					t.Errorf("row %d: want %s in %+v", row, key, e.Fields)
				}
			}
		})
	}
}

func TestFromSEAO(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ins []Input
	if _, err := seao.Decode(f, func(r seao.Record) error { ins = append(ins, FromSEAO(r)); return nil }); err != nil {
		t.Fatal(err)
	}
	v := &errs.Validation{}
	for i, in := range ins {
		in.Validate(v, i+1)
	}
	if err := v.Err(); err != nil {
		t.Fatalf("SEAO inputs do not validate: %+v", errs.As(err).Fields)
	}
	if len(ins) != 7 || ins[0].Procedure != "gre_a_gre" || ins[0].SEAOOCID != "ocds-ec9k95-20071760" || ins[0].SupplierNEQ != "1177604668" {
		t.Fatalf("first = %+v", ins[0])
	}
	terminated := ins[5]
	if terminated.Status != "terminated" || *terminated.FinalCents != 671058 || terminated.EndsOn == nil {
		t.Fatalf("terminated = %+v", terminated)
	}
}

// TestExportRowImportsBack: every nature and procedure, amounts and the EES flag written by
// the export read back the same through the import, in both languages.
func TestExportRowImportsBack(t *testing.T) {
	t.Parallel()
	taxed, final := int64(5576288), int64(4900000)
	base := Contract{Input: Input{SupplierName: "Coop Boréal", SupplierNEQ: "1143456789", Object: "Déneigement", Category: "72102900",
		AwardedCents: 4850001, AwardedTaxedCents: &taxed, FinalCents: &final, AwardedOn: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC),
		SEAONumber: "1234567", SupplierEES: true}}
	for _, lang := range []string{"fr", "en"} {
		for _, nature := range []string{"goods", "services", "construction"} {
			for _, proc := range []string{"gre_a_gre", "invitation", "public_call"} {
				t.Run(lang+"/"+nature+"/"+proc, func(t *testing.T) {
					c := base
					c.Nature, c.Procedure = nature, proc
					head := TemplateHeaders(lang)
					row := ExportRow(c, lang)
					if len(row) != len(head) {
						t.Fatalf("%d cells for %d headers", len(row), len(head))
					}
					var v errs.Validation
					tab := &tabular.Table{Headers: head, Rows: []tabular.Row{{Number: 1, Line: 2, Cells: row}}}
					m := tabular.Suggest(head, ImportTargets())
					if err := m.Check(head, ImportTargets()); err != nil {
						t.Fatalf("template headers do not map themselves: %v", err)
					}
					ins := FromRecords(m.Apply(tab, ImportTargets(), &v), &v)
					if err := v.Err(); err != nil {
						t.Fatalf("%v: %+v", row, errs.As(err).Fields)
					}
					got := ins[0]
					if got.Nature != nature || got.Procedure != proc || got.AwardedCents != c.AwardedCents || *got.AwardedTaxedCents != taxed ||
						*got.FinalCents != final || !got.SupplierEES || got.SEAONumber != c.SEAONumber || !got.AwardedOn.Equal(c.AwardedOn) ||
						got.SupplierNEQ != c.SupplierNEQ || got.Category != c.Category {
						t.Fatalf("read back %+v from %v", got, row)
					}
				})
			}
		}
	}
}

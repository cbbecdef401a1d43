package seao

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"maillage/app/errs"
)

func exportMeta() ExportMeta {
	return ExportMeta{URI: "https://maillage.example/t/trois-rivieres/contracts.ocds.json", OCIDPrefix: "ocds-test01",
		PublisherName: "Ville de Trois-Rivières", License: "https://creativecommons.org/licenses/by/4.0/",
		Published: time.Date(2026, 8, 3, 5, 0, 0, 0, time.UTC), BuyerID: "OP-70289", BuyerName: "Ville de Trois-Rivières"}
}

// exportFromSample turns the SEAO sample's records into our contracts, as a tenant would hold them.
func exportFromSample(t *testing.T) []ExportContract {
	recs, _ := decodeFile(t, sample)
	var cs []ExportContract
	for i, r := range recs {
		s := r.Suppliers[0]
		cs = append(cs, ExportContract{ID: r.SEAONumber, SEAONumber: r.SEAONumber, Title: r.Title, UNSPSC: r.UNSPSC,
			Nature:    map[string]string{"goods": "goods", "services": "services", "works": "construction"}[r.MainCategory],
			Procedure: "gre_a_gre", Status: r.ContractStatus, AwardDate: r.AwardDate, EndDate: r.EndDate,
			AwardCents: r.AwardCents, FinalCents: r.FinalCents, HasFinal: r.HasFinal,
			Supplier: ExportSupplier{ID: s.ID, Name: s.Name, NEQ: s.NEQ, EES: i%2 == 0, Adapted: i == 2, LegalForm: "coop", Region: "04", Local: true}})
	}
	return cs
}

func TestExportValidates(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		contracts func() []ExportContract
	}{
		{"sample contracts", func() []ExportContract { return exportFromSample(t) }},
		{"contract without category", func() []ExportContract {
			return []ExportContract{{ID: "c2", Title: "Traiteur", Nature: "services", AwardDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
				AwardCents: 150000, Supplier: ExportSupplier{ID: "s2", Name: "OBNL", EES: true}}}
		}},
		{"minimal contract", func() []ExportContract {
			return []ExportContract{{ID: "c1", Title: "Déneigement", UNSPSC: "72102900", Nature: "services", Procedure: "invitation",
				AwardDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), AwardCents: 5, Supplier: ExportSupplier{ID: "s1", Name: "Coop"}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := BuildPackage(&buf, exportMeta(), tc.contracts()); err != nil {
				t.Fatal(err)
			}
			if err := v.Validate(buf.Bytes()); err != nil {
				t.Fatalf("export does not validate: %v", err)
			}
		})
	}
}

func TestExportEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := BuildPackage(&buf, exportMeta(), nil); !errs.Is(err, errs.NotFound) || buf.Len() != 0 {
		t.Fatalf("err = %v, wrote %d bytes", err, buf.Len())
	}
}

func TestExportContent(t *testing.T) {
	var buf bytes.Buffer
	cs := exportFromSample(t)
	if err := BuildPackage(&buf, exportMeta(), cs); err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Releases []struct {
			OCID    string `json:"ocid"`
			Parties []struct {
				ID      string   `json:"id"`
				Roles   []string `json:"roles"`
				Details struct {
					NEQ           string `json:"neq"`
					SocialEconomy struct {
						EES     bool `json:"ees"`
						Adapted bool `json:"adaptedEnterprise"`
					} `json:"socialEconomy"`
				} `json:"details"`
			} `json:"parties"`
			Awards    []struct{ Value struct{ Amount json.Number } } `json:"awards"`
			Contracts []struct {
				Status string
				Value  struct{ Amount json.Number }
			} `json:"contracts"`
		} `json:"releases"`
	}
	if err := json.Unmarshal(buf.Bytes(), &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Releases) != len(cs) {
		t.Fatalf("%d releases for %d contracts", len(pkg.Releases), len(cs))
	}
	for i, r := range pkg.Releases {
		c := cs[i]
		sup := r.Parties[1]
		if r.OCID != "ocds-test01-"+c.ID || sup.Details.SocialEconomy.EES != c.Supplier.EES || sup.Details.SocialEconomy.Adapted != c.Supplier.Adapted ||
			sup.Details.NEQ != c.Supplier.NEQ || sup.Roles[0] != "supplier" {
			t.Errorf("release %d: %+v", i, r)
		}
		if got, want := string(r.Awards[0].Value.Amount), centsText(c.AwardCents); got != want {
			t.Errorf("release %d award amount %s, want %s", i, got, want)
		}
		if got, want := string(r.Contracts[0].Value.Amount), centsText(c.FinalCents); got != want {
			t.Errorf("release %d final amount %s, want %s", i, got, want)
		}
	}
	if pkg.Releases[5].Contracts[0].Status != "terminated" {
		t.Errorf("terminated contract exported as %s", pkg.Releases[5].Contracts[0].Status)
	}
	if !strings.Contains(buf.String(), `"amount":36677.03`) || !strings.Contains(buf.String(), `"amount":25000.00`) {
		t.Errorf("amounts not written as exact decimals")
	}
}

func centsText(c int64) string {
	b, _ := json.Marshal(money(c, "CAD")["amount"])
	return string(b)
}

// TestSampleFailsOnlyOnDocumentIDs checks the validator on real SEAO data: it fails strict
// OCDS only because tender.documents[] have no id, which is why Decode must not validate.
func TestSampleFailsOnlyOnDocumentIDs(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	err = v.Validate(data)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	docPath := regexp.MustCompile(`^/releases/\d+/tender/documents/\d+$`)
	leaves := 0
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves++
			loc := "/" + strings.Join(e.InstanceLocation, "/")
			if !docPath.MatchString(loc) || !strings.Contains(e.Error(), "id") {
				t.Errorf("unexpected schema error at %s: %v", loc, e)
			}
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	if leaves != 8 {
		t.Errorf("%d leaf errors, want 8 (one per release's document)", leaves)
	}
}

func TestValidatorRejects(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, body string }{
		{"no releases", `{"uri":"https://x.example","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"p"}}`},
		{"bad date", `{"uri":"https://x.example","version":"1.1","publishedDate":"hier","publisher":{"name":"p"},"releases":[]}`},
		{"release without ocid", `{"uri":"https://x.example","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"p"},"releases":[{"id":"1","date":"2026-01-01T00:00:00Z","tag":["award"],"initiationType":"tender"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v.Validate([]byte(tc.body)) == nil {
				t.Fatal("accepted")
			}
		})
	}
}

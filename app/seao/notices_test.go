package seao

import (
	"os"
	"strings"
	"testing"

	"maillage/app/errs"
)

func TestDecodeNoticesSample(t *testing.T) {
	f, err := os.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []Notice
	st, err := DecodeNotices(f, func(n Notice) error { got = append(got, n); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Releases != 8 || st.Notices != 1 || len(got) != 1 || len(st.Buyers) != 7 {
		t.Fatalf("stats = %+v, notices = %d", st, len(got))
	}
	n := got[0]
	checks := []struct{ name, got, want string }{
		{"ocid", n.OCID, "ocds-ec9k95-20087206"},
		{"seao number", n.SEAONumber, "20087206"},
		{"action", n.Action, NoticePublished},
		{"buyer", n.BuyerID + " " + n.BuyerName, "OP-59053 Ville de Québec"},
		{"title", n.Title, "Réfection des abris de joueurs du terrain de baseball - Parc Vachon"},
		{"status", n.Status, "active"},
		{"method", n.Method + " / " + n.MethodDetails, "open / Avis d’appel d’offres"},
		{"category", strings.Join(n.Categories, "|"), "C01 - Bâtiments"},
		{"unspsc", n.UNSPSC[0].Code + " " + n.UNSPSC[0].Description, "72120000 Construction de bâtiments non résidentiels"},
		{"closing", n.TenderEnd.UTC().Format("2006-01-02T15:04"), "2026-08-25T14:30"},
		{"url", n.URL, "https://seao.gouv.qc.ca/avis-resultat-recherche/consulter?ItemId=cf93a6bd-7b2c-4927-8fa4-18de3da231cd"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("got %q, want %q", c.got, c.want)
			}
		})
	}
	if !n.Municipal {
		t.Error("Ville de Québec is a municipal buyer")
	}
	// Addresses come from the contract releases of the same file.
	if b := st.Buyers["OP-58882"]; b.Address.Locality != "Laval" || b.Address.PostalCode != "H7S1M2" || b.Address.StreetAddress != "800, place Sauvé" {
		t.Fatalf("Laval buyer = %+v", b)
	}
}

func pkg(releases ...string) string {
	return `{"version":"1.1","releases":[` + strings.Join(releases, ",") + `]}`
}

func TestDecodeNoticesActions(t *testing.T) {
	rel := func(tags, extra string) string {
		return `{"ocid":"ocds-ec9k95-1","id":"r","date":"2026-08-01T10:00:00-04:00","tag":[` + tags + `],
		"buyer":{"id":"OP-1","name":" Ville  "},"parties":[{"id":"OP-1","roles":["buyer"],"details":{"municipal":"1"}}],
		"tender":{"id":"9","title":"T","status":"active","items":[
		 {"description":"S5 - Services","classification":{"scheme":"UNSPSC","id":"76120000"},
		  "additionalClassifications":[{"scheme":"UNSPSC","id":"76000000"},{"scheme":"UNSPSC","id":"76120000"},{"scheme":"CPV","id":"90000000"},{"scheme":"UNSPSC","id":"7612"}]}]` + extra + `}}`
	}
	cases := []struct {
		name, tags, wantAction, wantStatus string
		wantNotices                        int
	}{
		{"published", `"tender"`, NoticePublished, "active", 1},
		{"updated", `"tenderUpdate"`, NoticeUpdated, "active", 1},
		{"amended", `"tenderAmendment"`, NoticeAmended, "active", 1},
		{"cancelled wins over update", `"tenderUpdate","tenderCancellation"`, NoticeCancelled, "cancelled", 1},
		{"contract release is not a notice", `"contract"`, "", "", 0},
		{"award release is not a notice", `"award"`, "", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []Notice
			st, err := DecodeNotices(strings.NewReader(pkg(rel(tc.tags, ""))), func(n Notice) error { got = append(got, n); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if st.Notices != tc.wantNotices || len(got) != tc.wantNotices {
				t.Fatalf("notices = %d, want %d", len(got), tc.wantNotices)
			}
			if tc.wantNotices == 0 {
				return
			}
			n := got[0]
			if n.Action != tc.wantAction || n.Status != tc.wantStatus || n.BuyerName != "Ville" {
				t.Fatalf("notice = %+v", n)
			}
			// classification then additional, repeats and other schemes and malformed codes dropped
			if len(n.UNSPSC) != 2 || n.UNSPSC[0].Code != "76120000" || n.UNSPSC[1].Code != "76000000" {
				t.Fatalf("unspsc = %+v", n.UNSPSC)
			}
		})
	}
}

func TestDecodeNoticesBadInput(t *testing.T) {
	cases := []struct{ name, body, key string }{
		{"not json", `hello`, "rules.seao.not_ocds"},
		{"no releases", `{"version":"1.1"}`, "rules.seao.not_ocds"},
		{"release without ocid", pkg(`{"id":"x","tag":["tender"]}`), "rules.seao.missing_ocid"},
		{"truncated", `{"version":"1.1","releases":[{"ocid":"a","tag":["tender"]`, "rules.seao.bad_release"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeNotices(strings.NewReader(tc.body), func(Notice) error { return nil })
			if e := errs.As(err); e == nil || e.Key != tc.key || e.Kind != errs.Invalid {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
		})
	}
}

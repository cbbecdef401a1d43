package opportunities

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func reasonsString(rs []Reason) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, strings.TrimRight(r.Kind+":"+r.Item+":"+r.Profile, ":"))
	}
	return strings.Join(parts, " ")
}

func TestMatchHierarchy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		profile []string
		item    []string
		want    string // reasons, "" for no match
	}{
		{"segment alert gets a family", []string{"72000000"}, []string{"72120000"}, "code_under:72120000:72000000"},
		{"segment alert gets a class", []string{"72000000"}, []string{"72121000"}, "code_under:72121000:72000000"},
		{"segment alert gets a commodity", []string{"72000000"}, []string{"72121001"}, "code_under:72121001:72000000"},
		{"family alert gets its class", []string{"72120000"}, []string{"72121000"}, "code_under:72121000:72120000"},
		{"same code", []string{"72120000"}, []string{"72120000"}, "code_same:72120000:72120000"},
		{"class alert matches its family", []string{"72121000"}, []string{"72120000"}, "code_above:72120000:72121000"},
		{"commodity alert matches its segment", []string{"72121001"}, []string{"72000000"}, "code_above:72000000:72121001"},
		{"sibling family does not match", []string{"72130000"}, []string{"72120000"}, ""},
		{"other segment does not match", []string{"43000000"}, []string{"72120000"}, ""},
		{"segment prefix is not a code prefix", []string{"72000000"}, []string{"27120000"}, ""},
		{"closest reason wins", []string{"72000000", "72120000"}, []string{"72120000"}, "code_same:72120000:72120000"},
		{"malformed codes ignored", []string{"7200", "abcdefgh"}, []string{"72120000"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ix := NewIndex([]Profile{{UNSPSC: tc.profile}})
			hits := ix.Match(Item{UNSPSC: tc.item})
			got := ""
			if len(hits) > 0 {
				got = reasonsString(hits[0].Reasons)
			}
			if got != tc.want {
				t.Fatalf("reasons = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMatchRegions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		served      []string
		itemRegions []string
		want        string
	}{
		{"served region", []string{"04", "17"}, []string{"04"}, "code_same:72120000:72120000 region:04"},
		{"all of Québec", nil, []string{"04"}, "code_same:72120000:72120000 all_regions"},
		{"item anywhere", []string{"04"}, nil, "code_same:72120000:72120000"},
		{"region not served", []string{"06"}, []string{"04"}, ""},
		{"one of the item's regions", []string{"06"}, []string{"04", "06"}, "code_same:72120000:72120000 region:06"},
		{"bad region code ignored: serves all", []string{"99"}, []string{"04"}, "code_same:72120000:72120000 all_regions"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits := NewIndex([]Profile{{UNSPSC: []string{"72120000"}, Regions: tc.served}}).
				Match(Item{UNSPSC: []string{"72120000"}, Regions: tc.itemRegions})
			got := ""
			if len(hits) > 0 {
				got = reasonsString(hits[0].Reasons)
			}
			if got != tc.want {
				t.Fatalf("reasons = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMatchText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		terms []string
		text  string
		want  string
	}{
		{"accents and case", []string{"déneigement"}, "DENEIGEMENT des stationnements", "text::déneigement"},
		{"plural in the title", []string{"traiteur"}, "Services de traiteurs pour événements", "text::traiteur"},
		{"plural in the term", []string{"Abris"}, "Réfection de l'abri de joueurs", "text::Abris"},
		{"every word of a term", []string{"entretien ménager"}, "Entretien ménager des bureaux", "text::entretien ménager"},
		{"one word of a term is not enough", []string{"entretien ménager"}, "Entretien des pelouses", ""},
		{"generic words never match", []string{"services"}, "Services professionnels", ""},
		{"a word inside another does not match", []string{"lait"}, "Laitue biologique", ""},
		{"one of several terms", []string{"impression", "graphisme"}, "Graphisme du rapport annuel", "text::graphisme"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits := NewIndex([]Profile{{Terms: tc.terms}}).Match(Item{Text: tc.text})
			got := ""
			if len(hits) > 0 {
				got = reasonsString(hits[0].Reasons)
			}
			if got != tc.want {
				t.Fatalf("reasons = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMatchRanking(t *testing.T) {
	t.Parallel()
	profiles := []Profile{
		{UNSPSC: []string{"72000000"}},                                      // 0: segment
		{UNSPSC: []string{"72120000"}, Regions: []string{"03"}},             // 1: same family, region served
		{Terms: []string{"abris"}},                                          // 2: text only
		{UNSPSC: []string{"72121000"}},                                      // 3: class under the family
		{UNSPSC: []string{"43000000"}, Terms: []string{"baseball"}},         // 4: text only
		{UNSPSC: []string{"72120000"}, Regions: []string{"06"}},             // 5: region not served
		{UNSPSC: []string{"72120000"}, Terms: []string{"terrain baseball"}}, // 6: family and text
	}
	hits := NewIndex(profiles).Match(Item{UNSPSC: []string{"72120000"}, Regions: []string{"03"},
		Text: "Réfection des abris de joueurs du terrain de baseball"})
	var order []int
	for _, h := range hits {
		order = append(order, h.Profile)
	}
	if want := []int{6, 1, 0, 3, 2, 4}; !reflect.DeepEqual(order, want) {
		t.Fatalf("order = %v, want %v (%+v)", order, want, hits)
	}
	// The index is reused: a second item starts from nothing.
	if again := NewIndex(profiles).Match(Item{UNSPSC: []string{"99000000"}}); len(again) != 0 {
		t.Fatalf("unexpected hits %+v", again)
	}
	ix := NewIndex(profiles)
	ix.Match(Item{UNSPSC: []string{"72120000"}})
	if h := ix.Match(Item{UNSPSC: []string{"43000000"}}); len(h) != 1 || h[0].Profile != 4 || h[0].Score != scoreSame {
		t.Fatalf("second match on a reused index = %+v", h)
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	got := Words("Acquisition de deux cents (200) modules pour ÉPI – Services des technologies de l’information, Réseaux locaux")
	want := []string{"deux", "cent", "200", "module", "epi", "technologie", "information", "reseau", "local"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Words = %v, want %v", got, want)
	}
}

// TestMatchTop: the n best, in the same order as the full match, with their reasons.
func TestMatchTop(t *testing.T) {
	t.Parallel()
	var ps []Profile
	for i := 0; i < 50; i++ {
		p := Profile{UNSPSC: []string{"72000000"}}
		if i%7 == 0 {
			p.UNSPSC = []string{"72120000"}
		}
		if i%5 == 0 {
			p.Terms = []string{"baseball"}
		}
		ps = append(ps, p)
	}
	it := Item{UNSPSC: []string{"72120000"}, Text: "Abris du terrain de baseball"}
	all := NewIndex(ps).Match(it)
	for _, n := range []int{0, 1, 5, 20, 49, 50, 80} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			top := NewIndex(ps).MatchTop(it, n)
			want := all[:min(n, len(all))]
			if !reflect.DeepEqual(top, want) {
				t.Fatalf("top %d = %+v\nwant %+v", n, top, want)
			}
		})
	}
}

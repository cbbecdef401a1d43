package catalogue

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"maillage/app/quebec"
)

// demoNamespace makes generated ids stable: the same seed and index give the same id.
var demoNamespace = uuid.MustParse("6f1b6c2e-3f7c-4b8e-9b2a-6d6f2c1a0e51")

//go:embed demo_anchors.json
var anchorsJSON []byte

// anchor is a hand-written fictional enterprise; the labelled relevance set refers to anchors
// by their ref, so they are in every generated data set.
type anchor struct {
	Ref              string   `json:"ref"`
	Name             string   `json:"name"`
	LegalForm        string   `json:"legal_form"`
	MunicipalityCode string   `json:"municipality_code"`
	Sectors          []string `json:"sectors"`
	Products         []string `json:"products"`
	UNSPSC           []string `json:"unspsc"`
	Adapted          bool     `json:"adapted"`
}

// Demo sizes.
const (
	SizeDemo   = 300
	SizeMedium = 11_000
	SizeLarge  = 100_000
)

// Generate returns n realistic, fictional collective enterprises (names, addresses and
// contacts are made up; municipalities, regions and UNSPSC families are real), spread over
// every region present in ms. The same seed, n and municipalities always give the same
// entries, ids included. The first entries are the hand-written anchors of the labelled
// relevance set (fewer when n is smaller). Websites use the reserved .example domain and
// phone numbers the fictional 555-01xx range, so nothing points at a real enterprise.
func Generate(seed uint64, n int, ms []quebec.Municipality, today time.Time) ([]Entry, error) {
	places := localMunicipalities(ms)
	if len(places) == 0 {
		return nil, fmt.Errorf("generate catalogue: no municipalities")
	}
	byCode, regionOf := map[string]quebec.Municipality{}, map[string]string{}
	for _, m := range ms {
		byCode[m.Code], regionOf[m.Code] = m, m.RegionCode
	}
	var anchors []anchor
	if err := json.Unmarshal(anchorsJSON, &anchors); err != nil {
		return nil, fmt.Errorf("generate catalogue: anchors: %w", err)
	}
	g := generator{regionOf: regionOf, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed, today: today.UTC().Truncate(24 * time.Hour)}
	out := make([]Entry, 0, n)
	for i := 0; i < n && i < len(anchors); i++ {
		a := anchors[i]
		m, ok := byCode[a.MunicipalityCode]
		if !ok {
			continue // the caller's reference table lacks it: skip rather than invent a place
		}
		e := g.base(len(out), m)
		e.Name, e.LegalForm, e.Sectors, e.Products, e.UNSPSC, e.Adapted = a.Name, quebec.CollectiveForm(a.LegalForm), a.Sectors, a.Products, a.UNSPSC, a.Adapted
		e.Source.Ref = a.Ref
		if e.NEQ == "" { // anchors are the showcase: all can be pulled into a register
			e.NEQ = fmt.Sprintf("11%08d", (uint64(len(out))*7919+g.seed*104729)%100_000_000)
		}
		g.finish(&e)
		e.EES, _ = DeclaredAll("déclaré par l'entreprise").Verify("steward-demo", e.LastVerified) // and a steward checked them
		out = append(out, e)
	}
	used := map[[2]string]bool{}
	for _, e := range out {
		used[[2]string{NameKey(e.Name), e.Address.MunicipalityCode}] = true
	}
	regions := byRegion(places)
	cum := cumulativeWeights(places)
	for len(out) < n {
		var m quebec.Municipality
		if k := len(out) - len(anchors); k >= 0 && k < 2*len(regions) {
			r := regions[k%len(regions)] // two per region first, so small regions are never empty
			m = r[g.rng.IntN(len(r))]
		} else {
			m = places[pick(cum, g.rng.Float64())]
		}
		e := g.base(len(out), m)
		g.fill(&e, m)
		// Two enterprises of one name in one town would be a duplicate, which the catalogue
		// exists to avoid: draw another name, and number it when the town is crowded.
		for try := 0; used[[2]string{NameKey(e.Name), m.Code}]; try++ {
			if try < 5 {
				g.fill(&e, m)
			} else {
				e.Name = fmt.Sprintf("%s %s %d", e.Name, genCores[g.rng.IntN(len(genCores))], try)
			}
		}
		used[[2]string{NameKey(e.Name), m.Code}] = true
		g.finish(&e)
		out = append(out, e)
	}
	return out, nil
}

type generator struct {
	regionOf map[string]string // municipality code → region code
	rng      *rand.Rand
	seed     uint64
	today    time.Time
}

func (g generator) base(i int, m quebec.Municipality) Entry {
	id := uuid.NewSHA1(demoNamespace, fmt.Appendf(nil, "%d/%d", g.seed, i)).String()
	e := Entry{ID: id, Status: StatusActive, Source: Source{Kind: SourceDemo, Name: "Maillage démo", Ref: fmt.Sprintf("G%06d", i)}}
	e.Address = Address{MunicipalityCode: m.Code, MunicipalityName: m.Name,
		Street: fmt.Sprintf("%d, %s", 10+g.rng.IntN(2990), genStreets[g.rng.IntN(len(genStreets))]), PostalCode: g.postal(m)}
	e.RegionsServed = []string{m.RegionCode}
	if i%3 != 2 { // about a third of directory entries lack a NEQ
		e.NEQ = fmt.Sprintf("11%08d", (uint64(i)*7919+g.seed*104729)%100_000_000) // 7919 is prime to 10^8: distinct i, distinct NEQ
	}
	return e
}

func (g generator) fill(e *Entry, m quebec.Municipality) {
	e.Sectors, e.Products, e.UNSPSC, e.RegionsServed = nil, nil, nil, []string{m.RegionCode}
	s := g.sector()
	head := s.heads[g.rng.IntN(len(s.heads))]
	core := genCores[g.rng.IntN(len(genCores))]
	e.LegalForm = g.form()
	// About half the names say what the enterprise does ("Traiteur Le Sillon"); the others, as
	// real names do, only say what kind of organisation it is, or nothing ("Le Sillon de
	// Rimouski"): a catalogue where every caterer is called "Traiteur …" would make a
	// one-word search a lottery among hundreds of equal names.
	kind := genKinds[g.rng.IntN(len(genKinds))]
	switch x := g.rng.IntN(20); {
	case x < 5:
		e.Name = fmt.Sprintf("%s %s", head, core)
	case x < 7:
		e.Name = fmt.Sprintf("%s %s de %s", head, core, m.Name)
	case x < 8:
		e.Name = fmt.Sprintf("%s de %s", head, m.Name)
	case x < 10:
		e.Name = core + " " + strings.ToLower(head[:1]) + head[1:]
	case x < 13:
		e.Name = fmt.Sprintf("%s %s", kind, core)
	case x < 15:
		e.Name = fmt.Sprintf("%s %s de %s", kind, core, m.Name)
	case x < 18:
		e.Name = core
	default:
		e.Name = fmt.Sprintf("%s de %s", core, m.Name)
	}
	if e.LegalForm == quebec.CollectiveCoopSolidarity && g.rng.IntN(2) == 0 {
		e.Name = "Coopérative de solidarité " + e.Name
	} else if e.LegalForm.IsCoop() && g.rng.IntN(2) == 0 {
		e.Name = "Coop " + e.Name
	}
	e.Sectors = []string{s.code}
	for _, j := range g.products(s.products, 2+g.rng.IntN(3)) {
		e.Products = append(e.Products, s.products[j].name)
		if !slices.Contains(e.UNSPSC, s.products[j].unspsc) {
			e.UNSPSC = append(e.UNSPSC, s.products[j].unspsc)
		}
	}
	if g.rng.IntN(7) == 0 {
		s2 := g.sector()
		if s2.code != s.code {
			p := s2.products[g.products(s2.products, 1)[0]]
			e.Sectors = append(e.Sectors, s2.code)
			e.Products = append(e.Products, p.name)
			e.UNSPSC = append(e.UNSPSC, p.unspsc)
		}
	}
	e.Adapted = !e.LegalForm.IsCoop() && g.rng.IntN(25) == 0
	if g.rng.IntN(5) == 0 {
		other := fmt.Sprintf("%02d", 1+g.rng.IntN(17))
		if other != m.RegionCode {
			e.RegionsServed = append(e.RegionsServed, other)
		}
	}
}

// sector draws a sector by its share of the catalogue: personal services, culture and food are
// a large part of the social economy, computer workshops a small one.
func (g generator) sector() genSector {
	total := 0
	for _, s := range genSectors {
		total += s.share
	}
	x := g.rng.IntN(total)
	for _, s := range genSectors {
		if x < s.share {
			return s
		}
		x -= s.share
	}
	return genSectors[len(genSectors)-1]
}

// products draws n distinct products of a sector, each as likely as it is common: a real
// directory repeats the everyday services in many entries and lists a specialty in a few.
func (g generator) products(ps []genProduct, n int) []int {
	left := make([]int, len(ps))
	for i := range left {
		left[i] = i
	}
	var out []int
	for len(out) < n && len(left) > 0 {
		total := 0
		for _, i := range left {
			total += ps[i].common
		}
		x := g.rng.IntN(total)
		for k, i := range left {
			if x < ps[i].common {
				out = append(out, i)
				left = slices.Delete(left, k, k+1)
				break
			}
			x -= ps[i].common
		}
	}
	return out
}

// form follows the ISQ portrait: about 75 % non-profits, 22 % co-operatives, a few mutuals.
func (g generator) form() quebec.CollectiveForm {
	switch x := g.rng.IntN(100); {
	case x < 75:
		return quebec.CollectiveNonProfit
	case x < 82:
		return quebec.CollectiveCoopSolidarity
	case x < 90:
		return quebec.CollectiveCoopWorker
	case x < 93:
		return quebec.CollectiveCoopConsumer
	case x < 95:
		return quebec.CollectiveCoopProducer
	case x < 97:
		return quebec.CollectiveCoop
	default:
		return quebec.CollectiveMutual
	}
}

// finish sets what every entry has whatever its origin: contact, EES status, dates.
func (g generator) finish(e *Entry) {
	slug := strings.ReplaceAll(NameKey(e.Name), " ", "-")
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
	}
	e.Website = fmt.Sprintf("https://%s.example", slug)
	e.Contact = Contact{Email: "info@" + slug + ".example", Phone: fmt.Sprintf("%s-555-01%02d", g.areaCode(e.Address.MunicipalityCode), g.rng.IntN(100))}
	e.NoRistourne = e.LegalForm.IsCoop() && g.rng.IntN(3) == 0
	e.EES = DeclaredAll("déclaré par l'entreprise")
	e.LastVerified = g.today.AddDate(0, 0, -g.rng.IntN(900))
	if g.rng.IntN(5) == 0 {
		e.EES, _ = e.EES.Verify("steward-demo", e.LastVerified)
	}
	if e.LegalForm.IsCoop() {
		e.Description = "Coopérative offrant : " + strings.ToLower(strings.Join(e.Products, ", ")) + "."
	} else {
		e.Description = "Entreprise d'économie sociale offrant : " + strings.ToLower(strings.Join(e.Products, ", ")) + "."
	}
}

// postal makes a code of the right shape whose first letter fits the region (H on Montréal
// and Laval, G in the east, J in the west and south).
func (g generator) postal(m quebec.Municipality) string {
	first := "J"
	switch m.RegionCode {
	case "06", "13":
		first = "H"
	case "01", "02", "03", "09", "11", "12":
		first = "G"
	}
	l := "ABCEGHJKLMNPRSTVWXYZ"
	return fmt.Sprintf("%s%d%c %d%c%d", first, g.rng.IntN(10), l[g.rng.IntN(len(l))], g.rng.IntN(10), l[g.rng.IntN(len(l))], g.rng.IntN(10))
}

func (g generator) areaCode(municipality string) string {
	switch g.regionOf[municipality] {
	case "06", "13":
		return "514"
	case "14", "15", "16":
		return "450"
	case "01", "02", "03", "09", "11", "12":
		return "418"
	default:
		return "819"
	}
}

// localMunicipalities keeps the places where an enterprise can have an address.
func localMunicipalities(ms []quebec.Municipality) []quebec.Municipality {
	var out []quebec.Municipality
	for _, m := range ms {
		if m.Population > 0 && !strings.HasPrefix(m.Designation, "Territoire") && !strings.HasPrefix(m.Designation, "Terre") &&
			!strings.HasPrefix(m.Designation, "Réserve") {
			out = append(out, m)
		}
	}
	return out
}

func byRegion(ms []quebec.Municipality) [][]quebec.Municipality {
	idx := map[string]int{}
	var out [][]quebec.Municipality
	for _, m := range ms {
		i, ok := idx[m.RegionCode]
		if !ok {
			i = len(out)
			idx[m.RegionCode] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], m)
	}
	return out
}

// cumulativeWeights weighs municipalities by the square root of their population: big
// cities have more enterprises, but not so many more that villages disappear.
func cumulativeWeights(ms []quebec.Municipality) []float64 {
	cum := make([]float64, len(ms))
	total := 0.0
	for i, m := range ms {
		total += math.Sqrt(float64(m.Population))
		cum[i] = total
	}
	for i := range cum {
		cum[i] /= total
	}
	return cum
}

func pick(cum []float64, x float64) int {
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

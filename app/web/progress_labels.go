package web

import (
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/declarations"
	"maillage/app/report"
)

// thresholds are the public-tender thresholds of the legal reference data (the rules area's
// legal_values, which platform staff edit): eligible spend is decided by the one in force at award.
func (s *Server) thresholds(c *fiber.Ctx) ([]declarations.Threshold, error) {
	ref, err := s.rules.Reference(ctx(c))
	if err != nil {
		return nil, err
	}
	var out []declarations.Threshold
	for _, v := range ref.Values {
		if v.Key == "muni_tender_threshold" {
			out = append(out, declarations.Threshold{From: v.From, To: v.To, AmountCents: int64(v.Cents), Citation: v.Citation})
		}
	}
	return out, nil
}

// refNames holds the names of UNSPSC segments, regions and MRCs: platform reference data that only a
// migration changes, read once per server instead of on every dashboard (again after a failed read).
type refNames struct {
	mu       sync.Mutex
	segments map[string][2]string // code → French, English
	places   map[string]string    // "region/06", "mrc/460" → name
}

func (r *refNames) load(c *fiber.Ctx, s *Server) (map[string][2]string, map[string]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.segments != nil {
		return r.segments, r.places, nil
	}
	segments, err := s.decl.SegmentNames(ctx(c))
	if err != nil {
		return nil, nil, err
	}
	ref, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return nil, nil, err
	}
	places := map[string]string{}
	for _, code := range ref.RegionCodes() {
		places["region/"+code] = ref.RegionName(code)
	}
	for code, name := range ref.MRCNames() {
		places["mrc/"+code] = name
	}
	r.segments, r.places = segments, places
	return segments, places, nil
}

// reportLabels names segments and places from the reference data and everything else from messages.
func (s *Server) reportLabels(c *fiber.Ctx, l *i18n.Localizer, lang string) (report.Labels, error) {
	names, places, err := s.refNames.load(c, s)
	if err != nil {
		return report.Labels{}, err
	}
	return report.Labels{
		T: func(id string, data map[string]any) string { return translate(l, id, data) },
		Segment: func(code string) string {
			n := names[code]
			if lang == "en" || n[0] == "" {
				return n[1]
			}
			return n[0]
		},
		Territory: func(t declarations.Territory) string {
			if t.Level == declarations.LevelPolicy {
				return translate(l, "declarations.territory_policy", nil)
			}
			if n, ok := places[t.Level+"/"+t.Code]; ok {
				return n
			}
			return t.Code
		},
	}, nil
}

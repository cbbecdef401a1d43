package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/valyala/fasthttp"

	"maillage/app/accounts"
	"maillage/app/catalogue"
	"maillage/app/quebec"
)

// Catalogue search at 11,000 and 100,000 entries: text + two facets, through the whole endpoint
// (token authentication, parameters, the query, facets, JSON) side by side with exactly the
// same SQL sent straight through pgx, in one run:
//
//	go test -run '^$' -bench CatalogueSearch -benchtime 400x ./app/web/
//
// Each reports p50/p95/p99 latency (ms) and throughput (req/s, one client). Requests go straight
// into Fiber's handler (no sockets), so the figures compare the work, not the network.

var benchSearches = []url.Values{
	{"q": {"traiteur"}, "region": {"16"}, "sector": {"alimentation"}},
	{"q": {"entretien menager"}, "region": {"06"}, "legal_form": {"nonprofit"}},
	{"q": {"deneigement"}, "region": {"08"}, "sector": {"amenagement"}},
	{"q": {"impression"}, "region": {"03"}, "sector": {"communication"}},
	{"q": {"demenagement"}, "region": {"04"}, "legal_form": {"nonprofit"}},
	{"q": {"ressourcerie"}, "region": {"01"}, "sector": {"environnement"}},
	{"q": {"ordinateurs reconditionnes"}, "region": {"06"}, "sector": {"informatique"}},
	{"q": {"aide a domicile"}, "region": {"05"}, "sector": {"services_personnes"}},
}

func benchParams(v url.Values) catalogue.SearchParams {
	return catalogue.SearchParams{Q: v.Get("q"), Regions: v["region"], Sectors: v["sector"], LegalForms: v["legal_form"], PerPage: 20, Page: 1}
}

// latencies runs fn b.N times and reports percentiles and throughput.
func latencies(b *testing.B, fn func(i int)) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		fn(i)
		d = append(d, time.Since(t0))
	}
	total := time.Since(start)
	b.StopTimer()
	slices.Sort(d)
	pct := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/total.Seconds(), "req/s")
}

func BenchmarkCatalogueSearch(b *testing.B) {
	for _, size := range []int{catalogue.SizeMedium, catalogue.SizeLarge} {
		e := newEnv(b)
		st := catalogue.NewStore(e.DB.App)
		ms, err := quebec.LoadMunicipalities(context.Background(), e.DB.App)
		if err != nil {
			b.Fatal(err)
		}
		es, err := catalogue.Generate(1, size, ms, catDay)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.BulkInsert(context.Background(), es); err != nil {
			b.Fatal(err)
		}
		if err := e.DB.Owner.Exec(`ANALYZE catalogue_entries`).Error; err != nil {
			b.Fatal(err)
		}
		u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "bench@pole.test", accounts.RoleCatalogueSteward, nil)
		if err != nil {
			b.Fatal(err)
		}
		token := e.tokenClient(u.ID).bearer
		pool, err := pgxpool.New(context.Background(), e.DB.AppURL)
		if err != nil {
			b.Fatal(err)
		}
		// Warm the caches once for both paths, so that the one measured first does not pay for it.
		for round := 0; round < 3; round++ {
			for _, q := range benchSearches {
				if _, err := st.SearchJSON(context.Background(), benchParams(q)); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run("endpoint/"+strconv.Itoa(size), func(b *testing.B) {
			h := e.Srv.App().Handler()
			var ctx fasthttp.RequestCtx
			latencies(b, func(i int) {
				nextRequest(&ctx, "GET", "/api/v1/catalogue?"+benchSearches[i%len(benchSearches)].Encode())
				ctx.Request.Header.Set("Authorization", "Bearer "+token)
				h(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
				}
			})
		})
		b.Run("pgx/"+strconv.Itoa(size), func(b *testing.B) {
			ctx := context.Background()
			latencies(b, func(i int) {
				p := benchParams(benchSearches[i%len(benchSearches)])
				for { // the same two steps as the store: words, then names by similarity when words find nothing
					sql, args := catalogue.SearchSQL(p)
					var doc []byte
					if err := pool.QueryRow(ctx, sql, args...).Scan(&doc); err != nil {
						b.Fatal(err)
					}
					var head struct {
						Total int `json:"total"`
					}
					if err := json.Unmarshal(doc, &head); err != nil {
						b.Fatal(err)
					}
					if head.Total > 0 || p.Fuzzy {
						break
					}
					p.Fuzzy = true
				}
			})
		})
		pool.Close()
	}
}

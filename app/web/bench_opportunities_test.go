package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/catalogue"
	"maillage/app/mail"
	"maillage/app/opportunities"
	"maillage/app/quebec"
	"maillage/app/testdb"
	"maillage/frontend"
)

// weekOfNotices writes a SEAO-like release package of n tender releases (real UNSPSC families and
// classes of the reference list, French product words in titles, buyers over the regions).
func weekOfNotices(n int, codes []string, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"déneigement", "traiteur", "entretien ménager", "impression", "déménagement", "ressourcerie",
		"ordinateurs reconditionnés", "aménagement paysager", "collecte des matières résiduelles", "formation", "mobilier de bureau"}
	var b bytes.Buffer
	b.WriteString(`{"version":"1.1","releases":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		code := codes[rng.IntN(len(codes))]
		rel := map[string]any{
			"ocid": fmt.Sprintf("ocds-ec9k95-%d", 30000000+i), "id": "1", "date": "2026-08-01T10:00:00-04:00", "tag": []string{"tender"},
			"buyer":   map[string]any{"id": fmt.Sprintf("OP-%d", 1000+rng.IntN(400)), "name": fmt.Sprintf("Organisme %d", rng.IntN(400))},
			"parties": []any{},
			"tender": map[string]any{"id": strconv.Itoa(i), "title": "Services de " + words[rng.IntN(len(words))] + " — lot " + strconv.Itoa(i),
				"status": "active", "items": []any{map[string]any{"id": "S1", "description": "S1 - Services",
					"classification": map[string]any{"scheme": "UNSPSC", "id": code}}},
				"tenderPeriod": map[string]any{"endDate": "2026-08-25T10:30:00-04:00"}},
		}
		j, _ := json.Marshal(rel)
		b.Write(j)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// heapPeak samples the Go heap in use while fn runs and returns the highest value above the start (MB).
func heapPeak(fn func()) float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	return float64(peak-base) / (1 << 20)
}

// cpuClock reads the CPU time spent so far by this process (the matcher, rendering, encoding) and by the
// PostgreSQL backends connected to the benchmark's database (per backend, so that a phase's share is the
// difference). On a shared, loaded machine wall time mostly measures waiting for a core; CPU time is
// what the work costs, and their sum bounds the wall time of the same work on one idle core.
type cpuClock struct {
	db *gorm.DB
}

type cpuReading struct {
	goCPU    time.Duration
	backends map[int]time.Duration
}

func (c cpuClock) read(b *testing.B) cpuReading {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	r := cpuReading{goCPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), backends: map[int]time.Duration{}}
	// Every backend of the database (another role's sessions show their pid, not their backend type).
	var pids []int
	if err := c.db.Raw(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`).
		Scan(&pids).Error; err != nil {
		b.Fatal(err)
	}
	for _, pid := range pids {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // another machine's server, or gone: not counted
		}
		// Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
		f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		r.backends[pid] = time.Duration(ut+st) * (time.Second / 100) // USER_HZ
	}
	return r
}

// since returns this process's and the database backends' CPU time between two readings.
func (r cpuReading) since(before cpuReading) (goCPU, pgCPU time.Duration) {
	for pid, d := range r.backends {
		pgCPU += d - before.backends[pid]
	}
	return r.goCPU - before.goCPU, pgCPU
}

// BenchmarkOpportunityMatching: one week of SEAO notices (1,000 tenders) loaded and matched against
// 100,000 catalogue entries and 10,000 alerts, then the daily digests built; the same with 250 tenders
// side by side, to show memory does not grow with the week. Run once:
//
//	go test ./app/web -run '^$' -bench OpportunityMatching -benchtime 1x
func BenchmarkOpportunityMatching(b *testing.B) {
	// The data set takes minutes to load: it is kept between runs (testdb.Keep), and each run starts
	// from no notices, no matches and an empty outbox.
	db, _, created := testdb.Keep(b, "bench_opportunities")
	ctx := context.Background()
	if !created { // a run stopped while generating leaves the database empty: generate again
		var n int64
		if err := db.Owner.Raw(`SELECT count(*) FROM catalogue_entries`).Scan(&n).Error; err != nil {
			b.Fatal(err)
		}
		created = n == 0
	}
	if created {
		ms, err := quebec.LoadMunicipalities(ctx, db.App)
		if err != nil {
			b.Fatal(err)
		}
		es, err := catalogue.Generate(1, catalogue.SizeLarge, ms, catDay)
		if err != nil {
			b.Fatal(err)
		}
		if err := catalogue.NewStore(db.App).BulkInsert(ctx, es); err != nil {
			b.Fatal(err)
		}
		// 10,000 people with one alert each: a segment or a family, a region or all of Québec, and for one
		// in four a keyword among ten.
		if err := db.Owner.Exec(`INSERT INTO users (email, name, locale)
			SELECT 'alerte' || g || '@bench.example', 'Alerte ' || g, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'fr' END
			  FROM generate_series(1, 10000) g`).Error; err != nil {
			b.Fatal(err)
		}
		if err := db.Owner.Exec(`WITH c AS (SELECT array_agg(code ORDER BY code) AS codes FROM unspsc_codes WHERE level <> 'class'),
			w AS (SELECT ARRAY['déneigement', 'traiteur', 'entretien ménager', 'impression', 'déménagement', 'ressourcerie',
			      'ordinateurs', 'aménagement paysager', 'formation', 'mobilier'] AS words),
			u AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE '%@bench.example')
			INSERT INTO subscriptions (user_id, name, unspsc, regions, keywords, frequency)
			SELECT u.id, 'Alerte ' || u.n, ARRAY[c.codes[1 + (u.n * 7919) % cardinality(c.codes)]],
			       CASE WHEN u.n % 3 = 0 THEN '{}'::char(2)[] ELSE ARRAY[lpad((1 + u.n % 17)::text, 2, '0')]::char(2)[] END,
			       CASE WHEN u.n % 4 = 0 THEN ARRAY[w.words[1 + (u.n / 4) % 10]] ELSE '{}'::text[] END, 'daily'
			  FROM u, c, w`).Error; err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{`DELETE FROM alert_matches`, `DELETE FROM item_entry_matches`, `DELETE FROM seao_notices`, `DELETE FROM seao_buyers`,
		`DELETE FROM jobs`, `DELETE FROM mail_outbox`, `UPDATE subscriptions SET last_digest_at = NULL`, `VACUUM ANALYZE`} {
		if err := db.Owner.Exec(q).Error; err != nil {
			b.Fatal(err)
		}
	}
	var codes []string
	if err := db.App.Raw(`SELECT code FROM unspsc_codes WHERE level <> 'segment' ORDER BY code`).Scan(&codes).Error; err != nil || len(codes) == 0 {
		b.Fatalf("codes: %v", err)
	}
	sub, err := fs.Sub(frontend.Mail, "mail")
	if err != nil {
		b.Fatal(err)
	}
	tpl, err := mail.Load(sub)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC)
	svc := opportunities.NewService(db.App, func() time.Time { return now }, bytes.Repeat([]byte("k"), 32))
	svc.Trace = func(phase string, d time.Duration) { b.Logf("%-40s %8.2f s", phase, d.Seconds()) }
	clock := cpuClock{db: db.Owner}
	for i, n := range []int{250, 1000} {
		file := weekOfNotices(n, codes, uint64(i+1))
		b.Run(fmt.Sprintf("load-and-match/%d-tenders", n), func(b *testing.B) {
			for b.Loop() {
				var rep opportunities.LoadReport
				var err error
				start, cpu0 := time.Now(), clock.read(b)
				peak := heapPeak(func() { rep, err = svc.LoadNotices(ctx, bytes.NewReader(file)) })
				if err != nil {
					b.Fatal(err)
				}
				goCPU, pgCPU := clock.read(b).since(cpu0)
				b.ReportMetric(time.Since(start).Seconds(), "s")
				b.ReportMetric(goCPU.Seconds(), "go-cpu-s")
				b.ReportMetric(pgCPU.Seconds(), "pg-cpu-s")
				b.ReportMetric(peak, "peak-heap-MB")
				b.ReportMetric(float64(rep.Matches), "alert-matches")
			}
		})
		b.Run(fmt.Sprintf("daily-digests/after-%d-tenders", n), func(b *testing.B) {
			for b.Loop() {
				var rep opportunities.DigestReport
				var err error
				start, cpu0 := time.Now(), clock.read(b)
				peak := heapPeak(func() { rep, err = svc.SendDigests(ctx, tpl, "https://maillage.example", "daily") })
				if err != nil {
					b.Fatal(err)
				}
				goCPU, pgCPU := clock.read(b).since(cpu0)
				b.ReportMetric(time.Since(start).Seconds(), "s")
				b.ReportMetric(goCPU.Seconds(), "go-cpu-s")
				b.ReportMetric(pgCPU.Seconds(), "pg-cpu-s")
				b.ReportMetric(peak, "peak-heap-MB")
				b.ReportMetric(float64(rep.Digests), "digests")
			}
		})
	}
}

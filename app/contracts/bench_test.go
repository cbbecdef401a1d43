package contracts_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/contracts"
	"maillage/tenants"
)

// writeWeekly writes a synthetic SEAO weekly file of about size bytes; one release in every `every`
// belongs to buyer OP-70289, the others to other buyers (a real week mixes hundreds of bodies).
func writeWeekly(t testing.TB, path string, size, every int) (releases, mine int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	w.WriteString(`{"uri":"https://example.test/hebdo.json","version":"1.1","publishedDate":"2026-08-03T01:17:56-04:00","publisher":{"name":"Secrétariat du Conseil du trésor"},"releases":[`)
	written := 0
	for written < size {
		buyer := fmt.Sprintf("OP-%d", 10000+releases%500)
		if releases%every == 0 {
			buyer, mine = "OP-70289", mine+1
		}
		neq := strconv.Itoa(1100000000 + releases%3000)
		rel := fmt.Sprintf(`{"ocid":"ocds-ec9k95-%d","id":"2026072%d","date":"2026-07-28T15:24:41-04:00","tag":["contract"],"initiationType":"tender",`+
			`"parties":[{"name":"Organisme %s","id":"%s","roles":["buyer"],"details":{"municipal":"1"}},{"name":"Fournisseur %s inc.","id":"FO-%s",`+
			`"address":{"streetAddress":"5705, Place Kubota","locality":"Drummondville","region":"QC","postalCode":"J2B6V4","countryName":"CAN"},"roles":["supplier"],"details":{"neq":"%s"}}],`+
			`"buyer":{"name":"Organisme %s","id":"%s"},"tender":{"id":"T-%d","title":"Acquisition d'un chariot élévateur et services connexes","status":"complete",`+
			`"procuringEntity":{"name":"Organisme %s","id":"%s"},"items":[{"id":"G19","description":"G19 - Machinerie et outils","classification":{"scheme":"UNSPSC","id":"24101603","description":"Chariots élévateurs à fourche"}}],`+
			`"procurementMethod":"direct","procurementMethodDetails":"Contrat de gré à gré","mainProcurementCategory":"goods","additionalProcurementCategories":["Approvisionnement (biens)"],`+
			`"tenderPeriod":{"startDate":"2026-07-28T15:24:41-04:00"},"numberOfTenderers":1,"tenderers":[{"id":"FO-%s","name":"Fournisseur %s inc."}],`+
			`"documents":[{"url":"https://seao.gouv.qc.ca/avis-resultat-recherche/consulter?ItemId=bc0ad843-7762-456a-8424-7c8e27c9e261"}]},`+
			`"awards":[{"id":"A%d","status":"active","date":"2026-01-16T00:00:00-05:00","value":{"amount":%d.%02d,"currency":"CAD"},"suppliers":[{"name":"Fournisseur %s inc.","id":"FO-%s"}]}],`+
			`"contracts":[{"id":"A%d","awardID":"A%d","status":"active","value":{"amount":%d.%02d,"currency":"CAD"},"dateSigned":"2026-01-16T00:00:00-05:00"}],"language":"fr"}`,
			30000000+releases, releases, buyer, buyer, neq, neq, neq, buyer, buyer, releases, buyer, buyer, neq, neq,
			releases, 25000+releases%90000, releases%100, neq, neq, releases, releases, 25000+releases%90000, releases%100)
		if releases > 0 {
			w.WriteByte(',')
		}
		w.WriteString(rel)
		written += len(rel) + 1
		releases++
	}
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return releases, mine
}

// vmHWM is the process's peak resident set size in kB (Linux).
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(ln, "VmHWM:") {
			n, _ := strconv.ParseInt(strings.Fields(ln)[1], 10, 64)
			return n
		}
	}
	return -1
}

// BenchmarkLoadSEAO15MB loads a generated 15 MB weekly file (and a 60 MB one, to show memory does not grow) into a tenant: every award decoded, the
// tenant's ones validated, matched and inserted (realistic mix: one release in 8 is the tenant's; the
// "all" case makes every release the tenant's, the worst case). Reports wall time per load and the
// process's peak RSS. Run alone: go test ./app/contracts -run '^$' -bench LoadSEAO -benchtime 3x
func BenchmarkLoadSEAO15MB(b *testing.B) {
	for _, tc := range []struct {
		name  string
		every int
		size  int
	}{{"mix", 8, 15 << 20}, {"all", 1, 15 << 20}, {"mix-60MB", 8, 60 << 20}} {
		b.Run(tc.name, func(b *testing.B) {
			db, st, a, _ := setup(b)
			ctx := context.Background()
			if err := st.SetSEAOBuyers(ctx, a.ID, []string{"OP-70289"}); err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "hebdo.json")
			releases, mine := writeWeekly(b, path, tc.size, tc.every)
			info, _ := os.Stat(path)
			b.SetBytes(info.Size())
			before := vmHWM()
			var worst time.Duration
			for b.Loop() {
				b.StopTimer()
				if err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error { return tx.Exec(`DELETE FROM contracts`).Error }); err != nil {
					b.Fatal(err)
				}
				f, _ := os.Open(path)
				b.StartTimer()
				t0 := time.Now()
				rep, err := st.LoadSEAO(ctx, a.ID, f)
				worst = max(worst, time.Since(t0))
				f.Close()
				if err != nil || rep.Releases != releases || rep.Loaded != mine {
					b.Fatalf("%d releases, %d loaded, %d already (want %d, %d): %v", rep.Releases, rep.Loaded, rep.AlreadyLoaded, releases, mine, err)
				}
			}
			b.ReportMetric(worst.Seconds(), "worst-s")
			b.ReportMetric(float64(vmHWM())/1024, "peak-RSS-MB")
			b.ReportMetric(float64(before)/1024, "RSS-before-MB")
			b.ReportMetric(float64(mine), "tenant-awards")
		})
	}
}

var _ = contracts.SourceSEAO

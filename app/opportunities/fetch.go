package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/jobs"
)

// JobFetchNotices is the daily job that fetches SEAO's weekly file from the configured address.
const JobFetchNotices = "seao_notices_fetch"

// ScheduleFetch enqueues today's fetch once, whatever the number of instances.
func ScheduleFetch(tx *gorm.DB, now time.Time) error {
	day := now.UTC().Format("2006-01-02")
	return jobs.Enqueue(tx, JobFetchNotices, map[string]string{"day": day}, now, JobFetchNotices+":"+day)
}

// NoticesURL fills an address template with the last complete week (Monday to Sunday before now), as
// SEAO names its weekly files (hebdo_20260727_20260802.json): {from} and {to} become YYYYMMDD.
func NoticesURL(template string, now time.Time) string {
	d := now.UTC()
	offset := (int(d.Weekday()) + 6) % 7 // days since Monday
	monday := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -offset-7)
	r := strings.NewReplacer("{from}", monday.Format("20060102"), "{to}", monday.AddDate(0, 0, 6).Format("20060102"))
	return r.Replace(template)
}

// FetchNotices downloads a SEAO release package with client (the guarded outbound client: the address is
// configured, so it must not reach internal services) and loads it like an upload. Tender documents are
// never fetched: only the open-data file.
func (s *Service) FetchNotices(ctx context.Context, client *http.Client, url string) (LoadReport, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return LoadReport{}, errs.E(errs.Invalid, "opportunities.err.fetch_url").Wrap(err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return LoadReport{}, errs.E(errs.Unavailable, "opportunities.err.fetch_failed").Wrap(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return LoadReport{}, errs.E(errs.Unavailable, "opportunities.err.fetch_failed").Wrap(fmt.Errorf("GET %s: %s", url, res.Status))
	}
	return s.LoadNotices(ctx, res.Body)
}

// FetchJob is the handler of JobFetchNotices; an empty template disables it.
func (s *Service) FetchJob(client *http.Client, template string) jobs.Handler {
	return func(ctx context.Context, _ json.RawMessage) error {
		if template == "" {
			return nil
		}
		_, err := s.FetchNotices(ctx, client, NoticesURL(template, s.now()))
		return err
	}
}

package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"maillage/app/jobs"
	"maillage/app/mail"
)

// JobDigests is the daily job that sends the alerts' digests (and, on Mondays, the weekly ones).
const JobDigests = "opportunity_digests"

// digestChunk is how many alerts one digest query reads.
const digestChunk = 500

// MaxDigestItems is how many items one digest lists (the rest: "and N more", on the page).
const MaxDigestItems = 30

// DigestTemplate is the e-mail template of a digest (frontend/mail/opportunities_digest.*).
const DigestTemplate = "opportunities_digest"

// ScheduleDigests enqueues today's digest run once, whatever the number of instances.
func ScheduleDigests(tx *gorm.DB, now time.Time) error {
	day := now.UTC().Format("2006-01-02")
	return jobs.Enqueue(tx, JobDigests, map[string]string{"day": day}, now, "opportunity_digests:"+day)
}

// DigestJob is the handler of JobDigests.
func (s *Service) DigestJob(t *mail.Templates, baseURL string) jobs.Handler {
	return func(ctx context.Context, _ json.RawMessage) error {
		freqs := []string{"daily"}
		if s.now().Weekday() == time.Monday {
			freqs = append(freqs, "weekly")
		}
		for _, f := range freqs {
			if _, err := s.SendDigests(ctx, t, baseURL, f); err != nil {
				return err
			}
		}
		return nil
	}
}

// DigestItem is one item of a digest, ready for the template.
type DigestItem struct {
	Title      string
	BodyName   string
	URL        string // the item's page on Maillage
	SEAOURL    string // the notice on SEAO, when it is one
	ClosesAt   time.Time
	HasClosing bool
	Kind       string
	Reasons    []DigestReason
}

// DigestReason is a match reason with its codes' titles and region's name in the reader's language.
type DigestReason struct {
	Kind, Item, ItemTitle, Profile, ProfileTitle, Region string
}

// DigestData is what the digest template receives. It holds one alert's own matches only: a digest
// never carries anything of another person or enterprise.
type DigestData struct {
	RecipientName  string
	AlertName      string
	Items          []DigestItem
	More           int // items not listed
	Total          int // new items in all (listed and not)
	ListURL        string
	UnsubscribeURL string
	FeedURL        string
}

type digestRow struct {
	Sub          uuid.UUID
	Alert        string
	Email        string
	UserName     string
	Locale       string
	ItemID       uuid.UUID
	Reasons      []Reason
	Title        string
	BodyName     string
	ClosesAt     *time.Time
	Kind         string
	URL          string
	Source       string
	UNSPSC       []string
	UNSPSCTitles []string
}

// digestItems is the union of both item shapes with only the columns a digest shows: the listings' wide
// union (descriptions, regions, slugs) made every chunk's rows wider to join and sort.
const digestItems = `SELECT n.id, 'seao' AS source, 'notice' AS kind, n.title, n.buyer_name AS body_name, n.unspsc,
	n.unspsc_titles, n.status, n.tender_end AS closes_at, n.url
	FROM seao_notices n
	UNION ALL
	SELECT o.id, 'body' AS source, o.kind, o.title, t.name AS body_name, o.unspsc, '{}'::text[] AS unspsc_titles,
	o.status, o.closes_at, o.seao_url AS url
	FROM opportunities o JOIN tenants t ON t.id = o.tenant_id`

// DigestReport counts a digest run.
type DigestReport struct {
	Digests int `json:"digests"`
	Items   int `json:"items"`
}

// SendDigests writes one e-mail per alert of the frequency with new matches still open, closing soonest
// first, in the person's language, into the outbox (batched), and marks the matches sent. Alerts are read
// 500 at a time and e-mails written 1,000 at a time, so memory stays flat whatever the number of alerts.
func (s *Service) SendDigests(ctx context.Context, t *mail.Templates, baseURL, frequency string) (DigestReport, error) {
	start := s.now()
	titles, regions, err := s.referenceNames(ctx)
	if err != nil {
		return DigestReport{}, err
	}
	q := `SELECT s.id AS sub, coalesce(s.name, ''), u.email::text, coalesce(u.name, ''), coalesce(u.locale, ''), m.item_id, m.reasons,
		       coalesce(i.title, ''), coalesce(i.body_name, ''), i.closes_at, i.kind, coalesce(i.url, ''), i.source, i.unspsc, i.unspsc_titles
		  FROM subscriptions s JOIN users u ON u.id = s.user_id
		  JOIN alert_matches m ON m.subscription_id = s.id AND m.digested_at IS NULL AND m.matched_at <= $1
		  JOIN (` + digestItems + `) i ON i.id = m.item_id
		 WHERE s.id IN (SELECT id FROM subscriptions WHERE active AND frequency = $2 AND id > $3 ORDER BY id LIMIT $4)
		   AND i.status IN ('open', 'active') AND (i.closes_at IS NULL OR i.closes_at > $1)
		 ORDER BY s.id, (i.closes_at IS NULL), i.closes_at, m.score DESC, i.id`
	defer s.phase("digests: total")()
	var renderTime, writeTime time.Duration
	defer func() {
		if s.Trace != nil {
			s.Trace("digests: render e-mails", renderTime)
			s.Trace("digests: wait for outbox writes", writeTime)
		}
	}()
	var rep DigestReport
	var pending []pendingDigest
	var cur *DigestData
	var curRow digestRow
	// Batches of 1,000 digests are rendered on every core, then written by one goroutine while the next
	// batch is read and rendered: rendering, COPY and the reads overlap instead of adding up.
	writer := digestWriter{}
	flushBatch := func() error {
		rs := time.Now()
		msgs, err := renderDigests(t, pending)
		renderTime += time.Since(rs)
		if err != nil {
			return err
		}
		subs := make([]uuid.UUID, len(pending))
		for i, p := range pending {
			subs[i] = p.sub
		}
		pending = pending[:0]
		ws := time.Now()
		err = writer.wait()
		writeTime += time.Since(ws)
		if err != nil {
			return err
		}
		writer.start(func() error { return s.writeDigests(ctx, msgs, subs, start) })
		return nil
	}
	flushOne := func() error {
		if cur == nil {
			return nil
		}
		cur.UnsubscribeURL = fmt.Sprintf("%s/alertes/%s/desabonnement?jeton=%s", baseURL, curRow.Sub, s.UnsubscribeToken(curRow.Sub))
		cur.FeedURL = fmt.Sprintf("%s/alertes/%s/flux.atom?jeton=%s", baseURL, curRow.Sub, s.FeedToken(curRow.Sub))
		cur.ListURL = baseURL + "/entreprise/opportunites"
		cur.Total = len(cur.Items) + cur.More
		pending = append(pending, pendingDigest{data: cur, sub: curRow.Sub, lang: curRow.Locale, email: curRow.Email, name: curRow.UserName})
		rep.Digests++
		rep.Items += len(cur.Items)
		cur = nil
		if len(pending) >= 1000 {
			return flushBatch()
		}
		return nil
	}
	// Whatever happens, no writer goroutine outlives the run.
	defer func() { _ = writer.wait() }()
	// Alerts are taken by chunks (keyset on their id): each query reads its rows at once and ends, so no
	// statement stays open while e-mails are rendered, and memory holds one chunk.
	handle := func(r digestRow) error {
		if cur != nil && r.Sub != curRow.Sub {
			if err := flushOne(); err != nil {
				return err
			}
		}
		if cur == nil {
			cur, curRow = &DigestData{RecipientName: r.UserName, AlertName: r.Alert}, r
		}
		if len(cur.Items) >= MaxDigestItems {
			cur.More++
			return nil
		}
		lang := r.Locale
		it := DigestItem{Title: r.Title, BodyName: r.BodyName, URL: baseURL + "/opportunites/" + r.ItemID.String(), Kind: r.Kind}
		if r.Source == "seao" {
			it.SEAOURL = r.URL
		}
		if r.ClosesAt != nil {
			it.ClosesAt, it.HasClosing = *r.ClosesAt, true
		}
		seao := map[string]string{}
		for i, c := range r.UNSPSC {
			if i < len(r.UNSPSCTitles) && lang == "fr" {
				seao[c] = r.UNSPSCTitles[i]
			}
		}
		for _, rs := range r.Reasons {
			dr := DigestReason{Kind: rs.Kind, Item: rs.Item, Profile: rs.Profile}
			dr.ItemTitle = firstNonEmpty(titles[lang][rs.Item], seao[rs.Item])
			dr.ProfileTitle = titles[lang][rs.Profile]
			if rs.Kind == ReasonRegion {
				dr.Region = regions[rs.Item]
			}
			it.Reasons = append(it.Reasons, dr)
		}
		cur.Items = append(cur.Items, it)
		return nil
	}
	after := uuid.Nil
	for {
		var chunk []digestRow
		var lastSub uuid.UUID
		// Columns scanned straight from pgx's binary rows: no to_jsonb on the server, no JSON decoding here.
		err := s.withPgxTx(ctx, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, q, start, frequency, after, digestChunk)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var r digestRow
				if err := rows.Scan(&r.Sub, &r.Alert, &r.Email, &r.UserName, &r.Locale, &r.ItemID, &r.Reasons, &r.Title,
					&r.BodyName, &r.ClosesAt, &r.Kind, &r.URL, &r.Source, &r.UNSPSC, &r.UNSPSCTitles); err != nil {
					return err
				}
				chunk = append(chunk, r)
			}
			return rows.Err()
		})
		if err != nil {
			return rep, fmt.Errorf("digests: %w", err)
		}
		// The chunk's last alert id, even when its matches are all closed (no rows): the keyset moves on.
		if err := s.db.WithContext(ctx).Raw(`SELECT coalesce((SELECT id FROM (SELECT id FROM subscriptions
			WHERE active AND frequency = ? AND id > ? ORDER BY id LIMIT ?) x ORDER BY id DESC LIMIT 1), ?::uuid)`,
			frequency, after, digestChunk, uuid.Nil).Row().Scan(&lastSub); err != nil {
			return rep, fmt.Errorf("digests: %w", err)
		}
		for _, r := range chunk {
			if err := handle(r); err != nil {
				return rep, err
			}
		}
		if lastSub == uuid.Nil {
			break
		}
		after = lastSub
	}
	if err := flushOne(); err != nil {
		return rep, err
	}
	if len(pending) > 0 {
		if err := flushBatch(); err != nil {
			return rep, err
		}
	}
	ws := time.Now()
	err = writer.wait()
	writeTime += time.Since(ws)
	return rep, err
}

// pendingDigest is one alert's digest, gathered and waiting to be rendered.
type pendingDigest struct {
	data              *DigestData
	sub               uuid.UUID
	lang, email, name string
}

// renderDigests renders a batch on every core, each message in its digest's place.
func renderDigests(t *mail.Templates, ps []pendingDigest) ([]mail.Message, error) {
	msgs := make([]mail.Message, len(ps))
	workers := min(runtime.GOMAXPROCS(0), len(ps))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ps); i += workers {
				p := ps[i]
				m, err := t.Render(DigestTemplate, p.lang, p.email, p.name, p.data)
				if err != nil {
					errs[w] = err
					return
				}
				m.Headers = map[string]string{"List-Unsubscribe": "<" + p.data.UnsubscribeURL + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
				msgs[i] = m
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return msgs, nil
}

// digestWriter runs at most one outbox write at a time in the background.
type digestWriter struct{ done chan error }

func (w *digestWriter) start(fn func() error) {
	w.done = make(chan error, 1)
	go func() { w.done <- fn() }()
}

// wait returns the running write's error (nil when none runs).
func (w *digestWriter) wait() error {
	if w.done == nil {
		return nil
	}
	err := <-w.done
	w.done = nil
	return err
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// writeDigests enqueues a batch of digests and marks their alerts' matches sent, in one transaction.
func (s *Service) writeDigests(ctx context.Context, batch []mail.Message, ids []uuid.UUID, start time.Time) error {
	if len(batch) == 0 {
		return nil
	}
	return s.withPgxTx(ctx, func(tx pgx.Tx) error {
		if err := mail.CopyMany(ctx, tx, batch); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE alert_matches SET digested_at = $1 WHERE digested_at IS NULL AND matched_at <= $1
			AND subscription_id = ANY ($2)`, start, ids); err != nil {
			return fmt.Errorf("digested: %w", err)
		}
		_, err := tx.Exec(ctx, `UPDATE subscriptions SET last_digest_at = $1 WHERE id = ANY ($2)`, start, ids)
		return err
	})
}

// referenceNames loads the UNSPSC titles (by language) and region names once per run.
func (s *Service) referenceNames(ctx context.Context) (map[string]map[string]string, map[string]string, error) {
	var codes []struct{ Code, TitleFr, TitleEn string }
	if err := s.db.WithContext(ctx).Raw(`SELECT code, title_fr, title_en FROM unspsc_codes`).Scan(&codes).Error; err != nil {
		return nil, nil, fmt.Errorf("unspsc titles: %w", err)
	}
	titles := map[string]map[string]string{"fr": {}, "en": {}}
	for _, c := range codes {
		titles["fr"][c.Code], titles["en"][c.Code] = c.TitleFr, c.TitleEn
	}
	var regs []struct{ Code, Name string }
	if err := s.db.WithContext(ctx).Raw(`SELECT code, name FROM regions`).Scan(&regs).Error; err != nil {
		return nil, nil, fmt.Errorf("regions: %w", err)
	}
	regions := map[string]string{}
	for _, r := range regs {
		regions[r.Code] = r.Name
	}
	return titles, regions, nil
}

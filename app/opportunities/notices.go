package opportunities

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/seao"
)

// LoadReport says what loading a SEAO file did.
type LoadReport struct {
	Releases      int `json:"releases"`
	Notices       int `json:"notices"`       // tender releases in the file
	New           int `json:"new"`           // notices seen for the first time
	Updated       int `json:"updated"`       // a newer release of a known notice (update, amendment, cancellation)
	Unchanged     int `json:"unchanged"`     // already loaded (or older than what is kept)
	Cancelled     int `json:"cancelled"`     // of new and updated, those cancelled
	Buyers        int `json:"buyers"`        // buying bodies named in the file
	BuyersOnBoard int `json:"buyers_mapped"` // of them, bodies on Maillage
	Matches       int `json:"matches"`       // new alert matches
}

// LoadNotices reads a SEAO weekly OCDS file and keeps its calls for tenders, all or nothing: a notice is
// new, updated (its newer release wins; an older one never undoes it) or unchanged, so loading a file
// twice changes nothing. Buyers are kept with their address and mapped to regions and to the bodies on
// Maillage; new and updated notices are then matched against the alerts.
func (s *Service) LoadNotices(ctx context.Context, r io.Reader) (LoadReport, error) {
	var rep LoadReport
	var touched []uuid.UUID
	endLoad := s.phase("load: decode and upsert notices")
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := seao.DecodeNotices(r, func(n seao.Notice) error {
			id, state, err := upsertNotice(tx, n)
			if err != nil {
				return err
			}
			switch state {
			case "new":
				rep.New++
			case "updated":
				rep.Updated++
			default:
				rep.Unchanged++
				return nil
			}
			if n.Action == seao.NoticeCancelled {
				rep.Cancelled++
			}
			touched = append(touched, id)
			return nil
		})
		if err != nil {
			return err
		}
		rep.Releases, rep.Notices, rep.Buyers = st.Releases, st.Notices, len(st.Buyers)
		endLoad()
		defer s.phase("load: buyers and regions")()
		if rep.BuyersOnBoard, err = s.saveBuyers(tx, st.Buyers); err != nil {
			return err
		}
		// Notices take their buyer's region and body (the buyer may be new in this very file).
		if err := tx.Exec(`UPDATE seao_notices n SET region_code = b.region_code, body_id = b.body_id
			FROM seao_buyers b WHERE b.buyer_id = n.buyer_id
			  AND (n.region_code IS DISTINCT FROM b.region_code OR n.body_id IS DISTINCT FROM b.body_id)`).Error; err != nil {
			return fmt.Errorf("notice regions: %w", err)
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "seao.notices.load", ObjectType: "seao_notices", After: rep})
	})
	if err != nil {
		return LoadReport{}, err
	}
	if len(touched) > 0 {
		n, err := s.MatchItems(ctx, touched)
		if err != nil {
			return rep, err
		}
		rep.Matches = n
	}
	return rep, nil
}

// upsertNotice writes one notice; state is "new", "updated" or "" (unchanged: same or older release).
func upsertNotice(tx *gorm.DB, n seao.Notice) (uuid.UUID, string, error) {
	codes, titles := make([]string, len(n.UNSPSC)), make([]string, len(n.UNSPSC))
	for i, c := range n.UNSPSC {
		codes[i], titles[i] = c.Code, c.Description
	}
	var rows []struct {
		ID       uuid.UUID
		Inserted bool
	}
	err := tx.Raw(`INSERT INTO seao_notices (ocid, seao_number, release_id, release_date, action, status, buyer_id, buyer_name,
			municipal, title, description, method, method_details, main_category, categories, unspsc, unspsc_titles,
			tender_start, tender_end, url)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+textArray+`, `+textArray+`, `+textArray+`, ?, ?, ?)
		ON CONFLICT (ocid) DO UPDATE SET seao_number = EXCLUDED.seao_number, release_id = EXCLUDED.release_id,
			release_date = EXCLUDED.release_date, action = EXCLUDED.action, status = EXCLUDED.status,
			buyer_id = EXCLUDED.buyer_id, buyer_name = EXCLUDED.buyer_name, municipal = EXCLUDED.municipal,
			title = EXCLUDED.title, description = EXCLUDED.description, method = EXCLUDED.method,
			method_details = EXCLUDED.method_details, main_category = EXCLUDED.main_category,
			categories = EXCLUDED.categories, unspsc = EXCLUDED.unspsc, unspsc_titles = EXCLUDED.unspsc_titles,
			tender_start = EXCLUDED.tender_start, tender_end = EXCLUDED.tender_end, url = EXCLUDED.url, updated_at = now()
		WHERE (coalesce(seao_notices.release_date, '-infinity'), seao_notices.release_id)
		    < (coalesce(EXCLUDED.release_date, '-infinity'), EXCLUDED.release_id)
		RETURNING id, (xmax = 0) AS inserted`,
		n.OCID, n.SEAONumber, n.ReleaseID, nullTime(n.ReleaseDate), n.Action, n.Status, n.BuyerID, n.BuyerName,
		n.Municipal, orUntitled(n.Title), n.Description, n.Method, n.MethodDetails, n.MainCategory,
		jsonArray(n.Categories), jsonArray(codes), jsonArray(titles), nullTime(n.TenderStart), nullTime(n.TenderEnd), n.URL).
		Scan(&rows).Error
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("notice %s: %w", n.OCID, err)
	}
	switch {
	case len(rows) == 0:
		return uuid.Nil, "", nil
	case rows[0].Inserted:
		return rows[0].ID, "new", nil
	}
	return rows[0].ID, "updated", nil
}

func orUntitled(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// saveBuyers keeps the file's buyers (a later file's address replaces an earlier one; a missing address
// keeps the known one), then maps them: the region from the municipality of their postal code or
// locality, and the body on Maillage that declared the SEAO id, else whose name is the buyer's. It
// returns how many of the file's buyers are bodies on Maillage.
func (s *Service) saveBuyers(tx *gorm.DB, buyers map[string]seao.Buyer) (int, error) {
	ids := make([]string, 0, len(buyers))
	for _, b := range buyers {
		if !validBuyerID(b.ID) {
			continue
		}
		ids = append(ids, b.ID)
		if err := tx.Exec(`INSERT INTO seao_buyers (buyer_id, name, street, locality, postal_code, municipal)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (buyer_id) DO UPDATE SET name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE seao_buyers.name END,
				street = CASE WHEN EXCLUDED.locality <> '' OR EXCLUDED.postal_code <> '' THEN EXCLUDED.street ELSE seao_buyers.street END,
				locality = CASE WHEN EXCLUDED.locality <> '' OR EXCLUDED.postal_code <> '' THEN EXCLUDED.locality ELSE seao_buyers.locality END,
				postal_code = CASE WHEN EXCLUDED.locality <> '' OR EXCLUDED.postal_code <> '' THEN EXCLUDED.postal_code ELSE seao_buyers.postal_code END,
				municipal = EXCLUDED.municipal, updated_at = now()`,
			b.ID, b.Name, b.Address.StreetAddress, b.Address.Locality, b.Address.PostalCode, b.Municipal).Error; err != nil {
			return 0, fmt.Errorf("seao buyer %s: %w", b.ID, err)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if err := s.mapBuyers(tx, ids); err != nil {
		return 0, err
	}
	var n int64
	err := tx.Raw(`SELECT count(*) FROM seao_buyers WHERE body_id IS NOT NULL AND buyer_id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
		jsonArray(ids)).Scan(&n).Error
	return int(n), err
}

// mapBuyers derives each buyer's municipality and region and finds its body. A municipality is taken
// from the postal code (town halls' codes), else from the locality's name when one municipality has it,
// else, for a municipal buyer, from its name ("Ville de Québec" → Québec). The body: the one that
// declared the id, else the one whose name, folded, is the buyer's.
func (s *Service) mapBuyers(tx *gorm.DB, ids []string) error {
	list := jsonArray(ids)
	// Each lookup table is folded once (a CTE), not once per buyer.
	const buyers = `b.buyer_id IN (SELECT jsonb_array_elements_text(?::jsonb))`
	const uniqueNames = `WITH uk AS (SELECT catalogue_fold(name) AS k, min(code) AS code FROM municipalities GROUP BY 1 HAVING count(*) = 1) `
	steps := []string{
		`WITH pc AS (SELECT replace(upper(postal_code), ' ', '') AS p, min(code) AS code FROM municipalities
		              WHERE coalesce(postal_code, '') <> '' GROUP BY 1 HAVING count(*) = 1)
		 UPDATE seao_buyers b SET municipality_code = pc.code FROM pc WHERE ` + buyers + ` AND b.postal_code <> '' AND pc.p = b.postal_code`,
		uniqueNames + `UPDATE seao_buyers b SET municipality_code = uk.code FROM uk
		  WHERE ` + buyers + ` AND b.municipality_code IS NULL AND b.locality <> '' AND uk.k = catalogue_fold(b.locality)`,
		uniqueNames + `UPDATE seao_buyers b SET municipality_code = uk.code FROM uk
		  WHERE ` + buyers + ` AND b.municipality_code IS NULL AND b.municipal AND uk.k = catalogue_fold(regexp_replace(b.name,
		        '^(ville|municipalite|municipalité|village|paroisse|canton|cite|cité)( de la| de l''| du| des| de| d'')? *', '', 'i'))`,
		`UPDATE seao_buyers b SET body_id = d.tenant_id, mapped_by = 'declared' FROM seao_buyer_bodies() d
		  WHERE ` + buyers + ` AND d.buyer_id = b.buyer_id`,
		`WITH tk AS (SELECT catalogue_fold(btrim(name, ' .')) AS k, min(id::text)::uuid AS id FROM tenants WHERE status = 'active'
		              GROUP BY 1 HAVING count(*) = 1)
		 UPDATE seao_buyers b SET body_id = tk.id, mapped_by = 'name' FROM tk
		  WHERE ` + buyers + ` AND b.mapped_by <> 'declared' AND tk.k = catalogue_fold(btrim(b.name, ' .'))`,
		`UPDATE seao_buyers b SET region_code = coalesce(t.region_code, m.region_code)
		   FROM seao_buyers b2 LEFT JOIN tenants t ON t.id = b2.body_id LEFT JOIN municipalities m ON m.code = b2.municipality_code
		  WHERE b2.buyer_id = b.buyer_id AND ` + buyers,
	}
	for i, q := range steps {
		if err := tx.Exec(q, list).Error; err != nil {
			return fmt.Errorf("map seao buyers (step %d): %w", i+1, err)
		}
	}
	return nil
}

func validBuyerID(id string) bool {
	if len(id) < 4 || len(id) > 15 || id[2] != '-' || id[0] < 'A' || id[0] > 'Z' || id[1] < 'A' || id[1] > 'Z' {
		return false
	}
	return digits(id[3:])
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

package catalogue

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
)

// SectorUse is a sector of the list with how many active entries it classifies and the
// directory values mapped to it.
type SectorUse struct {
	Sector
	Position int
	Retired  bool
	Entries  int
	Aliases  []string `gorm:"-"`
}

// SectorList returns every sector (retired ones last) with its use, and the directory
// values imports were told to leave out.
func (s *Service) SectorList(ctx context.Context) ([]SectorUse, []string, error) {
	var out []SectorUse
	err := s.db.WithContext(ctx).Raw(`SELECT s.code, s.name_fr, s.name_en, s.position, s.retired,
		(SELECT count(*) FROM catalogue_entries e WHERE e.status = 'active' AND s.code = ANY (e.sectors)) AS entries
		FROM catalogue_sectors s ORDER BY s.retired, s.position, s.code`).Scan(&out).Error
	if err != nil {
		return nil, nil, fmt.Errorf("sector list: %w", err)
	}
	aliases, err := s.SectorAliases(ctx)
	if err != nil {
		return nil, nil, err
	}
	at := map[string]int{}
	for i, x := range out {
		at[x.Code] = i
	}
	var ignored []string
	for _, a := range aliases {
		if i, ok := at[a.Code]; ok {
			out[i].Aliases = append(out[i].Aliases, a.Value)
		} else if a.Code == "" {
			ignored = append(ignored, a.Value)
		}
	}
	return out, ignored, nil
}

// onlyAll refuses stewards limited to some regions: the sector list is the whole province's.
func onlyAll(st Steward) error {
	if len(st.Regions) > 0 {
		return errs.E(errs.Forbidden, "catalogue.sectors.province_only")
	}
	return nil
}

func checkSectorNames(sec Sector) (Sector, error) {
	sec.NameFR, sec.NameEN = strings.Join(strings.Fields(sec.NameFR), " "), strings.Join(strings.Fields(sec.NameEN), " ")
	var v errs.Validation
	v.Key = "catalogue.invalid"
	for field, name := range map[string]string{"name_fr": sec.NameFR, "name_en": sec.NameEN} {
		if n := utf8.RuneCountInString(name); n < 2 || n > 120 {
			v.Add(field, "catalogue.sectors.name_length", map[string]any{"Min": 2, "Max": 120})
		}
	}
	return sec, v.Err()
}

var nonCode = regexp.MustCompile(`[^a-z0-9]+`)

// sectorCode derives a sector's code from its French name ("Économie circulaire" →
// "economie_circulaire"); the code never shows, it only has to be stable and unique.
func sectorCode(name string, taken func(string) bool) string {
	base := strings.Trim(nonCode.ReplaceAllString(quebec.Fold(name), "_"), "_")
	if len(base) > 36 {
		base = strings.TrimRight(base[:36], "_")
	}
	if len(base) < 2 {
		base = "secteur"
	}
	code := base
	for i := 2; taken(code); i++ {
		code = fmt.Sprintf("%s_%d", base, i)
	}
	return code
}

// SaveSector adds a sector (Code "") at the end of the list, or renames one.
func (s *Service) SaveSector(ctx context.Context, st Steward, sec Sector) (Sector, error) {
	if err := onlyAll(st); err != nil {
		return sec, err
	}
	sec, err := checkSectorNames(sec)
	if err != nil {
		return sec, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var all []struct {
			Code, NameFR string
		}
		if err := tx.Raw(`SELECT code, name_fr FROM catalogue_sectors FOR UPDATE`).Scan(&all).Error; err != nil {
			return fmt.Errorf("sectors: %w", err)
		}
		codes := map[string]bool{}
		for _, x := range all {
			codes[x.Code] = true
			if x.Code != sec.Code && quebec.Fold(x.NameFR) == quebec.Fold(sec.NameFR) {
				return (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("name_fr", "catalogue.sectors.name_taken", map[string]any{"Name": x.NameFR})
			}
		}
		if sec.Code == "" {
			sec.Code = sectorCode(sec.NameFR, func(c string) bool { return codes[c] })
			if err := tx.Exec(`INSERT INTO catalogue_sectors (code, name_fr, name_en, position)
				VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM catalogue_sectors))`, sec.Code, sec.NameFR, sec.NameEN).Error; err != nil {
				return fmt.Errorf("add sector: %w", err)
			}
			return sectorAudit(ctx, tx, "add", sec.Code, nil, sec)
		}
		if !codes[sec.Code] {
			return errs.E(errs.NotFound, "catalogue.sectors.not_found")
		}
		if err := tx.Exec(`UPDATE catalogue_sectors SET name_fr = ?, name_en = ? WHERE code = ?`, sec.NameFR, sec.NameEN, sec.Code).Error; err != nil {
			return fmt.Errorf("rename sector: %w", err)
		}
		// The entries' search text holds the sector's names: recompute it (the trigger does).
		if err := tx.Exec(`UPDATE catalogue_entries SET sectors = sectors WHERE ? = ANY (sectors)`, sec.Code).Error; err != nil {
			return fmt.Errorf("reindex entries of sector %s: %w", sec.Code, err)
		}
		return sectorAudit(ctx, tx, "rename", sec.Code, nil, sec)
	})
	return sec, err
}

// RetireSector takes a sector out of the list. Entries it classifies move to another sector
// (moveTo), each change in its history; with no moveTo, a sector still in use stays.
// Directory values mapped to it follow it.
func (s *Service) RetireSector(ctx context.Context, st Steward, code, moveTo string) error {
	if err := onlyAll(st); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		active, err := s.store.Sectors(ctx)
		if err != nil {
			return err
		}
		has := func(c string) bool { return slices.ContainsFunc(active, func(x Sector) bool { return x.Code == c }) }
		if !has(code) {
			return errs.E(errs.NotFound, "catalogue.sectors.not_found")
		}
		if moveTo != "" && (moveTo == code || !has(moveTo)) {
			return (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("move_to", "catalogue.sectors.move_invalid", nil)
		}
		using, err := queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
			WHERE e.status = 'active' AND ? = ANY (e.sectors) FOR UPDATE OF e`, code)
		if err != nil {
			return fmt.Errorf("entries of sector %s: %w", code, err)
		}
		if len(using) > 0 && moveTo == "" {
			return (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("move_to", "catalogue.sectors.in_use", map[string]any{"Count": len(using)})
		}
		for _, e := range using {
			after := e
			after.Sectors = union(slices.DeleteFunc(slices.Clone(e.Sectors), func(c string) bool { return c == code }), []string{moveTo})
			if _, err := updateTx(ctx, tx, e, after, "sector", s.now()); err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE catalogue_sectors SET retired = true WHERE code = ?`, code).Error; err != nil {
			return fmt.Errorf("retire sector %s: %w", code, err)
		}
		if err := tx.Exec(`UPDATE catalogue_sector_aliases SET sector_code = ? WHERE sector_code = ?`, ptr(moveTo), code).Error; err != nil {
			return fmt.Errorf("move aliases of sector %s: %w", code, err)
		}
		return sectorAudit(ctx, tx, "retire", code, nil, map[string]any{"moved_to": moveTo, "entries": len(using)})
	})
}

// ForgetSectorValue removes what a directory's sector value was mapped to: the next import
// asks again.
func (s *Service) ForgetSectorValue(ctx context.Context, st Steward, value string) error {
	if err := onlyAll(st); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM catalogue_sector_aliases WHERE value_key = ?`, quebec.Fold(value))
		if res.Error != nil {
			return fmt.Errorf("forget sector value: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.sectors.not_found")
		}
		return sectorAudit(ctx, tx, "forget_value", value, nil, nil)
	})
}

func sectorAudit(ctx context.Context, tx *gorm.DB, action, id string, before, after any) error {
	return audit.Platform(ctx, tx, audit.Entry{Action: "catalogue_sector." + action, ObjectType: "catalogue_sector", ObjectID: id, Before: before, After: after})
}

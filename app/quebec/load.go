package quebec

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// LoadMunicipalities reads the MAMH reference table the platform's migrations ship, with
// the names of each municipality's region and MRC, in code order.
func LoadMunicipalities(ctx context.Context, db *gorm.DB) ([]Municipality, error) {
	rows, err := db.WithContext(ctx).Raw(`SELECT m.code, m.name, m.designation, m.region_code, r.name, coalesce(m.mrc_code, ''),
		coalesce(x.name, ''), m.population, coalesce(m.postal_code, '') FROM municipalities m JOIN regions r ON r.code = m.region_code
		LEFT JOIN mrcs x ON x.code = m.mrc_code ORDER BY m.code`).Rows()
	if err != nil {
		return nil, fmt.Errorf("load municipalities: %w", err)
	}
	defer rows.Close()
	var out []Municipality
	for rows.Next() {
		var m Municipality
		if err := rows.Scan(&m.Code, &m.Name, &m.Designation, &m.RegionCode, &m.RegionName, &m.MRCCode, &m.MRCName, &m.Population, &m.PostalCode); err != nil {
			return nil, fmt.Errorf("load municipalities: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load municipalities: %w", err)
	}
	return out, nil
}

// LoadPlaces reads the reference geography once; the caller keeps the result for the life
// of the program (cmd/maillage builds it once and passes it to every area).
func LoadPlaces(ctx context.Context, db *gorm.DB) (*Places, error) {
	ms, err := LoadMunicipalities(ctx, db)
	if err != nil {
		return nil, err
	}
	return NewPlaces(ms), nil
}

package contracts

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/tenants"
)

// SEAOBuyer is one SEAO buyer id a body declared, with what SEAO itself says of that buyer (from the
// notices it published: the shared seao_buyers reference, empty when SEAO has published none yet).
type SEAOBuyer struct {
	ID               string `json:"buyer_id"`
	SEAOName         string `json:"seao_name"`
	SEAOLocality     string `json:"seao_locality"`
	MunicipalityCode string `json:"-"`
	// Matches says whether SEAO's buyer looks like this body (same municipality, or the same name apart
	// from "Ville de", "Municipalité de"…); false with a SEAO name is the warning to show.
	Matches bool `json:"matches"`
	Known   bool `json:"known"` // SEAO has published something of this buyer
}

// SEAOBuyerDetails returns the body's SEAO buyer ids with SEAO's name for each, judged against the body.
func (s *Store) SEAOBuyerDetails(ctx context.Context, t tenants.Tenant) ([]SEAOBuyer, error) {
	ids, err := s.SEAOBuyers(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	out := make([]SEAOBuyer, 0, len(ids))
	for _, id := range ids {
		b := SEAOBuyer{ID: id}
		var rows []struct{ Name, Locality, MunicipalityCode string }
		if err := s.db.WithContext(ctx).Raw(`SELECT name, locality, coalesce(municipality_code, '') AS municipality_code
			FROM seao_buyers WHERE buyer_id = ?`, id).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("SEAO buyer %s: %w", id, err)
		}
		if len(rows) == 1 && rows[0].Name != "" {
			b.Known, b.SEAOName, b.SEAOLocality, b.MunicipalityCode = true, rows[0].Name, rows[0].Locality, rows[0].MunicipalityCode
			muni := ""
			if t.MunicipalityCode != nil {
				muni = *t.MunicipalityCode
			}
			b.Matches = SameBody(t.Name, muni, b.SEAOName, b.MunicipalityCode)
		}
		out = append(out, b)
	}
	return out, nil
}

// genericWords are the words of a body's name that say what kind of body it is, not which one.
var genericWords = map[string]bool{"ville": true, "de": true, "du": true, "des": true, "la": true, "le": true, "les": true,
	"l": true, "d": true, "municipalite": true, "cite": true, "canton": true, "cantons": true, "paroisse": true,
	"village": true, "mrc": true, "regie": true, "intermunicipale": true, "agglomeration": true, "et": true, "city": true, "of": true}

// SameBody reports whether SEAO's buyer (name, municipality) is the body (name, municipality): the same
// municipality when both are known, else the same distinctive words in the names.
func SameBody(bodyName, bodyMunicipality, seaoName, seaoMunicipality string) bool {
	if bodyMunicipality != "" && seaoMunicipality != "" {
		return bodyMunicipality == seaoMunicipality
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.FieldsFunc(quebec.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if !genericWords[w] {
				out[w] = true
			}
		}
		return out
	}
	a, b := words(bodyName), words(seaoName)
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// checkNotDeclaredElsewhere refuses an id another body already declared: SEAO ids are public, and loading
// another body's awards as one's own would falsify its contracts and progress (ask support to reassign).
func checkNotDeclaredElsewhere(tx *gorm.DB, tenantID uuid.UUID, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var taken []string
	if err := tx.Raw(`SELECT buyer_id FROM seao_buyer_bodies() WHERE buyer_id IN ? AND tenant_id <> ? ORDER BY buyer_id`, ids, tenantID).Scan(&taken).Error; err != nil {
		return fmt.Errorf("SEAO buyers declared elsewhere: %w", err)
	}
	if len(taken) == 0 {
		return nil
	}
	v := errs.Validation{Key: "contracts.invalid"}
	for _, id := range taken {
		v.Add("buyer_ids", "contracts.seao_buyer_taken", map[string]any{"Value": id})
	}
	e := errs.As(v.Err())
	e.Kind = errs.Conflict
	return e
}

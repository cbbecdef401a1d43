package contracts

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/seao"
	"maillage/tenants"
)

// register is the tenant's register by NEQ, and its region, for bulk matching.
type register struct {
	byNEQ  map[string]registerMatch
	region string
}

func loadRegister(tx *gorm.DB, tenantID uuid.UUID) (register, error) {
	var ms []registerMatch
	if err := tx.Raw(`SELECT id, neq, legal_name, ees, adapted, legal_form, coalesce(coop_kind, '') AS coop_kind,
		coalesce(region_code, '') AS region_code, quebec_establishment FROM suppliers WHERE tenant_id = ?`, tenantID).Scan(&ms).Error; err != nil {
		return register{}, fmt.Errorf("load register: %w", err)
	}
	r := register{byNEQ: make(map[string]registerMatch, len(ms))}
	for _, m := range ms {
		r.byNEQ[strings.TrimSpace(m.Neq)] = m
	}
	if err := tx.Raw(`SELECT coalesce(region_code, '') FROM tenants WHERE id = ?`, tenantID).Scan(&r.region).Error; err != nil {
		return register{}, fmt.Errorf("tenant region: %w", err)
	}
	return r, nil
}

// match links the input to the register by NEQ; it reports whether one was found.
func (r register) match(in *Input) bool {
	m, ok := r.byNEQ[in.SupplierNEQ]
	if ok && in.SupplierNEQ != "" {
		m.apply(in, r.region)
		return true
	}
	return false
}

// Import stores spreadsheet rows, all or nothing: any invalid row and nothing is stored. Rows are
// validated by FromRecords; this checks them again (a caller may build inputs itself).
func (s *Store) Import(ctx context.Context, tenantID uuid.UUID, ins []Input) (int, error) {
	v := errs.Validation{Key: "contracts.import_invalid"}
	if len(ins) == 0 {
		v.Add("file", "contracts.import_empty", nil)
	}
	for i := range ins {
		ins[i].Normalize()
		ins[i].Validate(&v, ins[i].row(i))
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	ids := make([]string, 0, len(ins))
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		reg, err := loadRegister(tx, tenantID)
		if err != nil {
			return err
		}
		for i := range ins {
			reg.match(&ins[i])
			id := uuid.New()
			if err := insert(tx, tenantID, id, ins[i], SourceImported, s.now()); err != nil {
				if e := errs.As(err); e != nil {
					return (&errs.Validation{Key: "contracts.import_invalid"}).ErrWith("row", e.Key, map[string]any{"Row": ins[i].row(i)})
				}
				return err
			}
			ids = append(ids, id.String())
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.import", ObjectType: "contract", ObjectID: "",
			After: map[string]any{"count": len(ids), "ids": ids}})
	})
	if err != nil {
		return 0, fmt.Errorf("import contracts: %w", err)
	}
	return len(ids), nil
}

// row names an input in messages: its line in the file, or its place in the list.
func (in Input) row(i int) int {
	if in.Line > 0 {
		return in.Line
	}
	return i + 1
}

// UnknownSupplier is a SEAO supplier whose NEQ is not in the register: the page offers to add it.
type UnknownSupplier struct {
	NEQ  string `json:"neq"`
	Name string `json:"name"`
}

// SEAOReport says what a load did.
type SEAOReport struct {
	Releases      int               `json:"releases"`       // in the file
	ForTenant     int               `json:"for_tenant"`     // awards whose buyer is this tenant
	Loaded        int               `json:"loaded"`         // new contracts stored
	AlreadyLoaded int               `json:"already_loaded"` // seen before (idempotent re-load)
	Matched       int               `json:"matched"`        // linked to a register supplier by NEQ
	Unknown       []UnknownSupplier `json:"unknown_suppliers"`
}

// SEAOBuyers returns the SEAO buyer ids mapped to the tenant.
func (s *Store) SEAOBuyers(ctx context.Context, tenantID uuid.UUID) ([]string, error) {
	var ids []string
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT buyer_id FROM tenant_seao_buyers WHERE tenant_id = ? ORDER BY buyer_id`, tenantID).Scan(&ids).Error
	})
	return ids, err
}

// SetSEAOBuyers replaces the tenant's SEAO buyer ids ("OP-70289"), audited. An id another body declared
// is refused (Conflict). Only the body's admin sets them (the web layer's routes).
func (s *Store) SetSEAOBuyers(ctx context.Context, tenantID uuid.UUID, ids []string) error {
	v := errs.Validation{Key: "contracts.invalid"}
	clean := map[string]bool{}
	for _, id := range ids {
		id = strings.ToUpper(strings.TrimSpace(id))
		if id == "" {
			continue
		}
		if !seaoBuyerRE.MatchString(id) {
			v.Add("seao_buyers", "contracts.seao_buyer_invalid", map[string]any{"Value": id})
		}
		clean[id] = true
	}
	if err := v.Err(); err != nil {
		return err
	}
	before, err := s.SEAOBuyers(ctx, tenantID)
	if err != nil {
		return err
	}
	after := make([]string, 0, len(clean))
	for id := range clean {
		after = append(after, id)
	}
	sort.Strings(after)
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if err := checkNotDeclaredElsewhere(tx, tenantID, after); err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM tenant_seao_buyers WHERE tenant_id = ?`, tenantID).Error; err != nil {
			return err
		}
		for _, id := range after {
			if err := tx.Exec(`INSERT INTO tenant_seao_buyers (tenant_id, buyer_id) VALUES (?, ?)`, tenantID, id).Error; err != nil {
				return mapConstraint(err)
			}
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "seao_buyers.set", ObjectType: "tenant_seao_buyers", Before: before, After: after})
	})
}

// LoadSEAO reads a SEAO weekly OCDS file (streamed, release by release) and stores the awards whose buyer
// is mapped to the tenant, matching their suppliers to the register by NEQ. Re-loading the same file stores nothing new.
// A file that is not OCDS, or has no award of this tenant's buyers, is refused and nothing changes.
func (s *Store) LoadSEAO(ctx context.Context, tenantID uuid.UUID, r io.Reader) (SEAOReport, error) {
	buyers, err := s.SEAOBuyers(ctx, tenantID)
	if err != nil {
		return SEAOReport{}, err
	}
	if len(buyers) == 0 {
		return SEAOReport{}, errs.E(errs.Invalid, "contracts.seao_no_buyer")
	}
	mine := map[string]bool{}
	for _, b := range buyers {
		mine[b] = true
	}
	var rep SEAOReport
	v := errs.Validation{Key: "contracts.seao_invalid"}
	unknown := map[string]string{}
	// One tenant transaction around the streamed decode: each award is checked and inserted as it is read,
	// so memory stays flat whatever the file's size; any invalid award rolls everything back.
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		reg, err := loadRegister(tx, tenantID)
		if err != nil {
			return err
		}
		st, err := seao.Decode(r, func(rec seao.Record) error {
			if !mine[rec.BuyerID] {
				return nil
			}
			rep.ForTenant++
			in := FromSEAO(rec)
			in.Validate(&v, rep.ForTenant)
			if len(v.Fields) > 0 {
				return nil // keep reading to report every bad award; nothing will be kept
			}
			if reg.match(&in) {
				rep.Matched++
			} else if in.SupplierNEQ != "" {
				unknown[in.SupplierNEQ] = in.SupplierName
			}
			inserted, err := insertRow(tx, tenantID, uuid.New(), in, SourceSEAO, s.now(),
				` ON CONFLICT (tenant_id, seao_ocid, seao_award_id) WHERE seao_ocid IS NOT NULL DO NOTHING`)
			if err != nil {
				return err
			}
			if inserted == 1 {
				rep.Loaded++
			} else {
				rep.AlreadyLoaded++
			}
			return nil
		})
		if err != nil {
			return err
		}
		rep.Releases = st.Releases
		if err := v.Err(); err != nil {
			return err
		}
		if rep.ForTenant == 0 {
			return errs.E(errs.Invalid, "contracts.seao_other_buyer").With(map[string]any{"Buyers": strings.Join(buyers, ", ")})
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.seao_load", ObjectType: "contract",
			After: map[string]any{"releases": rep.Releases, "for_tenant": rep.ForTenant, "loaded": rep.Loaded, "already_loaded": rep.AlreadyLoaded}})
	})
	if err != nil {
		return SEAOReport{}, fmt.Errorf("load seao: %w", err)
	}
	for neq, name := range unknown {
		rep.Unknown = append(rep.Unknown, UnknownSupplier{NEQ: neq, Name: name})
	}
	sort.Slice(rep.Unknown, func(i, j int) bool { return rep.Unknown[i].NEQ < rep.Unknown[j].NEQ })
	return rep, nil
}

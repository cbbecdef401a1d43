package main

import (
	"context"
	"fmt"
	"io"

	"gorm.io/gorm"

	"maillage/app/rules"
)

// seedRules gives each demo body a procurement policy (idempotent: a body that has one keeps it), so the
// purchase advisor answers out of the box: municipal law, gré à gré up to $50,000 in the middle band,
// 12-month rotation, local suppliers of the body's region invited first, collective enterprises first.
func seedRules(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	st := rules.NewStore(db, nil)
	n := 0
	for _, t := range d.Tenants {
		existing, err := st.Policies(ctx, t.ID)
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			continue
		}
		pv := rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawMunicipal, From: rules.Day(2024, 1, 1),
			ResolutionNumber: "DEMO-2024-001", ResolutionDate: rules.Day(2023, 12, 12), GreAGreCeiling: 5_000_000, RotationMonths: 12,
			LocalScope: rules.TerritoryQuebec, LocalMechanism: rules.MechanismInvite, EESPreference: true,
			RequiredDocs: []rules.BandDocuments{{Band: rules.BandMiddle, Types: []string{"insurance"}}}},
			Concentration: rules.ConcentrationSetting{Limit: 5000, Level: 4}}
		if t.RegionCode != nil {
			pv.LocalScope, pv.LocalCodes = rules.TerritoryRegion, []string{*t.RegionCode}
		}
		if _, err := st.CreatePolicy(ctx, t.ID, pv, false); err != nil {
			return fmt.Errorf("seed policy of %s: %w", t.Slug, err)
		}
		n++
	}
	fmt.Fprintf(out, "procurement policies: %d created\n", n)
	return nil
}

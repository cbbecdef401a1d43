package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/suppliers"
)

// demoSuppliers are a few register records per demo body: real municipalities, made-up
// enterprises (the NEQs are well-formed, not real).
var demoSuppliers = []struct {
	neq, name, form, muni, unspsc, products string
	ees, adapted                            bool
	contact                                 suppliers.Contact
}{
	{"1170000001", "Coopérative de déneigement de la Rive-Sud", "cooperative", "58227", "72100000", "Déneigement, entretien des terrains", true, false,
		suppliers.Contact{Name: "Julie Gagnon", Role: "Directrice générale", Email: "soumissions@deneigement-rive-sud.example", Phone: "450 555-0101", Purpose: "Soumissions et bons de commande"}},
	{"1170000002", "Traiteur Solidaire", "nonprofit", "58227", "90100000", "Repas pour événements, boîtes à lunch", true, true,
		suppliers.Contact{Name: "Karim Benali", Email: "commandes@traiteur-solidaire.example", Phone: "450 555-0102", Purpose: "Commandes"}},
	{"1170000003", "Imprimerie Côté et fils inc.", "corporation", "58227", "82120000", "Impression, affiches, reliure", false, false,
		suppliers.Contact{Name: "Luc Côté", Email: "luc@imprimerie-cote.example", Phone: "450 555-0103", Purpose: "Soumissions"}},
	{"1170000004", "Atelier Émeraude (entreprise adaptée)", "nonprofit", "75017", "76110000", "Entretien ménager de bureaux", true, true,
		suppliers.Contact{Name: "Émilie Roy", Email: "emilie.roy@atelier-emeraude.example", Phone: "450 555-0104", Purpose: "Soumissions et facturation"}},
	{"1170000005", "Coop Horticole des Laurentides", "cooperative", "75017", "70110000", "Aménagement paysager, plantation", true, false,
		suppliers.Contact{Name: "Sophie Lavoie", Email: "info@coop-horticole.example", Phone: "450 555-0105", Purpose: "Soumissions"}},
	{"1170000006", "Services informatiques Bas-Saint-Laurent", "corporation", "10043", "81110000", "Soutien informatique", false, false,
		suppliers.Contact{Name: "Marc Pelletier", Email: "soutien@si-bsl.example", Phone: "418 555-0106", Purpose: "Soutien et contrats"}},
}

// seedSuppliers fills each demo body's register (idempotent: a NEQ already there is kept).
func seedSuppliers(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	places, err := quebec.LoadPlaces(ctx, db)
	if err != nil {
		return err
	}
	ref, err := suppliers.LoadReference(ctx, db, places)
	if err != nil {
		return err
	}
	st := suppliers.NewStore(db, nil)
	n := 0
	for _, t := range d.Tenants {
		for _, x := range demoSuppliers {
			s := suppliers.Supplier{NEQ: quebec.NEQ(x.neq), LegalName: x.name, LegalForm: quebec.LegalForm(x.form),
				MunicipalityCode: x.muni, QuebecEstablishment: true, UNSPSC: []string{x.unspsc}, ProductsServices: x.products,
				Adapted: x.adapted, Status: suppliers.StateApproved, Contacts: []suppliers.Contact{x.contact}}
			if x.ees {
				now := time.Now()
				s.EESCriteria, s.Attestation, s.AttestedBy, s.AttestedAt = suppliers.EESCriteria(), suppliers.AttestDeclared, "démo", &now
			}
			err := st.Create(ctx, t.ID, ref, &s)
			if errs.Is(err, errs.Conflict) {
				continue
			}
			if err != nil {
				return fmt.Errorf("seed supplier %s in %s: %w", x.neq, t.Slug, err)
			}
			n++
		}
	}
	fmt.Fprintf(out, "%d demo suppliers added\n", n)
	return nil
}

// seedBench loads the register benchmark's data set (README, "Benchmarks"): by default 1,000
// bodies of 2,000 suppliers and one of 50,000, through COPY. It runs as the owner role.
func seedBench(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if cfg.Env == "production" {
		return errors.New("seed bench refuses to run with MAILLAGE_ENV=production")
	}
	fs := flag.NewFlagSet("seed bench", flag.ContinueOnError)
	fs.SetOutput(out)
	spec := suppliers.BenchSpec{Seed: 1}
	fs.IntVar(&spec.Tenants, "tenants", 1000, "number of small bodies")
	fs.IntVar(&spec.PerTenant, "suppliers", 2000, "suppliers per small body")
	fs.IntVar(&spec.Big, "big", 50000, "suppliers of the large body (bench-big)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if spec.Tenants < 0 || spec.PerTenant < 0 || spec.Big < 0 || spec.PerTenant > 1_000_000 || spec.Big > 10_000_000 {
		return errors.New("seed bench: sizes must be positive and reasonable")
	}
	if cfg.MigrationURL == "" {
		return errors.New("MIGRATION_DATABASE_URL is not set (seed bench runs as the owner role)")
	}
	db, err := database.Open(ctx, cfg.MigrationURL, database.Options{MaxOpenConns: 2})
	if err != nil {
		return err
	}
	defer database.Close(db)
	start := time.Now()
	if err := suppliers.GenerateBench(ctx, db, spec, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "bench data ready in %s\n", time.Since(start).Round(time.Second))
	return nil
}

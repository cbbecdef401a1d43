package suppliers

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"maillage/app/quebec"
)

// BenchSpec sizes a generated set of registers for benchmarks.
type BenchSpec struct {
	Tenants   int   // small bodies, slugs bench-0001…
	PerTenant int   // suppliers in each
	Big       int   // suppliers of the one large body, slug bench-big (0: none)
	Seed      int64 // same seed, same data
}

// Name parts of generated enterprises (French, with accents, like real registers).
var (
	genKinds  = []string{"Coopérative", "Entreprise", "Services", "Atelier", "Groupe", "Traiteur", "Imprimerie", "Déneigement", "Ébénisterie", "Transport", "Construction", "Nettoyage", "Solidarité", "Centre", "Ferme"}
	genPlaces = []string{"du Lac", "Saint-Laurent", "Boréal", "des Érables", "de la Vallée", "du Fjord", "Côte-Nord", "des Appalaches", "Rive-Sud", "des Îles", "du Plateau", "Sainte-Thérèse", "des Laurentides", "de l’Estrie", "Beauce"}
	genTrades = []string{"et fils", "inc.", "coop", "solidaire", "plus", "écologique", "régional", "communautaire", "express", "artisanal"}
	genOffers = []string{"déneigement", "entretien paysager", "repas et traiteur", "impression", "nettoyage de bureaux", "menuiserie", "réparation de vélos", "transport adapté", "informatique", "recyclage", "couture", "rénovation"}
	genUNSPSC = []string{"72100000", "70110000", "90100000", "82120000", "76110000", "81110000", "78100000", "72150000"}
)

// GenerateBench loads generated registers quickly: rows are streamed with COPY into a
// staging table, then moved with one INSERT … SELECT per body inside that body's tenant
// transaction (RLS is forced even for the owner, and COPY cannot write through it). The
// trigram and array indexes are rebuilt once at the end rather than row by row. Bodies
// that already hold their suppliers are skipped, so an interrupted run can resume.
// owner must be the owner role's pool (it drops and creates the two indexes).
func GenerateBench(ctx context.Context, owner *gorm.DB, spec BenchSpec, out io.Writer) error {
	var munis []quebec.Municipality
	if err := owner.WithContext(ctx).Raw(`SELECT code, coalesce(mrc_code, '') AS mrc_code, region_code FROM municipalities ORDER BY code`).Scan(&munis).Error; err != nil {
		return err
	}
	type body struct {
		slug string
		n    int
	}
	var bodies []body
	for i := 1; i <= spec.Tenants; i++ {
		bodies = append(bodies, body{fmt.Sprintf("bench-%04d", i), spec.PerTenant})
	}
	if spec.Big > 0 {
		bodies = append(bodies, body{"bench-big", spec.Big})
	}
	sqlDB, err := owner.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// First pass: which bodies still need their suppliers (an interrupted run resumes).
	type todo struct {
		id   uuid.UUID
		slug string
		have int
		n    int
	}
	var work []todo
	for _, b := range bodies {
		var id uuid.UUID
		if err := conn.QueryRowContext(ctx, `INSERT INTO tenants (slug, name) VALUES ($1, $2)
			ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`, b.slug, "Organisme "+b.slug).Scan(&id); err != nil {
			return fmt.Errorf("bench tenant %s: %w", b.slug, err)
		}
		var have int
		if err := inTenantConn(ctx, conn, id, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM suppliers WHERE tenant_id = $1`, id).Scan(&have)
		}); err != nil {
			return err
		}
		if have < b.n {
			work = append(work, todo{id, b.slug, have, b.n})
		}
	}
	if len(work) == 0 {
		return nil
	}
	start := time.Now()
	if _, err := conn.ExecContext(ctx, `DROP INDEX IF EXISTS suppliers_search_idx, suppliers_unspsc_idx`); err != nil {
		return err
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `CREATE INDEX IF NOT EXISTS suppliers_unspsc_idx ON suppliers USING gin (tenant_id, unspsc)`)
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `CREATE INDEX IF NOT EXISTS suppliers_search_idx ON suppliers USING gin (tenant_id, search_text gin_trgm_ops)`)
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ANALYZE suppliers`)
	}()
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS bench_stage (tenant_id uuid, neq text, legal_name text,
		legal_form text, ees boolean, adapted boolean, municipality_code text, mrc_code text, region_code text, unspsc text[],
		products_services text, status text)`); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(spec.Seed), 7))
	total := 0
	for _, b := range work {
		id, have := b.id, b.have
		rows := make([][]any, 0, b.n)
		for i := have; i < b.n; i++ {
			m := munis[rng.IntN(len(munis))]
			name := genKinds[rng.IntN(len(genKinds))] + " " + genPlaces[rng.IntN(len(genPlaces))] + " " + genTrades[rng.IntN(len(genTrades))] + fmt.Sprintf(" %d", i)
			form, ees := "corporation", false
			if rng.IntN(5) == 0 {
				form, ees = []string{"cooperative", "nonprofit"}[rng.IntN(2)], true
			}
			status := "approved"
			if rng.IntN(10) == 0 {
				status = []string{"applied", "suspended", "under_review"}[rng.IntN(3)]
			}
			rows = append(rows, []any{id, fmt.Sprintf("%010d", 1100000000+i), name, form, ees, ees && rng.IntN(4) == 0, m.Code,
				nilIfEmpty(m.MRCCode), m.RegionCode, []string{genUNSPSC[rng.IntN(len(genUNSPSC))]},
				genOffers[rng.IntN(len(genOffers))] + ", " + genOffers[rng.IntN(len(genOffers))], status})
		}
		if err := conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			if _, err := pc.Exec(ctx, `TRUNCATE bench_stage`); err != nil {
				return err
			}
			_, err := pc.CopyFrom(ctx, pgx.Identifier{"bench_stage"}, []string{"tenant_id", "neq", "legal_name", "legal_form", "ees", "adapted",
				"municipality_code", "mrc_code", "region_code", "unspsc", "products_services", "status"}, pgx.CopyFromRows(rows))
			return err
		}); err != nil {
			return fmt.Errorf("copy %s: %w", b.slug, err)
		}
		err = inTenantConn(ctx, conn, id, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO suppliers (tenant_id, neq, legal_name, legal_form, ees, ees_criteria, ees_attestation,
				ees_attested_by, ees_attested_at, adapted, quebec_establishment, municipality_code, mrc_code, region_code, unspsc,
				products_services, status)
				SELECT tenant_id, neq, legal_name, legal_form, ees,
				       CASE WHEN ees THEN ARRAY['meets_needs','independent','democratic','viable','limited_surplus','assets_to_similar'] ELSE '{}' END,
				       CASE WHEN ees THEN 'declared' ELSE 'none' END, CASE WHEN ees THEN 'bench' ELSE '' END, CASE WHEN ees THEN now() END,
				       adapted, true, municipality_code, mrc_code, region_code, unspsc, products_services, status
				  FROM bench_stage ON CONFLICT (tenant_id, neq) DO NOTHING`)
			return err
		})
		if err != nil {
			return fmt.Errorf("insert %s: %w", b.slug, err)
		}
		total += len(rows)
		if out != nil && (b.slug == "bench-big" || strings.HasSuffix(b.slug, "00")) {
			fmt.Fprintf(out, "%s: %d suppliers loaded in %s\n", b.slug, total, time.Since(start).Round(time.Second))
		}
	}
	return nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// inTenantConn runs fn in a transaction of conn whose app.tenant_id is set.
func inTenantConn(ctx context.Context, conn *sql.Conn, tenantID uuid.UUID, fn func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck
	if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tenantID.String()); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

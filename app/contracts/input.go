// Package contracts keeps a tenant's contracts (awarded purchases) and their amendments: typed by hand,
// imported from CSV/XLSX (all-or-nothing, row-level errors) or loaded from SEAO open data (idempotent).
// The supplier's EES / adapted / local status is captured at award time, because a declaration's
// progress counts what the supplier was when the contract was given.
package contracts

import (
	"regexp"
	"strings"
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Sources of a contract.
const (
	SourceTyped    = "typed"
	SourceImported = "imported"
	SourceSEAO     = "seao"
)

// MaxCents bounds every amount: one billion dollars is a typing error, not a municipal contract.
const MaxCents int64 = 100_000_000_000

var (
	unspscRE    = regexp.MustCompile(`^[0-9]{8}$`)
	seaoRE      = regexp.MustCompile(`^[0-9]{1,12}$`)
	regionRE    = regexp.MustCompile(`^(0[1-9]|1[0-7])$`)
	seaoBuyerRE = regexp.MustCompile(`^OP-[0-9]{1,12}$`)
	minDate     = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate     = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	natures     = []string{"goods", "services", "construction"}
	procedures  = []string{"gre_a_gre", "invitation", "public_call"}
	statuses    = []string{"active", "completed", "terminated"}
	forms       = []string{"", "nonprofit", "coop", "solidarity_coop"}
)

// Input is a contract as entered, imported or loaded, before it is stored.
type Input struct {
	Line              int        `json:"-"` // the row's line in an imported file, for its messages
	SupplierID        string     `json:"supplier_id,omitempty"`
	SupplierName      string     `json:"supplier_name"`
	SupplierNEQ       string     `json:"supplier_neq,omitempty"`
	SupplierEES       bool       `json:"supplier_ees"`
	SupplierAdapted   bool       `json:"supplier_adapted"`
	SupplierLocal     bool       `json:"supplier_local"`
	SupplierLegalForm string     `json:"supplier_legal_form,omitempty"`
	SupplierRegion    string     `json:"supplier_region,omitempty"`
	Object            string     `json:"object"`
	Category          string     `json:"category,omitempty"`
	Nature            string     `json:"nature"`
	Procedure         string     `json:"procedure"`
	AwardedCents      int64      `json:"awarded_cents"`
	AwardedTaxedCents *int64     `json:"awarded_taxed_cents,omitempty"`
	FinalCents        *int64     `json:"final_cents,omitempty"`
	FinalTaxedCents   *int64     `json:"final_taxed_cents,omitempty"`
	AwardedOn         time.Time  `json:"awarded_on"`
	StartsOn          *time.Time `json:"starts_on,omitempty"`
	EndsOn            *time.Time `json:"ends_on,omitempty"`
	Status            string     `json:"status,omitempty"`
	SEAONumber        string     `json:"seao_number,omitempty"`
	SEAOOCID          string     `json:"-"`
	SEAOAwardID       string     `json:"-"`
	AdviceID          string     `json:"advice_id,omitempty"`
}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Normalize trims text fields and fills defaults.
func (in *Input) Normalize() {
	in.SupplierName = strings.TrimSpace(in.SupplierName)
	in.SupplierNEQ = quebec.NormalizeNEQ(in.SupplierNEQ)
	in.Object = strings.TrimSpace(in.Object)
	in.Category = strings.TrimSpace(in.Category)
	in.SEAONumber = strings.TrimSpace(in.SEAONumber)
	if in.Status == "" {
		in.Status = "active"
	}
}

// Validate checks the contract; row is the import row (0 when not an import) so that errors
// point at the right line.
func (c Input) Validate(v *errs.Validation, row int) {
	add := func(field, key string, args map[string]any) { v.AddRow(row, field, key, args) }
	if l := len([]rune(c.SupplierName)); l < 1 || l > 300 {
		add("supplier_name", "contracts.supplier_name_required", nil)
	}
	if c.SupplierNEQ != "" && !quebec.ValidNEQ(c.SupplierNEQ) {
		add("supplier_neq", "contracts.neq_invalid", map[string]any{"Value": c.SupplierNEQ})
	}
	if !in(forms, c.SupplierLegalForm) {
		add("supplier_legal_form", "contracts.legal_form_invalid", nil)
	}
	if c.SupplierRegion != "" && !regionRE.MatchString(c.SupplierRegion) {
		add("supplier_region", "contracts.region_invalid", nil)
	}
	if l := len([]rune(c.Object)); l < 1 || l > 500 {
		add("object", "contracts.object_required", nil)
	}
	if c.Category != "" && !unspscRE.MatchString(c.Category) {
		add("category", "contracts.category_invalid", map[string]any{"Value": c.Category})
	}
	if !in(natures, c.Nature) {
		add("nature", "contracts.nature_invalid", nil)
	}
	if !in(procedures, c.Procedure) {
		add("procedure", "contracts.procedure_invalid", nil)
	}
	if !in(statuses, c.Status) {
		add("status", "contracts.status_invalid", nil)
	}
	checkAmount(add, "awarded_cents", &c.AwardedCents)
	checkAmount(add, "awarded_taxed_cents", c.AwardedTaxedCents)
	checkAmount(add, "final_cents", c.FinalCents)
	checkAmount(add, "final_taxed_cents", c.FinalTaxedCents)
	if c.AwardedOn.IsZero() {
		add("awarded_on", "contracts.date_required", nil)
	} else if c.AwardedOn.Before(minDate) || !c.AwardedOn.Before(maxDate) {
		add("awarded_on", "contracts.date_out_of_range", nil)
	}
	for field, d := range map[string]*time.Time{"starts_on": c.StartsOn, "ends_on": c.EndsOn} {
		if d != nil && (d.Before(minDate) || !d.Before(maxDate)) {
			add(field, "contracts.date_out_of_range", nil)
		}
	}
	if c.StartsOn != nil && c.EndsOn != nil && c.EndsOn.Before(*c.StartsOn) {
		add("ends_on", "contracts.end_before_start", nil)
	}
	if c.SEAONumber != "" && !seaoRE.MatchString(c.SEAONumber) {
		add("seao_number", "contracts.seao_number_invalid", nil)
	}
}

func checkAmount(add func(string, string, map[string]any), field string, c *int64) {
	switch {
	case c == nil:
	case *c < 0:
		add(field, "contracts.amount_negative", nil)
	case *c > MaxCents:
		add(field, "contracts.amount_absurd", nil)
	}
}

package rules

import "time"

// Source says where a rule comes from.
type Source string

const (
	SourceLaw      Source = "law"      // a platform legal reference value
	SourcePolicy   Source = "policy"   // the tenant's policy (RGC) version
	SourceRegister Source = "register" // a fact of the body's own register (category, status, past awards)
)

// RuleRef identifies the rule behind an answer line: which key, which version, which text.
type RuleRef struct {
	Key       string `json:"key"`
	Version   string `json:"version"`
	Citation  string `json:"citation"`
	Confirmed bool   `json:"confirmed"`
	Source    Source `json:"source"`
	URL       string `json:"url,omitempty"` // where the law's text can be read, when known
}

// Line is one statement of an answer: a message ID with its arguments, and the rule behind it.
type Line struct {
	Rule  RuleRef        `json:"rule"`
	MsgID string         `json:"msg_id"`
	Args  map[string]any `json:"args,omitempty"`
}

// Procedure is the award procedure a purchase requires.
type Procedure string

const (
	GreAGre    Procedure = "gre_a_gre"   // direct award
	Invitation Procedure = "invitation"  // written invitation to at least two suppliers
	PublicCall Procedure = "public_call" // public call for tenders on SEAO
)

// Band is the legal amount band a purchase falls in, whatever procedure the policy then allows.
type Band string

const (
	BandSmall  Band = "small"  // under the invitation floor
	BandMiddle Band = "middle" // from the invitation floor up to the public-tender threshold
	BandPublic Band = "public" // at or above the public-tender threshold
)

// Requirement is one document or check to require of the chosen supplier.
type Requirement struct {
	DocType string `json:"doc_type"`
	Line    Line   `json:"line"`
}

// RankedSupplier is an eligible supplier with its place and the reasons for it.
type RankedSupplier struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
	Rank       int    `json:"rank"` // 1-based
	Reasons    []Line `json:"reasons"`
}

// ExcludedSupplier is a register supplier that may not be chosen, with every reason why.
type ExcludedSupplier struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
	Reasons    []Line `json:"reasons"`
}

// NamedSupplier names a register supplier.
type NamedSupplier struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
}

// Advice is the engine's whole answer for one planned purchase.
type Advice struct {
	LaunchDate time.Time `json:"launch_date"`
	AwardDate  time.Time `json:"award_date,omitzero"`
	Amount     Cents     `json:"amount_cents"`  // estimate before taxes, as typed
	Options    Cents     `json:"options_cents"` // renewal options before taxes, as typed
	// Expense is what the thresholds were compared with: for a municipal body the estimate and its
	// options plus net taxes, rounded to the cent (the comparison itself is exact).
	Expense       Cents              `json:"expense_cents"`
	Regime        Regime             `json:"regime"`
	Body          Body               `json:"body"`
	LawOnly       bool               `json:"law_only"` // no policy version in force on the launch date: the law alone answered
	Band          Band               `json:"band"`
	Procedure     Procedure          `json:"procedure"`
	PolicyVersion string             `json:"policy_version,omitempty"`
	Basis         []Line             `json:"basis"` // how the compared expense was computed, under which law
	ProcedureWhy  []Line             `json:"procedure_lines"`
	Preferences   []Line             `json:"preferences"`
	Exemptions    []Line             `json:"exemptions"`
	Documents     []Requirement      `json:"documents"`
	Warnings      []Line             `json:"warnings"`
	Ranked        []RankedSupplier   `json:"ranked"`
	Excluded      []ExcludedSupplier `json:"excluded"`
	OutOfCategory int                `json:"out_of_category"` // register suppliers outside the category, not listed
	// Uncategorized names register suppliers left out because they have no category at all (the
	// first ones by name; UncategorizedCount counts them all). They are part of OutOfCategory.
	Uncategorized      []NamedSupplier `json:"uncategorized,omitempty"`
	UncategorizedCount int             `json:"uncategorized_count"`
}

// MessageIDs returns every message ID the answer uses, in order of appearance.
func (a Advice) MessageIDs() []string {
	var ids []string
	add := func(ls []Line) {
		for _, l := range ls {
			ids = append(ids, l.MsgID)
		}
	}
	add(a.Basis)
	add(a.ProcedureWhy)
	add(a.Preferences)
	add(a.Exemptions)
	for _, d := range a.Documents {
		ids = append(ids, d.Line.MsgID)
	}
	add(a.Warnings)
	for _, r := range a.Ranked {
		add(r.Reasons)
	}
	for _, x := range a.Excluded {
		add(x.Reasons)
	}
	return ids
}

// emptyLists makes every list of the answer non-nil, so clients always read arrays (never null).
func (a *Advice) emptyLists() {
	for _, ls := range []*[]Line{&a.Basis, &a.ProcedureWhy, &a.Preferences, &a.Exemptions, &a.Warnings} {
		if *ls == nil {
			*ls = []Line{}
		}
	}
	if a.Documents == nil {
		a.Documents = []Requirement{}
	}
	if a.Ranked == nil {
		a.Ranked = []RankedSupplier{}
	}
	if a.Excluded == nil {
		a.Excluded = []ExcludedSupplier{}
	}
}

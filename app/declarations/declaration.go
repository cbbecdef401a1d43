package declarations

import "time"

// Status is where a declaration stands: a draft is edited freely, an adopted one is versioned.
type Status string

const (
	Draft   Status = "draft"
	Adopted Status = "adopted"
)

// Declaration is one tenant's declaration of commitment for one period.
type Declaration struct {
	ID               string       `json:"id"`
	Version          int          `json:"version"`           // 1 on creation; +1 for each change after adoption
	Status           Status       `json:"status"`            // draft or adopted
	ResolutionNumber string       `json:"resolution_number"` // council resolution that adopted it, e.g. "CM-2026-045"
	ResolutionDate   time.Time    `json:"resolution_date"`
	PeriodStart      time.Time    `json:"period_start"` // first day, inclusive
	PeriodEnd        time.Time    `json:"period_end"`   // last day, inclusive
	TextFR           string       `json:"text_fr"`      // the model text as the body edited it
	TextEN           string       `json:"text_en"`
	Eligibility      Eligibility  `json:"eligibility"`
	Targets          []Target     `json:"targets"`
	Commitments      []Commitment `json:"commitments"`
}

// TargetKind says what a quantitative target measures.
type TargetKind string

const (
	// EESAmount: spend awarded to EES in the period, in cents.
	EESAmount TargetKind = "ees_amount"
	// EESShare: share of the eligible spend going to EES, in basis points.
	EESShare TargetKind = "ees_share"
	// DistinctEES: number of distinct EES with at least one contract in the period.
	DistinctEES TargetKind = "distinct_ees"
	// NewRelationships: number of EES with a contract in the period and none before it.
	NewRelationships TargetKind = "new_relationships"
	// SegmentEESAmount: spend to EES in one UNSPSC segment, in cents.
	SegmentEESAmount TargetKind = "segment_ees_amount"
	// SegmentEESShare: share of the eligible spend of one UNSPSC segment going to EES, in basis points.
	SegmentEESShare TargetKind = "segment_ees_share"
	// LocalShare: share of the eligible spend going to suppliers established in a territory
	// (the body's MRC or region), in basis points.
	LocalShare TargetKind = "local_share"
)

// TargetKinds lists every kind, in the order forms and reports show them.
var TargetKinds = []TargetKind{EESAmount, EESShare, DistinctEES, NewRelationships, SegmentEESAmount, SegmentEESShare, LocalShare}

// Unit is the unit of a target's value.
type Unit string

const (
	Cents       Unit = "cents"
	Count       Unit = "count"
	BasisPoints Unit = "basis_points"
)

// Unit returns the unit in which a target of this kind is expressed.
func (k TargetKind) Unit() Unit {
	switch k {
	case EESAmount, SegmentEESAmount:
		return Cents
	case EESShare, SegmentEESShare, LocalShare:
		return BasisPoints
	default:
		return Count
	}
}

// Cumulative reports whether the measure grows over the period (amounts, counts), so that a
// pro-rata line makes sense; a share does not accumulate.
func (k TargetKind) Cumulative() bool { return k.Unit() != BasisPoints }

// ProRated reports whether a pro-rata expectation on a given day makes sense: amounts are spent along the
// period; a count of enterprises is not (six enterprises by year-end does not mean three by June), nor a share.
func (k TargetKind) ProRated() bool { return k.Unit() == Cents }

// Target is one quantitative target of a declaration.
type Target struct {
	Key       string     `json:"key"`       // stable across versions, so history can follow one target
	Kind      TargetKind `json:"kind"`      // what is measured
	Value     int64      `json:"value"`     // cents, count or basis points according to Kind.Unit()
	Segment   string     `json:"segment"`   // UNSPSC segment, 2 digits ("72"), for segment kinds
	Territory Territory  `json:"territory"` // for LocalShare
}

// Territory is where a supplier must be established to count as local.
type Territory struct {
	Level string `json:"level"` // "mrc" or "region"
	Code  string `json:"code"`  // MAMH code: 3 digits for an MRC, 2 digits (01–17) for a region
}

// Territory levels.
const (
	LevelMRC    = "mrc"
	LevelRegion = "region"
	// LevelPolicy: local as the body's purchasing policy defined it, as captured on the contract at
	// award (the rules area records it), whatever the territory (MRC, region or Québec).
	LevelPolicy = "policy"
)

// CommitmentStatus is the state of a qualitative commitment.
type CommitmentStatus string

const (
	Planned    CommitmentStatus = "planned"
	InProgress CommitmentStatus = "in_progress"
	Done       CommitmentStatus = "done"
	NotDone    CommitmentStatus = "not_done"
)

// CommitmentStatuses lists every status in display order.
var CommitmentStatuses = []CommitmentStatus{Planned, InProgress, Done, NotDone}

// Commitment is a qualitative commitment ("two buyers trained"), with its status and evidence.
type Commitment struct {
	Key       string           `json:"key"`
	TextFR    string           `json:"text_fr"`
	TextEN    string           `json:"text_en"`
	Status    CommitmentStatus `json:"status"`
	Evidence  string           `json:"evidence"`   // what shows it: a date, a document, a list of invitations
	UpdatedAt time.Time        `json:"updated_at"` // when the status or evidence last changed
}

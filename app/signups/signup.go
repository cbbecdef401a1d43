package signups

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"maillage/app/errs"
)

// TermsVersion is the version of the terms of use a sign-up accepts (README "Sign-up and billing").
const TermsVersion = "2026-12"

// ConfirmTTL is how long an e-mail confirmation link works.
const ConfirmTTL = 48 * time.Hour

// Statuses of a sign-up.
const (
	AwaitingEmail = "awaiting_email" // the confirmation link has not been followed yet
	Pending       = "pending"        // confirmed, waiting for a platform admin
	Approved      = "approved"       // the body exists
	Refused       = "refused"
)

// Kinds of body that may sign up (tenants.Kinds): enterprises, pôles and provincial staff never sign up
// nor pay; they log in.
var Kinds = []string{"municipality", "mrc", "regie", "school_service_centre", "health", "ministry", "other"}

// Request is what the sign-up form or API sends.
type Request struct {
	BodyName         string `json:"body_name" form:"body_name"`
	Kind             string `json:"kind" form:"kind"`
	MunicipalityCode string `json:"municipality_code" form:"municipality_code"` // MAMH geographic code (kind municipality)
	MRCCode          string `json:"mrc_code" form:"mrc_code"`                   // kind mrc
	Identification   string `json:"identification" form:"identification"`       // other bodies: how to recognise them
	PersonName       string `json:"person_name" form:"person_name"`
	PersonTitle      string `json:"person_title" form:"person_title"`
	Email            string `json:"email" form:"email"`
	AcceptTerms      bool   `json:"accept_terms" form:"accept_terms"`
	Lang             string `json:"-" form:"-"`
}

// Signup is a stored request.
type Signup struct {
	ID               uuid.UUID  `json:"id"`
	Status           string     `json:"status"`
	BodyName         string     `json:"body_name"`
	Kind             string     `json:"kind"`
	MunicipalityCode string     `json:"municipality_code,omitempty"`
	MRCCode          string     `json:"mrc_code,omitempty"`
	Identification   string     `json:"identification,omitempty"`
	Population       *int       `json:"population,omitempty"`
	RegionCode       string     `json:"region_code,omitempty"`
	PersonName       string     `json:"person_name"`
	PersonTitle      string     `json:"person_title,omitempty"`
	Email            string     `json:"email"`
	Lang             string     `json:"lang"`
	Verified         bool       `json:"verified"`
	EmailConfirmedAt *time.Time `json:"email_confirmed_at,omitempty"`
	DecidedAt        *time.Time `json:"decided_at,omitempty"`
	RefusalReason    string     `json:"refusal_reason,omitempty"`
	ApprovedTenantID *uuid.UUID `json:"approved_tenant_id,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	// Place names for pages (not stored).
	MunicipalityName string `json:"municipality_name,omitempty"`
	MRCName          string `json:"mrc_name,omitempty"`
	RegionName       string `json:"region_name,omitempty"`
}

var codeRE = regexp.MustCompile(`^[0-9]{3,5}$`)

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// normalize trims the request and checks what needs no database. The e-mail is lowercased.
func (r *Request) normalize() error {
	r.BodyName, r.PersonName, r.PersonTitle = clean(r.BodyName), clean(r.PersonName), clean(r.PersonTitle)
	r.Identification = clean(r.Identification)
	r.MunicipalityCode, r.MRCCode = strings.TrimSpace(r.MunicipalityCode), strings.TrimSpace(r.MRCCode)
	r.Email = strings.ToLower(strings.TrimSpace(r.Email))
	r.Kind = strings.TrimSpace(r.Kind)
	var v errs.Validation
	for _, f := range []struct{ name, val string }{{"body_name", r.BodyName}, {"person_name", r.PersonName}, {"person_title", r.PersonTitle},
		{"identification", r.Identification}, {"email", r.Email}} {
		if strings.ContainsFunc(f.val, func(c rune) bool { return c < 0x20 || c == 0x7f }) || !utf8.ValidString(f.val) {
			v.Add(f.name, "signups.err.characters", nil)
		}
	}
	if n := utf8.RuneCountInString(r.BodyName); n < 2 || n > 200 {
		v.Add("body_name", "signups.err.body_name", nil)
	}
	if n := utf8.RuneCountInString(r.PersonName); n < 2 || n > 200 {
		v.Add("person_name", "signups.err.person_name", nil)
	}
	if utf8.RuneCountInString(r.PersonTitle) > 200 {
		v.Add("person_title", "signups.err.too_long", map[string]any{"Max": 200})
	}
	if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email || len(r.Email) > 254 || !strings.Contains(domainOf(r.Email), ".") {
		v.Add("email", "signups.err.email", nil)
	}
	kindOK := false
	for _, k := range Kinds {
		kindOK = kindOK || k == r.Kind
	}
	switch {
	case !kindOK:
		v.Add("kind", "signups.err.kind", nil)
	case r.Kind == "municipality" && !codeRE.MatchString(r.MunicipalityCode):
		v.Add("municipality_code", "signups.err.municipality_required", nil)
	case r.Kind == "mrc" && !codeRE.MatchString(r.MRCCode):
		v.Add("mrc_code", "signups.err.mrc_required", nil)
	case r.Kind != "municipality" && r.Kind != "mrc" && utf8.RuneCountInString(r.Identification) < 5:
		v.Add("identification", "signups.err.identification_required", nil)
	}
	if utf8.RuneCountInString(r.Identification) > 300 {
		v.Add("identification", "signups.err.too_long", map[string]any{"Max": 300})
	}
	if !r.AcceptTerms {
		v.Add("accept_terms", "signups.err.terms", nil)
	}
	if r.Lang != "en" {
		r.Lang = "fr"
	}
	return v.Err()
}

func domainOf(email string) string {
	if i := strings.LastIndex(email, "@"); i >= 0 {
		return email[i+1:]
	}
	return ""
}

// newToken returns a confirmation token and the hash that is stored.
func newToken() (string, string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	return tok, hashToken(tok)
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

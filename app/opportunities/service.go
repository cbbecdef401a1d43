package opportunities

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/mail"
)

// Service is the opportunities area: notices, a body's opportunities, alerts, matches, digests. It is
// the only writer of its tables.
type Service struct {
	db      *gorm.DB
	now     func() time.Time
	key     []byte // signs alert feed and unsubscribe links (HMAC-SHA-256)
	mail    *mail.Templates
	baseURL string
	// Trace, when set, receives how long each phase of a load, a match run or a digest run took
	// (benchmarks report it).
	Trace func(phase string, d time.Duration)
}

// phase times one step for Trace: defer s.phase("name")().
func (s *Service) phase(name string) func() {
	if s.Trace == nil {
		return func() {}
	}
	start := time.Now()
	return func() { s.Trace(name, time.Since(start)) }
}

// WithMail lets the service write e-mails (invitations) into the outbox, with links to baseURL.
func (s *Service) WithMail(t *mail.Templates, baseURL string) *Service {
	s.mail, s.baseURL = t, baseURL
	return s
}

// NewService builds the service; key (≥ 32 bytes, the server's secret) signs the links that work
// without login (an alert's feed, one-click unsubscribe).
func NewService(db *gorm.DB, now func() time.Time, key []byte) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, key: key}
}

// jsonArray is how string arrays travel to PostgreSQL: as JSON, unpacked by textArray in SQL (GORM
// would expand a Go slice into a list of parameters).
func jsonArray(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// textArray is the SQL that turns a jsonArray parameter into text[].
const textArray = `ARRAY(SELECT jsonb_array_elements_text(?::jsonb))`

// sign is the HMAC of a purpose and an id, hex: the token of a link that needs no login.
func (s *Service) sign(purpose string, id uuid.UUID) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose + ":" + id.String()))
	return hex.EncodeToString(m.Sum(nil))[:40]
}

func (s *Service) verify(purpose string, id uuid.UUID, token string) bool {
	return hmac.Equal([]byte(s.sign(purpose, id)), []byte(token))
}

// newToken returns a random link token (shown once, in the link) and its SHA-256 (stored).
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("token: %w", err)
	}
	token = hex.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// asEnterprise names the enterprise for the row-level security policies of this transaction.
func asEnterprise(tx *gorm.DB, enterpriseID uuid.UUID) error {
	if enterpriseID == uuid.Nil {
		return nil
	}
	return tx.Exec(`SELECT set_config('app.enterprise_id', ?, true)`, enterpriseID.String()).Error
}

// viewer is who reads: nobody (public), an enterprise (its account), or the holder of an invitation link.
type Viewer struct {
	UserID       uuid.UUID
	EnterpriseID uuid.UUID
	InviteToken  string // the raw token of an invitation link
}

// readAs runs fn in a read-only transaction where the visibility policies see v.
func (s *Service) readAs(ctx context.Context, v Viewer, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SET TRANSACTION READ ONLY`).Error; err != nil {
			return err
		}
		if err := asEnterprise(tx, v.EnterpriseID); err != nil {
			return err
		}
		if v.InviteToken != "" {
			if err := tx.Exec(`SELECT set_config('app.invite_token', ?, true)`, hashToken(v.InviteToken)).Error; err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// EnterpriseOf returns the enterprise profile id a user owns, uuid.Nil when none.
func (s *Service) EnterpriseOf(ctx context.Context, userID uuid.UUID) (uuid.UUID, error) {
	var ids []uuid.UUID
	if err := s.db.WithContext(ctx).Raw(`SELECT id FROM enterprises WHERE owner_user_id = ? ORDER BY created_at LIMIT 1`, userID).
		Scan(&ids).Error; err != nil {
		return uuid.Nil, fmt.Errorf("enterprise of user: %w", err)
	}
	if len(ids) == 0 {
		return uuid.Nil, nil
	}
	return ids[0], nil
}

func jsonUnmarshal(s string, into any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), into); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

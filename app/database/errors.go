package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"

	"maillage/app/errs"
	"maillage/app/input"
)

// Message IDs of the translated errors (frontend/locales/input.*.toml).
const (
	KeyUnavailable = "errors.database_unavailable"
	KeyInvalid     = "errors.invalid_input"
	KeyNotFound    = "errors.not_found"
	KeyRequired    = "input.required"
	KeyNumber      = "input.number_out_of_range"
	KeyRefused     = "input.value_refused"
	KeyDuplicate   = "errors.duplicate"
	KeyTaken       = "input.already_used"
	KeyUnknownRef  = "errors.reference_unknown"
	KeyInUse       = "errors.still_referenced"
	KeyOverlap     = "errors.overlap"
)

// Constraint names that point at one column (migrations 0900+): <column>_max_<N> bounds a length,
// <column>_plausible a date's range; PostgreSQL names an unnamed column CHECK <table>_<column>_check.
var (
	lengthCheck    = regexp.MustCompile(`^(.+)_max_(\d+)$`)
	plausibleCheck = regexp.MustCompile(`^(.+)_plausible$`)
)

// Translate turns the database errors that are the caller's input or the database's absence, not a bug,
// into error kinds; anything else comes back unchanged. The PostgreSQL error stays the cause (errors.As
// with *pgconn.PgError still finds it), so stores that look at a code keep working.
//
//   - a length CHECK (<column>_max_<N>) → Invalid, with a field error on that column and its limit;
//   - another CHECK, a bad value for a type (22P02 other than a uuid) or a function argument (22023), a bad date (22007/22008), a number
//     out of range (22003), a NUL or an invalid byte (22021, 22P05), a NOT NULL column left empty → Invalid;
//   - a malformed uuid (22P02 "type uuid": an id that cannot exist) → NotFound;
//   - a unique violation (23505) → Conflict, with a field error when the constraint is PostgreSQL's default
//     <table>_<column>_key; an exclusion violation (23P01, overlapping periods) → Conflict;
//   - a foreign key (23503) → Invalid when the row points at nothing, Conflict when a row still refers to the
//     one being deleted;
//
// An area that has a more precise message for one of its constraints (a duplicate NEQ, an overlapping
// policy) still finds the PostgreSQL error in the chain and says it instead.
//   - a connection refused or lost, a server shutting down or starting, too many connections → Unavailable
//     (503 with Retry-After), so an outage is never reported as a bug.
func Translate(err error) error {
	if err == nil || errs.As(err) != nil {
		return err
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return translatePg(err, pg)
	}
	if Unreachable(err) {
		return errs.E(errs.Unavailable, KeyUnavailable).Wrap(err)
	}
	return err
}

func translatePg(err error, pg *pgconn.PgError) error {
	switch {
	case pg.Code == "23514":
		if m := lengthCheck.FindStringSubmatch(pg.ConstraintName); m != nil {
			n, _ := strconv.Atoi(m[2])
			return errs.E(errs.Invalid, KeyInvalid).Wrap(err).Field(m[1], input.KeyTooLong, map[string]any{"Max": n})
		}
		if m := plausibleCheck.FindStringSubmatch(pg.ConstraintName); m != nil {
			return errs.E(errs.Invalid, KeyInvalid).Wrap(err).Field(m[1], input.KeyDateMin, nil)
		}
		e := errs.E(errs.Invalid, KeyInvalid).Wrap(err)
		if rest, ok := strings.CutPrefix(pg.ConstraintName, pg.TableName+"_"); ok && pg.TableName != "" {
			if col, ok := strings.CutSuffix(rest, "_check"); ok && col != "" {
				e = e.Field(col, KeyRefused, nil)
			}
		}
		return e
	case pg.Code == "23505":
		e := errs.E(errs.Conflict, KeyDuplicate).Wrap(err)
		if rest, ok := strings.CutPrefix(pg.ConstraintName, pg.TableName+"_"); ok && pg.TableName != "" {
			if col, ok := strings.CutSuffix(rest, "_key"); ok && col != "" && !strings.Contains(col, "_pkey") {
				e = e.Field(col, KeyTaken, nil)
			}
		}
		return e
	case pg.Code == "23P01":
		return errs.E(errs.Conflict, KeyOverlap).Wrap(err)
	case pg.Code == "23503":
		if strings.Contains(pg.Detail, "still referenced") {
			return errs.E(errs.Conflict, KeyInUse).Wrap(err)
		}
		return errs.E(errs.Invalid, KeyUnknownRef).Wrap(err)
	case pg.Code == "23502":
		e := errs.E(errs.Invalid, KeyInvalid).Wrap(err)
		if pg.ColumnName != "" {
			e = e.Field(pg.ColumnName, KeyRequired, nil)
		}
		return e
	case pg.Code == "22P02" && strings.Contains(pg.Message, "type uuid"):
		return errs.E(errs.NotFound, KeyNotFound).Wrap(err)
	case pg.Code == "22021" || pg.Code == "22P05":
		return errs.E(errs.Invalid, input.KeyControl).Wrap(err)
	case pg.Code == "22007" || pg.Code == "22008":
		return errs.E(errs.Invalid, input.KeyDate).Wrap(err)
	case pg.Code == "22003":
		return errs.E(errs.Invalid, KeyNumber).Wrap(err)
	case pg.Code == "22P02", pg.Code == "22023":
		return errs.E(errs.Invalid, KeyInvalid).Wrap(err)
	case strings.HasPrefix(pg.Code, "08"), pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03", pg.Code == "53300":
		return errs.E(errs.Unavailable, KeyUnavailable).Wrap(err)
	}
	return err
}

// Unreachable reports whether err says the database cannot be reached or the connection was lost (as
// opposed to a query the database refused).
func Unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pg *pgconn.PgError
	switch {
	case errors.As(err, &pg):
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03" || pg.Code == "53300"
	case errors.As(err, &ce), errors.As(err, &ne),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	msg := err.Error()
	return pgconn.SafeToRetry(err) || strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect")
}

// dialector is the PostgreSQL dialector with Translate as GORM's error translator: every error a query
// returns through GORM is translated once, where it happens, so services and handlers see kinds.
type dialector struct{ *postgres.Dialector }

func (dialector) Translate(err error) error { return Translate(err) }

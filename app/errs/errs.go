// Package errs is the one small set of error kinds the whole application speaks.
//
// Domain packages return *errs.Error values (or wrap them with fmt.Errorf("…: %w", err));
// the web adapter maps each Kind to an HTTP status and an RFC 9457 problem in exactly one
// place (app/web/errors.go). Messages are i18n message IDs, never sentences, so the same
// error can be shown in French or English.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error for its caller; it decides the HTTP status.
type Kind string

const (
	Invalid         Kind = "invalid"          // 400/422: the input is wrong; nothing changed
	BadRequest      Kind = "bad_request"      // 400: the request cannot be read or authenticated as sent (a webhook's signature)
	PaymentRequired Kind = "payment_required" // 402: the body's subscription has lapsed; its writes wait for payment
	Unauthenticated Kind = "unauthenticated"  // 401: no or bad credentials
	Forbidden       Kind = "forbidden"        // 403: known user, action not allowed
	NotFound        Kind = "not_found"        // 404: missing, or another tenant's (never 403 for those)
	Conflict        Kind = "conflict"         // 409: duplicate, stale state, illegal transition
	// PreconditionRequired: 428, a partial update (PATCH) that does not say which version it changes.
	PreconditionRequired Kind = "precondition_required"
	TooLarge             Kind = "too_large"    // 413: upload or body over the limit
	Unsupported          Kind = "unsupported"  // 415: wrong file type or encoding
	RateLimited          Kind = "rate_limited" // 429
	Unavailable          Kind = "unavailable"  // 503: a dependency is down
	Internal             Kind = "internal"     // 500: a bug; details are logged, never shown
)

// FieldError points at one input field (or one column of one row of an import).
type FieldError struct {
	Row    int            `json:"row,omitempty"`    // 1-based row of an import (its line in the file); 0 when not an import
	Field  string         `json:"field"`            // the field's stable name
	Column string         `json:"column,omitempty"` // for an import: the file's own header of that field, what the person sees
	Key    string         `json:"key"`              // i18n message ID
	Args   map[string]any `json:"args,omitempty"`   // template data for the message
}

// Error is the application's error value.
type Error struct {
	Kind   Kind
	Key    string         // i18n message ID for the summary, e.g. "suppliers.neq_taken"
	Args   map[string]any // template data for Key
	Fields []FieldError   // per-field or per-row details; may be empty
	Err    error          // the underlying cause, logged but not shown
}

func (e *Error) Error() string {
	msg := string(e.Kind) + ": " + e.Key
	if len(e.Fields) > 0 {
		msg += fmt.Sprintf(" (%d field errors)", len(e.Fields))
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error of a kind with a message ID.
func E(kind Kind, key string) *Error { return &Error{Kind: kind, Key: key} }

// With returns a copy of e with template data added.
func (e *Error) With(args map[string]any) *Error {
	c := *e
	c.Args = args
	return &c
}

// Wrap returns a copy of e with an underlying cause.
func (e *Error) Wrap(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// Field appends a field error and returns e (builder style).
func (e *Error) Field(field, key string, args map[string]any) *Error {
	e.Fields = append(e.Fields, FieldError{Field: field, Key: key, Args: args})
	return e
}

// KindOf returns the kind of the first *Error in err's chain, Internal when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the first *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Is reports whether err is of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// Validation collects field errors and turns into one Invalid error, or nil when none.
type Validation struct {
	Key    string
	Fields []FieldError
}

// Add records one field error.
func (v *Validation) Add(field, key string, args map[string]any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Key: key, Args: args})
}

// AddRow records one import row error.
func (v *Validation) AddRow(row int, field, key string, args map[string]any) {
	v.Fields = append(v.Fields, FieldError{Row: row, Field: field, Key: key, Args: args})
}

// Err returns nil when nothing was added, else an Invalid error carrying every field error.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	key := v.Key
	if key == "" {
		key = "errors.invalid_input"
	}
	return &Error{Kind: Invalid, Key: key, Fields: v.Fields}
}

// ErrWith is a shortcut for a validation error with a single field.
func (v *Validation) ErrWith(field, key string, args map[string]any) error {
	v.Add(field, key, args)
	return v.Err()
}

// Cause returns the innermost cause of an *Error chain (the error an Internal error wraps), or err itself.
func Cause(err error) error {
	for {
		e := As(err)
		if e == nil || e.Err == nil {
			return err
		}
		err = e.Err
	}
}

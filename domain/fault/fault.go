// Package fault holds the errors the domain returns, shaped so the UI can show them: a stable
// code (also the i18n key), a message and, for validation, a message per field.
package fault

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Sentinels. Wrap them with fmt.Errorf("...: %w", ErrX) to add context; Code still finds them.
var (
	ErrNotFound          = errors.New("not found")
	ErrForbidden         = errors.New("forbidden")
	ErrInvalidTransition = errors.New("invalid transition")
	ErrConflict          = errors.New("conflict")
	ErrTooLarge          = errors.New("too large")
	// ErrDuplicate is work already done by someone else (another desk's automatic work).
	ErrDuplicate = errors.New("duplicate")
	// ErrWrongPassword is a sign-in refused: unknown person or wrong password, never which.
	ErrWrongPassword = errors.New("wrong email or password")
	// ErrLockedOut is a sign-in refused after too many failures; the message says until when.
	ErrLockedOut = errors.New("too many failed sign-ins")
	// ErrSignedOut is a call made while nobody is signed in at the desk, or while it is locked.
	ErrSignedOut = errors.New("signed out")
)

// Validation reports one or more invalid fields. Fields maps a field name (as the UI names it)
// to a sentence saying what is wrong with it.
type Validation struct {
	Fields map[string]string
}

func (v *Validation) Error() string {
	keys := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+v.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field; the first message for a field wins.
func (v *Validation) Add(field, format string, args ...any) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = fmt.Sprintf(format, args...)
	}
}

// Limit records a problem with field when s has more than max characters; what names the
// text ("a title"). Characters are Unicode code points, which is what the forms count too. A
// text over its limit is refused, never cut.
func (v *Validation) Limit(field, what, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		v.Add(field, "%s has at most %d characters; this one has %d", what, max, n)
	}
}

// Err returns v as an error when it holds any field, else nil.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Field is a shorthand for a Validation with one field.
func Field(field, format string, args ...any) error {
	v := &Validation{}
	v.Add(field, format, args...)
	return v
}

// Codes the UI knows. They are part of the API: never rename one.
const (
	CodeNotFound          = "not_found"
	CodeForbidden         = "forbidden"
	CodeInvalidTransition = "invalid_transition"
	CodeValidation        = "validation"
	CodeConflict          = "conflict"
	CodeTooLarge          = "too_large"
	CodeDuplicate         = "duplicate"
	CodeInternal          = "internal"
	CodeWrongPassword     = "wrong_password"
	CodeLockedOut         = "locked_out"
	CodeSignedOut         = "signed_out"
)

// Code maps err to the stable code the UI shows.
func Code(err error) string {
	var v *Validation
	var coded interface{ FaultCode() string }
	switch {
	case err == nil:
		return ""
	case errors.As(err, &coded):
		// An error of its own kind with a stable code (a refused backup file, say).
		return coded.FaultCode()
	case errors.As(err, &v):
		return CodeValidation
	case errors.Is(err, ErrNotFound):
		return CodeNotFound
	case errors.Is(err, ErrForbidden):
		return CodeForbidden
	case errors.Is(err, ErrInvalidTransition):
		return CodeInvalidTransition
	case errors.Is(err, ErrConflict):
		return CodeConflict
	case errors.Is(err, ErrTooLarge):
		return CodeTooLarge
	case errors.Is(err, ErrDuplicate):
		return CodeDuplicate
	case errors.Is(err, ErrWrongPassword):
		return CodeWrongPassword
	case errors.Is(err, ErrLockedOut):
		return CodeLockedOut
	case errors.Is(err, ErrSignedOut):
		return CodeSignedOut
	default:
		return CodeInternal
	}
}

// Fields returns the per-field messages of a validation error, or nil.
func Fields(err error) map[string]string {
	var v *Validation
	if errors.As(err, &v) {
		return v.Fields
	}
	return nil
}

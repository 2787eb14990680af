package core

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Kind is the category of a store error. The API maps kinds to client codes in one place (the
// GraphQL error presenter); nothing reads an error's text to decide what it is.
type Kind uint8

const (
	// KindInternal: a fault of ours or the database's; the client learns nothing more.
	KindInternal Kind = iota
	// KindInvalid: the request cannot be carried out as asked (bad reference, bad value).
	KindInvalid
	// KindNotFound: the node or relationship asked for does not exist.
	KindNotFound
	// KindConflict: a write broke a uniqueness constraint (duplicate id or code), or an edit
	// was based on a revision that is no longer current (a lost update refused).
	KindConflict
	// KindForbidden: a write outside the actor's rights or scope.
	KindForbidden
	// KindUnavailable: Neo4j cannot be reached or is not ready.
	KindUnavailable
	// KindTimeout: the operation ran past its deadline.
	KindTimeout
)

var kindNames = [...]string{"internal error", "invalid", "not found", "conflict", "forbidden", "neo4j unavailable", "timeout"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind %d", k)
}

// Error is every error the store reports about a request: its Kind, and Msg, a message that names
// the problem and is safe to show to the client as it is. Op (the store operation) and Err (the
// cause, say a driver error) are for logs only.
type Error struct {
	Kind Kind
	// Op is the store operation that failed ("impact summary").
	Op string
	// Subject is what Msg is about when Msg does not say ("asOf"); it prefixes the client message.
	Subject string
	// Msg is the client-safe message.
	Msg string
	// Err is the cause; never shown to clients.
	Err error
	// Details are client-safe facts a client may act on (the current revision, who changed it
	// and when); the API adds them to the error's extensions.
	Details map[string]any
}

// Error is the full text, for logs: op, subject, kind, message and cause.
func (e *Error) Error() string {
	parts := make([]string, 0, 5)
	for _, p := range []string{e.Op, e.Subject, e.Kind.String(), e.Msg} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if e.Err != nil {
		parts = append(parts, e.Err.Error())
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinel of e's kind: errors.Is(err, ErrNotFound).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Msg == "" && t.Op == "" && t.Subject == "" && t.Err == nil && t.Details == nil
}

// Message is the text a client may see: "subject: kind: message" when there is a subject,
// else the message (the kind's name when there is none).
func (e *Error) Message() string {
	switch {
	case e.Subject != "":
		return e.Subject + ": " + e.Kind.String() + ": " + e.Msg
	case e.Msg != "":
		return e.Msg
	}
	return e.Kind.String()
}

// Sentinels, one per kind: callers test with errors.Is.
var (
	ErrUnavailable = &Error{Kind: KindUnavailable}
	ErrConflict    = &Error{Kind: KindConflict}
	ErrNotFound    = &Error{Kind: KindNotFound}
	ErrInvalid     = &Error{Kind: KindInvalid}
	ErrForbidden   = &Error{Kind: KindForbidden}
	ErrTimeout     = &Error{Kind: KindTimeout}
)

func newError(k Kind, format string, args []any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Invalidf is a KindInvalid error with a client-safe message.
func Invalidf(format string, args ...any) *Error { return newError(KindInvalid, format, args) }

// NotFoundf is a KindNotFound error with a client-safe message.
func NotFoundf(format string, args ...any) *Error { return newError(KindNotFound, format, args) }

// Forbiddenf is a KindForbidden error with a client-safe message.
func Forbiddenf(format string, args ...any) *Error { return newError(KindForbidden, format, args) }

// Conflictf is a KindConflict error with a client-safe message.
func Conflictf(format string, args ...any) *Error { return newError(KindConflict, format, args) }

// About gives err (a store error) the subject its message is about: a client then reads
// "asOf: invalid: …". Other errors are returned as they are.
func About(subject string, err error) error {
	var se *Error
	if !errors.As(err, &se) {
		return err
	}
	out := *se
	out.Subject = subject
	return &out
}

// Classify turns err into a store error of operation op: store errors get op, driver errors a
// kind (a deadline, a broken uniqueness constraint, an unavailable database); anything else is
// KindInternal.
func Classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	var nerr *neo4j.Neo4jError
	switch {
	case errors.As(err, &se) && se == err && se.Op == "": //nolint:errorlint // err itself, not one it wraps, gets the op
		out := *se
		out.Op = op
		return &out
	case errors.As(err, &se):
		return fmt.Errorf("%s: %w", op, err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &Error{Kind: KindTimeout, Op: op, Msg: "the request ran past its deadline", Err: err}
	case errors.As(err, &nerr):
		switch nerr.Code {
		case "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &Error{Kind: KindConflict, Op: op, Msg: "a record with that id or code already exists", Err: err}
		case "Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &Error{Kind: KindTimeout, Op: op, Msg: "the request ran past its deadline", Err: err}
		case "Neo.TransientError.General.DatabaseUnavailable":
			return &Error{Kind: KindUnavailable, Op: op, Msg: "the database is unavailable; try again later", Err: err}
		}
	case neo4j.IsConnectivityError(err):
		return &Error{Kind: KindUnavailable, Op: op, Msg: "the database is unavailable; try again later", Err: err}
	}
	return &Error{Kind: KindInternal, Op: op, Err: err}
}

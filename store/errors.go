package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Sentinel errors: callers test with errors.Is and map them to client error codes.
var (
	// ErrUnavailable: Neo4j cannot be reached or is not ready.
	ErrUnavailable = errors.New("neo4j unavailable")
	// ErrConflict: a write broke a uniqueness constraint (duplicate id or code).
	ErrConflict = errors.New("conflict")
	// ErrNotFound: the node or relationship asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the request cannot be carried out as asked (bad reference, bad value).
	ErrInvalid = errors.New("invalid")
	// ErrTimeout: the operation ran past its deadline.
	ErrTimeout = errors.New("timeout")
)

// classify wraps a driver error into one of the sentinel errors, keeping the original text.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var nerr *neo4j.Neo4jError
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrInvalid), errors.Is(err, ErrConflict),
		errors.Is(err, ErrUnavailable), errors.Is(err, ErrTimeout):
		return fmt.Errorf("%s: %w", op, err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w: %v", op, ErrTimeout, err)
	case errors.As(err, &nerr):
		switch {
		case nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return fmt.Errorf("%s: %w: %s", op, ErrConflict, nerr.Msg)
		case nerr.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			nerr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return fmt.Errorf("%s: %w: %s", op, ErrTimeout, nerr.Msg)
		case nerr.Code == "Neo.TransientError.General.DatabaseUnavailable":
			return fmt.Errorf("%s: %w: %s", op, ErrUnavailable, nerr.Msg)
		}
		return fmt.Errorf("%s: %w", op, err)
	case neo4j.IsConnectivityError(err):
		return fmt.Errorf("%s: %w: %v", op, ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/archgraph/archgraph/store"
)

// ClientError is an error the client may see as it is, with a machine-readable code.
type ClientError struct {
	Code    string
	Message string
}

func (e *ClientError) Error() string { return e.Message }

// Error codes sent to clients.
const (
	CodeBadInput    = "BAD_USER_INPUT"
	CodeNotFound    = "NOT_FOUND"
	CodeConflict    = "CONFLICT"
	CodeUnavailable = "UNAVAILABLE"
	CodeTimeout     = "TIMEOUT"
	CodeInternal    = "INTERNAL"
)

// errorPresenter turns every resolver error into a client error with a code. Errors that are not
// known client errors become "internal error" with the request id, and are logged once here.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var ce *ClientError
		switch {
		case errors.As(err, &ce):
			gerr.Message = ce.Message
			setCode(gerr, ce.Code)
		case errors.Is(err, store.ErrNotFound):
			setCode(gerr, CodeNotFound)
		case errors.Is(err, store.ErrConflict):
			setCode(gerr, CodeConflict)
		case errors.Is(err, store.ErrInvalid):
			setCode(gerr, CodeBadInput)
		case errors.Is(err, store.ErrUnavailable):
			gerr.Message = "the database is unavailable; try again later"
			setCode(gerr, CodeUnavailable)
			log.Warn("graphql: database unavailable", "request_id", RequestID(ctx), "err", err)
		case errors.Is(err, store.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
			gerr.Message = "the request ran past its deadline"
			setCode(gerr, CodeTimeout)
		default:
			var ge *gqlerror.Error
			if errors.As(err, &ge) && ge.Extensions != nil && ge.Extensions["code"] != nil {
				// Validation and parse errors of gqlgen already carry a code.
				return gerr
			}
			if errors.As(err, &ge) && ge.Rule != "" {
				setCode(gerr, "GRAPHQL_VALIDATION_FAILED")
				return gerr
			}
			id := RequestID(ctx)
			log.Error("graphql: internal error", "request_id", id, "path", gerr.Path.String(), "err", err)
			gerr.Message = fmt.Sprintf("internal error (request id %s)", id)
			setCode(gerr, CodeInternal)
		}
		return gerr
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// recoverFunc turns a panic into an internal error without a stack trace for the client.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.Error("graphql: panic", "request_id", RequestID(ctx), "panic", fmt.Sprint(p))
		return fmt.Errorf("panic: %v", p)
	}
}

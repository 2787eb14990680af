package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// errorPresenter turns every resolver error into a client error with a code: a *model.ClientError
// (a resolver's input check) as it is, a *store.Error by its Kind with its client-safe message. Errors that are not
// known client errors become "internal error" with the request id, and are logged once here.
func errorPresenter(log *slog.Logger, dev bool) graphql.ErrorPresenterFunc {
	present := presenter(log)
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := present(ctx, err)
		if !dev {
			// gqlparser suggests names in several validation rules (fields, arguments, types,
			// enum values, fragments); gqlgen's switch turns off two of them. Without --dev no
			// message names a part of the schema the query did not.
			gerr.Message = suggestion.ReplaceAllString(gerr.Message, "")
		}
		code, _ := gerr.Extensions["code"].(string)
		retry, _ := gerr.Extensions["retryAfter"].(int)
		hintStatus(ctx, code, retry)
		return gerr
	}
}

// suggestion matches gqlparser's "Did you mean …?" sentences.
var suggestion = regexp.MustCompile(`\s*Did you mean [^?]*\?`)

func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var ce *model.ClientError
		var se *store.Error
		kind := store.KindInternal
		if errors.As(err, &se) {
			kind = se.Kind
		}
		switch {
		case errors.As(err, &ce):
			gerr.Message = ce.Message
			setCode(gerr, ce.Code)
			if ce.Field != "" {
				gerr.Extensions["field"] = ce.Field
			}
		case kind == store.KindNotFound, kind == store.KindConflict, kind == store.KindInvalid, kind == store.KindForbidden:
			gerr.Message = se.Message()
			setCode(gerr, clientCodes[kind])
			if se.Subject != "" {
				gerr.Extensions["field"] = se.Subject
			}
			for k, v := range se.Details {
				if k != "code" {
					gerr.Extensions[k] = v
				}
			}
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			// The request's deadline passed; the driver may report that as a broken connection.
			gerr.Message = "the request ran past its deadline"
			setCode(gerr, model.CodeTimeout)
		case errors.Is(ctx.Err(), context.Canceled):
			// The client went away (an aborted fetch: a form that changed while its effect
			// was being computed); the driver reports it as a canceled read of the connection.
			gerr.Message = "the client canceled the request"
			setCode(gerr, model.CodeCanceled)
			log.Debug("graphql: request canceled by the client", "request_id", RequestID(ctx), "path", gerr.Path.String())
		case kind == store.KindUnavailable:
			gerr.Message = "the database is unavailable; try again later"
			setCode(gerr, model.CodeUnavailable)
			gerr.Extensions["retryAfter"] = 1
			// The store logs when Neo4j goes down and comes back; one line per request would
			// flood the log while it is down.
			log.Debug("graphql: database unavailable", "request_id", RequestID(ctx), "err", err)
		case kind == store.KindTimeout, errors.Is(err, context.DeadlineExceeded):
			gerr.Message = "the request ran past its deadline"
			setCode(gerr, model.CodeTimeout)
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
			// Clipped: an error may quote input (gqlgen's decoding errors quote the whole body).
			log.Error("graphql: internal error", "request_id", id, "path", gerr.Path.String(), "err", clipMsg(err.Error()))
			gerr.Message = fmt.Sprintf("internal error (request id %s)", id)
			setCode(gerr, model.CodeInternal)
		}
		return gerr
	}
}

// clientCodes are the GraphQL codes of the store's client error kinds: the one place where a
// store error becomes a client error.
var clientCodes = map[store.Kind]string{
	store.KindInvalid:   model.CodeBadInput,
	store.KindNotFound:  model.CodeNotFound,
	store.KindConflict:  model.CodeConflict,
	store.KindForbidden: model.CodeForbidden,
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

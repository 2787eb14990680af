package model

import "fmt"

// Error codes sent to clients in errors[].extensions.code.
const (
	CodeBadInput        = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeUnavailable     = "UNAVAILABLE"
	CodeTimeout         = "TIMEOUT"
	CodeInternal        = "INTERNAL"
	CodeTooComplex      = "QUERY_TOO_COMPLEX"
	// CodeBadRequest: the HTTP request itself is malformed (not JSON, not UTF-8, a batch, empty).
	CodeBadRequest = "BAD_REQUEST"
	// CodeRateLimited: the client spent its budget of complexity points, or too many expensive
	// analyses are running; the response carries Retry-After.
	CodeRateLimited = "RATE_LIMITED"
	// CodePayloadTooLarge: the request body is over the limit (HTTP 413).
	CodePayloadTooLarge = "PAYLOAD_TOO_LARGE"
	// CodeRequestTimeout: the client did not send its body in time (HTTP 408).
	CodeRequestTimeout = "REQUEST_TIMEOUT"
	// CodeCanceled: the client went away (closed the connection, aborted the request) before
	// the answer was ready; nothing of a write is kept. Nobody reads it, but it is not an
	// internal error.
	CodeCanceled = "CANCELED"
)

// ClientError is an error the client may see as it is, with a machine-readable code.
type ClientError struct {
	Code    string
	Message string
	// Field names the input field the error is about ("name", "dueYear"), when it is about one:
	// the API sends it as extensions.field, so that a form shows the message next to the field.
	Field string
}

func (e *ClientError) Error() string { return e.Message }

// BadField returns a BAD_USER_INPUT error about one input field.
func BadField(field, format string, args ...any) error {
	return &ClientError{Code: CodeBadInput, Message: fmt.Sprintf(format, args...), Field: field}
}

// BadInput returns a BAD_USER_INPUT error with a formatted message.
func BadInput(format string, args ...any) error {
	return &ClientError{Code: CodeBadInput, Message: fmt.Sprintf(format, args...)}
}

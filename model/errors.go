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
)

// ClientError is an error the client may see as it is, with a machine-readable code.
type ClientError struct {
	Code    string
	Message string
}

func (e *ClientError) Error() string { return e.Message }

// BadInput returns a BAD_USER_INPUT error with a formatted message.
func BadInput(format string, args ...any) error {
	return &ClientError{Code: CodeBadInput, Message: fmt.Sprintf(format, args...)}
}

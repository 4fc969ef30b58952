package app

import (
	"log/slog"

	"outpost/domain/fault"
)

// Error is what a failed bound call rejects with in the frontend.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// FormatError turns a domain error into {code, message, fields}. Internal errors are logged
// here, once, and reach the UI with a generic message.
func FormatError(err error) any {
	code := fault.Code(err)
	if code == fault.CodeInternal {
		slog.Error("internal error", "err", err)
		return Error{Code: code, Message: "Something went wrong inside Outpost: " + err.Error()}
	}
	return Error{Code: code, Message: err.Error(), Fields: fault.Fields(err)}
}

package app

import (
	"encoding/json"
	"errors"
	"log/slog"

	"outpost/domain/fault"
)

// Error is what a failed bound call rejects with in the frontend.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Error lets the app return an already coded error (sync's "offline", for one).
func (e Error) Error() string { return e.Message }

// MarshalJSON sends the error as JSON text inside a JSON string. Wails v2.16's runtime rejects
// a failed call with new Error(error), which turns an object into "[object Object]" but keeps a
// string whole; the frontend (src/api/client.ts) parses the text back into {code, message, fields}.
func (e Error) MarshalJSON() ([]byte, error) {
	type plain Error
	b, err := json.Marshal(plain(e))
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(b))
}

// FormatError turns a domain error into {code, message, fields}. Internal errors are logged
// here, once, and reach the UI with a generic message.
func FormatError(err error) any {
	var coded Error
	if errors.As(err, &coded) {
		return coded
	}
	code := fault.Code(err)
	if code == fault.CodeInternal {
		slog.Error("internal error", "err", err)
		return Error{Code: code, Message: "Something went wrong inside Outpost: " + err.Error()}
	}
	return Error{Code: code, Message: err.Error(), Fields: fault.Fields(err)}
}

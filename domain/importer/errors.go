package importer

import (
	"errors"
	"fmt"
)

// Codes of a refused file (fault.Code reads them through FaultCode). Part of the API: the UI
// and the command line show them; never rename one.
const (
	// CodeEmpty is a file with no header row.
	CodeEmpty = "import_empty"
	// CodeMalformed is a file that is not well-formed CSV (a quote never closed, a bare quote).
	CodeMalformed = "import_malformed"
	// CodeTooLarge is a line, a row or a file over the limits.
	CodeTooLarge = "import_too_large"
	// CodeEncoding is a cell that is not text in the file's encoding.
	CodeEncoding = "import_encoding"
	// CodeHeader is a header that cannot be mapped: a mapped column missing, a required field
	// unmapped, a column named twice, or a delimiter that is not the file's.
	CodeHeader = "import_header"
	// CodeMapping is a mapping that is wrong in itself (an unknown field, kind or date layout).
	CodeMapping = "import_mapping"
	// CodeRefused is an all-or-nothing import that wrote nothing because rows were refused;
	// the report lists them.
	CodeRefused = "import_refused"
)

// Error is a refused file or mapping: nothing was written. Line is the file's line (1 is
// the header), 0 when the refusal is not about a line; Column is the header's name of the
// column at fault; Field the mapping's field.
type Error struct {
	Code    string `json:"code"`
	Line    int    `json:"line,omitempty"`
	Column  string `json:"column,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column != "":
		return fmt.Sprintf("%s: line %d, column %q: %s", e.Code, e.Line, e.Column, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("%s: line %d: %s", e.Code, e.Line, e.Message)
	case e.Column != "":
		return fmt.Sprintf("%s: column %q: %s", e.Code, e.Column, e.Message)
	}
	return e.Code + ": " + e.Message
}

// FaultCode is the code fault.Code reports.
func (e *Error) FaultCode() string { return e.Code }

// CodeOf returns the import code of err, "" when it is no *Error.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

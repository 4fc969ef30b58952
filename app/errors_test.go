package app

import (
	"encoding/json"
	"testing"

	"outpost/domain/fault"
)

// The error must reach the webview as a string (see Error.MarshalJSON) that parses back.
func TestErrorMarshalsAsJSONText(t *testing.T) {
	b, err := json.Marshal(map[string]any{"error": FormatError(fault.Field("title", "a title is required"))})
	if err != nil {
		t.Fatal(err)
	}
	var msg struct{ Error string }
	if err := json.Unmarshal(b, &msg); err != nil {
		t.Fatalf("got %s, want the error as a JSON string: %v", b, err)
	}
	var e struct {
		Code    string
		Message string
		Fields  map[string]string
	}
	if err := json.Unmarshal([]byte(msg.Error), &e); err != nil {
		t.Fatalf("got %q, want JSON text: %v", msg.Error, err)
	}
	if e.Code != fault.CodeValidation || e.Message == "" || e.Fields["title"] != "a title is required" {
		t.Fatalf("got %+v, want a validation error naming the title", e)
	}
}

package replica_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"outpost/domain/replica"
)

// EncodeDoc must write exactly what json.Marshal writes: stored records and change values
// are compared byte for byte across the server and desks.
func TestEncodeDocMatchesMarshal(t *testing.T) {
	docs := []map[string]json.RawMessage{
		{},
		{"id": json.RawMessage(`"a"`), "title": json.RawMessage(`"Printer <b>&</b> \u00e9 \"x\""`)},
		{"b": json.RawMessage(` [ 1, 2 ,{ "x" : null } ] `), "a": json.RawMessage(`1`), "c": nil},
		{"größe": json.RawMessage(`true`), "k\"q": json.RawMessage(`{"<":">"}`), "z": json.RawMessage("\"line\\nbreak\"")},
	}
	for _, d := range docs {
		want, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := replica.EncodeDoc(d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("EncodeDoc:\n got %s\nwant %s", got, want)
		}
	}
	if _, err := replica.EncodeDoc(map[string]json.RawMessage{"a": json.RawMessage(`{bad`)}); err == nil {
		t.Error("a malformed value encoded without an error")
	}
}

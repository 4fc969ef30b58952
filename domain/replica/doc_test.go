package replica_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"outpost/domain/replica"
)

var docSeeds = []string{
	`{"id":"a","n":1,"ok":true,"none":null,"list":[1,{"x":"]"}],"obj":{"k":"v\"}"}}`,
	` { "id" : "a" , "n" : -1.5e3 } `, `{}`, `{ }`, `null`, `[]`, `"x"`, `7`, `{"a":1,"a":2}`,
	`{"k\u0065y":1}`, `{"é":1}`, "{\"bad\xff\":1}", `{"a":"\u00e9\n"}`, `{"a":1`, `{"a":1}x`, `{"a" 1}`,
	`{"a":[]}`, `{"a":{}}`, `{"a":"}"}`, `{"a":"\\"}`, `{"a":"\\\""}`, ``, `{"a":tru}`,
}

func checkDoc(t *testing.T, raw []byte) {
	var want map[string]json.RawMessage
	wantErr := json.Unmarshal(raw, &want)
	got, err := replica.DecodeDoc(raw)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("DecodeDoc(%q): error %v, json.Unmarshal: %v", raw, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeDoc(%q) = %q, json.Unmarshal gives %q", raw, got, want)
	}
}

func TestDecodeDocMatchesUnmarshal(t *testing.T) {
	for _, s := range docSeeds {
		t.Run(s, func(t *testing.T) { checkDoc(t, []byte(s)) })
	}
	// A ticket as a desk writes it is split directly (not handed to json.Unmarshal): the
	// values share the input's bytes.
	raw := []byte(`{"id":"0190","title":"Printer","impact":2,"groupId":null}`)
	doc, _ := replica.DecodeDoc(raw)
	if v, at := doc["title"], bytes.Index(raw, []byte(`"Printer"`)); len(v) == 0 || &v[0] != &raw[at] {
		t.Errorf("title %q is not a slice of the input", v)
	}
}

func FuzzDecodeDoc(f *testing.F) {
	for _, s := range docSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkDoc)
}

package kind_test

import (
	"encoding/json"
	"testing"

	"outpost/domain/kind"
)

// want is what json.Unmarshal says of raw as a string and as an int64.
func want(raw []byte) (s string, sOK bool, n int64, nOK bool) {
	sOK = len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil
	nOK = string(raw) != "null" && json.Unmarshal(raw, &n) == nil
	if !sOK {
		s = ""
	}
	if !nOK {
		n = 0
	}
	return
}

var scalarSeeds = []string{
	`"plain"`, `""`, `"with \"quote\""`, `"tab\tand\\slash"`, `"\u00e9t\u00e9"`, `"été"`, "\"bad \xff utf8\"",
	"\"ctl \x01\"", `"unterminated`, `"a"b"`, `null`, `true`, `0`, `-0`, `7`, `-42`, `007`, `-01`, `1.5`, `1e3`,
	`123456789012345678`, `9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `12345678901234567890`,
	`-`, ``, ` 1`, `1 `, `" x "`, `{}`, `[1]`, `"0123"`,
}

func TestScalarsMatchUnmarshal(t *testing.T) {
	for _, seed := range scalarSeeds {
		t.Run(seed, func(t *testing.T) { checkScalars(t, []byte(seed)) })
	}
}

func FuzzScalars(f *testing.F) {
	for _, seed := range scalarSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkScalars)
}

func checkScalars(t *testing.T, raw []byte) {
	ws, wsOK, wn, wnOK := want(raw)
	if s, ok := kind.JSONString(raw); s != ws || ok != wsOK {
		t.Errorf("JSONString(%q) = %q, %v; want %q, %v", raw, s, ok, ws, wsOK)
	}
	if n, ok := kind.JSONInt(raw); n != wn || ok != wnOK {
		t.Errorf("JSONInt(%q) = %d, %v; want %d, %v", raw, n, ok, wn, wnOK)
	}
}

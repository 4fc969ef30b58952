package asset

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestJSONList: the list impact binds for json_each is what encoding/json makes of it, ids
// that need escaping included.
func TestJSONList(t *testing.T) {
	for _, list := range [][]string{{}, {"01a24925-d92e-7ab2-b607-de73497a658c"}, {"a\"b", "c\\d", "é", "tab\there", "\x00", "plain"}} {
		want, _ := json.Marshal(list)
		if got := jsonList(len(list), slices.Values(list)); got != string(want) {
			t.Errorf("jsonList(%q) = %s, want %s", list, got, want)
		}
	}
}

// TestUnpack: impactSQL's packed fields read back whole, and a malformed value is an error,
// not a panic.
func TestUnpack(t *testing.T) {
	packed := "3:a:b0:5:1:2:3"
	var got []string
	for packed != "" {
		var f string
		var err error
		if f, packed, err = unpack(packed); err != nil {
			t.Fatal(err)
		}
		got = append(got, f)
	}
	if want := []string{"a:b", "", "1:2:3"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []string{"x", ":a", "3:ab", "-1:", "a:b", "99999999999999999999:"} {
		if _, _, err := unpack(bad); err == nil {
			t.Errorf("unpack(%q): no error", bad)
		}
	}
}

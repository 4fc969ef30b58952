package asset_test

import (
	"testing"

	"outpost/domain/asset"
	"outpost/domain/fault"
)

// The list's query is judged by one pure function, which saved views of the list share: an
// unknown filter value or sort is a validation error on its field.
func TestQueryCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		q     asset.Query
		field string
	}{
		{"every filter", asset.Query{Text: "rack", Class: "hardware", Type: "server", Status: "in_use", OwnerID: "u1", Sort: "warrantyEnd", Desc: true}, ""},
		{"the default sort", asset.Query{}, ""},
		{"unknown class", asset.Query{Class: "gadget"}, "class"},
		{"unknown type", asset.Query{Type: "toaster"}, "type"},
		{"unknown status", asset.Query{Status: "lost"}, "status"},
		{"unknown sort", asset.Query{Sort: "id; DROP TABLE assets"}, "sort"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.q.Check()
			if c.field == "" {
				if err != nil {
					t.Fatalf("got %v, want none", err)
				}
				return
			}
			if fault.Code(err) != fault.CodeValidation || fault.Fields(err)[c.field] == "" {
				t.Fatalf("got %v, want a validation error on %s", err, c.field)
			}
		})
	}
}

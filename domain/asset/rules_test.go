package asset_test

import (
	"testing"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/people"
)

var (
	agent     = people.Actor{ID: "ann", Role: people.Agent}
	requester = people.Actor{ID: "rita", Role: people.Requester}
)

func laptop() *asset.Asset {
	return &asset.Asset{ID: "a1", Tag: "HW0001001", Class: asset.Hardware, Type: "laptop", Name: "LT-7", Status: asset.InStock}
}

func TestCheckNew(t *testing.T) {
	ptr := func(n int64) *int64 { return &n }
	cases := []struct {
		name string
		act  people.Actor
		edit func(a *asset.Asset)
		want string
	}{
		{"a laptop by an agent", agent, func(*asset.Asset) {}, ""},
		{"a laptop by a requester", requester, func(*asset.Asset) {}, fault.CodeForbidden},
		{"no name", agent, func(a *asset.Asset) { a.Name = "  " }, fault.CodeValidation},
		{"unknown class", agent, func(a *asset.Asset) { a.Class = "car" }, fault.CodeValidation},
		{"hardware without a type", agent, func(a *asset.Asset) { a.Type = "" }, fault.CodeValidation},
		{"software with a hardware type", agent, func(a *asset.Asset) { a.Class = asset.Software }, fault.CodeValidation},
		{"software", agent, func(a *asset.Asset) { a.Class, a.Type = asset.Software, "" }, ""},
		{"starts disposed", agent, func(a *asset.Asset) { a.Status = asset.Disposed }, fault.CodeValidation},
		{"a bad purchase date", agent, func(a *asset.Asset) { a.PurchaseDate = "2026-02-30" }, fault.CodeValidation},
		{"a date in another form", agent, func(a *asset.Asset) { a.WarrantyEnd = "12/05/2026" }, fault.CodeValidation},
		{"a warranty ending before the purchase", agent, func(a *asset.Asset) { a.PurchaseDate, a.WarrantyEnd = "2026-05-01", "2025-05-01" }, fault.CodeValidation},
		{"a negative cost", agent, func(a *asset.Asset) { a.Cost = ptr(-1) }, fault.CodeValidation},
		{"hardware attributes", agent, func(a *asset.Asset) { a.Attributes = `{"os":"Debian","cpuCount":4,"macs":["aa:bb"]}` }, ""},
		{"an attribute of another class", agent, func(a *asset.Asset) { a.Attributes = `{"seats":4}` }, fault.CodeValidation},
		{"an attribute of the wrong shape", agent, func(a *asset.Asset) { a.Attributes = `{"cpuCount":"four"}` }, fault.CodeValidation},
		{"attributes that are no object", agent, func(a *asset.Asset) { a.Attributes = `[1]` }, fault.CodeValidation},
		{"a license's seats", agent, func(a *asset.Asset) { a.Class, a.Type, a.Attributes = asset.License, "", `{"seats":25}` }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := laptop()
			c.edit(a)
			if got := fault.Code(asset.CheckNew(c.act, a)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestCheckEdit(t *testing.T) {
	mine := laptop()
	mine.OwnerID = &requester.ID
	cases := []struct {
		name   string
		act    people.Actor
		before *asset.Asset
		edit   func(a *asset.Asset)
		want   string
	}{
		{"rename by an agent", agent, laptop(), func(a *asset.Asset) { a.Name = "LT-8" }, ""},
		{"rename their own by a requester", requester, mine, func(a *asset.Asset) { a.Name = "LT-8" }, fault.CodeForbidden},
		{"rename another's by a requester", requester, laptop(), func(a *asset.Asset) { a.Name = "LT-8" }, fault.CodeNotFound},
		{"change the class", agent, laptop(), func(a *asset.Asset) { a.Class = asset.Software }, fault.CodeValidation},
		{"set the status", agent, laptop(), func(a *asset.Asset) { a.Status = asset.InUse }, fault.CodeValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			after := *c.before
			c.edit(&after)
			if got := fault.Code(asset.CheckEdit(c.act, c.before, &after)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestMoves checks every pair of statuses against the table of moves.
func TestMoves(t *testing.T) {
	want := map[[2]asset.Status]bool{}
	for _, p := range [][2]asset.Status{
		{asset.Ordered, asset.InStock}, {asset.Ordered, asset.Disposed},
		{asset.InStock, asset.InUse}, {asset.InStock, asset.InRepair}, {asset.InStock, asset.Retired}, {asset.InStock, asset.Disposed},
		{asset.InUse, asset.InStock}, {asset.InUse, asset.InRepair}, {asset.InUse, asset.Retired},
		{asset.InRepair, asset.InStock}, {asset.InRepair, asset.InUse}, {asset.InRepair, asset.Retired}, {asset.InRepair, asset.Disposed},
		{asset.Retired, asset.InStock}, {asset.Retired, asset.Disposed},
	} {
		want[p] = true
	}
	for _, from := range asset.Statuses {
		for _, to := range asset.Statuses {
			a := laptop()
			a.Status = from
			err := asset.CheckMove(agent, a, to)
			if got := err == nil; got != want[[2]asset.Status{from, to}] {
				t.Errorf("%s -> %s: got allowed %v, want %v (%v)", from, to, got, !got, err)
			}
			if err != nil && fault.Code(err) != fault.CodeInvalidTransition {
				t.Errorf("%s -> %s: got %q, want invalid_transition", from, to, fault.Code(err))
			}
		}
	}
	a := laptop()
	if got := fault.Code(asset.CheckMove(requester, a, asset.InUse)); got != fault.CodeNotFound {
		t.Errorf("a requester moving another's asset: got %q, want not_found", got)
	}
	a.OwnerID = &requester.ID
	if got := fault.Code(asset.CheckMove(requester, a, asset.InUse)); got != fault.CodeForbidden {
		t.Errorf("a requester moving their own asset: got %q, want forbidden", got)
	}
	if got := fault.Code(asset.CheckMove(agent, a, "lost")); got != fault.CodeValidation {
		t.Errorf("a move to no status: got %q, want validation", got)
	}
}

func TestCheckRelation(t *testing.T) {
	str := func(s string) *string { return &s }
	rel := func(from string, to, user *string, typ asset.RelType) *asset.Relation {
		r := &asset.Relation{FromID: from, ToID: to, UserID: user, Type: typ}
		r.ID = asset.RelationID(from, r.Target(), typ)
		return r
	}
	cases := []struct {
		name string
		act  people.Actor
		r    *asset.Relation
		want string
	}{
		{"depends on", agent, rel("a", str("b"), nil, asset.DependsOn), ""},
		{"used by a person", agent, rel("a", nil, str("u"), asset.UsedBy), ""},
		{"by a requester", requester, rel("a", str("b"), nil, asset.DependsOn), fault.CodeForbidden},
		{"to itself", agent, rel("a", str("a"), nil, asset.RunsOn), fault.CodeValidation},
		{"of no type", agent, rel("a", str("b"), nil, "likes"), fault.CodeValidation},
		{"used by a CI", agent, rel("a", str("b"), nil, asset.UsedBy), fault.CodeValidation},
		{"depends on a person", agent, rel("a", nil, str("u"), asset.DependsOn), fault.CodeValidation},
		{"under another id", agent, &asset.Relation{ID: "x", FromID: "a", ToID: str("b"), Type: asset.DependsOn}, fault.CodeValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fault.Code(asset.CheckRelation(c.act, c.r)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

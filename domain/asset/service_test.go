package asset_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func now() time.Time { return time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) }

// fixture is a desk with its admin, an agent and a requester.
type fixture struct {
	d                *desk.Desk
	admin, ann, rita people.Actor
}

func open(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	d, admin := desktest.Open(t, now)
	f := &fixture{d: d, admin: admin}
	for _, p := range []struct {
		into *people.Actor
		name string
		role people.Role
	}{{&f.ann, "Ann", people.Agent}, {&f.rita, "Rita", people.Requester}} {
		u, err := d.CreatePerson(ctx, admin, people.User{Name: p.name, Email: p.name + "@x.test", Role: p.role})
		if err != nil {
			t.Fatal(err)
		}
		*p.into = people.Actor{ID: u.ID, Role: p.role}
	}
	return f
}

func (f *fixture) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) make(t testing.TB, class asset.Class, typ, name string) *asset.Asset {
	t.Helper()
	a, err := f.d.Assets.Create(context.Background(), f.ann, class, asset.InUse, asset.Edit{Type: typ, Name: name})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return a
}

func TestCreateNumbersLogsAndAudits(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	a := f.make(t, asset.Hardware, "laptop", "LT-7")
	b := f.make(t, asset.Hardware, "server", "db-01")
	s := f.make(t, asset.BusinessService, "", "Payroll")
	if a.Tag != "HW0001001" || b.Tag != "HW0001002" || s.Tag != "SVC0001001" {
		t.Errorf("got tags %s %s %s, want HW0001001 HW0001002 SVC0001001", a.Tag, b.Tag, s.Tag)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM changes WHERE entity = 'asset' AND record_id = ? AND op = 'create'`, a.ID); n != 1 {
		t.Errorf("got %d create changes, want 1", n)
	}
	if _, err := f.d.Assets.Move(ctx, f.ann, a.ID, asset.InRepair); err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.Assets.Update(ctx, f.ann, a.ID, asset.Edit{Type: "laptop", Name: "LT-7", Location: "Plant 2", OwnerID: &f.rita.ID}); err != nil {
		t.Fatal(err)
	}
	h, err := f.d.Assets.History(ctx, f.ann, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, e := range h {
		fields = append(fields, e.Field)
	}
	if len(h) != 4 || h[0].Field != "created" || h[1].Field != "status" || h[1].OldValue != "in_use" || h[1].NewValue != "in_repair" {
		t.Errorf("got history %v (%+v), want created, status in_use -> in_repair, location, ownerId", fields, h)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM changes WHERE entity = 'asset' AND record_id = ? AND op = 'transition'
		AND json_extract(value, '$.from') = 'in_use' AND json_extract(value, '$.to') = 'in_repair'`, a.ID); n != 1 {
		t.Errorf("got %d transition changes, want 1", n)
	}
}

// Bad input is refused with the field named, and nothing is written.
func TestRefusalsWriteNothing(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	a := f.make(t, asset.Hardware, "laptop", "LT-7")
	before := f.count(t, `SELECT COUNT(*) FROM changes`)
	_, err := f.d.Assets.Create(ctx, f.ann, asset.Hardware, asset.InUse, asset.Edit{Type: "toaster", Name: "x"})
	if fault.Fields(err)["type"] == "" {
		t.Errorf("a toaster: got %v, want a validation error on type", err)
	}
	_, err = f.d.Assets.Create(ctx, f.rita, asset.Hardware, asset.InUse, asset.Edit{Type: "laptop", Name: "x"})
	if fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester registering: got %v, want forbidden", err)
	}
	nobody := "0193a1c2-0000-7000-8000-000000000000"
	_, err = f.d.Assets.Update(ctx, f.ann, a.ID, asset.Edit{Type: "laptop", Name: "LT-7", OwnerID: &nobody})
	if fault.Fields(err)["ownerId"] == "" {
		t.Errorf("an unknown owner: got %v, want a validation error on ownerId", err)
	}
	_, err = f.d.Assets.Move(ctx, f.ann, a.ID, asset.Ordered)
	if fault.Code(err) != fault.CodeInvalidTransition {
		t.Errorf("in use -> ordered: got %v, want invalid_transition", err)
	}
	if after := f.count(t, `SELECT COUNT(*) FROM changes`); after != before {
		t.Errorf("refused writes logged %d changes", after-before)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM assets`); n != 1 {
		t.Errorf("got %d assets, want 1", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM counters WHERE kind = 'hardware' AND next = 1002`); n != 1 {
		t.Errorf("a refused create used up a tag")
	}
}

// A requester sees and lists only the assets they own.
func TestRequesterSeesOwnAssets(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	mine, err := f.d.Assets.Create(ctx, f.ann, asset.Hardware, asset.InUse, asset.Edit{Type: "laptop", Name: "Rita's laptop", OwnerID: &f.rita.ID})
	if err != nil {
		t.Fatal(err)
	}
	other := f.make(t, asset.Hardware, "server", "db-01")
	page, err := f.d.Assets.List(ctx, f.rita, asset.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || len(page.Rows) != 1 || page.Rows[0].ID != mine.ID || page.Rows[0].OwnerName != "Rita" {
		t.Errorf("got %+v, want only Rita's laptop", page)
	}
	if _, err := f.d.Assets.Get(ctx, f.rita, other.ID); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("another's asset: got %v, want not_found", err)
	}
	if _, err := f.d.Assets.Get(ctx, f.rita, mine.ID); err != nil {
		t.Errorf("their own: %v", err)
	}
	all, err := f.d.Assets.List(ctx, f.ann, asset.Query{Sort: "name", Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 2 || all.Rows[0].Name != "Rita's laptop" {
		t.Errorf("got %+v, want both, by name descending", all.Rows)
	}
	filtered, err := f.d.Assets.List(ctx, f.ann, asset.Query{Text: "rita", Class: "hardware", Status: "in_use"})
	if err != nil || filtered.Total != 1 {
		t.Errorf("filtered: got %+v, %v, want one", filtered, err)
	}
	if _, err := f.d.Assets.List(ctx, f.ann, asset.Query{Sort: "id; DROP TABLE assets"}); err == nil {
		t.Error("an unknown sort column was accepted")
	}
}

func TestRelationships(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	app := f.make(t, asset.Software, "", "Payroll app")
	srv := f.make(t, asset.Hardware, "server", "app-01")
	r, err := f.d.Assets.Relate(ctx, f.ann, app.ID, srv.ID, asset.RunsOn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.Assets.Relate(ctx, f.ann, app.ID, srv.ID, asset.RunsOn); fault.Code(err) != fault.CodeConflict {
		t.Errorf("a duplicate: got %v, want conflict", err)
	}
	if _, err := f.d.Assets.Relate(ctx, f.ann, app.ID, app.ID, asset.DependsOn); fault.Fields(err)["toId"] == "" {
		t.Errorf("a self-link: got %v, want a validation error on toId", err)
	}
	if _, err := f.d.Assets.Relate(ctx, f.rita, app.ID, srv.ID, asset.DependsOn); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester: got %v, want forbidden", err)
	}
	links, err := f.d.Assets.Links(ctx, f.ann, srv.ID)
	if err != nil || len(links) != 1 || links[0].Out || links[0].OtherID != app.ID || links[0].Type != asset.RunsOn {
		t.Errorf("got %+v, %v, want the app running on the server", links, err)
	}
	if err := f.d.Assets.Unrelate(ctx, f.ann, r.ID); err != nil {
		t.Fatal(err)
	}
	if links, _ := f.d.Assets.Links(ctx, f.ann, srv.ID); len(links) != 0 {
		t.Errorf("got %+v after removing, want none", links)
	}
	if _, err := f.d.Assets.Relate(ctx, f.ann, app.ID, srv.ID, asset.RunsOn); err != nil {
		t.Errorf("making it again: %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM asset_relations`); n != 1 {
		t.Errorf("got %d relationship rows, want 1", n)
	}
	if _, err := f.d.Assets.Relate(ctx, f.ann, srv.ID, f.rita.ID, asset.UsedBy); err != nil {
		t.Errorf("used by Rita: %v", err)
	}
}

// TestImpact: a four-level chain with a cycle back to the root, a branch, a user and an
// owner; the impact reaches each CI once at its distance, the business service, the people
// and the open tickets, and not the closed one.
func TestImpact(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	rack := f.make(t, asset.Hardware, "network_device", "core-switch")
	srv := f.make(t, asset.Hardware, "server", "db-01")
	db := f.make(t, asset.Software, "", "PostgreSQL")
	app := f.make(t, asset.Software, "", "Payroll app")
	svc := f.make(t, asset.BusinessService, "", "Payroll")
	lonely := f.make(t, asset.Hardware, "printer", "printer-3")
	relate := func(from, to *asset.Asset, typ asset.RelType) {
		t.Helper()
		if _, err := f.d.Assets.Relate(ctx, f.ann, from.ID, to.ID, typ); err != nil {
			t.Fatal(err)
		}
	}
	relate(srv, rack, asset.ConnectedTo)
	relate(db, srv, asset.InstalledOn)
	relate(app, db, asset.DependsOn)
	relate(svc, app, asset.DependsOn)
	relate(svc, srv, asset.DependsOn)  // a second, shorter path
	relate(rack, svc, asset.DependsOn) // a cycle back to the root
	relate(lonely, f.make(t, asset.Hardware, "server", "print-srv"), asset.DependsOn)
	if _, err := f.d.Assets.Relate(ctx, f.ann, app.ID, f.rita.ID, asset.UsedBy); err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.Assets.Update(ctx, f.ann, srv.ID, asset.Edit{Type: "server", Name: "db-01", OwnerID: &f.ann.ID}); err != nil {
		t.Fatal(err)
	}
	open1, err := f.d.Tickets.Create(ctx, f.ann, ticket.Draft{Type: ticket.Incident, Title: "Payroll is slow", RequesterID: f.rita.ID, Impact: 2, Urgency: 2, Source: "phone", CI: "payroll"})
	if err != nil {
		t.Fatal(err)
	}
	closed, err := f.d.Tickets.Create(ctx, f.ann, ticket.Draft{Type: ticket.Incident, Title: "Switch down", RequesterID: f.rita.ID, Impact: 2, Urgency: 2, Source: "phone", CI: rack.Tag})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.Tickets.Transition(ctx, f.ann, closed.ID, ticket.Move{To: ticket.Canceled, Reason: "duplicate"}); err != nil {
		t.Fatal(err)
	}
	im, err := f.d.Assets.Impact(ctx, f.ann, rack.ID)
	if err != nil {
		t.Fatal(err)
	}
	depth := map[string]int{}
	for _, n := range im.Nodes {
		depth[n.Name] = n.Depth
	}
	want := map[string]int{"db-01": 1, "PostgreSQL": 2, "Payroll": 2, "Payroll app": 3}
	if len(depth) != len(want) {
		t.Errorf("got nodes %v, want %v", depth, want)
	}
	for name, d := range want {
		if depth[name] != d {
			t.Errorf("%s: got depth %d, want %d", name, depth[name], d)
		}
	}
	if im.Root.ID != rack.ID || len(im.Services) != 1 || im.Services[0].ID != svc.ID {
		t.Errorf("got root %s, services %+v, want the switch and Payroll", im.Root.Name, im.Services)
	}
	people := map[string]string{}
	for _, p := range im.People {
		people[p.Name] = p.How
	}
	if len(people) != 2 || people["Rita"] != "uses" || people["Ann"] != "owns" {
		t.Errorf("got people %v, want Rita (uses) and Ann (owns)", people)
	}
	if len(im.Tickets) != 1 || im.Tickets[0].ID != open1.ID || im.Tickets[0].AssetID != svc.ID {
		t.Errorf("got tickets %+v, want the open Payroll ticket", im.Tickets)
	}
	if len(im.Edges) != 6 {
		t.Errorf("got %d edges, want 6 (the cycle's included)", len(im.Edges))
	}
	if _, err := f.d.Assets.Impact(ctx, f.rita, rack.ID); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("a requester: got %v, want not_found", err)
	}
}

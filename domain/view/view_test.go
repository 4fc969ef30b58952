package view_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

type env struct {
	t       *testing.T
	ctx     context.Context
	d       *desk.Desk
	views   *view.Store
	groups  map[string]string
	admin   people.Actor
	manager people.Actor // in Service Desk
	agent   people.Actor // in Service Desk
	network people.Actor // agent in Network
	req     people.Actor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	e := &env{t: t, ctx: ctx, d: d, views: d.Views, groups: map[string]string{}}
	if e.admin, err = d.Owner(ctx); err != nil {
		t.Fatal(err)
	}
	gs, err := d.People.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		e.groups[g.Name] = g.ID
	}
	e.manager = e.user("Mona Manager", people.Manager, "Service Desk")
	e.agent = e.user("Abe Agent", people.Agent, "Service Desk")
	e.network = e.user("Nina Network", people.Agent, "Network")
	e.req = e.user("Rita Requester", people.Requester)
	return e
}

func (e *env) user(name string, role people.Role, groups ...string) people.Actor {
	e.t.Helper()
	u, err := e.d.People.CreateUser(e.ctx, e.admin, people.User{Name: name, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.com", Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, g := range groups {
		if err := e.d.DB.Exec(`INSERT INTO group_members(group_id, user_id) VALUES (?, ?)`, e.groups[g], u.ID).Error; err != nil {
			e.t.Fatal(err)
		}
	}
	a, err := e.d.People.ActorFor(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) create(actor people.Actor, name string, filters ...ticket.Filter) *view.View {
	e.t.Helper()
	v, err := e.views.Create(e.ctx, actor, view.Spec{Name: name, Query: ticket.Query{View: "all_open", Filters: filters, Sort: "created", Desc: true},
		Columns: []string{"number", "title", "created"}})
	if err != nil {
		e.t.Fatalf("create view %q: %v", name, err)
	}
	return v
}

func names(vs []view.View) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Name)
	}
	return out
}

func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := fault.Code(err); got != want {
		t.Fatalf("got error %v (code %q), want code %q", err, got, want)
	}
}

func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	var v *fault.Validation
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
	if len(v.Fields) != 1 || !strings.Contains(v.Fields[field], msg) {
		t.Fatalf("got fields %v, want %s to say %q", v.Fields, field, msg)
	}
}

func TestViewCRUD(t *testing.T) {
	e := newEnv(t)
	hw := ticket.Filter{Field: "category", Values: []string{"Hardware"}}
	a := e.create(e.agent, "Hardware", hw)
	b := e.create(e.agent, "Last week", ticket.Filter{Field: "created", From: "-7d"})
	c := e.create(e.agent, "Unassigned in my groups", ticket.Filter{Field: "assignee", Values: []string{ticket.Nobody}},
		ticket.Filter{Field: "group", Values: []string{ticket.MyGroups}})

	got, err := e.views.Get(e.ctx, e.agent, a.ID)
	wantCode(t, err, "")
	if got.Name != "Hardware" || got.OwnerName != "Abe Agent" || got.Query.Sort != "created" || !got.Query.Desc ||
		!slices.Equal(got.Query.Filters[0].Values, []string{"Hardware"}) || !slices.Equal(got.Columns, []string{"number", "title", "created"}) {
		t.Errorf("read back %+v", got)
	}

	list, err := e.views.List(e.ctx, e.agent)
	wantCode(t, err, "")
	if want := []string{"Hardware", "Last week", "Unassigned in my groups"}; !slices.Equal(names(list), want) {
		t.Errorf("got %v, want %v", names(list), want)
	}

	t.Run("rename", func(t *testing.T) {
		v, err := e.views.Rename(e.ctx, e.agent, b.ID, "  Logged this week ")
		wantCode(t, err, "")
		if v.Name != "Logged this week" {
			t.Errorf("got name %q", v.Name)
		}
		_, err = e.views.Rename(e.ctx, e.agent, b.ID, "hardware")
		wantField(t, err, "name", `already have a view called "hardware"`)
		_, err = e.views.Rename(e.ctx, e.agent, b.ID, " ")
		wantField(t, err, "name", "needs a name")
		_, err = e.views.Rename(e.ctx, e.agent, b.ID, strings.Repeat("x", view.MaxName+1))
		wantField(t, err, "name", "at most 60 characters")
	})

	t.Run("update filters, sort and columns", func(t *testing.T) {
		spec := view.Spec{Name: "Hardware P1-P2", Query: ticket.Query{View: "all_open", Sort: "priority", Offset: 100, Limit: 50,
			Filters: []ticket.Filter{hw, {Field: "priority", Values: []string{"1", "2"}}}}, Columns: []string{"priority", "number"}}
		v, err := e.views.Update(e.ctx, e.agent, a.ID, spec)
		wantCode(t, err, "")
		if v.Name != "Hardware P1-P2" || len(v.Query.Filters) != 2 || v.Query.Offset != 0 || v.Query.Limit != 0 ||
			!slices.Equal(v.Columns, []string{"priority", "number", "title"}) {
			t.Errorf("got %+v", v)
		}
	})

	t.Run("bad input is refused, nothing saved", func(t *testing.T) {
		bad := view.Spec{Name: "Bad", Query: ticket.Query{Filters: []ticket.Filter{{Field: "created", From: "2025-13-01"}}}}
		_, err := e.views.Create(e.ctx, e.agent, bad)
		wantField(t, err, "filter.created", `"2025-13-01" is not a day`)
		bad.Query.Filters = []ticket.Filter{{Field: "mood", Values: []string{"grumpy"}}}
		_, err = e.views.Update(e.ctx, e.agent, a.ID, bad)
		wantField(t, err, "filter.mood", `unknown filter "mood"`)
		_, err = e.views.Create(e.ctx, e.agent, view.Spec{Name: "Cols", Columns: []string{"number", "shoe size"}})
		wantField(t, err, "columns", `unknown column "shoe size"`)
		_, err = e.views.Create(e.ctx, e.agent, view.Spec{Name: "Sort", Query: ticket.Query{Sort: "mood"}})
		wantField(t, err, "sort", `cannot sort by "mood"`)
		list, _ := e.views.List(e.ctx, e.agent)
		if len(list) != 3 || list[0].Name != "Hardware P1-P2" {
			t.Errorf("after refusals: %v", names(list))
		}
	})

	t.Run("reorder", func(t *testing.T) {
		wantCode(t, e.views.Reorder(e.ctx, e.agent, []string{c.ID, a.ID, b.ID}), "")
		list, _ := e.views.List(e.ctx, e.agent)
		if want := []string{"Unassigned in my groups", "Hardware P1-P2", "Logged this week"}; !slices.Equal(names(list), want) {
			t.Errorf("got %v, want %v", names(list), want)
		}
		err := e.views.Reorder(e.ctx, e.agent, []string{c.ID, a.ID})
		wantField(t, err, "order", "each of your 3 views")
		err = e.views.Reorder(e.ctx, e.agent, []string{c.ID, a.ID, a.ID})
		wantField(t, err, "order", "once")
		other := e.create(e.network, "Nina's")
		err = e.views.Reorder(e.ctx, e.agent, []string{c.ID, a.ID, other.ID})
		wantField(t, err, "order", "not one of yours")
	})

	t.Run("delete", func(t *testing.T) {
		wantCode(t, e.views.Delete(e.ctx, e.agent, b.ID), "")
		_, err := e.views.Get(e.ctx, e.agent, b.ID)
		wantCode(t, err, fault.CodeNotFound)
		wantCode(t, e.views.Delete(e.ctx, e.agent, b.ID), fault.CodeNotFound)
		list, _ := e.views.List(e.ctx, e.agent)
		if want := []string{"Unassigned in my groups", "Hardware P1-P2"}; !slices.Equal(names(list), want) {
			t.Errorf("got %v, want %v", names(list), want)
		}
		// A new view goes last.
		e.create(e.agent, "Newest")
		list, _ = e.views.List(e.ctx, e.agent)
		if list[len(list)-1].Name != "Newest" {
			t.Errorf("got %v", names(list))
		}
	})
}

func TestViewSharing(t *testing.T) {
	e := newEnv(t)
	sd := e.groups["Service Desk"]
	shared := e.create(e.manager, "Team queue", ticket.Filter{Field: "assignee", Values: []string{ticket.Nobody}})
	mine := e.create(e.manager, "Manager's own")
	agents := e.create(e.agent, "Agent's own")
	reqs := e.create(e.req, "My requests", ticket.Filter{Field: "requester", Values: []string{ticket.Me}})

	t.Run("only a manager or above shares", func(t *testing.T) {
		_, err := e.views.Share(e.ctx, e.req, reqs.ID, sd)
		wantCode(t, err, fault.CodeForbidden)
		if !strings.Contains(err.Error(), "manager role") {
			t.Errorf("got %q", err)
		}
		_, err = e.views.Share(e.ctx, e.agent, agents.ID, sd)
		wantCode(t, err, fault.CodeForbidden)
		v, err := e.views.Share(e.ctx, e.manager, shared.ID, sd)
		wantCode(t, err, "")
		if v.GroupID != sd {
			t.Errorf("got group %q", v.GroupID)
		}
		_, err = e.views.Share(e.ctx, e.manager, mine.ID, "no-such-group")
		wantField(t, err, "group", "no such group")
	})

	t.Run("members see it after their own, others do not", func(t *testing.T) {
		list, err := e.views.List(e.ctx, e.agent)
		wantCode(t, err, "")
		if want := []string{"Agent's own", "Team queue"}; !slices.Equal(names(list), want) {
			t.Errorf("agent sees %v, want %v", names(list), want)
		}
		if list[1].OwnerName != "Mona Manager" {
			t.Errorf("shared view's owner reads %q", list[1].OwnerName)
		}
		list, _ = e.views.List(e.ctx, e.network)
		if len(list) != 0 {
			t.Errorf("a non-member sees %v", names(list))
		}
		_, err = e.views.Get(e.ctx, e.network, shared.ID)
		wantCode(t, err, fault.CodeNotFound)
		_, err = e.views.Get(e.ctx, e.admin, mine.ID)
		wantCode(t, err, fault.CodeNotFound)
	})

	t.Run("a member or an outsider does not edit another person's view", func(t *testing.T) {
		spec := view.Spec{Name: "Hijacked"}
		for _, who := range []struct {
			name  string
			actor people.Actor
			code  string
		}{{"member", e.agent, fault.CodeForbidden}, {"admin outside the group", people.Actor{ID: e.admin.ID, Role: people.Admin}, fault.CodeNotFound}} {
			t.Run(who.name, func(t *testing.T) {
				_, err := e.views.Update(e.ctx, who.actor, shared.ID, spec)
				wantCode(t, err, who.code)
				_, err = e.views.Rename(e.ctx, who.actor, shared.ID, "Hijacked")
				wantCode(t, err, who.code)
				_, err = e.views.Share(e.ctx, who.actor, shared.ID, "")
				wantCode(t, err, who.code)
				wantCode(t, e.views.Delete(e.ctx, who.actor, shared.ID), who.code)
			})
		}
		// The desk's owner is in every group: an admin who sees the view may change it, as
		// a manager of the group may; the order stays the owner's.
		v, err := e.views.Rename(e.ctx, e.admin, shared.ID, "Team queue (admin)")
		wantCode(t, err, "")
		if v.Name != "Team queue (admin)" || v.OwnerID != e.manager.ID {
			t.Errorf("after the admin's rename: %+v", v)
		}
		_, err = e.views.Rename(e.ctx, e.admin, shared.ID, "Team queue")
		wantCode(t, err, "")
		err = e.views.Reorder(e.ctx, e.admin, []string{shared.ID})
		wantField(t, err, "order", "not one of yours")
		_, err = e.views.Rename(e.ctx, e.agent, shared.ID, "Hijacked")
		if !strings.Contains(err.Error(), "only the person who saved a view") {
			t.Errorf("got %q", err)
		}
		_, err = e.views.Update(e.ctx, e.agent, mine.ID, spec)
		wantCode(t, err, fault.CodeNotFound)
		v, _ = e.views.Get(e.ctx, e.manager, shared.ID)
		if v.Name != "Team queue" || v.GroupID != sd {
			t.Errorf("after refusals: %+v", v)
		}
		// The member keeps a copy of their own instead.
		cp, err := e.views.Create(e.ctx, e.agent, view.Spec{Name: "Team queue", Query: v.Query, Columns: v.Columns})
		wantCode(t, err, "")
		if cp.OwnerID != e.agent.ID || cp.GroupID != "" {
			t.Errorf("copy %+v", cp)
		}
	})

	t.Run("the owner stops sharing", func(t *testing.T) {
		_, err := e.views.Share(e.ctx, e.manager, shared.ID, "")
		wantCode(t, err, "")
		list, _ := e.views.List(e.ctx, e.agent)
		if slices.Contains(names(list), "Team queue") && list[len(list)-1].OwnerID != e.agent.ID {
			t.Errorf("agent still sees the manager's view: %v", names(list))
		}
		_, err = e.views.Get(e.ctx, e.agent, shared.ID)
		wantCode(t, err, fault.CodeNotFound)
	})
}

func TestViewCounts(t *testing.T) {
	e := newEnv(t)
	if err := demo.Bulk(e.ctx, e.d, 1300, 4); err != nil {
		t.Fatal(err)
	}
	small := e.create(e.agent, "Hardware P1-P2", ticket.Filter{Field: "category", Values: []string{"Hardware"}},
		ticket.Filter{Field: "priority", Values: []string{"1", "2"}})
	queries := map[string]ticket.Query{
		"all":    {View: "all"},
		small.ID: small.Query,
		// A view whose group was since deleted, say: the query no longer holds.
		"broken": {Filters: []ticket.Filter{{Field: "created", From: "yesterday"}}},
	}
	counts, err := e.views.Counts(e.ctx, e.agent, queries)
	wantCode(t, err, "")
	byID := map[string]view.Count{}
	for _, c := range counts {
		byID[c.ID] = c
	}
	if c := byID["all"]; c.Count != view.CountCap || !c.More {
		t.Errorf("all: got %+v, want %d and more", c, view.CountCap)
	}
	exact, err := e.d.Tickets.Count(e.ctx, e.agent, small.Query)
	wantCode(t, err, "")
	if c := byID[small.ID]; c.Count != exact || c.More || exact == 0 {
		t.Errorf("small view: got %+v, want %d exactly", c, exact)
	}
	if c := byID["broken"]; c.Count != -1 {
		t.Errorf("broken view: got %+v, want -1", c)
	}
}

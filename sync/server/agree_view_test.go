package server_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/domain/view"
	"outpost/sync/protocol"
)

// The agreement table of saved views: private to their owner and the group they are shared
// with, whatever the reader's role; shared by managers; edited by their owner or a manager
// in their group; ordered by their owner alone.

// viewActor is the acting desk's person as their desk knows them now (their groups come
// with the directory a sync pulls).
func viewActor(c *cfg) people.Actor {
	c.t.Helper()
	a, err := c.r.Desk.People.ActorFor(c.ctx, c.r.Actor.ID)
	c.must(err)
	return a
}

var viewSpec = view.Spec{Name: "Unassigned", Query: ticket.Query{View: "all_open", Sort: "created", Desc: true,
	Filters: []ticket.Filter{{Field: "assignee", Values: []string{ticket.Nobody}}}}, Columns: []string{"number", "title"}}

func createView(name string) func(c *cfg) error {
	return func(c *cfg) error {
		spec := viewSpec
		spec.Name = name
		_, err := c.r.Desk.Views.Create(c.ctx, viewActor(c), spec)
		return err
	}
}

// viewDoc is a view's record for a hand-made create, owned by owner.
func viewDoc(name string, owner func(c *cfg) string, group bool) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		q, _ := json.Marshal(viewSpec.Query)
		doc := map[string]any{"id": id, "ownerId": owner(c), "name": name, "position": 0, "groupId": nil,
			"query": string(q), "columns": `["number","title"]`, "createdAt": 1}
		if group {
			doc["groupId"] = c.group
		}
		return doc
	}
}

// writeView makes a view's record through the desk's generic writer, as the desk's store
// would if it let the person ask for it: the kind's rules judge it.
func writeView(doc func(c *cfg, id string) map[string]any) func(c *cfg) error {
	return func(c *cfg) error {
		raw, _ := json.Marshal(doc(c, uuid.Must(uuid.NewV7()).String()))
		d, err := replica.DecodeDoc(raw)
		c.must(err)
		typ, _ := replica.Lookup(view.EntityView)
		tx := c.r.Desk.DB.Begin()
		defer tx.Rollback()
		w := &replica.Writer{Tx: tx, Log: c.r.Desk.Log, Actor: viewActor(c), Reader: replica.TxReader{Tx: tx}}
		return w.Create(typ, d)
	}
}

// aViewTeam makes a group of Ann (agent) and Mia (manager) on the server, in c.group.
func aViewTeam(c *cfg) {
	c.group = uuid.Must(uuid.NewV7()).String()
	c.a.s.AddGroup(c.t, c.group, "Views "+c.group[len(c.group)-8:], c.a.ids["agent"], c.a.ids["manager"])
}

// aViewOf: role saves a view on their desk, shared with the team when shared (c.id).
func aViewOf(role string, shared bool) func(c *cfg) {
	return func(c *cfg) {
		aViewTeam(c)
		r := c.a.desks[role]
		r.Sync(c.t)
		act, err := r.Desk.People.ActorFor(c.ctx, r.Actor.ID)
		c.must(err)
		spec := viewSpec
		spec.Name = "View " + uuid.NewString()[:8]
		v, err := r.Desk.Views.Create(c.ctx, act, spec)
		c.must(err)
		if shared {
			_, err = r.Desk.Views.Share(c.ctx, act, v.ID, c.group)
			c.must(err)
		}
		if rep := r.Sync(c.t); rep.Rejected != 0 {
			c.t.Fatalf("setup: the server refused %s's view: %+v", role, rep)
		}
		c.id = v.ID
	}
}

func renameView(name string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Views.Rename(c.ctx, viewActor(c), c.id, name)
		return err
	}
}

func shareView(c *cfg) error {
	_, err := c.r.Desk.Views.Share(c.ctx, viewActor(c), c.id, c.group)
	return err
}

func unshareView(c *cfg) error {
	_, err := c.r.Desk.Views.Share(c.ctx, viewActor(c), c.id, "")
	return err
}

func deleteView(c *cfg) error { return c.r.Desk.Views.Delete(c.ctx, viewActor(c), c.id) }

func reorderOwn(c *cfg) error {
	list, err := c.r.Desk.Views.List(c.ctx, viewActor(c))
	c.must(err)
	var ids []string
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].OwnerID == c.r.Actor.ID {
			ids = append(ids, list[i].ID)
		}
	}
	return c.r.Desk.Views.Reorder(c.ctx, viewActor(c), ids)
}

// TestAgreeView: who may save, share, rename, reorder and delete which view.
func TestAgreeView(t *testing.T) {
	e := view.EntityView
	rename := cfgSet(e, nil, "name", "Hijacked")
	var rows []configRow
	for _, role := range []string{"requester", "agent", "manager", "admin"} {
		rows = append(rows,
			configRow{name: "save a view of their own", role: role, desk: createView("Mine " + role)},
			configRow{name: "save a view with no name", role: role, desk: createView(" "),
				op: cfgCreate(e, viewDoc(" ", idOf(role), false)), want: fault.CodeValidation},
			configRow{name: "reorder their views", role: role, setup: aViewOf(role, false), desk: reorderOwn},
		)
	}
	// Saving a view for someone else: the desk's writer and the server refuse it alike.
	for _, role := range []string{"requester", "manager", "admin"} {
		rows = append(rows, configRow{name: "save a view for another person", role: role,
			desk: writeView(viewDoc("Theirs", idOf("agent"), false)), op: cfgCreate(e, viewDoc("Theirs", idOf("agent"), false)),
			want: fault.CodeForbidden})
	}
	rows = append(rows,
		// A personal view is its owner's alone: nobody else finds it, whatever their role.
		configRow{name: "rename another's personal view", role: "agent", setup: aViewOf("manager", false), desk: renameView("Hijacked"),
			op: rename, want: fault.CodeNotFound},
		configRow{name: "rename another's personal view", role: "admin", setup: aViewOf("manager", false), desk: renameView("Hijacked"),
			op: rename, want: fault.CodeNotFound},
		configRow{name: "delete another's personal view", role: "admin", setup: aViewOf("agent", false), desk: deleteView,
			op: cfgArchive(e, nil), want: fault.CodeNotFound},
		configRow{name: "rename their view", role: "agent", setup: aViewOf("agent", false), desk: renameView("Renamed")},
		configRow{name: "empty their view's name", role: "agent", setup: aViewOf("agent", false), desk: renameView(" "),
			op: cfgSet(e, nil, "name", " "), want: fault.CodeValidation},
		// Sharing needs a manager.
		configRow{name: "share their view", role: "agent", setup: aViewOf("agent", false), desk: shareView,
			op: func(d *device, c *cfg) protocol.Op { return d.op(e, c.id, protocol.OpSet, "groupId", c.group) }, want: fault.CodeForbidden},
		configRow{name: "share their view", role: "manager", setup: aViewOf("manager", false), desk: shareView},
		configRow{name: "stop sharing their view", role: "manager", setup: aViewOf("manager", true), desk: unshareView},
		// A shared view: its members see it read-only; a manager among them edits it.
		configRow{name: "rename a view shared with them", role: "agent", setup: aViewOf("manager", true), desk: renameView("Hijacked"),
			op: rename, want: fault.CodeForbidden},
		configRow{name: "delete a view shared with them", role: "agent", setup: aViewOf("manager", true), desk: deleteView,
			op: cfgArchive(e, nil), want: fault.CodeForbidden},
		configRow{name: "rename a view shared with another group", role: "admin", setup: aViewOf("manager", true), desk: renameView("Hijacked"),
			op: rename, want: fault.CodeNotFound},
		configRow{name: "rename a view shared with their group", role: "manager", setup: aViewOf("admin", true), desk: renameView("Renamed")},
		configRow{name: "delete a view shared with their group", role: "manager", setup: aViewOf("admin", true), desk: deleteView},
		configRow{name: "delete their shared view", role: "manager", setup: aViewOf("manager", true), desk: deleteView},
	)
	runConfigAgreement(t, rows)
}

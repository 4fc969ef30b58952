package server_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/knowledge"
	"outpost/domain/people"
	"outpost/domain/satisfaction"
	"outpost/domain/ticket"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// The agreement table of departments: admins add and rename them; managers put groups and
// categories in one that exists; nobody else writes either. Desk and server alike.

func saveDepartment(dep func(c *cfg) people.Department) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SaveDepartment(c.ctx, c.r.Actor, dep(c))
		return err
	}
}

func newDepartment(name string) func(c *cfg) people.Department {
	return func(*cfg) people.Department { return people.Department{Name: name} }
}

func departmentDoc(name string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "description": "", "active": true, "createdAt": 1}
	}
}

// groupIn puts the row's group (the setup's aGroup) in department dep.
func groupIn(dep string) func(c *cfg) error {
	return func(c *cfg) error {
		var g people.Group
		c.must(c.r.Desk.DB.Where("id = ?", c.id).Take(&g).Error)
		g.DepartmentID = &dep
		_, err := c.r.Desk.SaveGroup(c.ctx, c.r.Actor, g)
		return err
	}
}

func categoryIn(dep string) func(c *cfg) error {
	return func(c *cfg) error {
		var name string
		c.must(c.r.Desk.DB.Raw(`SELECT name FROM categories WHERE id = ?`, c.id).Scan(&name).Error)
		_, err := c.r.Desk.SaveCategory(c.ctx, c.r.Actor, desk.CategoryItem{ID: c.id, Name: name, Active: true, DepartmentID: dep})
		return err
	}
}

func TestAgreeDepartment(t *testing.T) {
	unique := func(s string) string { return s + " " + uuid.NewString()[:8] }
	it := func(*cfg) string { return people.DepartmentIT }
	var rows []configRow
	for _, role := range []string{"requester", "agent", "manager"} {
		rows = append(rows,
			configRow{name: "add a department", role: role, desk: saveDepartment(newDepartment(unique("Legal"))),
				op: cfgCreate(people.EntityDepartment, departmentDoc("Legal")), want: fault.CodeForbidden},
			configRow{name: "rename IT", role: role, desk: saveDepartment(func(*cfg) people.Department {
				return people.Department{ID: people.DepartmentIT, Name: "Tech", Active: true}
			}), op: cfgSet(people.EntityDepartment, it, "name", "Tech"), want: fault.CodeForbidden},
		)
	}
	for _, role := range []string{"requester", "agent"} {
		rows = append(rows,
			configRow{name: "put a group in HR", role: role, setup: aGroup, desk: groupIn(people.DepartmentHR),
				op: cfgSet(people.EntityGroup, nil, "departmentId", people.DepartmentHR), want: fault.CodeForbidden},
			configRow{name: "put a category in HR", role: role, setup: aCategory, desk: categoryIn(people.DepartmentHR),
				op: cfgSet(people.EntityCategory, nil, "departmentId", people.DepartmentHR), want: fault.CodeForbidden},
		)
	}
	rows = append(rows,
		configRow{name: "add a department", role: "admin", desk: saveDepartment(newDepartment(unique("Legal")))},
		configRow{name: "add a department with no name", role: "admin", desk: saveDepartment(newDepartment(" ")),
			op: cfgCreate(people.EntityDepartment, departmentDoc("")), want: fault.CodeValidation},
		configRow{name: "add a department with a name over its limit", role: "admin", desk: saveDepartment(newDepartment(long(101))),
			op: cfgCreate(people.EntityDepartment, departmentDoc(long(101))), want: fault.CodeValidation},
		configRow{name: "rename Facilities", role: "admin", desk: saveDepartment(func(*cfg) people.Department {
			return people.Department{ID: people.DepartmentFacilities, Name: unique("Buildings"), Active: true}
		})},
		configRow{name: "put a group in HR", role: "manager", setup: aGroup, desk: groupIn(people.DepartmentHR)},
		configRow{name: "put a category in Facilities", role: "manager", setup: aCategory, desk: categoryIn(people.DepartmentFacilities)},
		configRow{name: "put a group in a department that is not there", role: "manager", setup: aGroup, desk: groupIn(uuid.NewString()),
			op: cfgSet(people.EntityGroup, nil, "departmentId", uuid.NewString()), want: fault.CodeValidation},
	)
	runConfigAgreement(t, rows)
}

// TestRequesterPullScope: what a requester's desk receives from a real server is theirs and
// everyone's: their own tickets and their children, the articles written for requesters,
// every department (they pick from every department's catalog); never another requester's
// ticket, its rating, nor a staff-only article.
func TestRequesterPullScope(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { requesterPullScope(t, "") })
	t.Run("postgres", func(t *testing.T) { requesterPullScope(t, pgtest.DB(t)) })
}

func requesterPullScope(t *testing.T, dsn string) {
	a := newConfigAgreement(t, dsn)
	a.s.AddUser(t, "Rob", "rob@x.test", "requester")
	rob := synctest.NewReplica(t, a.s, "rob@x.test", nil)
	admin := &cfg{t: t, ctx: t.Context(), a: a, r: a.desks["admin"]}
	legal, err := admin.r.Desk.SaveDepartment(admin.ctx, admin.r.Actor, people.Department{Name: "Legal"})
	admin.must(err)
	anArticle(knowledge.StaffOnly, knowledge.Published)(admin)
	staffOnly := admin.id
	if rep := admin.r.Sync(t); rep.Rejected != 0 {
		t.Fatalf("%+v", rep)
	}
	ann := a.desks["agent"]
	ann.Sync(t)
	logged := func(requester string) *ticket.Ticket {
		tk, err := ann.Desk.Tickets.Create(t.Context(), ann.Actor, ticket.Draft{Type: ticket.Incident, Title: "laptop",
			RequesterID: requester, Impact: 3, Urgency: 3, Source: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ann.Desk.Tickets.Transition(t.Context(), ann.Actor, tk.ID, ticket.Move{To: ticket.Resolved,
			ResolutionCode: "solved_remotely", ResolutionNotes: "done"}); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	robs, ritas := logged(rob.Actor.ID), logged(a.ids["requester"])
	if rep := ann.Sync(t); rep.Rejected != 0 {
		t.Fatalf("%+v", rep)
	}
	rob.Sync(t)
	robsRating, err := rob.Desk.Satisfaction.Rate(t.Context(), rob.Actor, robs.ID, satisfaction.NewRating{Score: 2, Comment: "slow"})
	if err != nil {
		t.Fatal(err)
	}
	if rep := rob.Sync(t); rep.Rejected != 0 || rep.Accepted == 0 {
		t.Fatalf("Rob's rating: %+v", rep)
	}
	rita := a.desks["requester"]
	rita.Sync(t)
	var tickets, ratings, articles, deps []string
	for q, out := range map[string]*[]string{`SELECT id FROM tickets`: &tickets, `SELECT id FROM ratings`: &ratings,
		`SELECT id FROM articles`: &articles, `SELECT id FROM departments WHERE id = '` + legal.ID + `'`: &deps} {
		if err := rita.Desk.DB.Raw(q).Scan(out).Error; err != nil {
			t.Fatal(err)
		}
	}
	if len(tickets) != 1 || tickets[0] != ritas.ID {
		t.Errorf("Rita's desk holds tickets %v, want only hers %s", tickets, ritas.ID)
	}
	if len(ratings) != 0 || len(articles) != 0 {
		t.Errorf("Rita's desk holds ratings %v and articles %v, want none", ratings, articles)
	}
	if len(deps) != 1 {
		t.Errorf("Rita's desk lacks the department Legal")
	}
	_, body := raw(t, a.s.URL, a.devs["requester"].token, "GET", "/pull?after=0&limit=1000", nil)
	for what, id := range map[string]string{"Rob's ticket": robs.ID, "Rob's rating": robsRating.ID, "the staff-only article": staffOnly} {
		if strings.Contains(string(body), id) {
			t.Errorf("a requester's pull names %s", what)
		}
	}
	// Staff pull Rob's rating (the report reads it on every manager's desk).
	mia := a.desks["manager"]
	mia.Sync(t)
	var n int64
	_ = mia.Desk.DB.Raw(`SELECT COUNT(*) FROM ratings WHERE id = ?`, robsRating.ID).Scan(&n)
	if n != 1 {
		t.Errorf("the manager's desk lacks Rob's rating")
	}
}

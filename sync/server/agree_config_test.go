package server_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// The agreement tables of the configuration kinds (SLA calendars and policies, desk
// settings, and the directory: people, groups, memberships, categories, services), in the
// form of the ticket kinds' tables but with the four roles: configuration is written by
// managers and admins, and the people's roles and the last admin are an admin's.

// configRoles are the signed-in people by role; Ada is the server's only admin.
var configRoles = map[string]string{"requester": "rita@x.test", "agent": "ann@x.test", "manager": "mia@x.test", "admin": "ada@x.test"}

// configAgreement is a server with a desk and a hand-pushing device per role.
type configAgreement struct {
	s     *synctest.Server
	desks map[string]*synctest.Replica
	devs  map[string]*device
	ids   map[string]string // user id by role
}

// cfg is what a row's steps work on.
type cfg struct {
	t   *testing.T
	ctx context.Context
	a   *configAgreement
	r   *synctest.Replica // the acting role's desk (the admin's in setup)
	id  string            // the record a setup step made
	// group is the group a membership row works on.
	group string
	// other is a second record a setup step made (the far end of a relationship).
	other string
	// ticket is the ticket an article row works on.
	ticket string
}

// configRow is one change of a configuration kind by one role.
type configRow struct {
	name  string
	role  string
	setup func(*cfg) // makes the row's record, on the admin's desk
	desk  func(*cfg) error
	// op is the same change pushed by hand, for a change the desk refuses.
	op   func(d *device, c *cfg) protocol.Op
	want string // the code both give; "" accepted
}

func newConfigAgreement(t *testing.T, dsn string) *configAgreement {
	s := synctest.StartServer(t, dsn, synctest.NewClock().Now)
	a := &configAgreement{s: s, desks: map[string]*synctest.Replica{}, devs: map[string]*device{}, ids: map[string]string{}}
	names := map[string]string{"requester": "Rita", "agent": "Ann", "manager": "Mia", "admin": "Ada"}
	for role, email := range configRoles {
		a.ids[role] = s.AddUser(t, names[role], email, role).ID
	}
	for role, email := range configRoles {
		a.desks[role] = synctest.NewReplica(t, s, email, nil)
		a.devs[role] = newDevice(t, s, email)
	}
	return a
}

func runConfigAgreement(t *testing.T, rows []configRow) {
	t.Run("sqlite", func(t *testing.T) { agreeConfig(t, newConfigAgreement(t, ""), rows) })
	t.Run("postgres", func(t *testing.T) { agreeConfig(t, newConfigAgreement(t, pgtest.DB(t)), rows) })
}

func agreeConfig(t *testing.T, a *configAgreement, rows []configRow) {
	for _, row := range rows {
		t.Run(row.role+"/"+row.name, func(t *testing.T) {
			c := &cfg{t: t, ctx: context.Background(), a: a, r: a.desks["admin"]}
			if row.setup != nil {
				row.setup(c)
				if rep := c.r.Sync(t); rep.Rejected != 0 {
					t.Fatalf("setup: the server refused the admin's ops: %+v", rep)
				}
			}
			c.r = a.desks[row.role]
			c.r.Sync(t)
			err := row.desk(c)
			if got := fault.Code(err); got != row.want {
				t.Fatalf("the desk gives %q (%v), want %q", got, err, row.want)
			}
			if err == nil {
				if rep := c.r.Sync(t); rep.Rejected != 0 || rep.Accepted == 0 {
					t.Fatalf("the server did not accept what the desk accepted: %+v", rep)
				}
				return
			}
			if row.op == nil {
				return
			}
			before := a.s.Dump(t)
			d := a.devs[row.role]
			res := d.pushOne(row.op(d, c))
			if res.Status != protocol.Rejected || res.Code != row.want {
				t.Errorf("the server gives %s %q (%s), the desk %q", res.Status, res.Code, res.Reason, row.want)
			}
			if after := a.s.Dump(t); !reflect.DeepEqual(after, before) {
				t.Errorf("the refused op changed the server's records")
			}
		})
	}
}

// Hand-made ops.

func cfgCreate(entity string, doc func(c *cfg, id string) map[string]any) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(entity, id, protocol.OpCreate, "", doc(c, id))
	}
}

// cfgSet sets field of the row's record (record nil) or of the record record names.
func cfgSet(entity string, record func(c *cfg) string, field string, value any) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		id := c.id
		if record != nil {
			id = record(c)
		}
		return d.op(entity, id, protocol.OpSet, field, value)
	}
}

func cfgArchive(entity string, record func(c *cfg) string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		id := c.id
		if record != nil {
			id = record(c)
		}
		return d.op(entity, id, protocol.OpArchive, "archived", true)
	}
}

func idOf(role string) func(c *cfg) string { return func(c *cfg) string { return c.a.ids[role] } }

func long(n int) string { return strings.Repeat("n", n) }

// must fails the row's setup on err.
func (c *cfg) must(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

// People.

func personDoc(name, role string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "email": id[len(id)-8:] + "@x.test", "role": role, "active": true, "createdAt": 1}
	}
}

func createPerson(name, role string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.CreatePerson(c.ctx, c.r.Actor, people.User{Name: name, Email: uuid.NewString()[:8] + "@x.test", Role: people.Role(role)})
		return err
	}
}

func editPerson(who func(c *cfg) string, p desk.PersonPatch) func(c *cfg) error {
	return func(c *cfg) error {
		id := c.id
		if who != nil {
			id = who(c)
		}
		_, err := c.r.Desk.UpdatePerson(c.ctx, c.r.Actor, id, p)
		return err
	}
}

// aPerson: the admin adds an agent.
func aPerson(c *cfg) {
	u, err := c.r.Desk.CreatePerson(c.ctx, c.r.Actor, people.User{Name: "Pat", Email: uuid.NewString()[:8] + "@x.test", Role: people.Agent})
	c.must(err)
	c.id = u.ID
}

// anInactivePerson: the admin adds an agent and deactivates them.
func anInactivePerson(c *cfg) {
	aPerson(c)
	_, err := c.r.Desk.UpdatePerson(c.ctx, c.r.Actor, c.id, desk.PersonPatch{Active: ptr(false)})
	c.must(err)
}

// TestAgreePerson: who may create a person, edit whom, change roles, deactivate; the last
// admin stays one.
func TestAgreePerson(t *testing.T) {
	create := cfgCreate(people.EntityPerson, personDoc("Pat", "agent"))
	var rows []configRow
	for _, role := range []string{"requester", "agent", "manager"} {
		rows = append(rows,
			configRow{name: "create a person", role: role, desk: createPerson("Pat", "agent"), op: create, want: fault.CodeForbidden},
			configRow{name: "rename themselves", role: role, desk: editPerson(idOf(role), desk.PersonPatch{Name: ptr("Renamed")})},
			configRow{name: "rename another", role: role, setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Name: ptr("Renamed")}),
				op: cfgSet(people.EntityPerson, nil, "name", "Renamed"), want: fault.CodeForbidden},
			configRow{name: "raise their own role", role: role, desk: editPerson(idOf(role), desk.PersonPatch{Role: ptr(people.Admin)}),
				op: cfgSet(people.EntityPerson, idOf(role), "role", "admin"), want: fault.CodeForbidden},
			configRow{name: "deactivate a person", role: role, setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Active: ptr(false)}),
				op: cfgSet(people.EntityPerson, nil, "active", false), want: fault.CodeForbidden},
		)
	}
	rows = append(rows,
		configRow{name: "create a person", role: "admin", desk: createPerson("Pat", "agent")},
		configRow{name: "create a person with a name over its limit", role: "admin", desk: createPerson(long(300), "agent"),
			op: cfgCreate(people.EntityPerson, personDoc(long(300), "agent")), want: fault.CodeValidation},
		configRow{name: "create a person of no known role", role: "admin", desk: createPerson("Pat", "boss"),
			op: cfgCreate(people.EntityPerson, personDoc("Pat", "boss")), want: fault.CodeValidation},
		configRow{name: "rename another", role: "admin", setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Name: ptr("Renamed")})},
		configRow{name: "empty a name", role: "admin", setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Name: ptr(" ")}),
			op: cfgSet(people.EntityPerson, nil, "name", " "), want: fault.CodeValidation},
		configRow{name: "make a manager", role: "admin", setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Role: ptr(people.Manager)})},
		configRow{name: "deactivate a person", role: "admin", setup: aPerson, desk: editPerson(nil, desk.PersonPatch{Active: ptr(false)})},
		configRow{name: "demote the last admin", role: "admin", desk: editPerson(idOf("admin"), desk.PersonPatch{Role: ptr(people.Manager)}),
			op: cfgSet(people.EntityPerson, idOf("admin"), "role", "manager"), want: fault.CodeValidation},
		configRow{name: "deactivate the last admin", role: "admin", desk: editPerson(idOf("admin"), desk.PersonPatch{Active: ptr(false)}),
			op: cfgSet(people.EntityPerson, idOf("admin"), "active", false), want: fault.CodeValidation},
	)
	runConfigAgreement(t, rows)
}

// Groups and memberships.

func saveGroup(g func(c *cfg) people.Group) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SaveGroup(c.ctx, c.r.Actor, g(c))
		return err
	}
}

func newGroup(name string) func(c *cfg) people.Group {
	return func(*cfg) people.Group { return people.Group{Name: name + " " + uuid.NewString()[:8]} }
}

func groupDoc(name string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "description": "", "active": true, "createdAt": 1}
	}
}

// aGroup: the admin makes a group.
func aGroup(c *cfg) {
	g, err := c.r.Desk.SaveGroup(c.ctx, c.r.Actor, people.Group{Name: "Team " + uuid.NewString()[:8]})
	c.must(err)
	c.id = g.ID
}

func editGroup(name string, active bool) func(c *cfg) people.Group {
	return func(c *cfg) people.Group {
		return people.Group{ID: c.id, Name: name + " " + c.id[len(c.id)-8:], Active: active}
	}
}

func setMember(person func(c *cfg) string, member bool) func(c *cfg) error {
	return func(c *cfg) error { return c.r.Desk.SetMember(c.ctx, c.r.Actor, c.group, person(c), member) }
}

func memberOp(person func(c *cfg) string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		g, u := c.group, person(c)
		return d.op(people.EntityMember, people.MemberID(g, u), protocol.OpCreate, "",
			map[string]any{"id": people.MemberID(g, u), "groupId": g, "userId": u, "active": true})
	}
}

// groupWith: a group (in c.group) and then a person (in c.id).
func groupWith(person func(*cfg)) func(*cfg) {
	return func(c *cfg) {
		aGroup(c)
		c.group = c.id
		person(c)
	}
}

// groupWithMember: a group with a person in it.
func groupWithMember(c *cfg) {
	groupWith(aPerson)(c)
	c.must(c.r.Desk.SetMember(c.ctx, c.r.Actor, c.group, c.id, true))
}

// TestAgreeGroup: who may make and edit groups and their members.
func TestAgreeGroup(t *testing.T) {
	person := func(c *cfg) string { return c.id }
	var rows []configRow
	for _, role := range []string{"requester", "agent"} {
		rows = append(rows,
			configRow{name: "make a group", role: role, desk: saveGroup(newGroup("Team")),
				op: cfgCreate(people.EntityGroup, groupDoc("Team")), want: fault.CodeForbidden},
			configRow{name: "rename a group", role: role, setup: aGroup, desk: saveGroup(editGroup("Renamed", true)),
				op: cfgSet(people.EntityGroup, nil, "name", "Renamed"), want: fault.CodeForbidden},
			configRow{name: "add a member", role: role, setup: groupWith(aPerson), desk: setMember(person, true),
				op: memberOp(person), want: fault.CodeForbidden},
		)
	}
	for _, role := range []string{"manager", "admin"} {
		rows = append(rows,
			configRow{name: "make a group", role: role, desk: saveGroup(newGroup("Team"))},
			configRow{name: "make a group with a name over its limit", role: role, desk: saveGroup(newGroup(long(300))),
				op: cfgCreate(people.EntityGroup, groupDoc(long(300))), want: fault.CodeValidation},
			configRow{name: "rename a group", role: role, setup: aGroup, desk: saveGroup(editGroup("Renamed", true))},
			configRow{name: "empty a group's name", role: role, setup: aGroup,
				desk: saveGroup(func(c *cfg) people.Group { return people.Group{ID: c.id, Name: " ", Active: true} }),
				op:   cfgSet(people.EntityGroup, nil, "name", " "), want: fault.CodeValidation},
			configRow{name: "deactivate a group", role: role, setup: aGroup, desk: saveGroup(editGroup("Old", false))},
			configRow{name: "add a member", role: role, setup: groupWith(aPerson), desk: setMember(person, true)},
			configRow{name: "add an inactive person", role: role, setup: groupWith(anInactivePerson), desk: setMember(person, true),
				op: memberOp(person), want: fault.CodeValidation},
			configRow{name: "take a member out", role: role, setup: groupWithMember, desk: setMember(person, false)},
		)
	}
	runConfigAgreement(t, rows)
}

// Categories and services.

func saveCategory(item func(c *cfg) desk.CategoryItem) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SaveCategory(c.ctx, c.r.Actor, item(c))
		return err
	}
}

func aCategory(c *cfg) {
	it, err := c.r.Desk.SaveCategory(c.ctx, c.r.Actor, desk.CategoryItem{Name: "Printing " + uuid.NewString()[:8]})
	c.must(err)
	c.id = it.ID
}

func categoryDoc(name string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "parentId": nil, "active": true}
	}
}

func saveService(s func(c *cfg) desk.Service) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SaveService(c.ctx, c.r.Actor, s(c))
		return err
	}
}

func aService(c *cfg) {
	s, err := c.r.Desk.SaveService(c.ctx, c.r.Actor, desk.Service{Name: "Mail " + uuid.NewString()[:8]})
	c.must(err)
	c.id = s.ID
}

func serviceDoc(name, description string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "description": description, "active": true, "createdAt": 1}
	}
}

// TestAgreeCategoryAndService: who may make, rename and retire categories and services.
func TestAgreeCategoryAndService(t *testing.T) {
	unique := func(s string) string { return s + " " + uuid.NewString()[:8] }
	newCat := func(name string) func(*cfg) desk.CategoryItem {
		return func(*cfg) desk.CategoryItem { return desk.CategoryItem{Name: name} }
	}
	editCat := func(name string, active bool) func(*cfg) desk.CategoryItem {
		return func(c *cfg) desk.CategoryItem { return desk.CategoryItem{ID: c.id, Name: name, Active: active} }
	}
	newSvc := func(name, description string) func(*cfg) desk.Service {
		return func(*cfg) desk.Service { return desk.Service{Name: name, Description: description} }
	}
	editSvc := func(name string, active bool) func(*cfg) desk.Service {
		return func(c *cfg) desk.Service { return desk.Service{ID: c.id, Name: name, Active: active} }
	}
	var rows []configRow
	for _, role := range []string{"requester", "agent"} {
		rows = append(rows,
			configRow{name: "make a category", role: role, desk: saveCategory(newCat("Printing")),
				op: cfgCreate(people.EntityCategory, categoryDoc("Printing")), want: fault.CodeForbidden},
			configRow{name: "retire a category", role: role, setup: aCategory, desk: saveCategory(editCat("Printing", false)),
				op: cfgSet(people.EntityCategory, nil, "active", false), want: fault.CodeForbidden},
			configRow{name: "make a service", role: role, desk: saveService(newSvc("Mail", "")),
				op: cfgCreate(people.EntityService, serviceDoc("Mail", "")), want: fault.CodeForbidden},
			configRow{name: "rename a service", role: role, setup: aService, desk: saveService(editSvc("Post", true)),
				op: cfgSet(people.EntityService, nil, "name", "Post"), want: fault.CodeForbidden},
		)
	}
	for _, role := range []string{"manager", "admin"} {
		rows = append(rows,
			configRow{name: "make a category", role: role, desk: saveCategory(newCat(unique("Printing")))},
			configRow{name: "make a category with a name over its limit", role: role, desk: saveCategory(newCat(long(300))),
				op: cfgCreate(people.EntityCategory, categoryDoc(long(300))), want: fault.CodeValidation},
			configRow{name: "rename a category", role: role, setup: aCategory, desk: saveCategory(editCat(unique("Print"), true))},
			configRow{name: "empty a category's name", role: role, setup: aCategory, desk: saveCategory(editCat(" ", true)),
				op: cfgSet(people.EntityCategory, nil, "name", " "), want: fault.CodeValidation},
			configRow{name: "retire a category", role: role, setup: aCategory, desk: saveCategory(editCat(unique("Printing"), false))},
			configRow{name: "make a service", role: role, desk: saveService(newSvc(unique("Mail"), "e-mail"))},
			configRow{name: "make a service with a description over its limit", role: role, desk: saveService(newSvc(unique("Mail"), long(2000))),
				op: cfgCreate(people.EntityService, serviceDoc("Mail", long(2000))), want: fault.CodeValidation},
			configRow{name: "retire a service", role: role, setup: aService, desk: saveService(editSvc(unique("Mail"), false))},
		)
	}
	runConfigAgreement(t, rows)
}

// SLA calendars and policies.

func aCalendar(c *cfg) {
	cal, err := c.r.Desk.SLA.SaveCalendar(c.ctx, c.r.Actor, sla.Calendar{Name: "Night " + uuid.NewString()[:8], Zone: "UTC", Always: true})
	c.must(err)
	c.id = cal.ID
}

func saveCalendar(cal func(c *cfg) sla.Calendar) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SLA.SaveCalendar(c.ctx, c.r.Actor, cal(c))
		return err
	}
}

// text is a JSON document as a text field's value.
func text(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func calendarDoc(name, zone string) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		return map[string]any{"id": id, "name": name, "zone": zone, "always": true, "week": "[]", "holidays": "[]",
			"exceptions": "[]", "archived": false}
	}
}

func policy(name string, warn int) sla.Policy {
	p := sla.DefaultPolicy()
	p.ID, p.Name, p.Default, p.WarnPercent = "", name, false, warn
	return p
}

func aPolicy(c *cfg) {
	p, err := c.r.Desk.SLA.SavePolicy(c.ctx, c.r.Actor, policy("VIP "+uuid.NewString()[:8], 75))
	c.must(err)
	c.id = p.ID
}

func savePolicy(p func(c *cfg) sla.Policy) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.SLA.SavePolicy(c.ctx, c.r.Actor, p(c))
		return err
	}
}

// editedPolicy is the row's policy as the desk holds it, changed by mod.
func editedPolicy(mod func(*sla.Policy)) func(c *cfg) sla.Policy {
	return func(c *cfg) sla.Policy {
		for _, p := range c.r.Desk.SLA.Policies() {
			if p.ID == c.id {
				mod(&p)
				return p
			}
		}
		p := policy("VIP", 75) // a requester's desk holds no policies: the form's values
		p.ID = c.id
		mod(&p)
		return p
	}
}

func policyDoc(name string, warn int) func(c *cfg, id string) map[string]any {
	return func(_ *cfg, id string) map[string]any {
		p := policy(name, warn)
		return map[string]any{"id": id, "name": p.Name, "position": 1, "default": false, "active": true, "match": text(p.Match),
			"calendarId": p.CalendarID, "warnPercent": p.WarnPercent, "pauseReasons": "[]", "targets": text(p.Targets),
			"escalations": text(p.Escalations), "archived": false}
	}
}

// TestAgreeSLA: who may make, edit and archive SLA calendars and policies, with which values.
func TestAgreeSLA(t *testing.T) {
	unique := func(s string) string { return s + " " + uuid.NewString()[:8] }
	deleteCalendar := func(c *cfg) error { return c.r.Desk.SLA.DeleteCalendar(c.ctx, c.r.Actor, c.id) }
	deletePolicy := func(id func(*cfg) string) func(c *cfg) error {
		return func(c *cfg) error { return c.r.Desk.SLA.DeletePolicy(c.ctx, c.r.Actor, id(c)) }
	}
	this := func(c *cfg) string { return c.id }
	def := func(*cfg) string { return sla.DefaultPolicyID }
	var rows []configRow
	for _, role := range []string{"requester", "agent"} {
		rows = append(rows,
			configRow{name: "make a calendar", role: role,
				desk: saveCalendar(func(*cfg) sla.Calendar { return sla.Calendar{Name: "Night", Zone: "UTC", Always: true} }),
				op:   cfgCreate(sla.EntityCalendar, calendarDoc("Night", "UTC")), want: fault.CodeForbidden},
			configRow{name: "archive a calendar", role: role, setup: aCalendar, desk: deleteCalendar,
				op: cfgArchive(sla.EntityCalendar, nil), want: fault.CodeForbidden},
			configRow{name: "make a policy", role: role, desk: savePolicy(func(*cfg) sla.Policy { return policy("VIP", 75) }),
				op: cfgCreate(sla.EntityPolicy, policyDoc("VIP", 75)), want: fault.CodeForbidden},
			configRow{name: "change a warn percent", role: role, setup: aPolicy,
				desk: savePolicy(editedPolicy(func(p *sla.Policy) { p.WarnPercent = 50 })),
				op:   cfgSet(sla.EntityPolicy, nil, "warnPercent", 50), want: fault.CodeForbidden},
			configRow{name: "archive a policy", role: role, setup: aPolicy, desk: deletePolicy(this),
				op: cfgArchive(sla.EntityPolicy, nil), want: fault.CodeForbidden},
		)
	}
	for _, role := range []string{"manager", "admin"} {
		rows = append(rows,
			configRow{name: "make a calendar", role: role,
				desk: saveCalendar(func(*cfg) sla.Calendar { return sla.Calendar{Name: unique("Night"), Zone: "UTC", Always: true} })},
			configRow{name: "make a calendar in no known zone", role: role,
				desk: saveCalendar(func(*cfg) sla.Calendar {
					return sla.Calendar{Name: unique("Night"), Zone: "Mars/Olympus", Always: true}
				}),
				op: cfgCreate(sla.EntityCalendar, calendarDoc("Night", "Mars/Olympus")), want: fault.CodeValidation},
			configRow{name: "make a calendar with a name over its limit", role: role,
				desk: saveCalendar(func(*cfg) sla.Calendar { return sla.Calendar{Name: long(300), Zone: "UTC", Always: true} }),
				op:   cfgCreate(sla.EntityCalendar, calendarDoc(long(300), "UTC")), want: fault.CodeValidation},
			configRow{name: "archive a calendar", role: role, setup: aCalendar, desk: deleteCalendar},
			configRow{name: "make a policy", role: role, desk: savePolicy(func(*cfg) sla.Policy { return policy(unique("VIP"), 75) })},
			configRow{name: "make a policy with a name over its limit", role: role, desk: savePolicy(func(*cfg) sla.Policy { return policy(long(300), 75) }),
				op: cfgCreate(sla.EntityPolicy, policyDoc(long(300), 75)), want: fault.CodeValidation},
			configRow{name: "change a warn percent", role: role, setup: aPolicy,
				desk: savePolicy(editedPolicy(func(p *sla.Policy) { p.WarnPercent = 50 }))},
			// (A warn percent of 0 is the form's "the default": the desk writes 75.)
			configRow{name: "set a negative warn percent", role: role, setup: aPolicy,
				desk: savePolicy(editedPolicy(func(p *sla.Policy) { p.WarnPercent = -5 })),
				op:   cfgSet(sla.EntityPolicy, nil, "warnPercent", -5), want: fault.CodeValidation},
			configRow{name: "set a warn percent of 100", role: role, setup: aPolicy,
				desk: savePolicy(editedPolicy(func(p *sla.Policy) { p.WarnPercent = 100 })),
				op:   cfgSet(sla.EntityPolicy, nil, "warnPercent", 100), want: fault.CodeValidation},
			configRow{name: "archive a policy", role: role, setup: aPolicy, desk: deletePolicy(this)},
			configRow{name: "archive the default policy", role: role, desk: deletePolicy(def),
				op: cfgArchive(sla.EntityPolicy, def), want: fault.CodeNotFound},
		)
	}
	runConfigAgreement(t, rows)
}

// TestAgreeDeskSettings: only an admin changes the team's desk settings, within their range.
func TestAgreeDeskSettings(t *testing.T) {
	save := func(days int) func(c *cfg) error {
		return func(c *cfg) error {
			s := c.r.Desk.Settings(c.ctx)
			s.AutoCloseDays = days
			return c.r.Desk.SaveSettings(c.ctx, c.r.Actor, s)
		}
	}
	settings := func(*cfg) string { return desk.SettingsID }
	var rows []configRow
	for _, role := range []string{"requester", "agent", "manager"} {
		rows = append(rows, configRow{name: "change the auto-close days", role: role, desk: save(3),
			op: cfgSet(desk.EntitySettings, settings, "autoCloseDays", 3), want: fault.CodeForbidden})
	}
	rows = append(rows,
		configRow{name: "change the auto-close days", role: "admin", desk: save(3)},
		configRow{name: "set the auto-close days over a year", role: "admin", desk: save(400),
			op: cfgSet(desk.EntitySettings, settings, "autoCloseDays", 400), want: fault.CodeValidation},
	)
	runConfigAgreement(t, rows)
}

// TestRefusedEditOfADirectoryPerson: a desk's edit of a person the server made with its CLI
// (no record yet), refused by the last-admin rule after another admin's change, comes back
// as the person's fields, not as a missing record the desk could not drop (its users are
// referenced), and the desk keeps syncing.
func TestRefusedEditOfADirectoryPerson(t *testing.T) {
	a := newConfigAgreement(t, "")
	zed := a.s.AddUser(t, "Zed", "zed@x.test", "admin")
	ada := a.desks["admin"]
	ada.Sync(t)
	ctx := context.Background()
	if _, err := ada.Desk.UpdatePerson(ctx, ada.Actor, zed.ID, desk.PersonPatch{Role: ptr(people.Manager)}); err != nil {
		t.Fatal(err)
	}
	z := newDevice(t, a.s, "zed@x.test")
	if r := z.pushOne(z.op(people.EntityPerson, a.ids["admin"], protocol.OpSet, "role", "manager")); r.Status != protocol.Accepted {
		t.Fatalf("Zed demotes Ada: %+v", r)
	}
	rep, err := ada.Client.Sync(ctx)
	if err != nil {
		t.Fatalf("Ada's desk cannot sync: %v", err)
	}
	if rep.Rejected != 1 {
		t.Errorf("got %+v, want Ada's demotion of the last admin rejected", rep)
	}
	u, err := ada.Desk.People.User(ctx, zed.ID)
	if err != nil || u.Role != people.Admin {
		t.Errorf("Zed on Ada's desk: %+v (%v), want still an admin", u, err)
	}
}

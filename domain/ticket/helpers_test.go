package ticket_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// clock is the injected time: fixed until a test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var epoch = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// env is a fresh profile with a cast: the owner (admin), a manager, two agents in different
// groups, two requesters and an inactive agent.
type env struct {
	t       *testing.T
	ctx     context.Context
	d       *desk.Desk
	svc     *ticket.Service
	clock   *clock
	groups  map[string]string // name -> id
	admin   people.Actor
	manager people.Actor
	agent   people.Actor // in Service Desk
	network people.Actor // agent in Network
	req     people.Actor
	other   people.Actor // another requester
	gone    string       // an inactive agent's id, member of Service Desk
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: epoch}
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), c.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	e := &env{t: t, ctx: ctx, d: d, svc: d.Tickets, clock: c, groups: map[string]string{}}
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
	e.other = e.user("Otto Other", people.Requester)
	gone := e.user("Gary Gone", people.Agent, "Service Desk")
	e.gone = gone.ID
	e.exec(`UPDATE users SET active = 0 WHERE id = ?`, e.gone)
	return e
}

func (e *env) user(name string, role people.Role, groups ...string) people.Actor {
	e.t.Helper()
	u, err := e.d.People.CreateUser(e.ctx, e.admin, people.User{Name: name, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.com", Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, g := range groups {
		e.exec(`INSERT INTO group_members(group_id, user_id) VALUES (?, ?)`, e.groups[g], u.ID)
	}
	a, err := e.d.People.ActorFor(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) exec(q string, args ...any) {
	e.t.Helper()
	if err := e.d.DB.Exec(q, args...).Error; err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
}

func (e *env) count(q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.d.DB.Raw(q, args...).Row().Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// create logs a plain incident as the agent for the requester.
func (e *env) create(title string, mods ...func(*ticket.Draft)) *ticket.Ticket {
	e.t.Helper()
	d := ticket.Draft{Type: ticket.Incident, Title: title, Description: "Something broke.", RequesterID: e.req.ID, Impact: 2, Urgency: 2}
	for _, m := range mods {
		m(&d)
	}
	tk, err := e.svc.Create(e.ctx, e.agent, d)
	if err != nil {
		e.t.Fatalf("create %q: %v", title, err)
	}
	return tk
}

func (e *env) get(id string) *ticket.Ticket {
	e.t.Helper()
	tk, err := e.svc.Get(e.ctx, e.admin, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return tk
}

// validMove is a move to s with everything any transition to s may need.
func validMove(s ticket.State) ticket.Move {
	return ticket.Move{To: s, HoldReason: "awaiting_vendor", ResolutionCode: "solved_permanently",
		ResolutionNotes: "Replaced the cable.", Reason: "Because the test says so."}
}

// pathTo lists the moves that bring a new ticket to s.
func pathTo(s ticket.State) []ticket.State {
	switch s {
	case ticket.New:
		return nil
	case ticket.Closed:
		return []ticket.State{ticket.Resolved, ticket.Closed}
	default:
		return []ticket.State{s}
	}
}

// inState creates a ticket and walks it to s as the agent.
func (e *env) inState(s ticket.State, mods ...func(*ticket.Draft)) *ticket.Ticket {
	e.t.Helper()
	tk := e.create("ticket in "+string(s), mods...)
	for _, step := range pathTo(s) {
		var err error
		if tk, err = e.svc.Transition(e.ctx, e.agent, tk.ID, validMove(step)); err != nil {
			e.t.Fatalf("walk to %s: %v", step, err)
		}
	}
	if tk.State != s {
		e.t.Fatalf("got state %s, want %s", tk.State, s)
	}
	return tk
}

// wantCode fails unless err carries the fault code want ("" for no error).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := fault.Code(err); got != want {
		t.Fatalf("got error %v (code %q), want code %q", err, got, want)
	}
}

// wantFields fails unless err is a validation error on exactly these fields.
func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var v *fault.Validation
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want a validation error on %v", err, want)
	}
	var got []string
	for f := range v.Fields {
		got = append(got, f)
	}
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got invalid fields %v, want %v (%v)", got, want, err)
	}
}

func draftGroup(group, assignee string) func(*ticket.Draft) {
	return func(d *ticket.Draft) { d.GroupID, d.AssigneeID = group, assignee }
}

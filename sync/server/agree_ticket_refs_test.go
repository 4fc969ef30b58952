package server_test

import (
	"testing"

	"github.com/google/uuid"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// A ticket's CI and service are references: the desk (ticket.write.checkCI, checkService) and
// the server (its generic reference check, by the declaration) refuse one to a record that
// does not exist, or that the pusher does not see (a requester sees only the assets they own),
// with one code.

// aCI: Ann registers a laptop, owned by the role's person ("" for nobody), for the row.
func aCI(owner string) func(*change) {
	return func(c *change) {
		c.t.Helper()
		e := asset.Edit{Type: "laptop", Name: "LT-" + uuid.NewString()[:6]}
		if owner != "" {
			e.OwnerID = ptr(c.a.ids[owner])
		}
		a, err := c.r.Desk.Assets.Create(c.ctx, c.r.Actor, asset.Hardware, asset.InUse, e)
		if err != nil {
			c.t.Fatal(err)
		}
		c.ref = a.ID
	}
}

// aTicketService: Mia, a manager, adds a service (by a pushed op) for the row.
func aTicketService(c *change) {
	c.t.Helper()
	d := newDevice(c.t, c.a.s, "mia@x.test")
	id := uuid.Must(uuid.NewV7()).String()
	res := d.pushOne(d.op(people.EntityService, id, protocol.OpCreate, "",
		map[string]any{"id": id, "name": "VPN " + id[len(id)-6:], "description": "", "active": true, "createdAt": 1}))
	if res.Status != protocol.Accepted {
		c.t.Fatalf("add a service: %+v", res)
	}
	c.ref = id
}

func refOf(c *change) any { return c.ref }

var nowhere = uuid.Must(uuid.NewV7()).String()

func TestAgreeTicketReferences(t *testing.T) {
	runAgreement(t, []agreeRow{
		{name: "link a CI", role: "agent", setup: aCI(""),
			desk: func(c *change) error { return update(ticket.Patch{CIID: ptr(c.ref)})(c) }},
		{name: "link a CI that does not exist", role: "agent",
			desk: update(ticket.Patch{CIID: ptr(nowhere)}), op: set("ciId", is(nowhere)), want: fault.CodeValidation},
		{name: "log a ticket about their own CI", role: "requester", setup: aCI("requester"),
			desk: create(func(c *change, d *ticket.Draft) { d.CIID = c.ref })},
		{name: "log a ticket about a CI they do not see", role: "requester", setup: aCI(""),
			desk: create(func(c *change, d *ticket.Draft) { d.CIID = c.ref }),
			op:   createOp(func(c *change, t *ticket.Ticket) { t.CIID = ptr(c.ref) }), want: fault.CodeValidation},
		{name: "log a ticket about a CI that does not exist", role: "agent",
			desk: create(func(_ *change, d *ticket.Draft) { d.CIID = nowhere }),
			op:   createOp(func(_ *change, t *ticket.Ticket) { t.CIID = ptr(nowhere) }), want: fault.CodeValidation},
		{name: "link a CI to their new ticket", role: "requester", setup: aCI("requester"),
			desk: func(c *change) error { return update(ticket.Patch{CIID: ptr(c.ref)})(c) },
			op:   set("ciId", refOf), want: fault.CodeForbidden},
		{name: "unlink the CI", role: "agent", setup: steps(aCI(""), func(c *change) {
			if err := update(ticket.Patch{CIID: ptr(c.ref)})(c); err != nil {
				c.t.Fatal(err)
			}
		}), desk: update(ticket.Patch{CIID: ptr("")})},
		{name: "link a service", role: "agent", setup: aTicketService,
			desk: func(c *change) error { return update(ticket.Patch{ServiceID: ptr(c.ref)})(c) }},
		// A requester's desk holds no services (requesters pull only their own records and
		// public ones), so it refuses one by id, and no op of theirs carries it; their typed
		// service stays unlinked text (TestLinkByText).
		{name: "log a ticket about a service", role: "agent", setup: aTicketService,
			desk: create(func(c *change, d *ticket.Draft) { d.ServiceID = c.ref })},
		{name: "log a ticket about a service", role: "requester", setup: aTicketService,
			desk: create(func(c *change, d *ticket.Draft) { d.ServiceID = c.ref }), want: fault.CodeValidation},
		{name: "link a service that does not exist", role: "agent",
			desk: update(ticket.Patch{ServiceID: ptr(nowhere)}), op: set("serviceId", is(nowhere)), want: fault.CodeValidation},
		{name: "log a ticket about a service that does not exist", role: "requester",
			desk: create(func(_ *change, d *ticket.Draft) { d.ServiceID = nowhere }),
			op:   createOp(func(_ *change, t *ticket.Ticket) { t.ServiceID = ptr(nowhere) }), want: fault.CodeValidation},
	})
}

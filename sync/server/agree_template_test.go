package server_test

import (
	"testing"

	"github.com/google/uuid"

	"outpost/domain/canned"
	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// Templates: canned replies and ticket templates, personal (their owner writes them) or a
// group's (managers and admins write them).

// saveReply saves, on the acting desk, the reply r builds.
func saveReply(r func(c *cfg) canned.Reply) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Templates.SaveReply(c.ctx, c.r.Actor, r(c))
		return err
	}
}

func unique(s string) string { return s + " " + uuid.NewString()[:8] }

// ownReply is a new personal reply of the acting person's.
func ownReply(name, body string) func(c *cfg) canned.Reply {
	return func(c *cfg) canned.Reply { return canned.Reply{Name: name, Body: body} }
}

// groupReply is a new reply of the row's group (c.id).
func groupReply(name string) func(c *cfg) canned.Reply {
	return func(c *cfg) canned.Reply {
		return canned.Reply{Scope: canned.Scope{GroupID: c.group}, Name: unique(name), Body: "Passed to {{group.name}}."}
	}
}

// editedReply is the row's reply (c.id, of scope sc) with a new name.
func editedReply(sc func(c *cfg) canned.Scope) func(c *cfg) canned.Reply {
	return func(c *cfg) canned.Reply {
		return canned.Reply{ID: c.id, Scope: sc(c), Name: unique("Renamed"), Body: "Renamed, {{agent.name}}."}
	}
}

func replyDoc(owner, group func(c *cfg) any, name, body string) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		return map[string]any{"id": id, "ownerId": owner(c), "groupId": group(c), "name": name, "body": body,
			"archived": false, "createdAt": 1}
	}
}

func none(*cfg) any { return nil }

func owner(role string) func(c *cfg) any { return func(c *cfg) any { return c.a.ids[role] } }

func theGroup(c *cfg) any { return c.group }

// aTeam: the admin makes a group (in c.group) the row's templates belong to.
func aTeam(c *cfg) {
	aGroup(c)
	c.group = c.id
}

// aGroupReply: the admin makes a group and a reply of its (in c.id).
func aGroupReply(c *cfg) {
	aTeam(c)
	r, err := c.r.Desk.Templates.SaveReply(c.ctx, c.r.Actor, canned.Reply{Scope: canned.Scope{GroupID: c.group}, Name: "Escalated",
		Body: "Passed to {{group.name}}."})
	c.must(err)
	c.id = r.ID
}

// anAgentsReply: Ann makes a personal reply on her desk (in c.id), which the runner syncs.
func anAgentsReply(c *cfg) {
	c.r = c.a.desks["agent"]
	r, err := c.r.Desk.Templates.SaveReply(c.ctx, c.r.Actor, canned.Reply{Name: unique("Thanks"), Body: "Thanks, {{requester.name}}."})
	c.must(err)
	c.id = r.ID
}

func groupScope(c *cfg) canned.Scope { return canned.Scope{GroupID: c.group} }

func agentScope(c *cfg) canned.Scope { return canned.Scope{OwnerID: c.a.ids["agent"]} }

func deleteReply(c *cfg) error { return c.r.Desk.Templates.DeleteReply(c.ctx, c.r.Actor, c.id) }

// Ticket templates.

func saveTicketTemplate(tt func(c *cfg) canned.Ticket) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Templates.SaveTicketTemplate(c.ctx, c.r.Actor, tt(c))
		return err
	}
}

func groupTicketTemplate(impact int) func(c *cfg) canned.Ticket {
	return func(c *cfg) canned.Ticket {
		return canned.Ticket{Scope: canned.Scope{GroupID: c.group}, Name: unique("VPN down"), Type: ticket.Incident,
			Title: "VPN is down", Impact: impact, Urgency: 2, AssignmentGroupID: c.group}
	}
}

func ticketTemplateDoc(impact int) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		return map[string]any{"id": id, "ownerId": nil, "groupId": c.group, "name": "VPN down", "type": "incident",
			"title": "VPN is down", "description": "", "category": "", "subcategory": "", "service": "", "impact": impact,
			"urgency": 2, "assignmentGroupId": c.group, "archived": false, "createdAt": 1}
	}
}

// aGroupTicketTemplate: the admin makes a group and a ticket template of its (in c.id).
func aGroupTicketTemplate(c *cfg) {
	aTeam(c)
	tt, err := c.r.Desk.Templates.SaveTicketTemplate(c.ctx, c.r.Actor, groupTicketTemplate(3)(c))
	c.must(err)
	c.id = tt.ID
}

func editedTicketTemplate(impact int) func(c *cfg) canned.Ticket {
	return func(c *cfg) canned.Ticket {
		tt := groupTicketTemplate(impact)(c)
		tt.ID = c.id
		return tt
	}
}

// TestAgreeTemplate: who may make, edit and delete personal and group templates; the
// variables of a reply and the fields of a ticket template are judged alike on both sides.
func TestAgreeTemplate(t *testing.T) {
	personal := cfgCreate(canned.EntityReply, replyDoc(owner("requester"), none, "Hi", "Hi {{requester.name}}"))
	var rows []configRow
	rows = append(rows,
		configRow{name: "keep a personal reply", role: "requester", desk: saveReply(ownReply("Hi", "Hi {{requester.name}}")),
			op: personal, want: fault.CodeForbidden},
		configRow{name: "make a group reply", role: "requester", setup: aTeam, desk: saveReply(groupReply("Escalated")),
			op: cfgCreate(canned.EntityReply, replyDoc(none, theGroup, "Escalated", "x")), want: fault.CodeForbidden},
		configRow{name: "make a group reply", role: "agent", setup: aTeam, desk: saveReply(groupReply("Escalated")),
			op: cfgCreate(canned.EntityReply, replyDoc(none, theGroup, "Escalated", "x")), want: fault.CodeForbidden},
		configRow{name: "edit a group reply", role: "agent", setup: aGroupReply, desk: saveReply(editedReply(groupScope)),
			op: cfgSet(canned.EntityReply, nil, "name", "Mine now"), want: fault.CodeForbidden},
		configRow{name: "delete a group reply", role: "agent", setup: aGroupReply, desk: deleteReply,
			op: cfgArchive(canned.EntityReply, nil), want: fault.CodeForbidden},
		configRow{name: "keep a personal reply for someone else", role: "agent",
			desk: saveReply(func(c *cfg) canned.Reply {
				return canned.Reply{Scope: canned.Scope{OwnerID: c.a.ids["manager"]}, Name: "Hi", Body: "Hi"}
			}),
			op: cfgCreate(canned.EntityReply, replyDoc(owner("manager"), none, "Hi", "Hi")), want: fault.CodeForbidden},
		configRow{name: "keep a reply that is personal and a group's", role: "manager", setup: aTeam,
			desk: saveReply(func(c *cfg) canned.Reply {
				return canned.Reply{Scope: canned.Scope{OwnerID: c.a.ids["manager"], GroupID: c.group}, Name: "Hi", Body: "Hi"}
			}),
			op: cfgCreate(canned.EntityReply, replyDoc(owner("manager"), theGroup, "Hi", "Hi")), want: fault.CodeValidation},
		configRow{name: "edit their own reply", role: "agent", setup: anAgentsReply, desk: saveReply(editedReply(agentScope))},
		configRow{name: "delete their own reply", role: "agent", setup: anAgentsReply, desk: deleteReply},
		configRow{name: "make a group ticket template", role: "agent", setup: aTeam, desk: saveTicketTemplate(groupTicketTemplate(2)),
			op: cfgCreate(canned.EntityTicket, ticketTemplateDoc(2)), want: fault.CodeForbidden},
		configRow{name: "change a group ticket template", role: "agent", setup: aGroupTicketTemplate,
			desk: saveTicketTemplate(editedTicketTemplate(1)), op: cfgSet(canned.EntityTicket, nil, "impact", 1), want: fault.CodeForbidden},
	)
	for _, role := range []string{"agent", "manager", "admin"} {
		rows = append(rows,
			configRow{name: "keep a personal reply", role: role, desk: saveReply(ownReply(unique("Thanks"), "Thanks, {{requester.name}}."))},
			configRow{name: "keep a reply with an unknown variable", role: role, desk: saveReply(ownReply("Hi", "Hi {{requester.first}}")),
				op: cfgCreate(canned.EntityReply, replyDoc(owner(role), none, "Hi", "Hi {{requester.first}}")), want: fault.CodeValidation},
			configRow{name: "keep a reply with a name over its limit", role: role, desk: saveReply(ownReply(long(300), "Hi")),
				op: cfgCreate(canned.EntityReply, replyDoc(owner(role), none, long(300), "Hi")), want: fault.CodeValidation},
			configRow{name: "keep a personal ticket template", role: role, desk: saveTicketTemplate(func(*cfg) canned.Ticket {
				return canned.Ticket{Name: unique("Chair"), Type: ticket.Request, Title: "A chair", Impact: 3, Urgency: 3}
			})},
		)
	}
	for _, role := range []string{"manager", "admin"} {
		rows = append(rows,
			configRow{name: "make a group reply", role: role, setup: aTeam, desk: saveReply(groupReply("Escalated"))},
			configRow{name: "edit a group reply", role: role, setup: aGroupReply, desk: saveReply(editedReply(groupScope))},
			configRow{name: "empty a group reply's text", role: role, setup: aGroupReply,
				desk: saveReply(func(c *cfg) canned.Reply {
					return canned.Reply{ID: c.id, Scope: groupScope(c), Name: "Escalated", Body: " "}
				}),
				op: cfgSet(canned.EntityReply, nil, "body", " "), want: fault.CodeValidation},
			configRow{name: "delete a group reply", role: role, setup: aGroupReply, desk: deleteReply},
			configRow{name: "edit an agent's own reply", role: role, setup: anAgentsReply, desk: saveReply(editedReply(agentScope)),
				op: cfgSet(canned.EntityReply, nil, "name", "Mine now"), want: fault.CodeForbidden},
			configRow{name: "delete an agent's own reply", role: role, setup: anAgentsReply, desk: deleteReply,
				op: cfgArchive(canned.EntityReply, nil), want: fault.CodeForbidden},
			configRow{name: "make a group ticket template", role: role, setup: aTeam, desk: saveTicketTemplate(groupTicketTemplate(2))},
			configRow{name: "change a group ticket template", role: role, setup: aGroupTicketTemplate, desk: saveTicketTemplate(editedTicketTemplate(1))},
			configRow{name: "set a ticket template's impact to 4", role: role, setup: aGroupTicketTemplate,
				desk: saveTicketTemplate(editedTicketTemplate(4)), op: cfgSet(canned.EntityTicket, nil, "impact", 4), want: fault.CodeValidation},
			configRow{name: "move a group reply to themselves", role: role, setup: aGroupReply,
				desk: saveReply(func(c *cfg) canned.Reply {
					return canned.Reply{ID: c.id, Scope: canned.Scope{OwnerID: c.r.Actor.ID}, Name: "Mine", Body: "Mine"}
				}),
				op: cfgSet(canned.EntityReply, nil, "groupId", nil), want: fault.CodeValidation},
		)
	}
	runConfigAgreement(t, rows)
}

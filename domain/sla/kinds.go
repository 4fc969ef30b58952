package sla

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
)

// Record kinds of SLA configuration: they sync between the desks of a team like tickets do,
// so every desk computes the same due times.
const (
	EntityCalendar = "sla_calendar"
	EntityPolicy   = "sla_policy"
)

// Fixed ids of the seeds every desk starts with (replica.Type.Seeds): the same records on
// every desk, so two desks joining one server hold one default policy, not two.
const (
	AlwaysCalendarID = "00000000-0000-7000-8000-000000000c01"
	OfficeCalendarID = "00000000-0000-7000-8000-000000000c02"
	DefaultPolicyID  = "00000000-0000-7000-8000-000000000b01"
)

// SeedZone is the seeded calendars' time zone: fixed, so seeds are equal on every desk (a
// team in another zone edits Office hours once, and the edit syncs).
const SeedZone = "UTC"

// Nested lists (a policy's targets, escalations and match; a calendar's week, holidays and
// exceptions) are each one field holding a JSON document, merged last-writer-wins with a
// conflict record: each is edited as a whole in one form and validated as a whole (one
// target per priority, escalation levels in order, a week with working time), and an
// element-wise merge of two desks' lists would make a list neither desk chose and that may
// not validate. Separate fields still merge separately: holidays edited on one desk and
// weekly hours on another both stay.
func init() {
	replica.Register(&replica.Type{
		Entity: EntityCalendar, Table: "sla_calendars",
		Rules: replica.Rules{
			Create: func(r replica.Reader, act people.Actor, doc replica.Doc) error { return checkCalendar(act, doc) },
			Set:    setCalendar,
			Archive: func(r replica.Reader, act people.Actor, before replica.Doc) error {
				return act.Require(people.Manager, "edit SLA calendars")
			},
		},
		Seeds: calendarSeeds(),
		Fields: []replica.Field{
			{Name: "id", Column: "id", Kind: replica.Fixed, Type: replica.Text},
			{Name: "name", Column: "name", Kind: replica.LWW, Type: replica.Text, Max: limits["calendar.name"] * 4},
			{Name: "zone", Column: "zone", Kind: replica.LWW, Type: replica.Text, Max: 64},
			{Name: "always", Column: "always", Kind: replica.LWW, Type: replica.Bool},
			{Name: "week", Column: "week", Kind: replica.LWW, Type: replica.Text, Max: 16 << 10},
			{Name: "holidays", Column: "holidays", Kind: replica.LWW, Type: replica.Text, Max: 64 << 10},
			{Name: "exceptions", Column: "exceptions", Kind: replica.LWW, Type: replica.Text, Max: 64 << 10},
			{Name: "archived", Column: "archived", Kind: replica.Archive, Type: replica.Bool},
			{Name: "updatedAt", Column: "updated_at", Kind: replica.Local, Type: replica.Int},
		},
	})
	replica.Register(&replica.Type{
		Entity: EntityPolicy, Table: "sla_policies",
		Rules: replica.Rules{
			Create:  func(r replica.Reader, act people.Actor, doc replica.Doc) error { return checkPolicy(act, doc, true) },
			Set:     setPolicy,
			Archive: archivePolicy,
		},
		Seeds: []replica.Doc{policyDoc(DefaultPolicy())},
		Fields: []replica.Field{
			{Name: "id", Column: "id", Kind: replica.Fixed, Type: replica.Text},
			{Name: "name", Column: "name", Kind: replica.LWW, Type: replica.Text, Max: limits["policy.name"] * 4},
			{Name: "position", Column: "position", Kind: replica.LWW, Type: replica.Int, Min: 0, MaxInt: 1 << 20},
			{Name: "default", Column: "is_default", Kind: replica.Fixed, Type: replica.Bool},
			{Name: "active", Column: "active", Kind: replica.LWW, Type: replica.Bool},
			{Name: "match", Column: "match", Kind: replica.LWW, Type: replica.Text, Max: 64 << 10},
			{Name: "calendarId", Column: "calendar_id", Kind: replica.LWW, Type: replica.Text, Ref: EntityCalendar},
			{Name: "warnPercent", Column: "warn_percent", Kind: replica.LWW, Type: replica.Int, Min: 1, MaxInt: 99},
			{Name: "pauseReasons", Column: "pause_reasons", Kind: replica.LWW, Type: replica.Text, Max: 4 << 10},
			{Name: "targets", Column: "targets", Kind: replica.LWW, Type: replica.Text, Max: 4 << 10},
			{Name: "escalations", Column: "escalations", Kind: replica.LWW, Type: replica.Text, Max: 64 << 10},
			{Name: "archived", Column: "archived", Kind: replica.Archive, Type: replica.Bool},
			{Name: "updatedAt", Column: "updated_at", Kind: replica.Local, Type: replica.Int},
		},
	})
}

// DefaultPolicy is the seeded default policy.
func DefaultPolicy() Policy {
	return Policy{ID: DefaultPolicyID, Name: "Default", Default: true, Active: true, CalendarID: OfficeCalendarID,
		WarnPercent: 75, PauseReasons: []string{}, Targets: DefaultTargets, Escalations: DefaultEscalations}
}

func calendarSeeds() []replica.Doc {
	always := Calendar{ID: AlwaysCalendarID, Name: "24×7", Zone: SeedZone, Always: true}
	office := OfficeHours(SeedZone)
	office.ID = OfficeCalendarID
	return []replica.Doc{calendarDoc(always), calendarDoc(office)}
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain data is marshalled here
	}
	return b
}

// text is a JSON document held in a text field: the field's value is the document as a string.
func text(v any) json.RawMessage { return raw(string(raw(v))) }

// calendarDoc is c as its record's synced fields.
func calendarDoc(c Calendar) replica.Doc {
	return replica.Doc{"id": raw(c.ID), "name": raw(c.Name), "zone": raw(c.Zone), "always": raw(c.Always),
		"week": text(nonNilSlice(c.Week)), "holidays": text(nonNilSlice(c.Holidays)), "exceptions": text(nonNilSlice(c.Exceptions)),
		"archived": raw(false)}
}

// policyDoc is p as its record's synced fields.
func policyDoc(p Policy) replica.Doc {
	m := &p.Match // empty lists as null, however the form sent them: equal matches, equal text
	m.Types, m.Priorities, m.Categories = emptyNil(m.Types), emptyNil(m.Priorities), emptyNil(m.Categories)
	m.Services, m.Groups = emptyNil(m.Services), emptyNil(m.Groups)
	return replica.Doc{"id": raw(p.ID), "name": raw(p.Name), "position": raw(p.Position), "default": raw(p.Default),
		"active": raw(p.Active), "match": text(p.Match), "calendarId": raw(p.CalendarID), "warnPercent": raw(p.WarnPercent),
		"pauseReasons": text(nonNil(p.PauseReasons)), "targets": text(nonNilSlice(p.Targets)),
		"escalations": text(nonNilSlice(p.Escalations)), "archived": raw(false)}
}

// field decodes a text field holding a JSON document into v.
func field(doc replica.Doc, name string, v any) error {
	s, ok := replica.JSONString(doc[name])
	if !ok {
		return fault.Field(name, "%s must be text", name)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fault.Field(name, "%s is not a valid document: %v", name, err)
	}
	return nil
}

func scalar(doc replica.Doc, name string, v any) error {
	if err := json.Unmarshal(doc[name], v); err != nil {
		return fault.Field(name, "%s has the wrong type", name)
	}
	return nil
}

// calendarOf reads a calendar from its record.
func calendarOf(doc replica.Doc) (Calendar, error) {
	var c Calendar
	err := errorsJoin(scalar(doc, "id", &c.ID), scalar(doc, "name", &c.Name), scalar(doc, "zone", &c.Zone),
		scalar(doc, "always", &c.Always), field(doc, "week", &c.Week), field(doc, "holidays", &c.Holidays),
		field(doc, "exceptions", &c.Exceptions))
	return c, err
}

// policyOf reads a policy from its record.
func policyOf(doc replica.Doc) (Policy, error) {
	var p Policy
	err := errorsJoin(scalar(doc, "id", &p.ID), scalar(doc, "name", &p.Name), scalar(doc, "position", &p.Position),
		scalar(doc, "default", &p.Default), scalar(doc, "active", &p.Active), field(doc, "match", &p.Match),
		scalar(doc, "calendarId", &p.CalendarID), scalar(doc, "warnPercent", &p.WarnPercent),
		field(doc, "pauseReasons", &p.PauseReasons), field(doc, "targets", &p.Targets), field(doc, "escalations", &p.Escalations))
	return p, err
}

// errorsJoin returns the first error: each names its field.
func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkCalendar: managers and admins edit calendars, and a calendar must be valid as a whole.
func checkCalendar(act people.Actor, doc replica.Doc) error {
	if err := act.Require(people.Manager, "edit SLA calendars"); err != nil {
		return err
	}
	c, err := calendarOf(doc)
	if err != nil {
		return err
	}
	return c.Validate()
}

func setCalendar(r replica.Reader, act people.Actor, before replica.Doc, name string, value json.RawMessage) error {
	return checkCalendar(act, kind.With(before, name, value))
}

// checkPolicy: managers and admins edit policies; a policy must be valid as a whole, refer
// to a calendar, and only the seeded policy is the default.
func checkPolicy(act people.Actor, doc replica.Doc, isNew bool) error {
	if err := act.Require(people.Manager, "edit SLA policies"); err != nil {
		return err
	}
	p, err := policyOf(doc)
	if err != nil {
		return err
	}
	if isNew && p.Default {
		return fault.Field("default", "the default policy stays the default; edit it instead")
	}
	return p.Validate()
}

func setPolicy(r replica.Reader, act people.Actor, before replica.Doc, name string, value json.RawMessage) error {
	if err := checkPolicy(act, kind.With(before, name, value), false); err != nil {
		return err
	}
	if name == "calendarId" {
		id, _ := replica.JSONString(value)
		cal, err := r.Get(EntityCalendar, id)
		if err != nil {
			return err
		}
		if cal == nil || string(cal["archived"]) == "true" {
			return fault.Field("calendarId", "no such calendar")
		}
	}
	return nil
}

func archivePolicy(r replica.Reader, act people.Actor, before replica.Doc) error {
	if err := act.Require(people.Manager, "edit SLA policies"); err != nil {
		return err
	}
	if string(before["default"]) == "true" {
		id, _ := replica.JSONString(before["id"])
		return fmt.Errorf("policy %s (the default cannot be deleted): %w", id, fault.ErrNotFound)
	}
	return nil
}

func emptyNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

package sla

import (
	"fmt"
	"strings"
	"time"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// Policy sets the targets of the tickets it matches. Policies are tried in Position order;
// the first that matches wins, and the default policy catches the rest.
type Policy struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Position     int              `json:"position"`
	Default      bool             `json:"default"`
	Active       bool             `json:"active"`
	Match        Match            `json:"match"`
	CalendarID   string           `json:"calendarId"`
	WarnPercent  int              `json:"warnPercent"`
	PauseReasons []string         `json:"pauseReasons"` // empty: every hold reason pauses
	Targets      []PriorityTarget `json:"targets"`
	Escalations  []Escalation     `json:"escalations"`
	UpdatedAt    int64            `json:"updatedAt"`
}

// Match selects tickets; an empty list matches anything.
type Match struct {
	Types      []string `json:"types"`
	Priorities []int    `json:"priorities"`
	Categories []string `json:"categories"`
	Services   []string `json:"services"`
	Groups     []string `json:"groups"` // assignment group ids
}

// Escalation is what happens when a clock reaches Percent of its target: at the warning
// share, at 100 (breach), or later (e.g. 150). Kind limits it to one clock ("" = both).
type Escalation struct {
	Percent int      `json:"percent"`
	Kind    string   `json:"kind"`
	Actions []Action `json:"actions"`
}

// Action kinds.
const (
	NotifyAssignee = "notify_assignee" // or the group when nobody is assigned
	NotifyGroup    = "notify_group"
	NotifyManagers = "notify_managers"
	Reassign       = "reassign" // to GroupID
	RaisePriority  = "raise_priority"
	WorkNote       = "work_note" // Note, or a sentence saying what happened
)

// Action is one step of an escalation.
type Action struct {
	Kind    string `json:"kind"`
	GroupID string `json:"groupId,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Subject is what a policy matches on.
type Subject struct {
	Type     string
	Priority int
	Category string
	Service  string
	GroupID  string
}

// Matches reports whether p applies to s (the default policy applies to everything).
func (p *Policy) Matches(s Subject) bool {
	if p.Default {
		return true
	}
	m := p.Match
	return anyOf(m.Types, s.Type) && anyOf(m.Categories, s.Category) && anyOf(m.Services, s.Service) &&
		anyOf(m.Groups, s.GroupID) && (len(m.Priorities) == 0 || containsInt(m.Priorities, s.Priority))
}

func anyOf(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// Rules returns the parts of p the clock needs.
func (p *Policy) Rules() Rules {
	r := Rules{Targets: p.Targets, PauseReasons: p.PauseReasons, WarnPercent: p.WarnPercent}
	for _, e := range p.Escalations {
		r.Levels = append(r.Levels, e.Percent)
	}
	return r
}

// Validate checks a policy's own fields; the calendar reference is checked by the store.
func (p *Policy) Validate() error {
	v := &fault.Validation{}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		v.Add("name", "a policy needs a name")
	}
	v.Limit("name", "a policy's name", p.Name, limits["policy.name"])
	for _, c := range p.Match.Categories {
		v.Limit("match.categories", "a category", strings.TrimSpace(c), limits["policy.category"])
	}
	for _, sv := range p.Match.Services {
		v.Limit("match.services", "a service", strings.TrimSpace(sv), limits["policy.service"])
	}
	if p.WarnPercent == 0 {
		p.WarnPercent = 75
	}
	if p.WarnPercent < 1 || p.WarnPercent > 99 {
		v.Add("warnPercent", "warn between 1%% and 99%% of the target")
	}
	if p.CalendarID == "" {
		v.Add("calendarId", "choose a calendar")
	}
	for _, r := range p.PauseReasons {
		if !contains(ticket.HoldReasons, r) {
			v.Add("pauseReasons", "%q is not a hold reason", r)
		}
	}
	for _, t := range p.Match.Types {
		if !ticket.Type(t).Valid() {
			v.Add("match.types", "%q is not a ticket type", t)
		}
	}
	seen := map[int]bool{}
	for i, t := range p.Targets {
		switch {
		case t.Priority < 1 || t.Priority > 5 || seen[t.Priority]:
			v.Add(fmt.Sprintf("targets.%d", i), "one target per priority P1–P5")
		case !t.Response.valid() || !t.Resolution.valid():
			v.Add(fmt.Sprintf("targets.%d", i), "targets are a positive number of minutes, hours or days")
		}
		seen[t.Priority] = true
	}
	if len(p.Targets) == 0 {
		v.Add("targets", "set a target for at least one priority")
	}
	for i, e := range p.Escalations {
		if e.Percent < 1 || e.Percent > 1000 {
			v.Add(fmt.Sprintf("escalations.%d", i), "escalate at 1%%–1000%% of the target")
		}
		if e.Kind != "" && e.Kind != Response && e.Kind != Resolution {
			v.Add(fmt.Sprintf("escalations.%d", i), "an escalation applies to response, resolution or both")
		}
		for _, a := range e.Actions {
			switch a.Kind {
			case NotifyAssignee, NotifyGroup, NotifyManagers, RaisePriority:
			case WorkNote:
				v.Limit(fmt.Sprintf("escalations.%d", i), "a work note", strings.TrimSpace(a.Note), limits["escalation.note"])
			case Reassign:
				if a.GroupID == "" {
					v.Add(fmt.Sprintf("escalations.%d", i), "reassigning needs a group")
				}
			default:
				v.Add(fmt.Sprintf("escalations.%d", i), "unknown action %q", a.Kind)
			}
		}
	}
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DefaultTargets are the targets a new profile starts with: P1 on 24×7, the rest in
// business time.
var DefaultTargets = []PriorityTarget{
	{Priority: 1, Response: Target{15, Minutes}, Resolution: Target{4, Hours}},
	{Priority: 2, Response: Target{30, Minutes}, Resolution: Target{8, Hours}, Business: true},
	{Priority: 3, Response: Target{4, Hours}, Resolution: Target{3, Days}, Business: true},
	{Priority: 4, Response: Target{1, Days}, Resolution: Target{5, Days}, Business: true},
	{Priority: 5, Response: Target{2, Days}, Resolution: Target{10, Days}, Business: true},
}

// DefaultEscalations warn the assignee at the warning share and, at breach, tell the team and
// the managers and leave a work note on the ticket.
var DefaultEscalations = []Escalation{
	{Percent: 75, Actions: []Action{{Kind: NotifyAssignee}}},
	{Percent: 100, Actions: []Action{{Kind: NotifyAssignee}, {Kind: NotifyGroup}, {Kind: NotifyManagers}, {Kind: WorkNote}}},
}

// OfficeHours is the default business calendar: Monday to Friday, 08:00–18:00.
func OfficeHours(zone string) Calendar {
	c := Calendar{Name: "Office hours", Zone: zone}
	for d := 1; d <= 5; d++ {
		c.Week = append(c.Week, Interval{Day: time.Weekday(d), Start: "08:00", End: "18:00"})
	}
	return c
}

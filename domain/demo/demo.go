// Package demo fills a profile with a believable service desk: people, groups and a few
// hundred tickets in every state, written through the real services at the times the work
// happened, so audit trail, change log, search index and SLA clocks are as they would be
// after a month of real use.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"outpost/domain/desk"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// Scenario is a kind of ticket the desk sees, with the texts it comes in.
type Scenario struct {
	Type        ticket.Type
	Category    string
	Subcategory string
	Titles      []string
	Description string
	Impact      int
	Urgency     int
	Group       string
}

// Scenarios are what a small company's desk sees in a month.
var Scenarios = []Scenario{
	{ticket.Incident, "Network", "VPN", []string{"VPN drops every few minutes", "Cannot connect to VPN from hotel", "VPN client says certificate expired"},
		"Since this morning the VPN disconnects roughly every 5 minutes. I'm working from the **Lyon site** and need the ERP.\n\nSteps tried:\n- restarted laptop\n- reinstalled client", 2, 2, "Network"},
	{ticket.Incident, "Hardware", "Printer", []string{"Printer on 2nd floor jams", "Printer shows offline", "Cannot print to colour printer"},
		"The printer near accounting shows *paper jam* but there is no paper stuck. Several people affected.", 2, 3, "Desktop Support"},
	{ticket.Incident, "Email", "Mailbox", []string{"Outlook keeps asking for password", "Mailbox full warning", "Emails stuck in outbox"},
		"Outlook prompts for my password every time I open it, even after entering it correctly.", 3, 2, "Applications"},
	{ticket.Incident, "Access", "Password reset", []string{"Locked out of my account", "Password expired while travelling", "MFA codes not accepted"},
		"I entered the wrong password too many times and now my account is locked. Need access for a customer call at 14:00.", 3, 1, "Identity & Access"},
	{ticket.Incident, "Software", "Business application", []string{"ERP very slow when posting invoices", "CRM shows error 500 on save", "Timesheet app crashes on submit"},
		"Posting an invoice in the ERP takes over 2 minutes. Finance month-end close is blocked.", 1, 2, "Applications"},
	{ticket.Incident, "Network", "Wi-Fi", []string{"No Wi-Fi in meeting room B", "Guest Wi-Fi not working", "Wi-Fi very slow in warehouse"},
		"Nobody in meeting room B can join the corporate Wi-Fi; the network does not appear in the list.", 2, 2, "Network"},
	{ticket.Incident, "Hardware", "Laptop", []string{"Laptop does not boot", "Laptop battery swollen", "Blue screen after update"},
		"My laptop shows a black screen after the Dell logo. Fan spins, nothing else.", 3, 1, "Desktop Support"},
	{ticket.Incident, "Security", "Phishing", []string{"Suspicious email asking for credentials", "Clicked a link in a phishing mail", "Fake invoice email received"},
		"I received an email that looks like it comes from our CEO asking for gift cards. I did **not** reply.", 2, 1, "Identity & Access"},
	{ticket.Incident, "Database", "Performance", []string{"Reporting database timeouts", "Nightly backup job failed", "Replication lag on DB02"},
		"The nightly backup job on DB02 failed with `disk full`. Backups for the last 2 days are missing.", 1, 1, "Applications"},
	{ticket.Request, "Service request", "New hardware", []string{"New laptop for new starter", "Request second monitor", "Docking station for home office"},
		"Please provide a laptop for our new starter joining on Monday: standard developer image.", 3, 3, "Desktop Support"},
	{ticket.Request, "Service request", "New software", []string{"Install Visio", "Licence for Adobe Acrobat", "Access to Power BI"},
		"I need Visio to prepare the network diagrams for the audit. Cost centre 4410.", 3, 3, "Applications"},
	{ticket.Request, "Access", "Permissions", []string{"Access to Finance shared drive", "Add me to the Sales distribution list", "Admin rights for developer tools"},
		"Please grant me read access to \\\\files\\finance\\reports. Approved by my manager.", 3, 2, "Identity & Access"},
	{ticket.Request, "Service request", "Onboarding", []string{"Onboarding: new sales representative", "Onboarding: summer intern", "Onboarding: new accountant"},
		"New colleague starts on the 1st. Needs account, email, laptop and badge.", 2, 3, "Service Desk"},
	{ticket.Request, "Inquiry / Help", "How-to", []string{"How do I set up email on my phone?", "How to share a calendar", "How to connect to the meeting room screen"},
		"Could you send me the steps to get company email on my iPhone?", 3, 3, "Service Desk"},
}

var firstNames = []string{"Anna", "Ben", "Chloé", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kara", "Luca", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara"}
var lastNames = []string{"Martin", "Schmidt", "Rossi", "Nowak", "Dubois", "Silva", "Yilmaz", "Jensen", "Kowalski", "Moreau", "Weber", "Costa", "Novak", "Lund", "Fischer"}

// fate is where a demo ticket stands at the desk's now.
type fate int

const (
	fateNew      fate = iota // logged, nobody has answered yet; within its SLA
	fateWorking              // in progress, within its SLA
	fateHeld                 // on hold, its clock paused within its SLA
	fateWarning              // in progress, past the warning share: breaching soon
	fateBreached             // in progress, past its target
	fateResolved             // resolved in the last week, waiting for auto-close
	fateClosed               // resolved over a week ago and closed by the desk
	fateCanceled             // canceled
)

// mix is the share of each fate, in percent; closed tickets take the rest.
var mix = []struct {
	fate    fate
	percent int
}{
	{fateNew, 6}, {fateWorking, 21}, {fateHeld, 7}, {fateWarning, 3}, {fateBreached, 3},
	{fateResolved, 15}, {fateCanceled, 4},
}

// history is how far back the demo desk's work reaches.
const history = 28 * 24 * time.Hour

// cast is the demo team: agents per group, a manager, requesters and the desk's system user.
type cast struct {
	agentsOf   map[string][]people.Actor // group id -> its agents
	desk       []people.Actor            // the Service Desk's agents, who log calls
	manager    people.Actor
	requesters []people.Actor
	system     people.Actor
	groupID    map[string]string
}

// newCast adds the demo people: two agents in every group, a manager and requesters.
func newCast(ctx context.Context, d *desk.Desk, admin people.Actor, seed uint64) (*cast, error) {
	groups, err := d.People.Groups(ctx)
	if err != nil {
		return nil, err
	}
	c := &cast{agentsOf: map[string][]people.Actor{}, groupID: map[string]string{}}
	for _, g := range groups {
		c.groupID[g.Name] = g.ID
	}
	agents := 2 * len(groups)
	for i := 0; i < 24; i++ {
		first, last := firstNames[i%len(firstNames)], lastNames[(i*7)%len(lastNames)]
		role := people.Requester
		switch {
		case i < agents:
			role = people.Agent
		case i == agents:
			role = people.Manager
		}
		u, err := d.People.CreateUser(ctx, admin, people.User{Name: first + " " + last,
			Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(strings.ReplaceAll(first, "é", "e")), strings.ToLower(last), seed%1000+uint64(i)), Role: role})
		if err != nil {
			return nil, fmt.Errorf("demo user: %w", err)
		}
		if role == people.Agent {
			if err := d.DB.WithContext(ctx).Exec(`INSERT INTO group_members(id, group_id, user_id) VALUES (?, ?, ?)`, people.MemberID(groups[i%len(groups)].ID, u.ID), groups[i%len(groups)].ID, u.ID).Error; err != nil {
				return nil, err
			}
		}
		a, err := d.People.ActorFor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		switch role {
		case people.Agent:
			gid := groups[i%len(groups)].ID
			c.agentsOf[gid] = append(c.agentsOf[gid], a)
			if gid == c.groupID["Service Desk"] {
				c.desk = append(c.desk, a)
			}
		case people.Manager:
			c.manager = a
		default:
			c.requesters = append(c.requesters, a)
		}
	}
	if len(c.desk) == 0 {
		c.desk = c.agentsOf[groups[0].ID]
	}
	if c.system, err = d.System(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// plan is one demo ticket: what it is about, who, and where its life ends at now.
type plan struct {
	fate     fate
	draft    ticket.Draft
	logger   people.Actor // who logs it: the requester on the portal, else a desk agent
	assignee people.Actor // who works it (zero: nobody yet)
	group    string
	created  time.Time
}

// Load adds a team and n tickets to the desk as a month of its work up to the desk's now:
// tickets logged by callers and the service desk, worked, noted, put on hold, resolved and
// closed by several agents at the times it happened. Open tickets are placed so that at now
// most are within their SLA, a few breaching soon and a few breached, as the desk's own
// policies and calendars count them. The same seed and now build the same desk. It returns
// how many tickets it created.
func Load(ctx context.Context, d *desk.Desk, admin people.Actor, n int, seed uint64) (int, error) {
	ctx = notify.Quiet(ctx) // a month of made-up work is nobody's news
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c, err := newCast(ctx, d, admin, seed)
	if err != nil {
		return 0, err
	}
	now := d.Now().UTC()
	fates := make([]fate, n)
	i := 0
	for _, m := range mix {
		for k := 0; k < max(1, n*m.percent/100) && i < n; k++ {
			fates[i] = m.fate
			i++
		}
	}
	for ; i < n; i++ {
		fates[i] = fateClosed
	}
	rng.Shuffle(n, func(i, j int) { fates[i], fates[j] = fates[j], fates[i] })
	plans := make([]*plan, n)
	for i, f := range fates {
		plans[i] = c.plan(d, rng, f, now)
	}
	// Logged in the order they came in, so numbers rise with time.
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].created.Before(plans[j].created) })
	var at time.Time
	svc := &ticket.Service{DB: d.DB, Log: d.Log, Matrix: d.Tickets.Matrix, MaxAttachment: d.Tickets.MaxAttachment,
		AfterWrite: d.Tickets.AfterWrite, Numbers: d.Tickets.Numbers, Now: func() time.Time { return at }}
	for i, p := range plans {
		w := &player{ctx: ctx, svc: svc, at: &at, c: c, rng: rng, now: now}
		if err := w.play(p); err != nil {
			return i, fmt.Errorf("demo ticket %d: %w", i, err)
		}
	}
	// The SLA columns the queue shows were computed as each write happened: bring them to now.
	if _, err := d.SLA.RecomputeOpen(ctx); err != nil {
		return n, err
	}
	return n, nil
}

// plan picks a ticket for fate and when it was logged: open tickets early enough that their
// clock stands where the fate says at now, done ones anywhere in the last weeks.
func (c *cast) plan(d *desk.Desk, rng *rand.Rand, f fate, now time.Time) *plan {
	sc := Scenarios[rng.IntN(len(Scenarios))]
	req := c.requesters[rng.IntN(len(c.requesters))]
	p := &plan{fate: f, group: c.groupID[sc.Group]}
	p.draft = ticket.Draft{
		Type: sc.Type, Title: sc.Titles[rng.IntN(len(sc.Titles))] + bulkPick(rng, titleSuffixes), Description: sc.Description,
		RequesterID: req.ID, Category: sc.Category, Subcategory: sc.Subcategory,
		Impact: clamp(sc.Impact + rng.IntN(3) - 1), Urgency: clamp(sc.Urgency + rng.IntN(3) - 1),
		Source: ticket.Sources[rng.IntN(len(ticket.Sources))],
	}
	p.logger = c.desk[rng.IntN(len(c.desk))]
	if p.draft.Source == "portal" {
		p.logger = req
	}
	if agents := c.agentsOf[p.group]; len(agents) > 0 && (f != fateNew || rng.IntN(2) == 0) {
		p.assignee = agents[rng.IntN(len(agents))]
	}
	day := 24 * time.Hour
	switch f {
	case fateNew:
		p.created = c.loggedAt(d, p, now, 0.1+0.5*rng.Float64(), false)
	case fateWorking:
		p.created = c.loggedAt(d, p, now, 0.1+0.55*rng.Float64(), true)
	case fateWarning:
		p.created = c.loggedAt(d, p, now, 0.8+0.15*rng.Float64(), true)
	case fateBreached:
		p.created = c.loggedAt(d, p, now, 1.15+1.5*rng.Float64(), true)
	case fateHeld:
		p.created = now.Add(-day - time.Duration(rng.Int64N(int64(11*day))))
	case fateResolved:
		p.created = now.Add(-time.Hour - time.Duration(rng.Int64N(int64(8*day))))
	case fateClosed:
		p.created = now.Add(-8*day - time.Duration(rng.Int64N(int64(history-9*day))))
	case fateCanceled:
		p.created = now.Add(-2*day - time.Duration(rng.Int64N(int64(history-3*day))))
	}
	return p
}

// firstResponse is how long after logging a worked ticket was taken on: well inside the
// shortest response target (15 minutes for P1).
const firstResponse = 6 * time.Minute

// loggedAt returns when p must have been logged for its SLA clock to stand at share of its
// target at now (1 = due now), as the desk's policy for it counts: the clock is computed by
// the SLA package itself for each candidate, so business hours, weekends and the policy's
// targets all count as they will for the real ticket.
func (c *cast) loggedAt(d *desk.Desk, p *plan, now time.Time, share float64, taken bool) time.Time {
	prio := d.Tickets.Matrix.Priority(p.draft.Impact, p.draft.Urgency)
	pol, sched := d.SLA.Match(sla.Subject{Type: string(p.draft.Type), Priority: prio, Category: p.draft.Category, GroupID: p.group})
	if pol == nil {
		return now.Add(-time.Duration(share * float64(8*time.Hour)))
	}
	rules := pol.Rules()
	worst := func(created time.Time) float64 {
		h := sla.History{Created: created, Priority: prio}
		if taken {
			h.Changes = []sla.Change{{At: created.Add(firstResponse), State: ticket.InProgress, Responded: true}}
		}
		st := sla.Compute(h, rules, sched, now)
		w := 0.0
		for _, ck := range []sla.Clock{st.Response, st.Resolution} {
			if ck.State == sla.Running && ck.TargetMS > 0 {
				w = max(w, float64(ck.ElapsedMS)/float64(ck.TargetMS))
			}
		}
		return w
	}
	// The share grows with age: bisect for the youngest age that reaches it.
	lo, hi := time.Duration(0), 60*24*time.Hour
	if worst(now.Add(-hi)) < share {
		return now.Add(-hi)
	}
	for hi-lo > time.Minute {
		mid := lo + (hi-lo)/2
		if worst(now.Add(-mid)) >= share {
			hi = mid
		} else {
			lo = mid
		}
	}
	return now.Add(-hi)
}

// player writes one planned ticket's life through the ticket service, each step at its time.
type player struct {
	ctx context.Context
	svc *ticket.Service
	at  *time.Time
	c   *cast
	rng *rand.Rand
	now time.Time
}

// times returns k instants spread in order over (from, to).
func (w *player) times(from, to time.Time, k int) []time.Time {
	out := make([]time.Time, k)
	span := to.Sub(from)
	for i := range out {
		out[i] = from.Add(time.Duration(w.rng.Float64() * float64(span)))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

func (w *player) play(p *plan) error {
	*w.at = p.created
	d := p.draft
	if p.logger.Role.AtLeast(people.Agent) {
		d.GroupID = p.group
		if p.assignee.ID != "" {
			d.AssigneeID = p.assignee.ID
		}
	}
	t, err := w.svc.Create(w.ctx, p.logger, d)
	if err != nil {
		return err
	}
	staff := p.assignee
	if staff.ID == "" {
		staff = w.c.desk[w.rng.IntN(len(w.c.desk))]
	}
	if !p.logger.Role.AtLeast(people.Agent) {
		// Logged on the portal: the service desk routes it a minute later.
		*w.at = p.created.Add(time.Minute)
		g, a := p.group, p.assignee.ID
		if _, err := w.svc.Update(w.ctx, w.c.desk[w.rng.IntN(len(w.c.desk))], t.ID, ticket.Patch{GroupID: &g, AssigneeID: &a}); err != nil {
			return err
		}
	}
	if p.fate == fateNew {
		return nil
	}
	if p.fate == fateCanceled && w.rng.IntN(2) == 0 {
		// Withdrawn by the caller before anyone started.
		*w.at = p.created.Add(10*time.Minute + time.Duration(w.rng.Int64N(int64(20*time.Hour))))
		who := people.Actor{ID: d.RequesterID, Role: people.Requester}
		_, err := w.svc.Transition(w.ctx, who, t.ID, ticket.Move{To: ticket.Canceled, Reason: bulkPick(w.rng, cancelReasons)})
		return err
	}
	// Taken on: a first public answer and the move to In progress.
	*w.at = p.created.Add(firstResponse)
	if _, err := w.svc.AddComment(w.ctx, staff, t.ID, ticket.KindReply, bulkPick(w.rng, agentReplies), 0); err != nil {
		return err
	}
	if _, err := w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.InProgress}); err != nil {
		return err
	}
	end := w.now.Add(-time.Minute)
	var resolved time.Time
	switch p.fate {
	case fateResolved:
		// In the last week, so the desk's auto-close has not come yet.
		earliest := p.created.Add(firstResponse + 10*time.Minute)
		if weekAgo := w.now.Add(-6*24*time.Hour - 20*time.Hour); earliest.Before(weekAgo) {
			earliest = weekAgo
		}
		resolved = earliest.Add(time.Duration(w.rng.Float64() * float64(w.now.Add(-30*time.Minute).Sub(earliest))))
	case fateClosed:
		resolved = p.created.Add(2*time.Hour + time.Duration(w.rng.Int64N(int64(3*24*time.Hour))))
		if latest := w.now.Add(-7*24*time.Hour - time.Hour); resolved.After(latest) {
			resolved = latest
		}
	case fateCanceled:
		resolved = p.created.Add(time.Hour + time.Duration(w.rng.Int64N(int64(2*24*time.Hour))))
	case fateHeld:
		// On hold soon after it was taken on, its clock paused far from the target.
		end = p.created.Add(firstResponse + 20*time.Minute + time.Duration(w.rng.Int64N(int64(40*time.Minute))))
	}
	if !resolved.IsZero() {
		if min := p.created.Add(firstResponse + 10*time.Minute); resolved.Before(min) {
			resolved = min
		}
		end = resolved
	}
	if err := w.work(p, t, staff, p.created.Add(firstResponse+time.Minute), end); err != nil {
		return err
	}
	*w.at = end
	switch p.fate {
	case fateHeld:
		reason := ticket.HoldReasons[w.rng.IntN(len(ticket.HoldReasons))]
		_, err = w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.OnHold, HoldReason: reason})
	case fateCanceled:
		_, err = w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.Canceled, Reason: bulkPick(w.rng, cancelReasons)})
	case fateResolved, fateClosed:
		code := ticket.ResolutionCodes[w.rng.IntN(6)]
		if t.Type == ticket.Request {
			code = []string{"fulfilled", "fulfilled", "fulfilled", "rejected"}[w.rng.IntN(4)]
		}
		_, err = w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: code, ResolutionNotes: bulkPick(w.rng, resolutionNotes)})
		if err == nil && p.fate == fateClosed {
			// Closed by the desk a week later, as its auto-close does.
			*w.at = resolved.Add(7 * 24 * time.Hour)
			sys := w.c.system
			sys.Cause = "autoclose:" + t.ID
			_, err = w.svc.Transition(w.ctx, sys, t.ID, ticket.Move{To: ticket.Closed})
		}
	}
	return err
}

// work adds what happens while a ticket is in progress, between from and to: the assignee's
// worklog, a colleague's or the manager's work note, sometimes a round on hold waiting for
// the caller (whose answer resumes it) or a vendor.
func (w *player) work(p *plan, t *ticket.Ticket, staff people.Actor, from, to time.Time) error {
	if !to.After(from) {
		return nil
	}
	ts := w.times(from, to, 4)
	colleague := w.c.manager
	if mates := w.c.agentsOf[p.group]; len(mates) > 1 && w.rng.IntN(3) > 0 {
		for colleague = mates[w.rng.IntN(len(mates))]; colleague.ID == staff.ID; colleague = mates[w.rng.IntN(len(mates))] {
		}
	}
	steps := []func() error{
		func() error {
			if w.rng.IntN(3) == 0 {
				return nil
			}
			_, err := w.svc.AddComment(w.ctx, colleague, t.ID, ticket.KindNote, bulkPick(w.rng, workNotes), 0)
			return err
		},
		func() error {
			_, err := w.svc.AddComment(w.ctx, staff, t.ID, ticket.KindWorklog, bulkPick(w.rng, workNotes), 10+w.rng.IntN(80))
			return err
		},
	}
	// A round on hold only where the clock's pause cannot change the fate the plan chose.
	if p.fate == fateResolved || p.fate == fateClosed {
		switch w.rng.IntN(4) {
		case 0:
			steps = append(steps, func() error {
				_, err := w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_caller"})
				return err
			}, func() error {
				who := people.Actor{ID: p.draft.RequesterID, Role: people.Requester}
				_, err := w.svc.AddComment(w.ctx, who, t.ID, ticket.KindReply, bulkPick(w.rng, callerReplies), 0)
				return err
			})
		case 1:
			steps = append(steps, func() error {
				_, err := w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"})
				return err
			}, func() error {
				_, err := w.svc.Transition(w.ctx, staff, t.ID, ticket.Move{To: ticket.InProgress})
				return err
			})
		}
	} else if w.rng.IntN(3) == 0 {
		steps = append(steps, func() error {
			who := people.Actor{ID: p.draft.RequesterID, Role: people.Requester}
			_, err := w.svc.AddComment(w.ctx, who, t.ID, ticket.KindReply, bulkPick(w.rng, callerReplies), 0)
			return err
		})
	}
	for i, step := range steps {
		*w.at = ts[i]
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func clamp(v int) int { return min(3, max(1, v)) }

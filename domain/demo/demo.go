// Package demo fills a profile with a believable service desk: people, groups and a few
// hundred tickets in every state, written through the real services so audit trail, change
// log and search index are as they would be after real use.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"outpost/domain/desk"
	"outpost/domain/people"
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

// Load adds people and n tickets, spread over the last 30 days before the desk's now, with a
// fixed seed so every run builds the same desk. It returns how many tickets it created.
func Load(ctx context.Context, d *desk.Desk, admin people.Actor, n int, seed uint64) (int, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	groups, err := d.People.Groups(ctx)
	if err != nil {
		return 0, err
	}
	groupID := map[string]string{}
	for _, g := range groups {
		groupID[g.Name] = g.ID
	}
	var requesters []string
	agentsOf := map[string][]string{}
	for i := 0; i < 24; i++ {
		first, last := firstNames[i%len(firstNames)], lastNames[(i*7)%len(lastNames)]
		role := people.Requester
		if i < 8 {
			role = people.Agent
		}
		if i == 8 {
			role = people.Manager
		}
		u, err := d.People.CreateUser(ctx, admin, people.User{Name: first + " " + last,
			Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), seed%1000+uint64(i)), Role: role})
		if err != nil {
			return 0, fmt.Errorf("demo user: %w", err)
		}
		if role == people.Requester {
			requesters = append(requesters, u.ID)
			continue
		}
		g := groups[i%len(groups)]
		if err := d.DB.Exec(`INSERT INTO group_members(group_id, user_id) VALUES (?, ?)`, g.ID, u.ID).Error; err != nil {
			return 0, err
		}
		agentsOf[g.ID] = append(agentsOf[g.ID], u.ID)
	}
	end := d.Now()
	at := end.Add(-30 * 24 * time.Hour)
	step := (30 * 24 * time.Hour) / time.Duration(n+1)
	svc := &ticket.Service{DB: d.DB, Log: d.Log, Matrix: d.Tickets.Matrix, MaxAttachment: d.Tickets.MaxAttachment, AfterWrite: d.Tickets.AfterWrite}
	svc.Now = func() time.Time { return at }
	for i := 0; i < n; i++ {
		at = at.Add(step/2 + time.Duration(rng.Int64N(int64(step))))
		sc := Scenarios[rng.IntN(len(Scenarios))]
		gid := groupID[sc.Group]
		agents := agentsOf[gid]
		assignee := ""
		if len(agents) > 0 && rng.IntN(4) > 0 {
			assignee = agents[rng.IntN(len(agents))]
		}
		t, err := svc.Create(ctx, admin, ticket.Draft{
			Type: sc.Type, Title: sc.Titles[rng.IntN(len(sc.Titles))], Description: sc.Description,
			RequesterID: requesters[rng.IntN(len(requesters))], Category: sc.Category, Subcategory: sc.Subcategory,
			Impact: clamp(sc.Impact + rng.IntN(3) - 1), Urgency: clamp(sc.Urgency + rng.IntN(3) - 1),
			GroupID: gid, AssigneeID: assignee, Source: ticket.Sources[rng.IntN(len(ticket.Sources))],
		})
		if err != nil {
			return i, fmt.Errorf("demo ticket %d: %w", i, err)
		}
		if err := work(ctx, svc, admin, t, rng, &at, end); err != nil {
			return i, fmt.Errorf("demo ticket %s: %w", t.Number, err)
		}
	}
	return n, nil
}

// work plays a ticket forward: older tickets are further along their life.
func work(ctx context.Context, svc *ticket.Service, a people.Actor, t *ticket.Ticket, rng *rand.Rand, at *time.Time, end time.Time) error {
	created := *at
	age := end.Sub(created)
	later := func(max time.Duration) {
		next := at.Add(time.Duration(rng.Int64N(int64(max))) + time.Minute)
		if next.After(end) {
			next = end
		}
		*at = next
	}
	defer func() { *at = created }()
	stage := rng.IntN(10)
	if age < 48*time.Hour {
		stage = rng.IntN(4)
	}
	if stage == 0 {
		return nil // still new
	}
	later(2 * time.Hour)
	if _, err := svc.AddComment(ctx, a, t.ID, ticket.KindReply, "Thanks for reporting this, we are looking into it.", 0); err != nil {
		return err
	}
	if _, err := svc.Transition(ctx, a, t.ID, ticket.Move{To: ticket.InProgress}); err != nil {
		return err
	}
	if stage == 1 {
		return nil
	}
	later(4 * time.Hour)
	if _, err := svc.AddComment(ctx, a, t.ID, ticket.KindWorklog, "Diagnosis and first fix attempt.", 15+rng.IntN(60)); err != nil {
		return err
	}
	if stage == 2 {
		_, err := svc.Transition(ctx, a, t.ID, ticket.Move{To: ticket.OnHold, HoldReason: ticket.HoldReasons[rng.IntN(len(ticket.HoldReasons))]})
		return err
	}
	if stage == 3 {
		return nil
	}
	later(24 * time.Hour)
	code := "solved_permanently"
	if t.Type == ticket.Request {
		code = "fulfilled"
	}
	if _, err := svc.Transition(ctx, a, t.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: code, ResolutionNotes: "Fixed and confirmed with the caller."}); err != nil {
		return err
	}
	if stage >= 7 && end.Sub(*at) > 7*24*time.Hour {
		later(24 * time.Hour)
		_, err := svc.Transition(ctx, a, t.ID, ticket.Move{To: ticket.Closed})
		return err
	}
	return nil
}

func clamp(v int) int { return min(3, max(1, v)) }

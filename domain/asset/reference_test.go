package asset_test

import (
	"context"
	"path/filepath"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The ticket package names the CI's entity without importing this one.
func TestTicketCIEntityIsAsset(t *testing.T) {
	if ticket.EntityCI != asset.EntityAsset {
		t.Fatalf("ticket.EntityCI is %q, asset.EntityAsset %q", ticket.EntityCI, asset.EntityAsset)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// A new ticket's CI text that names one CI (by tag or name, any case, among those the actor
// sees) becomes a reference; text naming none or several stays as unlinked text.
func TestTicketLinksCIByText(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	payroll := f.make(t, asset.Software, "", "Payroll app")
	f.make(t, asset.Hardware, "laptop", "Spare")
	f.make(t, asset.Hardware, "laptop", "spare")
	mine, err := f.d.Assets.Create(ctx, f.ann, asset.Hardware, asset.InUse, asset.Edit{Type: "laptop", Name: "Rita's laptop", OwnerID: &f.rita.ID})
	if err != nil {
		t.Fatal(err)
	}
	draft := func(ci string) ticket.Draft {
		return ticket.Draft{Type: ticket.Incident, Title: "Slow", RequesterID: f.rita.ID, Impact: 2, Urgency: 2, Source: "phone", CI: ci}
	}
	for _, c := range []struct {
		name   string
		actor  people.Actor
		ci     string
		wantID string
		text   string
	}{
		{"a name in another case", f.ann, "  PAYROLL app ", payroll.ID, ""},
		{"a tag", f.ann, payroll.Tag, payroll.ID, ""},
		{"a name two CIs share", f.ann, "spare", "", "spare"},
		{"nothing known", f.ann, "the old fax", "", "the old fax"},
		{"a requester's own CI", f.rita, "rita's LAPTOP", mine.ID, ""},
		{"a CI the requester does not see", f.rita, "payroll app", "", "payroll app"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, err := f.d.Tickets.Create(ctx, c.actor, draft(c.ci))
			if err != nil {
				t.Fatal(err)
			}
			if deref(tk.CIID) != c.wantID || tk.CI != c.text {
				t.Errorf("got ciId %q, ci %q; want %q, %q", deref(tk.CIID), tk.CI, c.wantID, c.text)
			}
			got, err := f.d.Tickets.Get(ctx, c.actor, tk.ID)
			if err != nil || deref(got.CIID) != c.wantID || got.CI != c.text {
				t.Errorf("read back ciId %q, ci %q (%v)", deref(got.CIID), got.CI, err)
			}
		})
	}
}

// A CI reference must name a CI the actor sees; linking one clears the unlinked text, and
// unlinking leaves none.
func TestTicketCIReference(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	payroll := f.make(t, asset.Software, "", "Payroll app")
	tk, err := f.d.Tickets.Create(ctx, f.ann, ticket.Draft{Type: ticket.Incident, Title: "Slow", RequesterID: f.rita.ID,
		Impact: 2, Urgency: 2, Source: "phone", CI: "old name"})
	if err != nil || tk.CI != "old name" {
		t.Fatalf("got %+v, %v", tk, err)
	}
	for _, c := range []struct {
		name  string
		actor people.Actor
		draft ticket.Draft
		field string
	}{
		{"no such CI", f.ann, ticket.Draft{CIID: "0190a000-0000-7000-8000-00000000dead"}, "ciId"},
		{"a CI the requester does not see", f.rita, ticket.Draft{CIID: payroll.ID}, "ciId"},
		{"no such service", f.ann, ticket.Draft{ServiceID: "0190a000-0000-7000-8000-00000000dead"}, "serviceId"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := c.draft
			d.Type, d.Title, d.RequesterID, d.Impact, d.Urgency, d.Source = ticket.Incident, "Slow", f.rita.ID, 2, 2, "phone"
			_, err := f.d.Tickets.Create(ctx, c.actor, d)
			if fault.Code(err) != fault.CodeValidation || fault.Fields(err)[c.field] == "" {
				t.Errorf("got %v, want a validation error on %s", err, c.field)
			}
		})
	}
	before := f.count(t, `SELECT COUNT(*) FROM tickets`)
	if _, err := f.d.Tickets.Update(ctx, f.ann, tk.ID, ticket.Patch{CIID: ptr("0190a000-0000-7000-8000-00000000dead")}); fault.Code(err) != fault.CodeValidation {
		t.Errorf("link a missing CI: got %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM tickets WHERE id = ? AND ci = 'old name' AND ci_id IS NULL`, tk.ID); n != 1 || before != f.count(t, `SELECT COUNT(*) FROM tickets`) {
		t.Errorf("a refused link changed the ticket")
	}
	got, err := f.d.Tickets.Update(ctx, f.ann, tk.ID, ticket.Patch{CIID: &payroll.ID})
	if err != nil || deref(got.CIID) != payroll.ID || got.CI != "" {
		t.Fatalf("link: got %+v, %v", got, err)
	}
	var logged []string
	if err := f.d.DB.Raw(`SELECT field FROM changes WHERE record_id = ? AND op = 'set' ORDER BY seq`, tk.ID).Scan(&logged).Error; err != nil {
		t.Fatal(err)
	}
	if len(logged) != 2 || logged[0] != "ci" || logged[1] != "ciId" {
		t.Errorf("logged %v, want [ci ciId]", logged)
	}
	got, err = f.d.Tickets.Update(ctx, f.ann, tk.ID, ticket.Patch{CIID: ptr("")})
	if err != nil || got.CIID != nil {
		t.Fatalf("unlink: got %+v, %v", got, err)
	}
}

func ptr[T any](v T) *T { return &v }

// A profile whose tickets named their CI and service in text: the migration links the text
// that names one record, and keeps the rest as unlinked text.
func TestMigrationLinksTicketText(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(class asset.Class, name string) *asset.Asset {
		e := asset.Edit{Name: name}
		if class == asset.Hardware {
			e.Type = "server"
		}
		a, err := d.Assets.Create(ctx, admin, class, asset.InUse, e)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	payroll, mail := mk(asset.Software, "Payroll app"), mk(asset.Hardware, "mail-01")
	mk(asset.Hardware, "Spare")
	mk(asset.Hardware, "SPARE")
	gone := mk(asset.Hardware, "Old router")
	if err := d.DB.Exec(`UPDATE assets SET archived = 1 WHERE id = ?`, gone.ID).Error; err != nil {
		t.Fatal(err)
	}
	vpn, err := d.SaveService(ctx, admin, desk.Service{Name: "VPN"})
	if err != nil {
		t.Fatal(err)
	}
	texts := []struct{ ci, service, wantCI, wantService, keptCI, keptService string }{
		{"payroll APP", "vpn", payroll.ID, vpn.ID, "", ""},
		{mail.Tag, "", mail.ID, "", "", ""},
		{"spare", "Payroll", "", "", "spare", "Payroll"},
		{"Old router", "", "", "", "Old router", ""},
		{"", "", "", "", "", ""},
	}
	ids := make([]string, len(texts))
	for i, x := range texts {
		tk, err := d.Tickets.Create(ctx, admin, ticket.Draft{Type: ticket.Incident, Title: "t", RequesterID: admin.ID, Impact: 2, Urgency: 2, Source: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = tk.ID
		if err := d.DB.Exec(`UPDATE tickets SET ci = ?, service = ? WHERE id = ?`, x.ci, x.service, tk.ID).Error; err != nil {
			t.Fatal(err)
		}
	}
	// The profile as it was before 0035: text columns only.
	for _, q := range []string{
		`DROP INDEX tickets_ci_id`, `DROP INDEX assets_tag_nocase`,
		`ALTER TABLE tickets DROP COLUMN ci_id`, `ALTER TABLE tickets DROP COLUMN service_id`,
		`CREATE INDEX tickets_ci ON tickets(ci COLLATE NOCASE) WHERE ci <> ''`,
		`DELETE FROM schema_migrations WHERE version = 35`,
	} {
		if err := d.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i, x := range texts {
		tk, err := d.Tickets.Get(ctx, admin, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if deref(tk.CIID) != x.wantCI || deref(tk.ServiceID) != x.wantService || tk.CI != x.keptCI || tk.Service != x.keptService {
			t.Errorf("%q/%q: got ciId %q service %q, text %q/%q; want %q %q, %q/%q", x.ci, x.service,
				deref(tk.CIID), deref(tk.ServiceID), tk.CI, tk.Service, x.wantCI, x.wantService, x.keptCI, x.keptService)
		}
	}
}

package asset_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/domain/fault"
)

func (f *fixture) licence(t *testing.T, name, attributes string) *asset.Asset {
	t.Helper()
	a, err := f.d.Assets.Create(context.Background(), f.ann, asset.License, asset.InUse, asset.Edit{Name: name, Attributes: attributes})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func tags(rows []asset.Row) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

// Installations are counted against a licence's seats: machines whose software list names the
// product, and machines a software CI of the product is installed on; each machine once.
func TestLicenceSeats(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	for _, inv := range []*asset.Inventory{
		machine("lt-1", "S1", "", "firefox-esr 115.5", "firefox-esr-l10n-de 115.5"),
		machine("lt-2", "S2", "", "Firefox 128.0"),
		machine("lt-3", "S3", "", "chromium 120"),
	} {
		if _, err := f.d.Assets.RecordInventory(ctx, f.ann, inv); err != nil {
			t.Fatal(err)
		}
	}
	// lt-3 gets the product through a software CI installed on it.
	sw := f.make(t, asset.Software, "", "Firefox Developer Edition")
	var lt3 asset.Row
	if err := f.d.DB.Raw(`SELECT * FROM assets WHERE name = 'lt-3'`).Scan(&lt3).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.Assets.Relate(ctx, f.ann, sw.ID, lt3.ID, asset.InstalledOn); err != nil {
		t.Fatal(err)
	}
	ff := f.licence(t, "Firefox site licence", `{"product":"firefox","seats":2}`)
	office := f.licence(t, "Office", `{"product":"libreoffice","seats":5}`)
	f.licence(t, "No product", `{"seats":1}`)
	unsaid := f.licence(t, "Seats not said", `{"product":"firefox"}`)

	use, err := f.d.Assets.Licence(ctx, f.ann, ff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if use.Seats != 2 || use.Installed != 3 || !use.Over || len(use.Machines) != 3 {
		t.Errorf("got %d seats, %d installed (%v), over %v; want 2, 3 (lt-1, lt-2, lt-3), over", use.Seats, use.Installed, tags(use.Machines), use.Over)
	}
	if use, _ := f.d.Assets.Licence(ctx, f.ann, office.ID); use.Installed != 0 || use.Over {
		t.Errorf("office: got %d installed, over %v; want 0, not over", use.Installed, use.Over)
	}
	all, err := f.d.Assets.Licences(ctx, f.ann, asset.LicenceQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 4 || len(all.Rows) != 4 {
		t.Fatalf("got %d licences, want 4", all.Total)
	}
	if use, _ := f.d.Assets.Licence(ctx, f.ann, unsaid.ID); use.Installed != 3 || use.Over {
		t.Errorf("a licence that does not say its seats: got %d installed, over %v; want 3, not over", use.Installed, use.Over)
	}
	over, err := f.d.Assets.Licences(ctx, f.ann, asset.LicenceQuery{OverOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if over.Total != 1 || len(over.Rows) != 1 || over.Rows[0].ID != ff.ID || !over.Rows[0].Over || over.Rows[0].Installed != 3 {
		t.Errorf("over-use report: got %+v, want the Firefox licence, 3 of 2", over)
	}
	// A machine retired gives its seat back.
	if _, err := f.d.Assets.Move(ctx, f.ann, lt3.ID, asset.Retired); err != nil {
		t.Fatal(err)
	}
	if use, _ := f.d.Assets.Licence(ctx, f.ann, ff.ID); use.Installed != 2 || use.Over {
		t.Errorf("after retiring lt-3: got %d installed, over %v; want 2, not over", use.Installed, use.Over)
	}
	if _, err := f.d.Assets.Licences(ctx, f.rita, asset.LicenceQuery{}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester's licence report: got %v, want forbidden", err)
	}
	if _, err := f.d.Assets.Licence(ctx, f.ann, lt3.ID); fault.Fields(err)["id"] == "" {
		t.Errorf("a machine's licence use: got %v, want a validation error", err)
	}
}

func TestWarrantyAndNotSeenReports(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	for _, w := range []struct{ name, end string }{
		{"ended", "2026-12-04"}, {"today", "2026-12-05"}, {"in 10 days", "2026-12-15"},
		{"in 30 days", "2027-01-04"}, {"in 31 days", "2027-01-05"}, {"none", ""},
	} {
		if _, err := f.d.Assets.Create(ctx, f.ann, asset.Hardware, asset.InUse, asset.Edit{Type: "desktop", Name: w.name, WarrantyEnd: w.end}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := f.d.Assets.WarrantiesExpiring(ctx, f.ann, asset.ReportQuery{Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if got := tags(p.Rows); p.Total != 3 || len(got) != 3 || got[0] != "today" || got[2] != "in 30 days" {
		t.Errorf("warranties within 30 days: got %v (%d), want today, in 10 days, in 30 days", got, p.Total)
	}
	if p, _ := f.d.Assets.WarrantiesExpiring(ctx, f.ann, asset.ReportQuery{Days: 30, Offset: 1, Limit: 1}); p.Total != 3 || len(p.Rows) != 1 || p.Rows[0].Name != "in 10 days" {
		t.Errorf("the second page of one: got %v of %d, want in 10 days of 3", tags(p.Rows), p.Total)
	}

	seen := func(name string, daysAgo int) {
		inv := machine(name, "", "")
		inv.CollectedAt = now().Add(-time.Duration(daysAgo) * 24 * time.Hour).UnixMilli()
		if _, err := f.d.Assets.RecordInventory(ctx, f.ann, inv); err != nil {
			t.Fatal(err)
		}
	}
	seen("seen today", 0)
	seen("seen 20 days ago", 20)
	seen("seen 45 days ago", 45)
	p, err = f.d.Assets.NotSeen(ctx, f.ann, asset.ReportQuery{Days: 14})
	if err != nil {
		t.Fatal(err)
	}
	if got := tags(p.Rows); p.Total != 2 || len(got) != 2 || got[0] != "seen 45 days ago" || got[1] != "seen 20 days ago" {
		t.Errorf("not seen for 14 days: got %v (%d), want seen 45 days ago, seen 20 days ago", got, p.Total)
	}
	if _, err := f.d.Assets.NotSeen(ctx, f.ann, asset.ReportQuery{Days: -1}); fault.Fields(err)["days"] == "" {
		t.Errorf("-1 days: got %v, want a validation error on days", err)
	}
	if _, err := f.d.Assets.WarrantiesExpiring(ctx, f.rita, asset.ReportQuery{Days: 30}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester's warranty report: got %v, want forbidden", err)
	}
}

package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/domain/export"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// readCSV parses an export's CSV (after its byte-order mark).
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The asset reports export every row past the first page (500 at a time), in the report's
// order, with a formula in a name escaped; the licence report flags over-use; a requester
// is refused, and an unknown report is a coded error.
func TestAssetReports(t *testing.T) {
	ctx := context.Background()
	d, owner := openDesk(t)
	const n = 505
	for i := range n {
		name := fmt.Sprintf("desktop %03d", i)
		if i == 3 {
			name = "=cmd|' /C calc'!A0"
		}
		end := t0.AddDate(0, 0, i%20).Format(time.DateOnly)
		if _, err := d.Assets.Create(ctx, owner, asset.Hardware, asset.InUse, asset.Edit{Type: "desktop", Name: name, WarrantyEnd: end}); err != nil {
			t.Fatal(err)
		}
	}
	// One ends after the window, one is retired: neither is in the report.
	if _, err := d.Assets.Create(ctx, owner, asset.Hardware, asset.InUse, asset.Edit{Type: "desktop", Name: "later", WarrantyEnd: t0.AddDate(0, 2, 0).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	gone, err := d.Assets.Create(ctx, owner, asset.Hardware, asset.InUse, asset.Edit{Type: "desktop", Name: "gone", WarrantyEnd: t0.Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Assets.Move(ctx, owner, gone.ID, asset.Retired); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Assets.Create(ctx, owner, asset.License, asset.InUse, asset.Edit{Name: "Office", Attributes: `{"product":"libreoffice","seats":0}`}); err != nil {
		t.Fatal(err)
	}
	q := asset.LicenceQuery{ReportQuery: asset.ReportQuery{Days: 30, Limit: 10, Offset: 40}}

	var buf bytes.Buffer
	got, err := export.WriteAssetReport(ctx, &buf, export.CSV, d.Assets, owner, export.ReportWarranties, q, export.AssetReportMeta{})
	if err != nil || got != n {
		t.Fatalf("warranties: wrote %d (%v), want %d", got, err, n)
	}
	rows := readCSV(t, buf.Bytes())
	if len(rows) != n+1 || strings.Join(rows[0], ",") != strings.Join(export.ReportAssetHeader, ",") {
		t.Fatalf("warranties: got %d rows, header %v", len(rows), rows[0])
	}
	escaped := false
	last := ""
	for _, r := range rows[1:] {
		if r[3] == "later" || r[3] == "gone" {
			t.Errorf("warranties: %s is not in the report", r[3])
		}
		if r[3] == "'=cmd|' /C calc'!A0" {
			escaped = true
		}
		if r[12] < last {
			t.Fatalf("warranties: %s after %s, want soonest first", r[12], last)
		}
		last = r[12]
	}
	if !escaped {
		t.Error("warranties: the formula name is not escaped")
	}

	buf.Reset()
	if _, err := export.WriteAssetReport(ctx, &buf, export.JSON, d.Assets, owner, export.ReportLicences, q, export.AssetReportMeta{ExportedAt: "now"}); err != nil {
		t.Fatal(err)
	}
	var lic struct {
		Report   string             `json:"report"`
		Days     int                `json:"days"`
		Licences []asset.LicenceRow `json:"licences"`
	}
	if err := json.Unmarshal(buf.Bytes(), &lic); err != nil {
		t.Fatal(err)
	}
	if lic.Report != export.ReportLicences || lic.Days != 30 || len(lic.Licences) != 1 || lic.Licences[0].Product != "libreoffice" {
		t.Errorf("licences: got %+v", lic)
	}

	rita, err := d.CreatePerson(ctx, owner, people.User{Name: "Rita", Email: "rita@x.test", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.WriteAssetReport(ctx, &buf, export.CSV, d.Assets, people.Actor{ID: rita.ID, Role: people.Requester}, export.ReportNotSeen, q, export.AssetReportMeta{}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester's export: got %v, want forbidden", err)
	}
	if _, err := export.WriteAssetReport(ctx, &buf, export.CSV, d.Assets, owner, "colours", q, export.AssetReportMeta{}); fault.Code(err) != fault.CodeValidation {
		t.Errorf("an unknown report: got %v, want a validation error", err)
	}
}

// The SLA report exports its compliance rows and its response and resolution times in CSV,
// and the report itself in JSON.
func TestSLAReport(t *testing.T) {
	ctx := context.Background()
	d, owner := openDesk(t)
	for i := range 3 {
		if _, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprintf("=Printer %d", i), Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := d.SLA.Report(ctx, owner, sla.ReportRequest{From: t0.Add(-time.Hour).UnixMilli()}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteSLA(&buf, export.CSV, r); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if strings.Join(rows[0], ",") != strings.Join(export.SLAHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	open, sections := 0, map[string]int{}
	for _, row := range rows[1:] {
		sections[row[0]]++
		if row[0] == "priority" {
			o, err := strconv.Atoi(row[4])
			if err != nil {
				t.Fatalf("priority row %v: %v", row, err)
			}
			open += o
		}
	}
	if open != 3 {
		t.Errorf("priority rows count %d open tickets, want 3", open)
	}
	for _, s := range []string{"period", "priority", "group", "month", "respond", "resolve"} {
		if sections[s] == 0 {
			t.Errorf("no %s row in %v", s, sections)
		}
	}
	buf.Reset()
	if err := export.WriteSLA(&buf, export.JSON, r); err != nil {
		t.Fatal(err)
	}
	var back sla.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.ByPriority) != len(r.ByPriority) {
		t.Errorf("JSON: got %+v (%v)", back, err)
	}
}

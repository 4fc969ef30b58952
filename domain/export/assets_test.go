package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/export"
	"outpost/domain/people"
)

// TestAssetList: the asset list exports every asset it holds past the first page (the export
// reads 500 at a time), in the list's order and with its filter, with text a spreadsheet
// would take for a formula escaped (= + - @ in a name, a location, a serial), in CSV and JSON;
// a requester exports only what they own.
func TestAssetList(t *testing.T) {
	ctx := context.Background()
	d, owner := openDesk(t)
	rita, err := d.CreatePerson(ctx, owner, people.User{Name: "Rita", Email: "rita@x.test", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	const n = 520
	formulas := []string{"=HYPERLINK(\"http://x\")", "+1 555", "-2+3", "@SUM(A1)"}
	for i := range n {
		e := asset.Edit{Type: "laptop", Name: fmt.Sprintf("laptop %03d", i)}
		if i%100 == 0 {
			e.Name, e.Location, e.Serial = formulas[(i/100)%4], formulas[(i/100+1)%4], formulas[(i/100+2)%4]
		}
		if i == 7 {
			e.OwnerID = &rita.ID
		}
		if _, err := d.Assets.Create(ctx, owner, asset.Hardware, asset.InUse, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Assets.Create(ctx, owner, asset.Software, asset.InUse, asset.Edit{Name: "Payroll"}); err != nil {
		t.Fatal(err)
	}
	q := asset.Query{Class: string(asset.Hardware), Sort: "name", Limit: 50, Offset: 100}

	var buf bytes.Buffer
	got, err := export.WriteAssets(ctx, &buf, export.CSV, d.Assets, owner, q, export.AssetMeta{Name: "Hardware"})
	if err != nil || got != n {
		t.Fatalf("wrote %d rows (%v), want %d", got, err, n)
	}
	if !strings.HasPrefix(buf.String(), "\ufeff") {
		t.Errorf("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 || strings.Join(recs[0], ",") != strings.Join(export.AssetHeader, ",") {
		t.Fatalf("got %d records, header %v", len(recs), recs[0])
	}
	escaped := 0
	for _, r := range recs[1:] {
		for _, cell := range []string{r[3], r[6], r[7]} { // name, location, serial
			if cell != "" && strings.ContainsAny(cell[:1], "=+-@") {
				t.Errorf("unescaped cell %q in %v", cell, r)
			}
			if strings.HasPrefix(cell, "'") {
				escaped++
			}
		}
	}
	if escaped != 3*6 {
		t.Errorf("escaped %d cells, want %d", escaped, 3*6)
	}
	// The list's order: by name, as the first page of the list shows it.
	first, err := d.Assets.List(ctx, owner, asset.Query{Class: string(asset.Hardware), Sort: "name", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range first.Rows {
		if recs[1+i][0] != export.Cell(r.Tag) {
			t.Errorf("row %d is %s, the list's is %s", i, recs[1+i][0], r.Tag)
		}
	}

	buf.Reset()
	got, err = export.WriteAssets(ctx, &buf, export.JSON, d.Assets, owner, q, export.AssetMeta{Name: "Hardware", ExportedAt: "now"})
	if err != nil || got != n {
		t.Fatalf("JSON: wrote %d rows (%v)", got, err)
	}
	var doc struct {
		Name   string      `json:"name"`
		Query  asset.Query `json:"query"`
		Assets []asset.Row `json:"assets"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != "Hardware" || len(doc.Assets) != n || doc.Query.Class != "hardware" || doc.Query.Offset != 0 {
		t.Errorf("JSON: name %q, %d assets, query %+v", doc.Name, len(doc.Assets), doc.Query)
	}
	raw := 0 // JSON is for programs: text as it is
	for _, a := range doc.Assets {
		if slices.Contains(formulas, a.Name) {
			raw++
		}
	}
	if raw != 6 {
		t.Errorf("JSON: %d names kept as typed, want 6", raw)
	}

	buf.Reset()
	got, err = export.WriteAssets(ctx, &buf, export.CSV, d.Assets, people.Actor{ID: rita.ID, Role: people.Requester}, asset.Query{}, export.AssetMeta{})
	if err != nil || got != 1 {
		t.Errorf("a requester exported %d assets (%v), want their 1", got, err)
	}
}

package asset_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/asset"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// impact_analysis_10k_cis_ms: the impact of a core switch on a CMDB of 10,000 CIs, where a
// four-level dependency tree hangs off the switch (6 servers, each with 6 applications, each
// with 6 components, each used by 6 business services: 1,554 CIs reached) and the rest of the
// CMDB is other trees and cross-links that it does not reach; each reached server has a user
// and an owner, and 200 open tickets refer to CIs. The figure is the p50 of 31 calls of Impact.
func TestBenchImpactAnalysis10k(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run benchmarks")
	}
	const total, fanout = 10_000, 6
	f := open(t)
	ctx := context.Background()
	ids := make([]string, 0, total)
	tags := make([]string, 0, total)
	var rels [][3]string
	err := store.Tx(ctx, f.d.DB, func(tx *gorm.DB) error {
		add := func(class asset.Class, typ string) string {
			id := uuid.Must(uuid.NewV7()).String()
			tag := fmt.Sprintf("%s%07d", asset.Prefix(string(class)), len(ids)+1)
			if err := tx.Exec(`INSERT INTO assets(id, tag, class, type, name, status, created_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 'in_use', ?, 1, 1)`, id, tag, class, typ, "ci "+tag, f.ann.ID).Error; err != nil {
				t.Fatal(err)
			}
			ids, tags = append(ids, id), append(tags, tag)
			return id
		}
		levels := []struct {
			class asset.Class
			typ   string
			rel   asset.RelType
		}{{asset.Hardware, "server", asset.ConnectedTo}, {asset.Software, "", asset.RunsOn}, {asset.Software, "", asset.DependsOn}, {asset.BusinessService, "", asset.DependsOn}}
		// Trees of four levels under switches until the CMDB holds total CIs.
		for len(ids) < total {
			frontier := []string{add(asset.Hardware, "network_device")}
			for _, l := range levels {
				var next []string
				for _, parent := range frontier {
					for range fanout {
						if len(ids) >= total {
							break
						}
						child := add(l.class, l.typ)
						rels = append(rels, [3]string{child, parent, string(l.rel)})
						next = append(next, child)
					}
				}
				frontier = next
			}
		}
		// Cross-links within later trees (never into the first), so the graph is no forest.
		for i := 2000; i+997 < total; i += 7 {
			rels = append(rels, [3]string{ids[i], ids[i+997], string(asset.DependsOn)})
		}
		for _, r := range rels {
			if err := tx.Exec(`INSERT INTO asset_relations(id, from_id, to_id, type, active, created_by, created_at) VALUES (?, ?, ?, ?, 1, ?, 1)
				ON CONFLICT DO NOTHING`, asset.RelationID(r[0], r[1], asset.RelType(r[2])), r[0], r[1], r[2], f.ann.ID).Error; err != nil {
				return err
			}
		}
		for _, srv := range ids[1 : 1+fanout] {
			if err := tx.Exec(`INSERT INTO asset_relations(id, from_id, user_id, type, active, created_by, created_at) VALUES (?, ?, ?, 'used_by', 1, ?, 1)`,
				asset.RelationID(srv, f.rita.ID, asset.UsedBy), srv, f.rita.ID, f.ann.ID).Error; err != nil {
				return err
			}
			if err := tx.Exec(`UPDATE assets SET owner_id = ? WHERE id = ?`, f.ann.ID, srv).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if _, err := f.d.Tickets.Create(ctx, f.ann, ticket.Draft{Type: ticket.Incident, Title: "Slow", RequesterID: f.rita.ID,
			Impact: 2, Urgency: 2, Source: "phone", CIID: ids[i*50]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.d.DB.Exec(`ANALYZE`).Error; err != nil {
		t.Fatal(err)
	}
	var took []time.Duration
	for range 31 {
		start := time.Now()
		im, err := f.d.Assets.Impact(ctx, f.ann, ids[0])
		took = append(took, time.Since(start))
		if err != nil {
			t.Fatal(err)
		}
		if want := fanout + fanout*fanout + fanout*fanout*fanout + fanout*fanout*fanout*fanout; len(im.Nodes) != want {
			t.Fatalf("reached %d CIs, want %d", len(im.Nodes), want)
		}
		if len(im.Services) != 1296 || len(im.People) != 2 || len(im.Tickets) == 0 {
			t.Fatalf("got %d services, %d people, %d tickets", len(im.Services), len(im.People), len(im.Tickets))
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	fmt.Printf("bench: impact_analysis_10k_cis_ms %.2f ms\n", float64(took[len(took)/2].Microseconds())/1000)
}

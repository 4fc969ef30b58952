package ticket_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/store/floortest"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// savedViews are views people keep, each with three filters, as an agent would save them.
var savedViews = []view.Spec{
	{Name: "Hardware P1-P3 in Desktop Support", Query: ticket.Query{View: "all_open", Sort: "priority", Filters: []ticket.Filter{
		{Field: "category", Values: []string{"Hardware"}},
		{Field: "priority", Values: []string{"1", "2", "3"}},
		{Field: "group", Values: []string{"Desktop Support"}}}}}, // the group's id, at run time
	{Name: "Unassigned VIP in my groups", Query: ticket.Query{View: "all_open", Sort: "created", Desc: true, Filters: []ticket.Filter{
		{Field: "assignee", Values: []string{ticket.Nobody}},
		{Field: "group", Values: []string{ticket.MyGroups}},
		{Field: "tag", Values: []string{"vip"}}}}},
	{Name: "Network incidents this quarter", Query: ticket.Query{View: "all", Sort: "number", Desc: true, Filters: []ticket.Filter{
		{Field: "type", Values: []string{"incident"}},
		{Field: "category", Values: []string{"Network"}},
		{Field: "created", From: "-90d"}}}},
	{Name: "My ERP requests updated this month", Query: ticket.Query{View: "all", Sort: "updated", Desc: true, Filters: []ticket.Filter{
		{Field: "type", Values: []string{"request"}},
		{Field: "service", Values: []string{"ERP"}},
		{Field: "updated", From: "-30d"}}}},
}

// TestBenchSavedView1M opens saved views with three filters on the 1M-ticket profile: the
// view read back from the store, then a page of its queue (queue_page_1m_p50_ms), as the
// desk does when a person clicks the view in the sidebar; and the sidebar's counts (the desk's
// views and these, each stopping at view.CountCap) as they are refreshed after a change.
func TestBenchSavedView1M(t *testing.T) {
	benchGate(t)
	src := benchProfile(t, 1_000_000, 1)
	// The views are written on a copy, so the cached profile stays as generated.
	path := filepath.Join(t.TempDir(), "views.outpost")
	if err := floortest.CopyFile(src, path); err != nil {
		t.Fatal(err)
	}
	d := openBench(t, path)
	ctx := context.Background()
	var agentID string
	if err := d.DB.Raw(`SELECT m.user_id FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE u.role = 'agent' GROUP BY m.user_id ORDER BY COUNT(*) DESC, m.user_id LIMIT 1`).Row().Scan(&agentID); err != nil {
		t.Fatal(err)
	}
	agent, err := d.People.ActorFor(ctx, agentID)
	if err != nil {
		t.Fatal(err)
	}
	var desktop string
	if err := d.DB.Raw(`SELECT id FROM assignment_groups WHERE name = 'Desktop Support'`).Row().Scan(&desktop); err != nil {
		t.Fatal(err)
	}
	var views []*view.View
	for _, spec := range savedViews {
		for i, f := range spec.Query.Filters {
			if f.Field == "group" && f.Values[0] == "Desktop Support" {
				spec.Query.Filters = append([]ticket.Filter{}, spec.Query.Filters...)
				spec.Query.Filters[i].Values = []string{desktop}
			}
		}
		v, err := d.Views.Create(ctx, agent, spec)
		if err != nil {
			t.Fatal(err)
		}
		views = append(views, v)
		query, args, err := v.Query.QueueSQL(agent, d.Now())
		if err != nil {
			t.Fatal(err)
		}
		// Through GORM, which expands the filters' IN lists as the service's queries do.
		rows, err := d.DB.Raw("EXPLAIN QUERY PLAN "+query, args...).Rows()
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			_ = rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		n, err := d.Tickets.Count(ctx, agent, v.Query)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d tickets; plan %v", v.Name, n, plan)
	}
	open := func(v *view.View, offset int) (time.Duration, int) {
		start := time.Now()
		got, err := d.Views.Get(ctx, agent, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		q := got.Query
		q.Offset, q.Limit = offset, 50
		rows, err := d.Tickets.Queue(ctx, agent, q)
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start), len(rows)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	per := make([][]time.Duration, len(views))
	var all []time.Duration
	for i := 0; i < 44*len(views); i++ {
		j := i % len(views)
		el, n := open(views[j], 50*rng.IntN(4)) // the first pages are what people look at
		if n == 0 {
			t.Fatalf("%s: an empty page", views[j].Name)
		}
		if i >= 4*len(views) { // the first rounds warm the cache
			per[j] = append(per[j], el)
			all = append(all, el)
		}
	}
	for j, v := range views {
		t.Logf("%s: p50 %.3f ms", v.Name, ms(p50(per[j])))
	}
	fmt.Printf("bench: queue_page_1m_p50_ms %.3f ms\n", ms(p50(all)))

	// The sidebar: every count at once, as after a ticket changes.
	queries := map[string]ticket.Query{}
	for _, b := range ticket.Views {
		queries[b.ID] = ticket.Query{View: b.ID}
	}
	for _, v := range views {
		queries[v.ID] = v.Query
	}
	var counts []time.Duration
	for i := 0; i < 25; i++ {
		start := time.Now()
		cs, err := d.Views.Counts(ctx, agent, queries)
		if err != nil || len(cs) != len(queries) {
			t.Fatalf("%d counts, %v", len(cs), err)
		}
		if i >= 5 {
			counts = append(counts, time.Since(start))
		}
		if i == 0 {
			t.Logf("counts: %+v", cs)
		}
	}
	// One count alone, each: which view costs what.
	for id, q := range queries {
		start := time.Now()
		for i := 0; i < 5; i++ {
			if _, err := d.Tickets.CountUpTo(ctx, agent, q, view.CountCap+1); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("count %s: %.3f ms", id, ms(time.Since(start))/5)
	}
	t.Logf("the sidebar counts %d views", len(queries))
	fmt.Printf("bench: view_counts_1m_p50_ms %.3f ms\n", ms(p50(counts)))
}

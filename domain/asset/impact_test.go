package asset_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/asset"
	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// TestImpactMatchesWalk: on random CMDBs (cycles, self-links, several paths to a CI, archived
// CIs, removed relationships, names with colons, digits and a NUL, people who use and own
// CIs, people of one name, open, closed and archived tickets), Impact returns exactly what a plain breadth-first walk over the
// tables gives: the root, every CI reached at its distance in order of distance then tag, the
// relationships into them, the business services, the people and the open tickets.
func TestImpactMatchesWalk(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			f := open(t)
			ctx := context.Background()
			rnd := rand.New(rand.NewPCG(seed, 13))
			users := []string{f.ann.ID, f.rita.ID}
			for i, name := range []string{"Sam", "Sam", "Bo"} {
				u, err := f.d.CreatePerson(ctx, f.admin, people.User{Name: name, Email: fmt.Sprintf("p%d@x.test", i), Role: people.Requester})
				if err != nil {
					t.Fatal(err)
				}
				users = append(users, u.ID)
			}
			classes := []asset.Class{asset.Hardware, asset.Software, asset.BusinessService}
			types := []asset.RelType{asset.DependsOn, asset.RunsOn, asset.InstalledOn, asset.ConnectedTo}
			// Names and types a packed field could be misread in: digits and colons, no
			// bytes at all, several bytes a character, a NUL.
			names := []string{"ci", "9:ab:", "", "Zürich ☃", "nul\x00byte", "12"}
			const n = 40
			var ids []string
			err := store.Tx(ctx, f.d.DB, func(tx *gorm.DB) error {
				for i := range n {
					id := uuid.Must(uuid.NewV7()).String()
					class := classes[rnd.IntN(len(classes))]
					var owner any
					if rnd.IntN(4) == 0 {
						owner = users[rnd.IntN(len(users))]
					}
					// Tags in an order unlike creation's, so the order by tag is its own.
					tag := fmt.Sprintf("%s%07d", asset.Prefix(string(class)), rnd.IntN(1_000_000)*100+i)
					if err := tx.Exec(`INSERT INTO assets(id, tag, class, type, name, status, owner_id, created_by, created_at, updated_at)
						VALUES (?, ?, ?, ?, ?, 'in_use', ?, ?, 1, 1)`, id, tag, class, names[rnd.IntN(len(names))], fmt.Sprint(names[rnd.IntN(len(names))], i), owner, f.ann.ID).Error; err != nil {
						return err
					}
					ids = append(ids, id)
				}
				for range 3 * n {
					from, to, typ := ids[rnd.IntN(n)], ids[rnd.IntN(n)], types[rnd.IntN(len(types))]
					if err := tx.Exec(`INSERT INTO asset_relations(id, from_id, to_id, type, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 1)
						ON CONFLICT DO NOTHING`, asset.RelationID(from, to, typ), from, to, typ, rnd.IntN(6) != 0, f.ann.ID).Error; err != nil {
						return err
					}
				}
				for range n / 2 {
					from, user := ids[rnd.IntN(n)], users[rnd.IntN(len(users))]
					if err := tx.Exec(`INSERT INTO asset_relations(id, from_id, user_id, type, active, created_by, created_at) VALUES (?, ?, ?, 'used_by', ?, ?, 1)
						ON CONFLICT DO NOTHING`, asset.RelationID(from, user, asset.UsedBy), from, user, rnd.IntN(6) != 0, f.ann.ID).Error; err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			states := []string{"new", "in_progress", "on_hold", "resolved", "closed"}
			for i := range 30 {
				tk, err := f.d.Tickets.Create(ctx, f.ann, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprint("t", i), RequesterID: f.rita.ID,
					Impact: 1 + rnd.IntN(3), Urgency: 1 + rnd.IntN(3), Source: "phone", CIID: ids[rnd.IntN(n)]})
				if err != nil {
					t.Fatal(err)
				}
				if err := f.d.DB.Exec(`UPDATE tickets SET state = ?, archived = ? WHERE id = ?`, states[rnd.IntN(len(states))], rnd.IntN(8) == 0, tk.ID).Error; err != nil {
					t.Fatal(err)
				}
			}
			for range n / 8 {
				if err := f.d.DB.Exec(`UPDATE assets SET archived = 1 WHERE id = ?`, ids[rnd.IntN(n)]).Error; err != nil {
					t.Fatal(err)
				}
			}
			var live []string
			if err := f.d.DB.Raw(`SELECT id FROM assets WHERE archived = 0 ORDER BY tag`).Scan(&live).Error; err != nil {
				t.Fatal(err)
			}
			for _, root := range live[:10] {
				got, err := f.d.Assets.Impact(ctx, f.ann, root)
				if err != nil {
					t.Fatal(err)
				}
				want := walkImpact(t, f, root)
				sortEdges(got.Edges)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("impact of %s:\n got %+v\nwant %+v", root, got, want)
				}
			}
		})
	}
}

// walkImpact is the impact of root computed plainly from the tables.
func walkImpact(t *testing.T, f *fixture, root string) *asset.Impact {
	t.Helper()
	type ci struct {
		asset.Node
		Archived bool `gorm:"column:archived"`
	}
	var cis []ci
	var rels []struct {
		From, To, User, Type string
		Active               bool
	}
	var users []struct{ ID, Name string }
	var tickets []struct {
		asset.OpenTicket
		Archived bool
	}
	db := f.d.DB
	for _, q := range []struct {
		sql  string
		into any
	}{
		{`SELECT id, tag, name, class, type, status, COALESCE(owner_id, '') AS owner_id, archived FROM assets`, &cis},
		{`SELECT from_id AS "from", COALESCE(to_id, '') AS "to", COALESCE(user_id, '') AS user, type, active FROM asset_relations`, &rels},
		{`SELECT id, name FROM users`, &users},
		{`SELECT id, number, title, state, priority, ci_id AS asset_id, archived FROM tickets WHERE ci_id IS NOT NULL`, &tickets},
	} {
		if err := db.Raw(q.sql).Scan(q.into).Error; err != nil {
			t.Fatal(err)
		}
	}
	byID := map[string]*ci{}
	for i := range cis {
		byID[cis[i].ID] = &cis[i]
	}
	// Breadth first from the root, against the relationships' direction.
	depth := map[string]int{root: 0}
	out := &asset.Impact{Nodes: []asset.Node{}, Edges: []asset.Edge{}, Services: []asset.Node{}, People: []asset.Person{}, Tickets: []asset.OpenTicket{}}
	for frontier := []string{root}; len(frontier) > 0; {
		var next []string
		for _, to := range frontier {
			for _, r := range rels {
				if r.To != to || !r.Active || r.Type == string(asset.UsedBy) || byID[r.From].Archived {
					continue
				}
				out.Edges = append(out.Edges, asset.Edge{From: r.From, To: r.To, Type: asset.RelType(r.Type)})
				if _, ok := depth[r.From]; !ok {
					depth[r.From] = depth[to] + 1
					next = append(next, r.From)
				}
			}
		}
		frontier = next
	}
	sortEdges(out.Edges)
	var nodes []asset.Node
	for id, d := range depth {
		n := byID[id].Node
		n.Depth = d
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].Depth != nodes[j].Depth {
			return nodes[i].Depth < nodes[j].Depth
		}
		return nodes[i].Tag < nodes[j].Tag
	})
	out.Root = nodes[0]
	for _, n := range nodes[1:] {
		out.Nodes = append(out.Nodes, n)
		if n.Class == asset.BusinessService {
			out.Services = append(out.Services, n)
		}
	}
	// People: who uses a reached CI, by the first such CI; then who owns one and uses none.
	name := map[string]string{}
	for _, u := range users {
		name[u.ID] = u.Name
	}
	var uses, owns []asset.Person
	seen := map[string]bool{}
	for _, n := range nodes {
		for _, r := range rels {
			if r.From == n.ID && r.Active && r.Type == string(asset.UsedBy) && !seen[r.User] {
				seen[r.User] = true
				uses = append(uses, asset.Person{ID: r.User, Name: name[r.User], How: "uses", Via: n.ID})
			}
		}
	}
	for _, n := range nodes {
		if n.OwnerID != "" && !seen[n.OwnerID] {
			seen[n.OwnerID] = true
			owns = append(owns, asset.Person{ID: n.OwnerID, Name: name[n.OwnerID], How: "owns", Via: n.ID})
		}
	}
	for _, group := range [][]asset.Person{uses, owns} {
		sort.Slice(group, func(i, j int) bool {
			if group[i].Name != group[j].Name {
				return group[i].Name < group[j].Name
			}
			return group[i].ID < group[j].ID
		})
		out.People = append(out.People, group...)
	}
	for _, tk := range tickets {
		if _, ok := depth[tk.AssetID]; ok && !tk.Archived && (tk.State == "new" || tk.State == "in_progress" || tk.State == "on_hold") {
			out.Tickets = append(out.Tickets, tk.OpenTicket)
		}
	}
	sort.Slice(out.Tickets, func(i, j int) bool {
		if out.Tickets[i].Priority != out.Tickets[j].Priority {
			return out.Tickets[i].Priority < out.Tickets[j].Priority
		}
		return out.Tickets[i].Number < out.Tickets[j].Number
	})
	return out
}

func sortEdges(es []asset.Edge) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].From != es[j].From {
			return es[i].From < es[j].From
		}
		if es[i].To != es[j].To {
			return es[i].To < es[j].To
		}
		return es[i].Type < es[j].Type
	})
}

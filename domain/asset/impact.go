package asset

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"

	"outpost/domain/people"
)

// Impact is what a CI's failure reaches: the CIs that depend on it, directly or through
// others (each with its distance), the relationships between them, the business services
// and people among what is reached, and the open tickets about any of them.
type Impact struct {
	Root     Node         `json:"root"`
	Nodes    []Node       `json:"nodes"`
	Edges    []Edge       `json:"edges"`
	Services []Node       `json:"services"`
	People   []Person     `json:"people"`
	Tickets  []OpenTicket `json:"tickets"`
}

// Node is a CI reached by an impact, Depth steps from the root (the root is 0).
type Node struct {
	ID      string `gorm:"column:id" json:"id"`
	Tag     string `gorm:"column:tag" json:"tag"`
	Name    string `gorm:"column:name" json:"name"`
	Class   Class  `gorm:"column:class" json:"class"`
	Type    string `gorm:"column:type" json:"type"`
	Status  Status `gorm:"column:status" json:"status"`
	OwnerID string `gorm:"column:owner_id" json:"-"`
	Depth   int    `gorm:"-" json:"depth"`
}

// Edge is a relationship within an impact: From <Type> To (To is reached first).
type Edge struct {
	From string  `gorm:"column:from_id" json:"from"`
	To   string  `gorm:"column:to_id" json:"to"`
	Type RelType `gorm:"column:type" json:"type"`
}

// Person is someone a CI's failure reaches: they use or own a reached CI (Via).
type Person struct {
	ID   string `gorm:"column:id" json:"id"`
	Name string `gorm:"column:name" json:"name"`
	// How is "uses" or "owns"; Via the CI's id.
	How string `gorm:"column:how" json:"how"`
	Via string `gorm:"column:via" json:"via"`
}

// OpenTicket is an open ticket whose CI is a reached CI.
type OpenTicket struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Title    string `json:"title"`
	State    string `json:"state"`
	Priority int    `json:"priority"`
	// AssetID is the reached CI the ticket refers to.
	AssetID string `json:"assetId"`
}

// impactSQL walks the relationships from the root back to what depends on it (every type
// but used by, whose far end is a person): from the root, each relationship whose target is
// reached reaches its source, if that is a live asset. UNION keeps each CI once, so a cycle
// ends the walk rather than looping. It returns the relationships into reached CIs with
// their sources' fields; the distances come from them (Impact). CROSS JOIN keeps the reached
// CIs the outer loop, so each is one look-up in asset_relations_to.
//
// Measured (CPU time, 10k-CI bench): this walk and two small look-ups by json_each (people,
// tickets) cost less than one statement that materializes the walk for every part (about
// 1.2×) or reads people and tickets by correlated subqueries per CI (1.2×).
const impactSQL = `
WITH RECURSIVE up(id) AS (
  SELECT ?
  UNION
  SELECT r.from_id FROM up CROSS JOIN asset_relations r ON r.to_id = up.id AND r.active = 1 AND r.type <> 'used_by'
  JOIN assets a ON a.id = r.from_id AND a.archived = 0
)
SELECT r.from_id, r.to_id, r.type, a.tag, a.name, a.class, a.type AS asset_type, a.status, COALESCE(a.owner_id, '') AS owner_id
FROM up CROSS JOIN asset_relations r ON r.to_id = up.id AND r.active = 1 AND r.type <> 'used_by'
JOIN assets a ON a.id = r.from_id AND a.archived = 0`

// peopleSQL is who uses a reached CI ('u'), and who owns one ('o'), of the JSON lists of
// reached CI ids and of owner ids.
const peopleSQL = `
SELECT 'u', r.from_id, u.id, u.name FROM asset_relations r JOIN users u ON u.id = r.user_id
WHERE r.type = 'used_by' AND r.active = 1 AND r.from_id IN (SELECT value FROM json_each(?1))
UNION ALL
SELECT 'o', '', u.id, u.name FROM users u WHERE u.id IN (SELECT value FROM json_each(?2))`

// ticketsSQL is the open tickets that refer to a reached CI (tickets_ci_id).
const ticketsSQL = `
SELECT t.ci_id, t.id, t.number, t.title, t.state, t.priority FROM tickets t
WHERE t.ci_id IN (SELECT value FROM json_each(?)) AND t.archived = 0 AND t.state IN ('new', 'in_progress', 'on_hold')
ORDER BY t.priority, t.number`

// Impact analyses the CI id for staff: what depends on it, transitively.
func (s *Service) Impact(ctx context.Context, act people.Actor, id string) (*Impact, error) {
	db := s.DB.WithContext(ctx)
	root, err := load(db, act, id)
	if err != nil {
		return nil, err
	}
	if err := act.Require(people.Agent, "analyse a CI's impact"); err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	rows, err := sqlDB.QueryContext(ctx, impactSQL, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := &Impact{Nodes: []Node{}, Edges: []Edge{}, Services: []Node{}, People: []Person{}, Tickets: []OpenTicket{}}
	byID := map[string]*Node{id: {ID: id, Tag: root.Tag, Name: root.Name, Class: root.Class, Type: root.Type, Status: root.Status, OwnerID: root.Owner()}}
	into := map[string][]string{}
	for rows.Next() {
		var e Edge
		var n Node
		if err := rows.Scan(&e.From, &e.To, &e.Type, &n.Tag, &n.Name, &n.Class, &n.Type, &n.Status, &n.OwnerID); err != nil {
			return nil, err
		}
		out.Edges = append(out.Edges, e)
		into[e.To] = append(into[e.To], e.From)
		if _, ok := byID[e.From]; !ok {
			n.ID = e.From
			byID[e.From] = &n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Distances: breadth first from the root over the edges, reversed.
	seen := map[string]bool{id: true}
	for frontier := []string{id}; len(frontier) > 0; {
		var next []string
		for _, n := range frontier {
			for _, from := range into[n] {
				if !seen[from] {
					seen[from] = true
					byID[from].Depth = byID[n].Depth + 1
					next = append(next, from)
				}
			}
		}
		frontier = next
	}
	nodes := make([]Node, 0, len(byID))
	for _, n := range byID {
		nodes = append(nodes, *n)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodeBefore(&nodes[i], &nodes[j]) })
	for _, n := range nodes {
		if n.ID == id {
			out.Root = n
			continue
		}
		out.Nodes = append(out.Nodes, n)
		if n.Class == BusinessService {
			out.Services = append(out.Services, n)
		}
	}
	ids := make([]string, len(nodes))
	var owners []string
	for i, n := range nodes {
		ids[i] = n.ID
		if n.OwnerID != "" {
			owners = append(owners, n.OwnerID)
		}
	}
	reached := jsonList(ids)
	if out.People, err = reachedPeople(ctx, sqlDB, reached, jsonList(owners), nodes); err != nil {
		return nil, err
	}
	if err := reachedTickets(ctx, sqlDB, reached, out); err != nil {
		return nil, err
	}
	return out, nil
}

// jsonList is a list as one JSON parameter, read in SQL by json_each: one value to bind
// however many CIs an impact reaches.
func jsonList(values []string) string {
	b, _ := json.Marshal(values)
	return string(b)
}

// reachedTickets adds the open tickets that refer to a reached CI (the root included).
func reachedTickets(ctx context.Context, db *sql.DB, reached string, out *Impact) error {
	rows, err := db.QueryContext(ctx, ticketsSQL, reached)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t OpenTicket
		if err := rows.Scan(&t.AssetID, &t.ID, &t.Number, &t.Title, &t.State, &t.Priority); err != nil {
			return err
		}
		out.Tickets = append(out.Tickets, t)
	}
	return rows.Err()
}

// nodeBefore orders reached CIs by distance, then tag.
func nodeBefore(a, b *Node) bool {
	if a.Depth != b.Depth {
		return a.Depth < b.Depth
	}
	return a.Tag < b.Tag
}

// reachedPeople is the people who use a reached CI (the root included), by name, then those
// who own one and use none, by name: each person once, with the first CI (by distance, then
// tag) by which the impact reaches them. nodes are the reached CIs in that order.
func reachedPeople(ctx context.Context, db *sql.DB, reached, owners string, nodes []Node) ([]Person, error) {
	rank := make(map[string]int, len(nodes))
	for i, n := range nodes {
		rank[n.ID] = i
	}
	firstOwned := map[string]string{} // owner -> the first CI they own
	for _, n := range nodes {
		if _, ok := firstOwned[n.OwnerID]; n.OwnerID != "" && !ok {
			firstOwned[n.OwnerID] = n.ID
		}
	}
	rows, err := db.QueryContext(ctx, peopleSQL, reached, owners)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	uses, owns := map[string]*Person{}, map[string]*Person{}
	for rows.Next() {
		var how string
		var p Person
		if err := rows.Scan(&how, &p.Via, &p.ID, &p.Name); err != nil {
			return nil, err
		}
		if how == "o" {
			p.How, p.Via = "owns", firstOwned[p.ID]
			owns[p.ID] = &p
			continue
		}
		p.How = "uses"
		if q, ok := uses[p.ID]; !ok || rank[p.Via] < rank[q.Via] {
			uses[p.ID] = &p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []Person{}
	for g, group := range []map[string]*Person{uses, owns} {
		from := len(out)
		for pid, p := range group {
			if g == 1 && uses[pid] != nil {
				continue // someone who uses a reached CI is listed once, as using it
			}
			out = append(out, *p)
		}
		part := out[from:]
		sort.Slice(part, func(i, j int) bool {
			if part[i].Name != part[j].Name {
				return part[i].Name < part[j].Name
			}
			return part[i].ID < part[j].ID
		})
	}
	return out, nil
}

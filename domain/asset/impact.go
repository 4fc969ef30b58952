package asset

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"gorm.io/gorm"

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

// OpenTicket is an open ticket whose CI names a reached CI (its tag or name, any case).
type OpenTicket struct {
	ID       string `gorm:"column:id" json:"id"`
	Number   string `gorm:"column:number" json:"number"`
	Title    string `gorm:"column:title" json:"title"`
	State    string `gorm:"column:state" json:"state"`
	Priority int    `gorm:"column:priority" json:"priority"`
	CI       string `gorm:"column:ci" json:"ci"`
	// AssetID is the reached CI the ticket names.
	AssetID string `gorm:"-" json:"assetId"`
}

// impactSQL walks the relationships from the root back to what depends on it (every type
// but used by, whose far end is a person): from the root, each relationship whose target is
// reached reaches its source, if that is a live asset. UNION keeps each CI once, so a cycle
// ends the walk rather than looping. It returns the relationships into reached CIs with
// their sources' fields; the distances come from them (Impact). CROSS JOIN keeps the reached
// CIs the outer loop, so each is one look-up in asset_relations_to.
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
	rows, err := db.Raw(impactSQL, id).Rows()
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
	// Distances: breadth first from the root over the edges, reversed.
	byID[id].Depth = 0
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
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].Depth != nodes[j].Depth {
			return nodes[i].Depth < nodes[j].Depth
		}
		return nodes[i].Tag < nodes[j].Tag
	})
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
	if err := reachedPeople(db, nodes, out); err != nil {
		return nil, err
	}
	if err := reachedTickets(db, nodes, out); err != nil {
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

// reachedPeople adds the people who use a reached CI (the root included), then those who
// own one, each person once (using wins over owning).
func reachedPeople(db *gorm.DB, nodes []Node, out *Impact) error {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	var users []Person
	if err := db.Raw(`SELECT u.id, u.name, 'uses' AS how, r.from_id AS via FROM asset_relations r JOIN users u ON u.id = r.user_id
		WHERE r.type = 'used_by' AND r.active = 1 AND r.from_id IN (SELECT value FROM json_each(?)) ORDER BY u.name, r.from_id`,
		jsonList(ids)).Scan(&users).Error; err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range users {
		if !seen[p.ID] {
			seen[p.ID] = true
			out.People = append(out.People, p)
		}
	}
	owners := map[string]string{} // owner -> the first CI (by distance, then tag) they own
	var oids []string
	for _, n := range nodes {
		if _, ok := owners[n.OwnerID]; n.OwnerID != "" && !seen[n.OwnerID] && !ok {
			owners[n.OwnerID] = n.ID
			oids = append(oids, n.OwnerID)
		}
	}
	if len(oids) == 0 {
		return nil
	}
	var named []Person
	if err := db.Raw(`SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name`, jsonList(oids)).Scan(&named).Error; err != nil {
		return err
	}
	for _, p := range named {
		p.How, p.Via = "owns", owners[p.ID]
		out.People = append(out.People, p)
	}
	return nil
}

// reachedTickets adds the open tickets whose CI names a reached CI (the root included) by its
// tag or its name, in any case.
func reachedTickets(db *gorm.DB, nodes []Node, out *Impact) error {
	names := map[string]string{} // lowercased tag or name -> CI id
	keys := make([]string, 0, 2*len(nodes))
	for _, n := range nodes {
		for _, k := range []string{strings.ToLower(n.Tag), strings.ToLower(strings.TrimSpace(n.Name))} {
			if _, dup := names[k]; k != "" && !dup {
				names[k] = n.ID
				keys = append(keys, k)
			}
		}
	}
	var tickets []OpenTicket
	if err := db.Raw(`SELECT id, number, title, state, priority, ci FROM tickets
		WHERE ci <> '' AND ci COLLATE NOCASE IN (SELECT value FROM json_each(?)) AND state IN ('new', 'in_progress', 'on_hold') AND archived = 0
		ORDER BY priority, number`, jsonList(keys)).Scan(&tickets).Error; err != nil {
		return err
	}
	for _, t := range tickets {
		t.AssetID = names[strings.ToLower(strings.TrimSpace(t.CI))]
		out.Tickets = append(out.Tickets, t)
	}
	return nil
}

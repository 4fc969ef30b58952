package asset

import (
	"context"
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
// reached reaches its source. UNION keeps each CI once, so a cycle ends the walk rather than
// looping. It returns the relationships into reached CIs whose source is a live asset; the
// distances come from them (Impact).
const impactSQL = `
WITH RECURSIVE up(id) AS (
  SELECT ?
  UNION
  SELECT r.from_id FROM asset_relations r JOIN up ON r.to_id = up.id
  WHERE r.active = 1 AND r.type <> 'used_by'
)
SELECT r.from_id, r.to_id, r.type FROM up
JOIN asset_relations r ON r.to_id = up.id AND r.active = 1 AND r.type <> 'used_by'
JOIN assets a ON a.id = r.from_id AND a.archived = 0`

// Impact analyses the CI id for staff: what depends on it, transitively.
func (s *Service) Impact(ctx context.Context, act people.Actor, id string) (*Impact, error) {
	db := s.DB.WithContext(ctx)
	if _, err := load(db, act, id); err != nil {
		return nil, err
	}
	if err := act.Require(people.Agent, "analyse a CI's impact"); err != nil {
		return nil, err
	}
	var edges []Edge
	if err := db.Raw(impactSQL, id).Scan(&edges).Error; err != nil {
		return nil, err
	}
	// Distances: breadth first from the root over the edges, reversed.
	into := map[string][]string{}
	for _, e := range edges {
		into[e.To] = append(into[e.To], e.From)
	}
	depth := map[string]int{id: 0}
	for frontier := []string{id}; len(frontier) > 0; {
		var next []string
		for _, n := range frontier {
			for _, from := range into[n] {
				if _, seen := depth[from]; !seen {
					depth[from] = depth[n] + 1
					next = append(next, from)
				}
			}
		}
		frontier = next
	}
	ids := make([]string, 0, len(depth))
	for n := range depth {
		ids = append(ids, n)
	}
	sort.Strings(ids)
	out := &Impact{Nodes: []Node{}, Edges: []Edge{}, Services: []Node{}, People: []Person{}, Tickets: []OpenTicket{}}
	byID := map[string]*Node{}
	var nodes []Node
	err := inList(ids, func(in string, args []any) error {
		var chunk []Node
		err := db.Raw(`SELECT id, tag, name, class, type, status, COALESCE(owner_id, '') AS owner_id FROM assets WHERE id IN (`+in+`)`, args...).Scan(&chunk).Error
		nodes = append(nodes, chunk...)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range nodes {
		nodes[i].Depth = depth[nodes[i].ID]
	}
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].Depth != nodes[j].Depth {
			return nodes[i].Depth < nodes[j].Depth
		}
		return nodes[i].Tag < nodes[j].Tag
	})
	for i := range nodes {
		n := &nodes[i]
		byID[n.ID] = n
		if n.ID == id {
			out.Root = *n
			continue
		}
		out.Nodes = append(out.Nodes, *n)
		if n.Class == BusinessService {
			out.Services = append(out.Services, *n)
		}
	}
	out.Edges = append(out.Edges, edges...)
	if err := s.reachedPeople(db, ids, byID, out); err != nil {
		return nil, err
	}
	if err := s.reachedTickets(db, nodes, out); err != nil {
		return nil, err
	}
	return out, nil
}

// reachedPeople adds the people who use a reached CI (the root included), then those who
// own one, each person once (using wins over owning).
func (s *Service) reachedPeople(db *gorm.DB, ids []string, byID map[string]*Node, out *Impact) error {
	seen := map[string]bool{}
	err := inList(ids, func(in string, args []any) error {
		var users []Person
		err := db.Raw(`SELECT u.id, u.name, 'uses' AS how, r.from_id AS via FROM asset_relations r JOIN users u ON u.id = r.user_id
			WHERE r.type = 'used_by' AND r.active = 1 AND r.from_id IN (`+in+`) ORDER BY u.name, r.from_id`, args...).Scan(&users).Error
		for _, p := range users {
			if !seen[p.ID] {
				seen[p.ID] = true
				out.People = append(out.People, p)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	owners := map[string]string{} // owner -> a CI they own
	for _, n := range byID {
		if n.OwnerID != "" && !seen[n.OwnerID] {
			if via, ok := owners[n.OwnerID]; !ok || byID[via].Tag > n.Tag {
				owners[n.OwnerID] = n.ID
			}
		}
	}
	if len(owners) == 0 {
		return nil
	}
	oids := make([]string, 0, len(owners))
	for o := range owners {
		oids = append(oids, o)
	}
	return inList(oids, func(in string, args []any) error {
		var users []Person
		err := db.Raw(`SELECT id, name FROM users WHERE id IN (`+in+`) ORDER BY name`, args...).Scan(&users).Error
		for _, p := range users {
			p.How, p.Via = "owns", owners[p.ID]
			out.People = append(out.People, p)
		}
		return err
	})
}

// reachedTickets adds the open tickets whose CI names a reached CI (the root included) by its
// tag or its name, in any case.
func (s *Service) reachedTickets(db *gorm.DB, nodes []Node, out *Impact) error {
	names := map[string]string{} // lowercased tag or name -> CI id
	var keys []string
	for _, n := range nodes {
		for _, k := range []string{strings.ToLower(n.Tag), strings.ToLower(strings.TrimSpace(n.Name))} {
			if _, dup := names[k]; k != "" && !dup {
				names[k] = n.ID
				keys = append(keys, k)
			}
		}
	}
	return inList(keys, func(in string, args []any) error {
		var tickets []OpenTicket
		err := db.Raw(`SELECT id, number, title, state, priority, ci FROM tickets
			WHERE ci COLLATE NOCASE IN (`+in+`) AND ci <> '' AND state IN ('new', 'in_progress', 'on_hold') AND archived = 0
			ORDER BY priority, number`, args...).Scan(&tickets).Error
		for _, t := range tickets {
			t.AssetID = names[strings.ToLower(strings.TrimSpace(t.CI))]
			out.Tickets = append(out.Tickets, t)
		}
		return err
	})
}

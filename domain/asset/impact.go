package asset

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

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
// The relationships come back as one value, their count and fields packed (each field its
// length in bytes, a colon and its bytes; see unpack): profiled on the 10k-CI bench, reading
// 1,554 rows of nine columns through the driver (three locked calls and two allocations a
// column) cost over a third of an impact's CPU and most of its garbage; one value is one
// allocation, and the fields are slices of it.
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
SELECT COUNT(*), COALESCE(group_concat(concat(
  octet_length(r.from_id), ':', r.from_id, octet_length(r.to_id), ':', r.to_id, octet_length(r.type), ':', r.type,
  octet_length(a.tag), ':', a.tag, octet_length(a.name), ':', a.name, octet_length(a.class), ':', a.class,
  octet_length(a.type), ':', a.type, octet_length(a.status), ':', a.status,
  octet_length(COALESCE(a.owner_id, '')), ':', COALESCE(a.owner_id, '')), ''), '')
FROM up CROSS JOIN asset_relations r ON r.to_id = up.id AND r.active = 1 AND r.type <> 'used_by'
JOIN assets a ON a.id = r.from_id AND a.archived = 0`

// unpack reads the next field of packed (impactSQL): its length in bytes, a colon, then
// the bytes.
func unpack(packed string) (field, rest string, err error) {
	i := strings.IndexByte(packed, ':')
	n, aerr := strconv.Atoi(packed[:max(i, 0)])
	if i <= 0 || aerr != nil || n < 0 || n > len(packed)-i-1 {
		return "", "", fmt.Errorf("impact: malformed relationships at %.20q", packed)
	}
	return packed[i+1 : i+1+n], packed[i+1+n:], nil
}

// peopleSQL is who uses a reached CI ('u'), and who owns one ('o'), of the JSON lists of
// reached CI ids and of owner ids. The lists drive (CROSS JOIN): one look-up per CI in
// asset_relations_used, one per owner in users.
const peopleSQL = `
SELECT 'u', r.from_id, u.id, u.name FROM json_each(?1) j
CROSS JOIN asset_relations r ON r.from_id = j.value AND r.type = 'used_by' AND r.active = 1
JOIN users u ON u.id = r.user_id
UNION ALL
SELECT 'o', '', u.id, u.name FROM json_each(?2) j CROSS JOIN users u ON u.id = j.value`

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
	w, err := walk(ctx, sqlDB, root)
	if err != nil {
		return nil, err
	}
	out := &Impact{Root: w.nodes[0], Edges: w.edges, Services: []Node{}, People: []Person{}, Tickets: []OpenTicket{}}
	services := 0
	for _, k := range w.order[1:] {
		if w.nodes[k].Class == BusinessService {
			services++
		}
	}
	out.Nodes = make([]Node, 0, len(w.order)-1)
	if services > 0 {
		out.Services = make([]Node, 0, services)
	}
	for _, k := range w.order[1:] {
		out.Nodes = append(out.Nodes, w.nodes[k])
		if w.nodes[k].Class == BusinessService {
			out.Services = append(out.Services, w.nodes[k])
		}
	}
	reached := jsonList(len(w.nodes), func(yield func(string) bool) {
		for i := range w.nodes {
			if !yield(w.nodes[i].ID) {
				return
			}
		}
	})
	if out.People, err = reachedPeople(ctx, sqlDB, reached, w); err != nil {
		return nil, err
	}
	if err := reachedTickets(ctx, sqlDB, reached, out); err != nil {
		return nil, err
	}
	return out, nil
}

// walked is what impactSQL reaches: nodes[0] is the root, at a CI's index in nodes, edges in
// the statement's order, order the indexes of nodes by distance, then tag (the root first),
// and firstOwned each owner's first CI in that order.
type walked struct {
	nodes      []Node
	at         map[string]int32
	edges      []Edge
	order      []int32
	firstOwned map[string]string
}

// walk runs impactSQL from root and measures each CI's distance. Profiled on the 10k-CI
// bench, the Go side had cost about as much CPU as the statement: a map entry, a pointer and
// a slice per CI, append growth and a reflective sort; it now keeps CIs in one slice, their
// in-edges as index ranges (CSR) and sorts indexes.
func walk(ctx context.Context, db *sql.DB, root *Asset) (*walked, error) {
	var count int
	var packed string
	if err := db.QueryRowContext(ctx, impactSQL, root.ID).Scan(&count, &packed); err != nil {
		return nil, err
	}
	w := &walked{
		nodes: make([]Node, 1, count+1),
		at:    make(map[string]int32, count+1),
		edges: make([]Edge, count),
	}
	w.nodes[0] = Node{ID: root.ID, Tag: root.Tag, Name: root.Name, Class: root.Class, Type: root.Type, Status: root.Status, OwnerID: root.Owner()}
	w.at[root.ID] = 0
	var fields [9]string
	for i := range w.edges {
		for f := range fields {
			var err error
			if fields[f], packed, err = unpack(packed); err != nil {
				return nil, err
			}
		}
		e := Edge{From: fields[0], To: fields[1], Type: RelType(fields[2])}
		w.edges[i] = e
		if _, ok := w.at[e.From]; !ok {
			w.at[e.From] = int32(len(w.nodes))
			w.nodes = append(w.nodes, Node{ID: e.From, Tag: fields[3], Name: fields[4], Class: Class(fields[5]), Type: fields[6], Status: Status(fields[7]), OwnerID: fields[8]})
		}
	}
	if packed != "" {
		return nil, fmt.Errorf("impact: %d bytes of relationships beyond their count", len(packed))
	}
	// The edges into node k come from src[first[k]:first[k+1]].
	n := len(w.nodes)
	first := make([]int32, n+1)
	to := make([]int32, len(w.edges))
	for i, e := range w.edges {
		k, ok := w.at[e.To]
		if !ok {
			return nil, fmt.Errorf("impact: relationship %s into %s, which is not reached", e.From, e.To)
		}
		to[i] = k
		first[k+1]++
	}
	for k := range n {
		first[k+1] += first[k]
	}
	src, fill := make([]int32, len(w.edges)), append([]int32(nil), first[:n]...)
	for i, e := range w.edges {
		src[fill[to[i]]] = w.at[e.From]
		fill[to[i]]++
	}
	// Distances: breadth first from the root over the edges, reversed. Every CI the
	// statement returns is reached (its edge's target is), so each gets one.
	w.order = make([]int32, 1, n)
	seen := make([]bool, n)
	seen[0] = true
	for i := 0; i < len(w.order); i++ {
		k := w.order[i]
		for _, j := range src[first[k]:first[k+1]] {
			if !seen[j] {
				seen[j] = true
				w.nodes[j].Depth = w.nodes[k].Depth + 1
				w.order = append(w.order, j)
			}
		}
	}
	slices.SortFunc(w.order, func(a, b int32) int {
		if c := cmp.Compare(w.nodes[a].Depth, w.nodes[b].Depth); c != 0 {
			return c
		}
		return strings.Compare(w.nodes[a].Tag, w.nodes[b].Tag)
	})
	w.firstOwned = map[string]string{}
	for _, k := range w.order {
		if o := w.nodes[k].OwnerID; o != "" {
			if _, ok := w.firstOwned[o]; !ok {
				w.firstOwned[o] = w.nodes[k].ID
			}
		}
	}
	return w, nil
}

// jsonList is a list as one JSON array parameter, read in SQL by json_each: one value to bind
// however many CIs an impact reaches. Ids are plain ASCII and go in as they are; any other
// string is escaped by encoding/json (json.Marshal of the whole list had been a fifth of
// the allocations of an impact).
func jsonList(n int, values iter.Seq[string]) string {
	b := make([]byte, 0, 2+n*39)
	b = append(b, '[')
	for v := range values {
		if len(b) > 1 {
			b = append(b, ',')
		}
		if plain(v) {
			b = append(b, '"')
			b = append(b, v...)
			b = append(b, '"')
			continue
		}
		q, _ := json.Marshal(v)
		b = append(b, q...)
	}
	return string(append(b, ']'))
}

// plain is whether s needs no escaping in a JSON string.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
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

// reachedPeople is the people who use a reached CI (the root included), by name, then those
// who own one and use none, by name: each person once, with the first CI (by distance, then
// tag) by which the impact reaches them.
func reachedPeople(ctx context.Context, db *sql.DB, reached string, w *walked) ([]Person, error) {
	rank := make([]int, len(w.nodes))
	for i, k := range w.order {
		rank[k] = i
	}
	owners := jsonList(len(w.firstOwned), maps.Keys(w.firstOwned))
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
			p.How, p.Via = "owns", w.firstOwned[p.ID]
			owns[p.ID] = &p
			continue
		}
		p.How = "uses"
		if q, ok := uses[p.ID]; !ok || rank[w.at[p.Via]] < rank[w.at[q.Via]] {
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

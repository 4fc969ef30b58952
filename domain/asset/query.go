package asset

import (
	"context"
	"slices"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Row is an asset as the list shows it.
type Row struct {
	Asset
	OwnerName string `gorm:"column:owner_name" json:"ownerName"`
}

// Query is a page of the asset list: filters, a sort and the page.
type Query struct {
	// Text matches the tag, name, serial, model or location (a part of it, any case).
	Text    string `json:"text"`
	Class   string `json:"class"`
	Type    string `json:"type"`
	Status  string `json:"status"`
	OwnerID string `json:"ownerId"`
	// Sort is a column: tag, name, class, type, status, owner, location, warrantyEnd,
	// updatedAt ("" is the tag).
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
}

// Page is a page of the list and how many assets match in all.
type Page struct {
	Rows  []Row `json:"rows"`
	Total int64 `json:"total"`
}

var sortColumns = map[string]string{
	"": "a.tag", "tag": "a.tag", "name": "a.name COLLATE NOCASE", "class": "a.class", "type": "a.type",
	"status": "a.status", "owner": "u.name COLLATE NOCASE", "location": "a.location COLLATE NOCASE",
	"warrantyEnd": "a.warranty_end", "updatedAt": "a.updated_at",
}

// MaxText is the longest text filter, in characters.
const MaxText = 200

// Check judges q's filters and sort (not its paging, which List bounds): a known class, a
// hardware type, a known status, a sortable column, a text of at most MaxText characters.
// Pure, so a saved view of the list is judged alike on the desk and on the server.
func (q Query) Check() error {
	v := &fault.Validation{}
	if q.Class != "" && !Class(q.Class).Valid() {
		v.Add("class", "unknown asset class %q", q.Class)
	}
	if q.Type != "" && !slices.Contains(HardwareTypes, q.Type) {
		v.Add("type", "unknown asset type %q", q.Type)
	}
	if q.Status != "" && !Status(q.Status).Valid() {
		v.Add("status", "unknown asset status %q", q.Status)
	}
	if _, ok := sortColumns[q.Sort]; !ok {
		v.Add("sort", "the asset list has no column %q to sort by", q.Sort)
	}
	v.Limit("text", "a text filter", q.Text, MaxText)
	return v.Err()
}

// List returns a page of the assets act may see: a requester, their own.
func (s *Service) List(ctx context.Context, act people.Actor, q Query) (*Page, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	col := sortColumns[q.Sort]
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	q.Offset = max(q.Offset, 0)
	where := []string{"a.archived = 0"}
	var args []any
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	if !act.IsStaff() {
		add("a.owner_id = ?", act.ID)
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(t) + "%"
		add(`(a.tag LIKE ? ESCAPE '\' OR a.name LIKE ? ESCAPE '\' OR a.serial LIKE ? ESCAPE '\' OR a.model LIKE ? ESCAPE '\' OR a.location LIKE ? ESCAPE '\')`,
			like, like, like, like, like)
	}
	if q.Class != "" {
		add("a.class = ?", q.Class)
	}
	if q.Type != "" {
		add("a.type = ?", q.Type)
	}
	if q.Status != "" {
		add("a.status = ?", q.Status)
	}
	if q.OwnerID != "" {
		add("a.owner_id = ?", q.OwnerID)
	}
	cond := strings.Join(where, " AND ")
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	out := &Page{Rows: []Row{}}
	db := s.DB.WithContext(ctx)
	if err := db.Raw(`SELECT COUNT(*) FROM assets a WHERE `+cond, args...).Scan(&out.Total).Error; err != nil {
		return nil, err
	}
	err := db.Raw(`SELECT a.*, COALESCE(u.name, '') AS owner_name FROM assets a LEFT JOIN users u ON u.id = a.owner_id
		WHERE `+cond+` ORDER BY `+col+` `+dir+`, a.tag `+dir+` LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...).Scan(&out.Rows).Error
	return out, err
}

// Get returns the asset id, if act may see it.
func (s *Service) Get(ctx context.Context, act people.Actor, id string) (*Row, error) {
	if _, err := load(s.DB.WithContext(ctx), act, id); err != nil {
		return nil, err
	}
	var r Row
	err := s.DB.WithContext(ctx).Raw(`SELECT a.*, COALESCE(u.name, '') AS owner_name FROM assets a
		LEFT JOIN users u ON u.id = a.owner_id WHERE a.id = ?`, id).Scan(&r).Error
	return &r, err
}

// Link is a relationship as an asset's page shows it: the other end, and which way it goes
// (out: this asset <type> other; in: other <type> this asset).
type Link struct {
	ID        string  `gorm:"column:id" json:"id"`
	Type      RelType `gorm:"column:type" json:"type"`
	Out       bool    `gorm:"column:out" json:"out"`
	OtherID   string  `gorm:"column:other_id" json:"otherId"`
	OtherTag  string  `gorm:"column:other_tag" json:"otherTag"`
	OtherName string  `gorm:"column:other_name" json:"otherName"`
	// OtherKind is the other end's class, or "person" for UsedBy.
	OtherKind string `gorm:"column:other_kind" json:"otherKind"`
}

// Links lists the asset's active relationships, both ways.
func (s *Service) Links(ctx context.Context, act people.Actor, id string) ([]Link, error) {
	if _, err := load(s.DB.WithContext(ctx), act, id); err != nil {
		return nil, err
	}
	out := []Link{}
	err := s.DB.WithContext(ctx).Raw(`
		SELECT r.id, r.type, 1 AS out, COALESCE(a.id, u.id, '') AS other_id, COALESCE(a.tag, '') AS other_tag,
		  COALESCE(a.name, u.name, '') AS other_name, CASE WHEN r.type = 'used_by' THEN 'person' ELSE COALESCE(a.class, '') END AS other_kind
		FROM asset_relations r LEFT JOIN assets a ON a.id = r.to_id LEFT JOIN users u ON u.id = r.user_id
		WHERE r.from_id = ? AND r.active = 1
		UNION ALL
		SELECT r.id, r.type, 0, a.id, a.tag, a.name, a.class
		FROM asset_relations r JOIN assets a ON a.id = r.from_id
		WHERE r.to_id = ? AND r.active = 1
		ORDER BY 2, 5`, id, id).Scan(&out).Error
	return out, err
}

// HistoryEntry is one line of an asset's audit trail.
type HistoryEntry struct {
	At        int64  `gorm:"column:at" json:"at"`
	ActorName string `gorm:"column:actor_name" json:"actorName"`
	Field     string `gorm:"column:field" json:"field"`
	OldValue  string `gorm:"column:old_value" json:"oldValue"`
	NewValue  string `gorm:"column:new_value" json:"newValue"`
}

// History is the asset's audit trail, oldest first.
func (s *Service) History(ctx context.Context, act people.Actor, id string) ([]HistoryEntry, error) {
	if _, err := load(s.DB.WithContext(ctx), act, id); err != nil {
		return nil, err
	}
	out := []HistoryEntry{}
	err := s.DB.WithContext(ctx).Raw(`SELECT e.at, COALESCE(u.name, '') AS actor_name, e.field, e.old_value, e.new_value
		FROM audit_entries e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.entity = ? AND e.ticket_id = ? ORDER BY e.at, e.rowid`, EntityAsset, id).Scan(&out).Error
	return out, err
}

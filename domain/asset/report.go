package asset

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Licences and the asset reports. A licence (class license) names its product and its seats in
// its attributes. An installation is a machine with the product: a hardware asset, in use or
// about to be (not retired nor disposed, not archived), whose software list has an entry that
// begins with the product, or to which a software CI whose name begins with the product is
// installed on; any case. A machine counts once however many entries match. A licence is
// over-used when it says its seats and more machines than that have its product.

// ReportQuery is a page of a report: its window in days (warranties ending within it; machines
// not seen for longer) and the page.
type ReportQuery struct {
	Days   int `json:"days"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

const maxReportDays = 3650

func (q *ReportQuery) check(days bool) error {
	if days && (q.Days < 0 || q.Days > maxReportDays) {
		return fault.Field("days", "a number of days from 0 to %d", maxReportDays)
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	q.Offset = max(q.Offset, 0)
	return nil
}

// likePrefix is the SQL pattern for "begins with the lower-cased text of expr".
func likePrefix(expr string) string {
	return `replace(replace(replace(lower(` + expr + `), '\', '\\'), '%', '\%'), '_', '\_') || '%'`
}

// installedSQL counts the machines with the product named by the SQL expression product.
func installedSQL(product string) string {
	pat := likePrefix(product)
	return `(SELECT COUNT(*) FROM assets h WHERE h.class = 'hardware' AND h.archived = 0
		AND h.status NOT IN ('retired', 'disposed') AND (
		EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(h.attributes) THEN h.attributes ELSE '{}' END, '$.software') s
			WHERE lower(s.value) LIKE ` + pat + ` ESCAPE '\')
		OR EXISTS (SELECT 1 FROM asset_relations r JOIN assets sw ON sw.id = r.from_id
			WHERE r.to_id = h.id AND r.active = 1 AND r.type = 'installed_on' AND sw.class = 'software'
			AND sw.archived = 0 AND lower(sw.name) LIKE ` + pat + ` ESCAPE '\')))`
}

// licenceSQL is every licence with its product, seats and installations.
var licenceSQL = `WITH lic AS (
	SELECT a.*, COALESCE(u.name, '') AS owner_name,
		COALESCE(json_extract(` + attrsSQL + `, '$.product'), '') AS product,
		COALESCE(json_extract(` + attrsSQL + `, '$.seats'), 0) AS seats,
		json_type(` + attrsSQL + `, '$.seats') IS NOT NULL AS has_seats
	FROM assets a LEFT JOIN users u ON u.id = a.owner_id
	WHERE a.class = 'license' AND a.archived = 0)
SELECT * FROM (SELECT lic.*, CASE WHEN trim(lic.product) = '' THEN 0 ELSE ` + installedSQL("trim(lic.product)") + ` END AS installed FROM lic)`

// LicenceRow is a licence with its use: Over when more machines have the product than it has
// seats.
type LicenceRow struct {
	Row
	Product   string `gorm:"column:product" json:"product"`
	Seats     int64  `gorm:"column:seats" json:"seats"`
	Installed int64  `gorm:"column:installed" json:"installed"`
	// Over is more installations than seats, for a licence that says its seats.
	Over     bool `gorm:"-" json:"over"`
	HasSeats bool `gorm:"column:has_seats" json:"-"`
}

// LicencePage is a page of licences and how many there are in all.
type LicencePage struct {
	Rows  []LicenceRow `json:"rows"`
	Total int64        `json:"total"`
}

// LicenceQuery is a page of the licence report; OverOnly keeps the licences in over-use.
type LicenceQuery struct {
	ReportQuery
	OverOnly bool `json:"overOnly"`
}

// Licences is the licence report (staff): every licence with its seats and installations,
// over-used ones flagged, by tag.
func (s *Service) Licences(ctx context.Context, act people.Actor, q LicenceQuery) (*LicencePage, error) {
	if err := act.Require(people.Agent, "see the licence report"); err != nil {
		return nil, err
	}
	if err := q.check(false); err != nil {
		return nil, err
	}
	where := ""
	if q.OverOnly {
		where = ` WHERE has_seats AND installed > seats`
	}
	out := &LicencePage{Rows: []LicenceRow{}}
	db := s.DB.WithContext(ctx)
	if err := db.Raw(`SELECT COUNT(*) FROM (` + licenceSQL + where + `)`).Scan(&out.Total).Error; err != nil {
		return nil, err
	}
	if err := db.Raw(licenceSQL+where+` ORDER BY tag LIMIT ? OFFSET ?`, q.Limit, q.Offset).Scan(&out.Rows).Error; err != nil {
		return nil, err
	}
	for i := range out.Rows {
		out.Rows[i].Over = out.Rows[i].HasSeats && out.Rows[i].Installed > out.Rows[i].Seats
	}
	return out, nil
}

// LicenceUse is a licence's seats against its installations, and the machines (the first
// hundred, by tag).
type LicenceUse struct {
	Product   string `json:"product"`
	Seats     int64  `json:"seats"`
	Installed int64  `json:"installed"`
	Over      bool   `json:"over"`
	Machines  []Row  `json:"machines"`
}

// Licence returns the use of the licence id (staff).
func (s *Service) Licence(ctx context.Context, act people.Actor, id string) (*LicenceUse, error) {
	if err := act.Require(people.Agent, "see a licence's use"); err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx)
	a, err := load(db, act, id)
	if err != nil {
		return nil, err
	}
	if a.Class != License {
		return nil, fault.Field("id", "%s is no licence", a.Tag)
	}
	var row LicenceRow
	if err := db.Raw(licenceSQL+` WHERE id = ?`, id).Scan(&row).Error; err != nil {
		return nil, err
	}
	out := &LicenceUse{Product: row.Product, Seats: row.Seats, Installed: row.Installed, Over: row.HasSeats && row.Installed > row.Seats, Machines: []Row{}}
	if row.Product == "" {
		return out, nil
	}
	err = machinesWith(db, row.Product).Scan(&out.Machines).Error
	return out, err
}

// machinesWith lists the machines with product, as the count counts them.
func machinesWith(db *gorm.DB, product string) *gorm.DB {
	q := `SELECT a.*, COALESCE(u.name, '') AS owner_name FROM assets a LEFT JOIN users u ON u.id = a.owner_id
		WHERE a.id IN (SELECT h.id FROM assets h WHERE h.class = 'hardware' AND h.archived = 0
		AND h.status NOT IN ('retired', 'disposed') AND (
		EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(h.attributes) THEN h.attributes ELSE '{}' END, '$.software') s
			WHERE lower(s.value) LIKE ` + likePrefix("?") + ` ESCAPE '\')
		OR EXISTS (SELECT 1 FROM asset_relations r JOIN assets sw ON sw.id = r.from_id
			WHERE r.to_id = h.id AND r.active = 1 AND r.type = 'installed_on' AND sw.class = 'software'
			AND sw.archived = 0 AND lower(sw.name) LIKE ` + likePrefix("?") + ` ESCAPE '\')))
		ORDER BY a.tag LIMIT 100`
	return db.Raw(q, product, product)
}

// WarrantiesExpiring is the report of assets whose warranty ends within q.Days days from today
// (today included), soonest first (staff). Retired and disposed assets are left out.
func (s *Service) WarrantiesExpiring(ctx context.Context, act people.Actor, q ReportQuery) (*Page, error) {
	if err := act.Require(people.Agent, "see the warranty report"); err != nil {
		return nil, err
	}
	if err := q.check(true); err != nil {
		return nil, err
	}
	now := s.Now()
	from, to := now.Format(time.DateOnly), now.AddDate(0, 0, q.Days).Format(time.DateOnly)
	return s.report(ctx, `a.warranty_end <> '' AND a.warranty_end >= ? AND a.warranty_end <= ?`,
		`a.warranty_end, a.tag`, q, from, to)
}

// NotSeen is the report of machines an inventory saw, but not for more than q.Days days,
// longest unseen first (staff). Hardware never inventoried is not in it (it was never seen);
// retired and disposed machines are left out.
func (s *Service) NotSeen(ctx context.Context, act people.Actor, q ReportQuery) (*Page, error) {
	if err := act.Require(people.Agent, "see the report of machines not seen"); err != nil {
		return nil, err
	}
	if err := q.check(true); err != nil {
		return nil, err
	}
	before := s.Now().Add(-time.Duration(q.Days) * 24 * time.Hour).UnixMilli()
	return s.report(ctx, `a.class = 'hardware' AND a.last_seen_at IS NOT NULL AND a.last_seen_at < ?`,
		`a.last_seen_at, a.tag`, q, before)
}

func (s *Service) report(ctx context.Context, cond, order string, q ReportQuery, args ...any) (*Page, error) {
	cond = `a.archived = 0 AND a.status NOT IN ('retired', 'disposed') AND ` + cond
	out := &Page{Rows: []Row{}}
	db := s.DB.WithContext(ctx)
	if err := db.Raw(`SELECT COUNT(*) FROM assets a WHERE `+cond, args...).Scan(&out.Total).Error; err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	err := db.Raw(`SELECT a.*, COALESCE(u.name, '') AS owner_name FROM assets a LEFT JOIN users u ON u.id = a.owner_id
		WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...).Scan(&out.Rows).Error
	return out, err
}

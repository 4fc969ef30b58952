package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/replica"
	dstore "outpost/domain/store"
	"outpost/sync/protocol"
)

// Record is the merged state of one record: its document (field name -> JSON value) and the
// version of each field.
type Record struct {
	Entity   string
	ID       string
	Doc      map[string]json.RawMessage
	Versions map[string]protocol.Stamp
	TicketID string // the ticket the record belongs to (itself for a ticket): pull scoping
	Owner1   string // users who may see it besides staff (a ticket's requester and creator)
	Owner2   string
	Number   *string
	Blob     string // the content hash an attachment refers to
}

// Clone copies a record so it can be changed without touching the original.
func (r *Record) Clone() *Record {
	c := *r
	// maps.Clone copies the tables whole, where inserting key by key rehashed each: a push
	// clones the record of every edit it applies.
	if c.Doc = maps.Clone(r.Doc); c.Doc == nil {
		c.Doc = map[string]json.RawMessage{}
	}
	if c.Versions = maps.Clone(r.Versions); c.Versions == nil {
		c.Versions = map[string]protocol.Stamp{}
	}
	return &c
}

type recordRow struct {
	Entity   string  `gorm:"column:entity"`
	ID       string  `gorm:"column:id"`
	Doc      string  `gorm:"column:doc"`
	Versions string  `gorm:"column:versions"`
	TicketID string  `gorm:"column:ticket_id"`
	Owner1   string  `gorm:"column:owner1"`
	Owner2   string  `gorm:"column:owner2"`
	Number   *string `gorm:"column:number"`
	Blob     string  `gorm:"column:blob"`
}

// GetRecord reads a record inside tx (nil, nil when absent).
func GetRecord(tx *gorm.DB, entity, id string) (*Record, error) {
	var rows []recordRow
	if err := tx.Raw(`SELECT * FROM records WHERE entity = ? AND id = ?`, entity, id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].record()
}

// perStatement is how many rows of width values one IN list or multi-row statement takes:
// dstore.MaxValues on SQLite; PostgreSQL pays a network round trip per statement, so they
// grow larger there (its limit is 65535 parameters).
func perStatement(tx *gorm.DB, width int) int {
	limit := dstore.MaxValues
	if isPostgres(tx) {
		limit = 20000
	}
	return max(1, limit/width)
}

// GetRecords reads the records of one entity with the given ids inside tx; absent ids are
// missing from the map.
func GetRecords(tx *gorm.DB, entity string, ids []string) (map[string]*Record, error) {
	out := make(map[string]*Record, len(ids))
	step := perStatement(tx, 1)
	for start := 0; start < len(ids); start += step {
		in, args := dstore.InList(ids[start:min(start+step, len(ids))])
		err := querySQL(tx, `SELECT entity, id, doc, versions, ticket_id, owner1, owner2, number, blob FROM records
			WHERE entity = ? AND id IN (`+in+`)`, append([]any{entity}, args...), func(rows *sql.Rows) error {
			var row recordRow
			if err := rows.Scan(&row.Entity, &row.ID, &row.Doc, &row.Versions, &row.TicketID, &row.Owner1, &row.Owner2, &row.Number, &row.Blob); err != nil {
				return err
			}
			r, err := row.record()
			if err != nil {
				return err
			}
			out[r.ID] = r
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r recordRow) record() (*Record, error) {
	out := &Record{Entity: r.Entity, ID: r.ID, TicketID: r.TicketID, Owner1: r.Owner1, Owner2: r.Owner2, Number: r.Number, Blob: r.Blob}
	var err error
	if out.Doc, err = replica.DecodeDoc([]byte(r.Doc)); err != nil {
		return nil, fmt.Errorf("record %s/%s: %w", r.Entity, r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Versions), &out.Versions); err != nil {
		return nil, fmt.Errorf("record %s/%s versions: %w", r.Entity, r.ID, err)
	}
	return out, nil
}

// PutRecord inserts or replaces a record inside tx.
func PutRecord(tx *gorm.DB, r *Record) error {
	return PutRecords(tx, []*Record{r})
}

// recordSame are the columns of records a push batch often writes all alike (entity, owners,
// blob): on SQLite bound once a statement when they are (valueRows).
var recordSame = []int{0, 5, 6, 8}

// PutRecords inserts or replaces records inside tx, several to a statement.
func PutRecords(tx *gorm.DB, rs []*Record) error {
	const perRow = 9
	step := perStatement(tx, perRow)
	for start := 0; start < len(rs); start += step {
		chunk := rs[start:min(start+step, len(rs))]
		args := make([]any, 0, perRow*len(chunk))
		for _, r := range chunk {
			doc, err := replica.EncodeDoc(r.Doc)
			if err != nil {
				return err
			}
			ver, err := json.Marshal(r.Versions)
			if err != nil {
				return err
			}
			args = append(args, r.Entity, r.ID, string(doc), string(ver), r.TicketID, r.Owner1, r.Owner2, r.Number, r.Blob)
		}
		values, args := valueRows(tx, perRow, recordSame, args)
		if err := execSQL(tx, `INSERT INTO records(entity, id, doc, versions, ticket_id, owner1, owner2, number, blob) VALUES `+values+`
			ON CONFLICT (entity, id) DO UPDATE SET doc = excluded.doc, versions = excluded.versions,
			  owner1 = excluded.owner1, owner2 = excluded.owner2, number = excluded.number`, args...); err != nil {
			return err
		}
	}
	return nil
}

// valueRows returns the VALUES list of a multi-row statement whose rows are args, cols values
// a row, and the arguments it binds. On SQLite a column of same that every row holds alike is
// bound once (dstore.Rows: the rows after the first name the first row's parameter): a push
// batch's rows repeat their kind, device, author and empty columns, and the driver copies
// every text it binds into C memory and frees it after the step, which was half the CPU of a
// push's inserts (docs/bench-method.md, "Push (session 15)"). PostgreSQL, through GORM,
// gets plain placeholders.
func valueRows(tx *gorm.DB, cols int, same []int, args []any) (string, []any) {
	if !isPostgres(tx) {
		return dstore.Rows(cols, same, args, "")
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", len(args)/cols), ", "), args
}

// flag is a boolean as SQLite stores it, and as the driver binds a bool: 0 or 1. dstore.Rows
// binds a column once only when it holds texts, integers or NULLs.
func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// NumberTaken reports whether a human number (or alias) is in use.
func NumberTaken(tx *gorm.DB, number string) (bool, error) {
	taken, err := NumbersTaken(tx, []string{number})
	return taken[number], err
}

// NumbersTaken returns which of the human numbers are in use, as a record's number or an alias.
func NumbersTaken(tx *gorm.DB, numbers []string) (map[string]bool, error) {
	out := map[string]bool{}
	step := perStatement(tx, 2)
	for start := 0; start < len(numbers); start += step {
		in, args := dstore.InList(numbers[start:min(start+step, len(numbers))])
		err := querySQL(tx, `SELECT number FROM records WHERE number IN (`+in+`) UNION SELECT alias FROM aliases WHERE alias IN (`+in+`)`,
			append(args, args...), func(rows *sql.Rows) error {
				var n string
				err := rows.Scan(&n)
				out[n] = true
				return err
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddAlias keeps a replaced number, so it still finds its record.
func AddAlias(tx *gorm.DB, alias, recordID string) error {
	return tx.Exec(`INSERT INTO aliases(alias, record_id) VALUES (?, ?) ON CONFLICT (alias) DO NOTHING`, alias, recordID).Error
}

// Stored is an accepted change with its pull scope.
type Stored struct {
	protocol.Change
	TicketID string
	Internal bool
	// Audience is, for a change of a private kind that took its record away from a group,
	// that group: its members pull the change (and stop showing the record).
	Audience string
}

// InsertChange appends an accepted change (its Seq already taken under LockSeq).
func InsertChange(tx *gorm.DB, c Stored) error {
	return tx.Exec(`INSERT INTO changes(seq, change_id, entity, record_id, op, field, value, hlc, device_id, author_id,
		base_hlc, base_device, alias, ticket_id, internal, auto, audience) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Seq, c.ChangeID, c.Entity, c.RecordID, c.Op, c.Field, string(c.Value), int64(c.HLC), c.DeviceID, c.AuthorID,
		int64(c.Base.HLC), c.Base.Device, c.Alias, c.TicketID, c.Internal, c.Auto, c.Audience).Error
}

// InsertChanges appends many accepted changes with few statements.
func InsertChanges(tx *gorm.DB, cs []Stored) error {
	if isPostgres(tx) {
		return insertChangesPG(tx, cs)
	}
	step := perStatement(tx, 17)
	for start := 0; start < len(cs); start += step {
		chunk := cs[start:min(start+step, len(cs))]
		args := make([]any, 0, 17*len(chunk))
		for _, c := range chunk {
			args = append(args, c.Seq, c.ChangeID, c.Entity, c.RecordID, c.Op, c.Field, string(c.Value), int64(c.HLC), c.DeviceID, c.AuthorID,
				int64(c.Base.HLC), c.Base.Device, c.Alias, c.TicketID, flag(c.Internal), flag(c.Auto), c.Audience)
		}
		values, args := dstore.Rows(17, changeSame, args, "")
		if err := execSQL(tx, `INSERT INTO changes(seq, change_id, entity, record_id, op, field, value, hlc, device_id, author_id,
			base_hlc, base_device, alias, ticket_id, internal, auto, audience) VALUES `+values, args...); err != nil {
			return err
		}
	}
	return nil
}

// changeSame are the columns of changes a push batch often writes all alike (entity, op,
// field, device, author, base, alias, the flags, audience): bound once a statement when
// they are (dstore.Rows; the SQLite path, PostgreSQL takes arrays).
var changeSame = []int{2, 4, 5, 8, 9, 10, 11, 12, 14, 15, 16}

// SaveResults stores many answers with few statements.
func SaveResults(tx *gorm.DB, deviceID string, rs []OpResult) error {
	if isPostgres(tx) {
		return saveResultsPG(tx, deviceID, rs)
	}
	step := perStatement(tx, 10)
	for start := 0; start < len(rs); start += step {
		chunk := rs[start:min(start+step, len(rs))]
		args := make([]any, 0, 10*len(chunk))
		for _, r := range chunk {
			args = append(args, deviceID, r.OpID, r.Status, r.Seq, int64(r.HLC), r.Code, r.Reason, r.Number, r.Entity, r.RecordID)
		}
		values, args := dstore.Rows(10, resultSame, args, "")
		if err := execSQL(tx, `INSERT INTO op_results(device_id, op_id, status, seq, hlc, code, reason, number, entity, record_id)
			VALUES `+values, args...); err != nil {
			return err
		}
	}
	return nil
}

// resultSame are the columns of op_results a push batch often writes all alike (device,
// status, code, reason, number, entity): bound once a statement when they are (dstore.Rows;
// the SQLite path, PostgreSQL takes arrays).
var resultSame = []int{0, 2, 5, 6, 7, 8}

// ChangeIDsTaken returns which of ids were already accepted (from any device).
func ChangeIDsTaken(tx *gorm.DB, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	step := perStatement(tx, 1)
	for start := 0; start < len(ids); start += step {
		in, args := dstore.InList(ids[start:min(start+step, len(ids))])
		err := querySQL(tx, `SELECT change_id FROM changes WHERE change_id IN (`+in+`)`, args, func(rows *sql.Rows) error {
			var id string
			err := rows.Scan(&id)
			out[id] = true
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OpResult is a stored answer to one op.
type OpResult struct {
	DeviceID string `gorm:"column:device_id"`
	protocol.Result
	Entity   string `gorm:"column:entity"`
	RecordID string `gorm:"column:record_id"`
}

// SaveResult stores the answer to one op.
func SaveResult(tx *gorm.DB, deviceID string, r protocol.Result, entity, recordID string) error {
	return tx.Exec(`INSERT INTO op_results(device_id, op_id, status, seq, hlc, code, reason, number, entity, record_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, deviceID, r.OpID, r.Status, r.Seq, int64(r.HLC), r.Code, r.Reason, r.Number, entity, recordID).Error
}

// Results reads the stored answers of a device's ops in [from, to].
func Results(tx *gorm.DB, deviceID string, from, to int64) ([]OpResult, error) {
	rows, err := tx.Raw(`SELECT op_id, status, seq, hlc, code, reason, number, entity, record_id FROM op_results
		WHERE device_id = ? AND op_id BETWEEN ? AND ? ORDER BY op_id`, deviceID, from, to).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OpResult
	for rows.Next() {
		var r OpResult
		var h int64
		if err := rows.Scan(&r.OpID, &r.Status, &r.Seq, &h, &r.Code, &r.Reason, &r.Number, &r.Entity, &r.RecordID); err != nil {
			return nil, err
		}
		r.HLC, r.DeviceID = uint64(h), deviceID
		out = append(out, r)
	}
	return out, rows.Err()
}

// Scope limits what a pull returns: staff see everything; a requester only the changes of
// tickets they requested or created, the records of other kinds they own (assets), records
// for everyone (Public: articles written for requesters), and none marked internal. Nobody,
// staff included, sees the changes of a private kind's record (Private) unless they own it or
// are in the group it is shared with (or was, for the change that stopped sharing it with
// them).
type Scope struct {
	UserID string
	All    bool
	// Private lists the private kinds' entities.
	Private []string
	// Owned lists the root kinds whose records a requester pulls when they own them (by the
	// declaration's Owners); empty means tickets only.
	Owned []string
	// Public lists the root kinds whose records may be for everyone: a record of one whose
	// owner1 is Everyone is sent to every user.
	Public []string
}

// privateWhere is the condition a change c of a private kind must meet for scope.
func (s Scope) privateWhere() (string, []any) {
	in, args := dstore.InList(s.Private)
	mine := `SELECT group_id FROM group_members WHERE user_id = ?`
	return `(c.entity IN (` + in + `) AND (c.audience IN (` + mine + `) OR EXISTS (SELECT 1 FROM records r
		WHERE r.entity = c.entity AND r.id = c.record_id AND (r.owner1 = ? OR r.owner2 IN (` + mine + `)))))`,
		append(args, s.UserID, s.UserID, s.UserID)
}

// Everyone is the owner of a record for every signed-in user (a kind's Public says which).
const Everyone = "*"

// Pull returns the changes after cursor that scope may see, up to limit of them and as many
// as fit in maxBytes as a page measures them (the first comes whatever its size), and how
// many there are.
func (s *Store) Pull(ctx context.Context, scope Scope, after int64, limit, maxBytes int) ([]protocol.Change, int64, error) {
	db := s.DB.WithContext(ctx)
	where, args := `c.seq > ?`, []any{after}
	var private string
	var privateArgs []any
	if len(scope.Private) > 0 {
		private, privateArgs = scope.privateWhere()
	}
	switch {
	case !scope.All:
		owned := scope.Owned
		if len(owned) == 0 {
			owned = []string{"ticket"}
		}
		in, kinds := dstore.InList(owned)
		where += ` AND c.internal = FALSE AND (EXISTS (SELECT 1 FROM records r WHERE r.entity IN (` + in + `) AND r.id = c.ticket_id AND (r.owner1 = ? OR r.owner2 = ?))`
		args = append(append(args, kinds...), scope.UserID, scope.UserID)
		if len(scope.Public) > 0 {
			pin, pargs := dstore.InList(scope.Public)
			where += ` OR EXISTS (SELECT 1 FROM records r WHERE r.entity IN (` + pin + `) AND r.id = c.ticket_id AND r.owner1 = ?)`
			args = append(append(args, pargs...), Everyone)
		}
		if private != "" {
			where += ` OR ` + private
			args = append(args, privateArgs...)
		}
		where += `)`
	case private != "":
		in, inArgs := dstore.InList(scope.Private)
		where += ` AND (c.entity NOT IN (` + in + `) OR ` + private + `)`
		args = append(append(args, inArgs...), privateArgs...)
	}
	// The page is cut by a running sum of the sizes of the next limit changes, which needs only
	// their lengths; only the changes that fit are read whole. The alias counts six times: a
	// string escapes to at most six bytes a byte.
	rows, err := db.Raw(`WITH next AS (
		  SELECT c.seq, octet_length(c.value) + 6 * octet_length(c.alias) + `+strconv.Itoa(protocol.ChangeOverhead)+` AS size
		  FROM changes c WHERE `+where+` ORDER BY c.seq LIMIT ?),
		page AS (SELECT seq, size, SUM(size) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS upto FROM next)
		SELECT c.seq, c.change_id, c.entity, c.record_id, c.op, c.field, c.value, c.hlc, c.device_id, c.author_id,
		c.base_hlc, c.base_device, c.alias, c.auto FROM page p JOIN changes c ON c.seq = p.seq
		WHERE p.upto <= ? OR p.upto = p.size ORDER BY c.seq`, append(args, limit, maxBytes)...).Rows()
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]protocol.Change, 0, limit)
	for rows.Next() {
		var c protocol.Change
		var h, bh int64
		var v string
		if err := rows.Scan(&c.Seq, &c.ChangeID, &c.Entity, &c.RecordID, &c.Op, &c.Field, &v, &h, &c.DeviceID, &c.AuthorID, &bh, &c.Base.Device, &c.Alias, &c.Auto); err != nil {
			return nil, 0, err
		}
		c.Value, c.HLC, c.Base.HLC = json.RawMessage(v), uint64(h), uint64(bh)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var total int64
	if scope.All {
		// Sequence numbers have no gaps: what remains is the counter minus the cursor, with
		// no scan of the rest of the log on every page; less the private kinds' changes the
		// user may not see (few, found by entity).
		if err := db.Raw(`SELECT value - ? FROM counters WHERE name = 'seq'`, after).Scan(&total).Error; err != nil {
			return nil, 0, err
		}
		if private != "" {
			in, inArgs := dstore.InList(scope.Private)
			var hidden int64
			if err := db.Raw(`SELECT COUNT(*) FROM changes c WHERE c.seq > ? AND c.entity IN (`+in+`) AND NOT `+private,
				append(append([]any{after}, inArgs...), privateArgs...)...).Scan(&hidden).Error; err != nil {
				return nil, 0, err
			}
			total -= hidden
		}
	} else if err := db.Raw(`SELECT COUNT(*) FROM changes c WHERE `+where, args...).Scan(&total).Error; err != nil {
		return nil, 0, err
	}
	return out, max(total, int64(len(out))), nil
}

// ErrLeaseLimit is a lease refused because the device already holds enough unused numbers.
var ErrLeaseLimit = errors.New("lease limit reached")

// Lease hands device a block of size numbers of kind. A device that holds a block none of
// whose numbers is used yet gets that block again instead (an answer lost on the way is
// answered again, and asking again and again takes no new numbers); otherwise a new block
// is leased unless the device's unused leased numbers with it would pass outstanding. A
// number counts as used once a record or an alias carries it; format spells a number of kind
// as records carry it.
func (s *Store) Lease(ctx context.Context, deviceID, kind string, size, first, outstanding int64, format func(int64) string) (protocol.Lease, error) {
	var l protocol.Lease
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if s.Postgres {
			// One lease at a time per device, so concurrent requests cannot all pass the cap.
			if err := tx.Exec(`SELECT id FROM devices WHERE id = ? FOR UPDATE`, deviceID).Error; err != nil {
				return err
			}
		}
		unused, fresh, err := unusedLeased(tx, deviceID, kind, format)
		if err != nil {
			return err
		}
		if fresh != nil {
			l = *fresh
			return nil
		}
		if unused+size > outstanding {
			return fmt.Errorf("device %s holds %d unused %s numbers: %w", deviceID, unused, kind, ErrLeaseLimit)
		}
		start, err := NextNumber(tx, kind, size, first)
		if err != nil {
			return err
		}
		l = protocol.Lease{Kind: kind, Start: start, End: start + size - 1}
		return tx.Exec(`INSERT INTO leases(kind, start_n, end_n, device_id) VALUES (?, ?, ?, ?)`, kind, l.Start, l.End, deviceID).Error
	})
	return l, err
}

// unusedLeased counts the numbers of kind leased to device and not used yet, and returns the
// newest of its blocks with no number used, if any. Blocks found used up are marked spent,
// so they are not read again.
func unusedLeased(tx *gorm.DB, deviceID, kind string, format func(int64) string) (unused int64, fresh *protocol.Lease, err error) {
	var open []struct{ StartN, EndN int64 }
	if err := tx.Raw(`SELECT start_n, end_n FROM leases WHERE device_id = ? AND kind = ? AND NOT spent ORDER BY start_n`, deviceID, kind).Scan(&open).Error; err != nil {
		return 0, nil, err
	}
	for _, b := range open {
		nums := make([]string, 0, b.EndN-b.StartN+1)
		for n := b.StartN; n <= b.EndN; n++ {
			nums = append(nums, format(n))
		}
		taken, err := NumbersTaken(tx, nums)
		if err != nil {
			return 0, nil, err
		}
		used := int64(0)
		for _, n := range nums {
			if taken[n] {
				used++
			}
		}
		switch {
		case used == int64(len(nums)):
			if err := tx.Exec(`UPDATE leases SET spent = ? WHERE kind = ? AND start_n = ?`, true, kind, b.StartN).Error; err != nil {
				return 0, nil, err
			}
		case used == 0:
			fresh = &protocol.Lease{Kind: kind, Start: b.StartN, End: b.EndN}
			fallthrough
		default:
			unused += int64(len(nums)) - used
		}
	}
	return unused, fresh, nil
}

// Leased reports whether n of kind lies in a block leased to device.
func Leased(tx *gorm.DB, deviceID, kind string, n int64) (bool, error) {
	var c int64
	err := tx.Raw(`SELECT COUNT(*) FROM leases WHERE device_id = ? AND kind = ? AND start_n <= ? AND end_n >= ?`, deviceID, kind, n, n).Scan(&c).Error
	return c > 0, err
}

// Leases lists the blocks leased to a device.
func Leases(tx *gorm.DB, deviceID string) ([]protocol.Lease, error) {
	rows, err := tx.Raw(`SELECT kind, start_n, end_n FROM leases WHERE device_id = ?`, deviceID).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []protocol.Lease{}
	for rows.Next() {
		var l protocol.Lease
		if err := rows.Scan(&l.Kind, &l.Start, &l.End); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ErrBlobQuota is an upload refused because the user's unattached uploads would pass the quota.
var ErrBlobQuota = errors.New("blob quota reached")

// PutBlob stores content under its hash (once) and records that user uploaded it at now,
// which proves they hold it. Content no record refers to yet counts against the user's quota
// of unattached bytes; uploading again what the user already uploaded, or what a record
// already refers to, adds nothing to it.
func (s *Store) PutBlob(ctx context.Context, userID, sha string, data []byte, now, quota int64) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if s.Postgres {
			// One upload at a time per user, so concurrent uploads cannot pass the quota together.
			if err := tx.Exec(`SELECT id FROM users WHERE id = ? FOR UPDATE`, userID).Error; err != nil {
				return err
			}
		}
		var counted int64
		if err := tx.Raw(`SELECT (SELECT COUNT(*) FROM blob_uploads WHERE sha256 = ? AND user_id = ?)
			+ (SELECT COUNT(*) FROM records WHERE blob = ?)`, sha, userID, sha).Scan(&counted).Error; err != nil {
			return err
		}
		if counted == 0 {
			var loose int64
			if err := tx.Raw(`SELECT COALESCE(SUM(u.size), 0) FROM blob_uploads u WHERE u.user_id = ?
				AND NOT EXISTS (SELECT 1 FROM records r WHERE r.blob = u.sha256)`, userID).Scan(&loose).Error; err != nil {
				return err
			}
			if loose+int64(len(data)) > quota {
				return fmt.Errorf("%d bytes uploaded and not attached yet, %d more pass the quota of %d: %w", loose, len(data), quota, ErrBlobQuota)
			}
		}
		if err := tx.Exec(`INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`, sha, len(data), data).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO blob_uploads(sha256, user_id, size, uploaded_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (sha256, user_id) DO UPDATE SET uploaded_at = excluded.uploaded_at`, sha, userID, len(data), now).Error
	})
}

// BlobUploaded reports whether user uploaded the content named sha.
func BlobUploaded(tx *gorm.DB, sha, userID string) (bool, error) {
	var n int64
	err := tx.Raw(`SELECT COUNT(*) FROM blob_uploads WHERE sha256 = ? AND user_id = ?`, sha, userID).Scan(&n).Error
	return n > 0, err
}

// CollectBlobs deletes the blobs no record refers to and nobody uploaded at or after before,
// and returns how many. It takes the change counter's lock like a push, so an attachment
// committing beside it either lands first (and keeps its blob) or finds the blob gone.
func (s *Store) CollectBlobs(ctx context.Context, before int64) (int64, error) {
	var n int64
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if _, _, err := s.LockSeq(tx); err != nil {
			return err
		}
		res := tx.Exec(`DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.blob = blobs.sha256)
			AND NOT EXISTS (SELECT 1 FROM blob_uploads u WHERE u.sha256 = blobs.sha256 AND u.uploaded_at >= ?)`, before)
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return tx.Exec(`DELETE FROM blob_uploads WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = blob_uploads.sha256)`).Error
	})
	if err != nil {
		return 0, fmt.Errorf("collect blobs: %w", err)
	}
	return n, nil
}

// Blob reads content by hash.
func (s *Store) Blob(ctx context.Context, sha string) ([]byte, error) {
	var rows []struct{ Data []byte }
	if err := s.DB.WithContext(ctx).Raw(`SELECT data FROM blobs WHERE sha256 = ?`, sha).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("blob %s: %w", sha, fault.ErrNotFound)
	}
	return rows[0].Data, nil
}

// BlobSize returns a stored blob's size, or -1 when absent.
func BlobSize(tx *gorm.DB, sha string) (int64, error) {
	var rows []struct{ Size int64 }
	if err := tx.Raw(`SELECT size FROM blobs WHERE sha256 = ?`, sha).Scan(&rows).Error; err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return -1, nil
	}
	return rows[0].Size, nil
}

// BlobVisible reports whether user may read a blob: staff always (if any attachment refers to
// it), a requester only through an attachment on a ticket they own that is not internal.
func (s *Store) BlobVisible(ctx context.Context, sha, userID string, staff bool) (bool, error) {
	return BlobVisibleIn(s.DB.WithContext(ctx), sha, userID, staff)
}

// BlobVisibleIn is BlobVisible inside tx.
func BlobVisibleIn(tx *gorm.DB, sha, userID string, staff bool) (bool, error) {
	q := `SELECT COUNT(*) FROM records a WHERE a.blob = ?`
	args := []any{sha}
	if !staff {
		// Through an attachment on a ticket of theirs that is not internal (staff only): the
		// change that created it carries that flag, as for the pull.
		q += ` AND EXISTS (SELECT 1 FROM records t WHERE t.entity = 'ticket' AND t.id = a.ticket_id AND (t.owner1 = ? OR t.owner2 = ?))
			AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.ticket_id = a.ticket_id AND c.record_id = a.id AND c.internal = TRUE)`
		args = append(args, userID, userID)
	}
	var n int64
	err := tx.Raw(q, args...).Scan(&n).Error
	return n > 0, err
}

// MaxSeq is the last sequence number handed out.
func (s *Store) MaxSeq(ctx context.Context) (int64, error) {
	var v int64
	err := s.DB.WithContext(ctx).Raw(`SELECT value FROM counters WHERE name = 'seq'`).Scan(&v).Error
	return v, err
}

// Records lists every record of an entity (for canonical dumps in tests and backups).
func (s *Store) Records(ctx context.Context, entity string) ([]*Record, error) {
	var ids []string
	if err := s.DB.WithContext(ctx).Raw(`SELECT id FROM records WHERE entity = ? ORDER BY id`, entity).Scan(&ids).Error; err != nil {
		return nil, err
	}
	out := make([]*Record, 0, len(ids))
	for _, id := range ids {
		r, err := GetRecord(s.DB.WithContext(ctx), entity, id)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, errors.New("record vanished")
		}
		out = append(out, r)
	}
	return out, nil
}

func isPostgres(tx *gorm.DB) bool { return tx.Name() == "postgres" }

// querySQL is execSQL for a query: each is called for every row, and the rows are closed
// before it returns.
func querySQL(tx *gorm.DB, sql string, args []any, each func(*sql.Rows) error) error {
	if !isPostgres(tx) {
		return dstore.QueryEach(tx, sql, args, each)
	}
	rows, err := tx.Raw(sql, args...).Rows()
	return dstore.EachRow(rows, err, each)
}

// execSQL runs a statement written with ? placeholders and plain driver values: on SQLite
// through the transaction's kept statements (a push runs the same inserts every time), on
// PostgreSQL through GORM, which numbers the placeholders.
func execSQL(tx *gorm.DB, sql string, args ...any) error {
	if isPostgres(tx) {
		return tx.Exec(sql, args...).Error
	}
	return dstore.Exec(tx, sql, args...)
}

// PostgreSQL takes a batch of rows as one array per column and unnests them: one short
// statement whatever the batch size, where a VALUES list of a thousand rows costs a long parse
// and plan and sixteen thousand parameters.

func insertChangesPG(tx *gorm.DB, cs []Stored) error {
	if len(cs) == 0 {
		return nil
	}
	n := len(cs)
	seq, hlcs, baseHLC := make([]int64, n), make([]int64, n), make([]int64, n)
	internal, auto := make([]bool, n), make([]bool, n)
	text := make([][]string, 12) // the text columns, in the statement's order
	for i := range text {
		text[i] = make([]string, n)
	}
	for i, c := range cs {
		seq[i], hlcs[i], baseHLC[i], internal[i], auto[i] = c.Seq, int64(c.HLC), int64(c.Base.HLC), c.Internal, c.Auto
		for k, v := range []string{c.ChangeID, c.Entity, c.RecordID, c.Op, c.Field, string(c.Value), c.DeviceID, c.AuthorID, c.Base.Device, c.Alias, c.TicketID, c.Audience} {
			text[k][i] = v
		}
	}
	_, err := tx.Statement.ConnPool.ExecContext(tx.Statement.Context, `INSERT INTO changes(seq, change_id, entity, record_id, op, field, value,
		hlc, device_id, author_id, base_hlc, base_device, alias, ticket_id, internal, auto, audience)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
		  $8::bigint[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::boolean[], $16::boolean[], $17::text[])`,
		seq, text[0], text[1], text[2], text[3], text[4], text[5], hlcs, text[6], text[7], baseHLC, text[8], text[9], text[10], internal, auto, text[11])
	return err
}

func saveResultsPG(tx *gorm.DB, deviceID string, rs []OpResult) error {
	if len(rs) == 0 {
		return nil
	}
	n := len(rs)
	devices, opIDs, seqs, hlcs := make([]string, n), make([]int64, n), make([]int64, n), make([]int64, n)
	status, code, reason, number, entity, record := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rs {
		devices[i], opIDs[i], seqs[i], hlcs[i] = deviceID, r.OpID, r.Seq, int64(r.HLC)
		status[i], code[i], reason[i], number[i], entity[i], record[i] = r.Status, r.Code, r.Reason, r.Number, r.Entity, r.RecordID
	}
	_, err := tx.Statement.ConnPool.ExecContext(tx.Statement.Context, `INSERT INTO op_results(device_id, op_id, status, seq, hlc, code, reason, number, entity, record_id)
		SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
		devices, opIDs, status, seqs, hlcs, code, reason, number, entity, record)
	return err
}

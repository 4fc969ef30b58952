// Package audit keeps the audit trail tamper-evident. Every entry, of every record kind, takes
// the next place (seq) in one chain and carries the hash of the entry before it and its own
// hash: SHA-256 over that previous hash and the entry's content. Changing, removing or
// slipping in an entry with SQLite directly breaks the chain at that entry, and Verify names
// it. The trail is append-only: what the desk itself must take back is withdrawn by a new
// entry (FieldWithdrawn), never deleted. The chain cannot tell that its newest entries were
// cut off: nothing after them points back to them.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/store"
)

// Entry is one line of the trail: what a writer hands to Append.
type Entry struct {
	ID string
	// Entity is the record's kind (ticket, attachment's ticket, policy, user...).
	Entity   string
	RecordID string
	ActorID  string
	At       int64 // Unix ms
	Field    string
	Old      string
	New      string
}

// Link is an entry's place in the chain.
type Link struct {
	Seq  int64
	Prev []byte // the hash of entry Seq-1 (empty for the first entry)
	Hash []byte
}

// hashVersion starts every hashed message, so a later change of the encoding cannot be
// mistaken for this one.
const hashVersion = "outpost-audit-1"

// Hash is an entry's hash after prev: SHA-256 over a length-prefixed encoding of prev and the
// entry's fields (the time as 8 bytes), so no two different entries encode the same.
func Hash(prev []byte, e Entry) []byte {
	buf := make([]byte, 0, 64+len(prev)+len(e.ID)+len(e.Entity)+len(e.RecordID)+len(e.ActorID)+len(e.Field)+len(e.Old)+len(e.New))
	sum := sha256.Sum256(encode(buf, prev, e))
	return sum[:]
}

func encode(buf, prev []byte, e Entry) []byte {
	buf = append(buf, hashVersion...)
	buf = binary.AppendUvarint(buf, uint64(len(prev)))
	buf = append(buf, prev...)
	for _, s := range []string{e.ID, e.Entity, e.RecordID, e.ActorID} {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = binary.BigEndian.AppendUint64(buf, uint64(e.At))
	for _, s := range []string{e.Field, e.Old, e.New} {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	return buf
}

// Chain hands out the next links after the chain's tail, in one transaction.
type Chain struct {
	seq  int64
	prev []byte
	buf  []byte
}

// Next places e after the chain's current tail and returns its link.
func (c *Chain) Next(e Entry) Link {
	c.buf = encode(c.buf[:0], c.prev, e)
	sum := sha256.Sum256(c.buf)
	c.seq++
	l := Link{Seq: c.seq, Prev: c.prev, Hash: sum[:]}
	c.prev = l.Hash
	return l
}

// tailQuery reads the chain's last link (by the seq index).
const tailQuery = `SELECT seq, hash FROM audit_entries WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`

// Tail reads the chain's tail in tx: the one read a transaction's writes chain after. tx
// must be a write transaction (the desk's are BEGIN IMMEDIATE), so no other writer moves the
// tail before it commits.
func Tail(tx *gorm.DB) (*Chain, error) {
	// Through the transaction's kept statements (QueryEach): every write reads the tail.
	c := &Chain{}
	err := store.QueryEach(tx, tailQuery, nil, func(r *sql.Rows) error { return r.Scan(&c.seq, &c.prev) })
	if err != nil {
		return nil, fmt.Errorf("read the audit chain's tail: %w", err)
	}
	return c, nil
}

// TailSQL is Tail for a writer on database/sql (the bulk generator).
func TailSQL(ctx context.Context, tx *sql.Tx) (*Chain, error) {
	return tailOf(tx.QueryRowContext(ctx, tailQuery))
}

func tailOf(row *sql.Row) (*Chain, error) {
	c := &Chain{}
	err := row.Scan(&c.seq, &c.prev)
	if errors.Is(err, sql.ErrNoRows) {
		return &Chain{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the audit chain's tail: %w", err)
	}
	return c, nil
}

// Columns are the columns of an audit row as Row lists them, for multi-row INSERTs.
const Columns = "id, entity, ticket_id, actor_id, at, field, old_value, new_value, seq, prev_hash, hash"

// Row is an entry and its link as the values of Columns.
func Row(e Entry, l Link) []any {
	return []any{e.ID, e.Entity, e.RecordID, e.ActorID, e.At, e.Field, e.Old, e.New, l.Seq, l.Prev, l.Hash}
}

// Append chains entries after the tail, in order, and inserts them in tx with multi-row
// INSERTs. Every writer of the trail goes through it (or, for the bulk generator, through
// Tail and Chain.Next), so the chain is computed in one place.
func Append(tx *gorm.DB, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	c, err := Tail(tx)
	if err != nil {
		return err
	}
	return c.batch(entries).Write(tx)
}

// Batch is entries chained after the trail's tail, as the INSERTs that write them (Write).
type Batch struct {
	queries []string
	args    [][]any
}

// sameColumns are the columns of Columns a batch's entries often all share (entity, actor_id):
// bound once a statement when they do (store.Rows).
var sameColumns = []int{1, 3}

// batch chains entries after c's tail, in order, and builds their multi-row INSERTs.
func (c *Chain) batch(entries []Entry) *Batch {
	const cols = 11
	per := max(1, store.MaxValues/cols)
	b := &Batch{}
	for start := 0; start < len(entries); start += per {
		chunk := entries[start:min(start+per, len(entries))]
		args := make([]any, 0, cols*len(chunk))
		for _, e := range chunk {
			l := c.Next(e)
			// as Row lists them, without a slice per entry
			args = append(args, e.ID, e.Entity, e.RecordID, e.ActorID, e.At, e.Field, e.Old, e.New, l.Seq, l.Prev, l.Hash)
		}
		values, args := store.Rows(cols, sameColumns, args, "")
		b.queries = append(b.queries, `INSERT INTO audit_entries(`+Columns+`) VALUES `+values)
		b.args = append(b.args, args)
	}
	return b
}

// Write inserts the batch in tx, the transaction whose tail it was chained after, with nothing
// appended to the trail in between.
func (b *Batch) Write(tx *gorm.DB) error {
	if b == nil {
		return nil
	}
	for i, q := range b.queries {
		if err := store.Exec(tx, q, b.args[i]...); err != nil {
			return fmt.Errorf("append to the audit trail: %w", err)
		}
	}
	return nil
}

// AppendNew is Append for entries that may have been written before (a pulled page delivered
// again): entries whose id the trail already holds, or that repeat an earlier one of the
// batch, are left out before chaining, since a row skipped at insert would break the chain.
func AppendNew(tx *gorm.DB, entries []Entry) error {
	b, err := PrepareNew(tx, entries)()
	if err != nil {
		return err
	}
	return b.Write(tx)
}

// PrepareNew is AppendNew in two halves, for a writer with other rows to insert meanwhile (a
// pulled page): it reads in tx which entries the trail holds and its tail, then leaves out,
// chains and builds the INSERTs of the rest on another goroutine, which runs no SQL; the
// function returned waits for their Batch. tx may run other statements meanwhile, but must not
// append to the trail before the Batch is written. Hashing the chain and building 11 boxed
// values a row were 0.03 s of a 20000-op pull's applying goroutine (by profile).
func PrepareNew(tx *gorm.DB, entries []Entry) func() (*Batch, error) {
	fail := func(err error) func() (*Batch, error) { return func() (*Batch, error) { return nil, err } }
	if len(entries) == 0 {
		return fail(nil)
	}
	have, err := held(tx, entries)
	if err != nil {
		return fail(err)
	}
	c, err := Tail(tx)
	if err != nil {
		return fail(err)
	}
	done := make(chan *Batch, 1)
	go func() { done <- c.batch(fresh(entries, have)) }()
	return func() (*Batch, error) { return <-done, nil }
}

// held returns which of the entries' ids the trail holds.
func held(tx *gorm.DB, entries []Entry) (map[string]bool, error) {
	seen := make(map[string]bool, len(entries))
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		if !seen[e.ID] {
			seen[e.ID] = true
			ids = append(ids, e.ID)
		}
	}
	have := make(map[string]bool, len(entries))
	// Ids of a page's entries are its change ids (and a counter), which mostly sort together:
	// one scan of the id index between the least and the greatest finds those held, reading
	// the entries between them too. Only when those are as many as the ids is each id looked
	// up instead. The lookups were a fifth of AppendNew's CPU in a pull of 20000 ops.
	if complete, err := scanHeld(tx, ids, seen, have); err != nil || complete {
		return have, err
	}
	for start := 0; start < len(ids); start += store.MaxValues {
		// Through the transaction's kept statements, not GORM: a pulled page asks this for
		// every page, and GORM's IN expansion and reflective scan were a quarter of
		// AppendNew's time in a pull's CPU profile.
		marks, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		err := store.QueryEach(tx, `SELECT id FROM audit_entries WHERE id IN (`+marks+`)`, args, func(rows *sql.Rows) error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			have[id] = true
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return have, nil
}

// fresh returns the entries whose id have does not hold, each id once (have takes them).
func fresh(entries []Entry, have map[string]bool) []Entry {
	out := make([]Entry, 0, len(entries))
	for _, e := range entries {
		if !have[e.ID] {
			have[e.ID] = true
			out = append(out, e)
		}
	}
	return out
}

// scanHeld marks in have the ids (of the set want) that the trail holds, by one scan of the id
// index over their range, and reports whether the scan saw the whole range: it stops after as
// many rows as there are ids.
func scanHeld(tx *gorm.DB, ids []string, want, have map[string]bool) (bool, error) {
	lo, hi := ids[0], ids[0]
	for _, id := range ids[1:] {
		lo, hi = min(lo, id), max(hi, id)
	}
	n := 0
	err := store.QueryEach(tx, `SELECT id FROM audit_entries WHERE id >= ? AND id <= ? LIMIT ?`, []any{lo, hi, int64(len(ids))},
		func(rows *sql.Rows) error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			n++
			if want[id] {
				have[id] = true
			}
			return nil
		})
	return n < len(ids), err
}

// FieldWithdrawn is the field of an entry that withdraws another (named in its old value):
// the desk takes back a line it wrote by adding this entry, never by deleting the line. The
// audit_trail view leaves out both.
const FieldWithdrawn = "withdrawn"

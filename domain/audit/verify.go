package audit

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"gorm.io/gorm"
)

// What a broken link is.
const (
	// Changed: the entry's content (or its hash) is not what was chained.
	Changed = "changed"
	// Missing: one or more entries before this one are gone (or were moved elsewhere).
	Missing = "missing"
	// Inserted: this entry was slipped into the chain after the fact.
	Inserted = "inserted"
	// Unchained: a row outside the chain (no place in it), written around the desk.
	Unchained = "unchained"
)

// Broken is the first broken link of the chain.
type Broken struct {
	Seq     int64  `json:"seq"` // 0 for an unchained row
	ID      string `json:"id"`
	Problem string `json:"problem"` // Changed, Missing, Inserted or Unchained
	Detail  string `json:"detail"`
}

// Result is what Verify found: how many rows the trail holds and the first broken link, if any.
type Result struct {
	Entries int64   `json:"entries"`
	Intact  bool    `json:"intact"`
	Broken  *Broken `json:"broken,omitempty"`
}

func (r Result) String() string {
	if r.Intact {
		return fmt.Sprintf("audit trail intact: %d entries", r.Entries)
	}
	b := r.Broken
	if b.Problem == Unchained {
		return fmt.Sprintf("audit trail broken: entry %s is %s: %s", b.ID, b.Problem, b.Detail)
	}
	return fmt.Sprintf("audit trail broken at entry %d (%s): %s: %s", b.Seq, b.ID, b.Problem, b.Detail)
}

// Verify walks the chain in order, recomputing every hash, and returns the first broken link:
// an entry whose content no longer matches its hash (changed), whose previous hash is not the
// entry before it (an entry missing, or, when it is the hash of the entry two back, the one
// before it inserted), a gap in the order (missing), or a row outside the chain.
func Verify(ctx context.Context, db *gorm.DB) (Result, error) {
	var res Result
	rows, err := db.WithContext(ctx).Raw(`SELECT seq, id, entity, ticket_id, actor_id, at, field, old_value, new_value,
		prev_hash, hash FROM audit_entries WHERE seq IS NOT NULL ORDER BY seq`).Rows()
	if err != nil {
		return res, fmt.Errorf("verify the audit trail: %w", err)
	}
	var (
		last, beforeLast []byte // stored hashes of the two entries before
		lastSeq          int64
		lastID           string
		e                Entry
		seq              float64 // REAL if someone wrote a fraction to squeeze a row in
		prev, hash       []byte
	)
	for rows.Next() {
		if err := rows.Scan(&seq, &e.ID, &e.Entity, &e.RecordID, &e.ActorID, &e.At, &e.Field, &e.Old, &e.New, &prev, &hash); err != nil {
			rows.Close()
			return res, fmt.Errorf("verify the audit trail: %w", err)
		}
		res.Entries++
		if res.Broken != nil {
			continue // keep counting
		}
		want := lastSeq + 1
		switch {
		case seq != math.Trunc(seq) || seq < float64(want):
			res.Broken = &Broken{Seq: lastSeq + 1, ID: e.ID, Problem: Inserted, Detail: fmt.Sprintf("its place %v is not one the chain hands out", seq)}
		case seq > float64(want):
			res.Broken = &Broken{Seq: int64(seq), ID: e.ID, Problem: Missing,
				Detail: fmt.Sprintf("entries %d to %d before it are gone", want, int64(seq)-1)}
		case !bytes.Equal(prev, last):
			if lastSeq > 1 && bytes.Equal(prev, beforeLast) {
				res.Broken = &Broken{Seq: lastSeq, ID: lastID, Problem: Inserted,
					Detail: "the entry after it was chained to the entry before it"}
			} else {
				res.Broken = &Broken{Seq: int64(seq), ID: e.ID, Problem: Missing,
					Detail: "its previous hash is not the hash of the entry before it: an entry before it is gone or was moved"}
			}
		case !bytes.Equal(Hash(prev, e), hash):
			res.Broken = &Broken{Seq: int64(seq), ID: e.ID, Problem: Changed, Detail: "its content does not match its hash"}
		}
		beforeLast, last, lastSeq, lastID = last, hash, int64(seq), e.ID
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("verify the audit trail: %w", err)
	}
	var loose struct {
		N  int64
		ID string
	}
	if err := db.WithContext(ctx).Raw(`SELECT COUNT(*) AS n, COALESCE(MIN(id), '') AS id FROM audit_entries WHERE seq IS NULL`).Scan(&loose).Error; err != nil {
		return res, fmt.Errorf("verify the audit trail: %w", err)
	}
	res.Entries += loose.N
	if res.Broken == nil && loose.N > 0 {
		res.Broken = &Broken{ID: loose.ID, Problem: Unchained, Detail: fmt.Sprintf("%d rows have no place in the chain", loose.N)}
	}
	res.Intact = res.Broken == nil
	return res, nil
}

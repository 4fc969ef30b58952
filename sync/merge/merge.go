// Package merge holds the merge rules of sync as pure functions: the same code decides on
// every replica and on the server, so all of them converge on the same state.
//
//   - plain and long-text fields: last writer wins by (HLC, device); a concurrent write of a
//     different value also yields a Conflict the user can see and settle;
//   - append-only children (comments, work notes, worklogs, links, attachments): a union;
//   - status: the op names the state it expected to leave; the server applies it only if that
//     is still the state and the state machine allows the move, else it is a conflict;
//   - archive: monotonic, a record once archived stays archived (nothing is deleted);
//   - a timestamp from a clock far ahead of the server's is clamped to a fresh server one.
package merge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"outpost/domain/kind"
	"outpost/sync/protocol"
)

// Kind is how a field merges (declared once, in domain/kind).
type Kind = kind.Merge

// The merge kinds a synced field has.
const (
	LWW      = kind.LWW
	LongText = kind.LongText
	Status   = kind.Status
	Archive  = kind.Archive
	Fixed    = kind.Fixed
)

// Current is what a replica holds for one field.
type Current struct {
	Value    json.RawMessage
	Stamp    protocol.Stamp // zero if the field was never written through sync
	Base     protocol.Stamp // the version the writer of Value had seen
	ChangeID string
}

// Incoming is a write of one field arriving from elsewhere (or coming back from the server).
type Incoming struct {
	Value    json.RawMessage
	Stamp    protocol.Stamp
	Base     protocol.Stamp
	ChangeID string
}

// Conflict is a concurrent write of one field to a different value: Winner is the value now in
// place, Loser the one that lost, both with their versions.
type Conflict struct {
	Kind        Kind            `json:"kind"`
	Field       string          `json:"field"`
	Winner      json.RawMessage `json:"winner"`
	WinnerStamp protocol.Stamp  `json:"winnerStamp"`
	Loser       json.RawMessage `json:"loser"`
	LoserStamp  protocol.Stamp  `json:"loserStamp"`
}

// Decision says whether to write the incoming value, and any conflict to record.
type Decision struct {
	Apply    bool
	Conflict *Conflict
}

// Field merges an incoming LWW or long-text write into the current value. The write with the
// greater (HLC, device) wins whatever the order of arrival; the two are concurrent unless one
// was written on top of the other (its Base is the other's Stamp) or both come from one device.
func Field(kind Kind, field string, cur Current, in Incoming) Decision {
	if in.ChangeID != "" && in.ChangeID == cur.ChangeID {
		// The same write again (e.g. our own op back from the server, maybe with a clamped HLC).
		return Decision{Apply: in.Stamp != cur.Stamp}
	}
	if cur.Stamp.IsZero() {
		return Decision{Apply: true}
	}
	if in.Stamp == cur.Stamp {
		return Decision{}
	}
	wins := cur.Stamp.Less(in.Stamp)
	d := Decision{Apply: wins}
	if !Sequential(cur, in) && !Same(cur.Value, in.Value) {
		c := &Conflict{Kind: kind, Field: field}
		if wins {
			c.Winner, c.WinnerStamp, c.Loser, c.LoserStamp = in.Value, in.Stamp, cur.Value, cur.Stamp
		} else {
			c.Winner, c.WinnerStamp, c.Loser, c.LoserStamp = cur.Value, cur.Stamp, in.Value, in.Stamp
		}
		d.Conflict = c
	}
	return d
}

// Sequential reports whether one write was made on top of the other (or both come from one
// device, whose writes are ordered), so they cannot conflict: only the order decides.
func Sequential(cur Current, in Incoming) bool {
	return cur.Stamp.IsZero() || (in.ChangeID != "" && in.ChangeID == cur.ChangeID) ||
		in.Base == cur.Stamp || cur.Base == in.Stamp || in.Stamp.Device == cur.Stamp.Device
}

// Move is a transition op's value: the state it expected to leave and the one it goes to,
// with what the target state needs.
type Move struct {
	From            string `json:"from"`
	To              string `json:"to"`
	HoldReason      string `json:"holdReason"`
	ResolutionCode  string `json:"resolutionCode"`
	ResolutionNotes string `json:"resolutionNotes"`
	Reason          string `json:"reason"`
}

// StatusConflict is a transition that no longer applies after merge.
type StatusConflict struct {
	Expected string `json:"expected"`
	Found    string `json:"found"`
	To       string `json:"to"`
	Reason   string `json:"reason"`
}

func (c *StatusConflict) Error() string {
	if c.Expected != c.Found {
		return fmt.Sprintf("expected %s to move to %s, found %s", c.Expected, c.To, c.Found)
	}
	return fmt.Sprintf("cannot move from %s to %s: %s", c.Found, c.To, c.Reason)
}

// Transition decides a status op against the merged current state: it applies only if the
// record is still in the state the author saw and check (the record's state machine, run with
// the author's current rights) allows the move. Otherwise it goes to the conflict queue.
func Transition(current string, m Move, check func() error) *StatusConflict {
	if m.From != current {
		return &StatusConflict{Expected: m.From, Found: current, To: m.To, Reason: "the state changed meanwhile"}
	}
	if check != nil {
		if err := check(); err != nil {
			return &StatusConflict{Expected: m.From, Found: current, To: m.To, Reason: err.Error()}
		}
	}
	return nil
}

// Union decides an append-only child: add it unless it is already there (same id).
func Union(exists bool) bool { return !exists }

// ArchiveFlag merges the archived flag: once archived, a record stays archived.
func ArchiveFlag(current, incoming bool) bool { return current || incoming }

// MaxAhead is how far past the server's clock an op's HLC may be before it is clamped.
const MaxAhead = 5 * time.Minute

// Clamp returns h, or fresh() when h's physical time is more than MaxAhead past now: a device
// whose clock runs hours ahead would otherwise win every LWW race until real time caught up.
func Clamp(h uint64, now time.Time, fresh func() uint64) (uint64, bool) {
	if int64(h>>16) > now.Add(MaxAhead).UnixMilli() {
		return fresh(), true
	}
	return h, false
}

// Same compares two JSON values ignoring formatting.
func Same(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ca, _ := json.Marshal(x)
	cb, _ := json.Marshal(y)
	return bytes.Equal(ca, cb)
}

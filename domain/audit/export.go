package audit

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Format is an export's file format.
type Format string

// The export formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// Line is one exported entry.
type Line struct {
	Seq      int64  `json:"seq"` // 0 for a row outside the chain
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	RecordID string `json:"recordId"`
	Number   string `json:"number,omitempty"` // a ticket's number
	ActorID  string `json:"actorId"`
	Actor    string `json:"actor"`
	At       string `json:"at"` // ISO-8601, UTC
	Field    string `json:"field"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Hash     string `json:"hash"`
}

var header = []string{"seq", "id", "kind", "record", "number", "actor_id", "actor", "at", "field", "old", "new", "hash"}

func (l Line) record() []string {
	return []string{strconv.FormatInt(l.Seq, 10), l.ID, l.Kind, l.RecordID, l.Number, l.ActorID, l.Actor, l.At, l.Field, l.Old, l.New, l.Hash}
}

// Export writes every row of the trail to w, in chain order, then any row outside the chain
// (so nothing is left out silently), and returns how many it wrote.
func Export(ctx context.Context, db *gorm.DB, w io.Writer, f Format) (int64, error) {
	var emit func(Line) error
	var finish func() error
	switch f {
	case CSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return 0, err
		}
		emit = func(l Line) error { return cw.Write(l.record()) }
		finish = func() error { cw.Flush(); return cw.Error() }
	case JSON:
		first := true
		if _, err := io.WriteString(w, "["); err != nil {
			return 0, err
		}
		emit = func(l Line) error {
			b, err := json.Marshal(l)
			if err != nil {
				return err
			}
			sep := ",\n"
			if first {
				sep, first = "\n", false
			}
			if _, err := io.WriteString(w, sep); err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}
		finish = func() error { _, err := io.WriteString(w, "\n]\n"); return err }
	default:
		return 0, fmt.Errorf("export the audit trail: unknown format %q", f)
	}
	var n int64
	for _, where := range []string{`a.seq IS NOT NULL ORDER BY a.seq`, `a.seq IS NULL ORDER BY a.rowid`} {
		rows, err := db.WithContext(ctx).Raw(`SELECT COALESCE(a.seq, 0), a.id, a.entity, a.ticket_id, COALESCE(t.number, ''),
			a.actor_id, COALESCE(u.name, ''), a.at, a.field, a.old_value, a.new_value, a.hash
			FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_id
			LEFT JOIN tickets t ON a.entity = 'ticket' AND t.id = a.ticket_id WHERE ` + where).Rows()
		if err != nil {
			return n, fmt.Errorf("export the audit trail: %w", err)
		}
		for rows.Next() {
			var l Line
			var at int64
			var hash []byte
			if err := rows.Scan(&l.Seq, &l.ID, &l.Kind, &l.RecordID, &l.Number, &l.ActorID, &l.Actor, &at, &l.Field, &l.Old, &l.New, &hash); err != nil {
				rows.Close()
				return n, fmt.Errorf("export the audit trail: %w", err)
			}
			l.At, l.Hash = time.UnixMilli(at).UTC().Format("2006-01-02T15:04:05.000Z07:00"), hex.EncodeToString(hash)
			if err := emit(l); err != nil {
				rows.Close()
				return n, fmt.Errorf("export the audit trail: %w", err)
			}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("export the audit trail: %w", err)
		}
	}
	if err := finish(); err != nil {
		return n, fmt.Errorf("export the audit trail: %w", err)
	}
	return n, nil
}

// FormatOf is the format a file name asks for by its extension ("" if neither).
func FormatOf(name string) Format {
	switch f := Format(strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")); f {
	case CSV, JSON:
		return f
	}
	return ""
}

// Package backup copies a desk's profile while it runs, checks a copy before it is trusted,
// keeps a folder of daily and weekly copies, and restores one in place of the profile.
//
// A backup is one SQLite file: a consistent copy of the profile (SQLite's online backup in
// one step, which reads one snapshot while writers go on under WAL) with a backup_manifest
// table added, checked with integrity_check and renamed into place only once whole.
package backup

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	// The pure-Go SQLite driver the profile runs on; it registers database/sql's "sqlite".
	msqlite "modernc.org/sqlite"

	"outpost/domain/store"
)

// Format is the version of the manifest's layout.
const Format = 1

// Manifest says what a backup holds, read by the list and by a restore before it trusts the
// file.
type Manifest struct {
	Format   int    `json:"format"`
	App      string `json:"app"`      // the Outpost version that took it
	Schema   int    `json:"schema"`   // the profile's highest migration
	DeviceID string `json:"deviceId"` // the desk it was taken from
	Tickets  int64  `json:"tickets"`
	TakenAt  int64  `json:"takenAt"` // Unix milliseconds
}

// Codes of the errors a restore refuses a file with.
const (
	CodeDamaged = "backup_damaged" // not SQLite, truncated, or integrity_check fails
	CodeForeign = "backup_foreign" // a SQLite file that is not an Outpost desk
	CodeNewer   = "backup_newer"   // a desk written by a newer Outpost (unknown migrations)
)

// Error is a refusal of a file, with a code the UI shows.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// FaultCode is the stable code (domain/fault reads it).
func (e *Error) FaultCode() string { return e.Code }

func refuse(code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Take writes a consistent copy of db to path, with a manifest (app version and time from
// app and now; the rest read from the copy). It writes a temp file beside path, checks it,
// and renames it into place: path is either the whole backup or untouched.
func Take(ctx context.Context, db *gorm.DB, path, app string, now time.Time) (*Manifest, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("back up to %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, ".outpost-backup-*")
	if err != nil {
		return nil, fmt.Errorf("back up to %s: %w", path, err)
	}
	tmp := f.Name()
	_ = f.Close()
	m, err := take(ctx, db, tmp, app, now)
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("back up to %s: %w", path, err)
	}
	syncDir(dir)
	return m, nil
}

func take(ctx context.Context, db *gorm.DB, tmp, app string, now time.Time) (*Manifest, error) {
	if err := copyOnline(ctx, db, tmp); err != nil {
		return nil, err
	}
	c, err := openFile(tmp)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	m, err := describe(ctx, c)
	if err != nil {
		return nil, err
	}
	m.App, m.TakenAt = app, now.UnixMilli()
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	// The copy is one file: no write-ahead log beside it.
	for _, q := range []string{`PRAGMA journal_mode = DELETE`, `CREATE TABLE backup_manifest (manifest TEXT NOT NULL)`} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	if _, err := c.ExecContext(ctx, `INSERT INTO backup_manifest(manifest) VALUES (?)`, string(body)); err != nil {
		return nil, err
	}
	if err := integrity(ctx, c); err != nil {
		return nil, err
	}
	return m, c.Close()
}

// backuper is the driver connection's online backup (modernc.org/sqlite's conn).
type backuper interface {
	NewBackup(dstURI string) (*msqlite.Backup, error)
}

// copyOnline copies the database of db's pool to path with SQLite's online backup API, all
// pages in one step: the step holds one read transaction, so the copy is the snapshot of one
// moment while writers go on under WAL. It copies pages as they are, which is several times
// faster than VACUUM INTO, which rebuilds every table and index.
func copyOnline(ctx context.Context, db *gorm.DB, path string) error {
	pool, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, ok := dc.(backuper)
		if !ok {
			return fmt.Errorf("the SQLite driver (%T) has no online backup", dc)
		}
		bk, err := b.NewBackup("file:" + path)
		if err != nil {
			return err
		}
		_, err = bk.Step(-1)
		if ferr := bk.Finish(); err == nil {
			err = ferr
		}
		return err
	})
}

// openFile opens a SQLite file by itself (not the profile's pool), one connection. Its page
// cache is large (128 MB, freed when it closes): integrity_check looks up every row in every
// index, and on the 100k bench profile a 2 MB cache made it take twice as long. The file is
// also memory-mapped (up to SQLite's 2 GB cap): the check's lookups jump about the file, and
// each page missing from the cache was a read call and a copy; mapped, it is a memory access.
// The full integrity_check of a 100k-ticket desk took 8.6–9.9 s of CPU with the cache alone
// and 5.8–5.9 s mapped, alternated on one loaded machine (a 512 MB cache did not help).
func openFile(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "cache_size(-131072)")
	q.Add("_pragma", "mmap_size(2147418112)")
	c, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	return c, nil
}

func integrity(ctx context.Context, c *sql.DB) error {
	rows, err := c.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return refuse(CodeDamaged, "the file is damaged: %v", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return refuse(CodeDamaged, "the file is damaged: %v", err)
		}
		if s != "ok" && len(problems) < 3 {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return refuse(CodeDamaged, "the file is damaged: %v", err)
	}
	if len(problems) > 0 {
		return refuse(CodeDamaged, "the file is damaged (integrity check: %s)", strings.Join(problems, "; "))
	}
	return nil
}

// describe reads a desk's manifest from its contents, refusing a file that is not an Outpost
// desk or one written by a newer Outpost.
func describe(ctx context.Context, c *sql.DB) (*Manifest, error) {
	var tables int
	if err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'settings', 'tickets', 'changes')`).Scan(&tables); err != nil {
		return nil, refuse(CodeDamaged, "the file is not a readable SQLite database: %v", err)
	}
	if tables < 4 {
		return nil, refuse(CodeForeign, "the file is a SQLite database, but not an Outpost desk")
	}
	m := &Manifest{Format: Format}
	if err := c.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM settings WHERE key = 'device_id'), '')`).Scan(&m.DeviceID); err != nil {
		return nil, refuse(CodeForeign, "the file is not an Outpost desk: %v", err)
	}
	if m.DeviceID == "" {
		return nil, refuse(CodeForeign, "the file is not an Outpost desk: it has no device id")
	}
	rows, err := c.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, refuse(CodeForeign, "the file is not an Outpost desk: %v", err)
	}
	var unknown []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, err
		}
		m.Schema = max(m.Schema, v)
		if !store.Known(v) {
			unknown = append(unknown, v)
		}
	}
	rows.Close()
	if len(unknown) > 0 {
		latest, _ := store.Latest()
		return nil, refuse(CodeNewer, "the desk was saved by a newer Outpost (schema %v; this one knows up to %d): update Outpost to restore it", unknown, latest)
	}
	if err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets`).Scan(&m.Tickets); err != nil {
		return nil, err
	}
	return m, nil
}

// Inspect checks the SQLite file at path and returns what it holds: a refusal (Error) when it
// is damaged, foreign or newer than this build. It reads a copy, so path is never written.
func Inspect(ctx context.Context, path string) (*Manifest, error) {
	tmp, err := os.CreateTemp("", "outpost-inspect-*")
	if err != nil {
		return nil, err
	}
	_ = tmp.Close()
	defer os.Remove(tmp.Name())
	if err := copyFile(path, tmp.Name()); err != nil {
		return nil, err
	}
	return check(ctx, tmp.Name())
}

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// check opens the file at path (a copy the caller owns) and returns its manifest, or why it
// cannot be restored.
func check(ctx context.Context, path string) (*Manifest, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 100)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	_, rerr := io.ReadFull(f, head)
	_ = f.Close()
	if rerr != nil || string(head[:16]) != sqliteHeader {
		return nil, refuse(CodeDamaged, "the file is not an Outpost backup (not a SQLite database)")
	}
	// The header's page size and page count tell how long the file must be (a truncated copy
	// is shorter).
	pageSize := int64(head[16])<<8 | int64(head[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(head[28])<<24 | int64(head[29])<<16 | int64(head[30])<<8 | int64(head[31])
	if pageSize < 512 || fi.Size()%pageSize != 0 || (pages > 0 && fi.Size() < pages*pageSize) {
		return nil, refuse(CodeDamaged, "the file is damaged: it is %d bytes, cut short of its %d pages of %d bytes", fi.Size(), pages, pageSize)
	}
	c, err := openFile(path)
	if err != nil {
		return nil, refuse(CodeDamaged, "the file cannot be opened: %v", err)
	}
	defer c.Close()
	if err := integrity(ctx, c); err != nil {
		return nil, err
	}
	m, err := describe(ctx, c)
	if err != nil {
		return nil, err
	}
	// A backup carries the manifest it was taken with; a plain profile file has none.
	var body string
	err = c.QueryRowContext(ctx, `SELECT manifest FROM backup_manifest LIMIT 1`).Scan(&body)
	if err == nil {
		var saved Manifest
		if json.Unmarshal([]byte(body), &saved) == nil {
			m.App, m.TakenAt = saved.App, saved.TakenAt
		}
	} else if !strings.Contains(err.Error(), "no such table") && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if m.TakenAt == 0 {
		m.TakenAt = fi.ModTime().UnixMilli()
	}
	return m, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable where the system allows it (not on Windows).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

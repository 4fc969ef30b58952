package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"outpost/domain/backup"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// Version is this build's version, written into every backup's manifest.
var Version = "0.1.0"

// Profile settings of the scheduled backups (local to the desk, never synced).
const (
	keyBackupFolder = "backup_folder"
	keyBackupOff    = "backup_off"
)

// Backups is bound to the frontend: the desk's backup folder, its scheduled daily backups,
// "back up now" and a restore from one of them. Admins only, since a backup holds everything
// on the desk and a restore replaces it.
type Backups struct{ app *App }

// NewBackups returns the backups facade of a.
func NewBackups(a *App) *Backups { return &Backups{app: a} }

// BackupEntry is one backup in the folder.
type BackupEntry struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	TakenAt int64  `json:"takenAt"` // Unix milliseconds
}

// BackupStatus is what Settings → Backup shows.
type BackupStatus struct {
	Folder string `json:"folder"`
	// DefaultFolder is where backups go when no folder is set: beside the profile.
	DefaultFolder string        `json:"defaultFolder"`
	Scheduled     bool          `json:"scheduled"`
	Keep          string        `json:"keep"`
	Backups       []BackupEntry `json:"backups"`
}

// defaultBackupFolder is the "backups" folder in the profile's directory.
func defaultBackupFolder(profile string) string {
	return filepath.Join(filepath.Dir(profile), "backups")
}

// backupFolder is the folder the desk's backups go to.
func backupFolder(ctx context.Context, d *desk.Desk) (string, error) {
	v, err := d.Setting(ctx, keyBackupFolder)
	if err != nil || v != "" {
		return v, err
	}
	return defaultBackupFolder(d.Path), nil
}

func (x *Backups) admin(ctx context.Context, what string) (*desk.Desk, error) {
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d, actor.Require(people.Admin, what)
}

// Status lists the backups in the folder, newest first, with the folder and the schedule.
func (x *Backups) Status() (*BackupStatus, error) {
	ctx := context.Background()
	d, err := x.admin(ctx, "see the desk's backups")
	if err != nil {
		return nil, err
	}
	return status(ctx, d)
}

func status(ctx context.Context, d *desk.Desk) (*BackupStatus, error) {
	folder, err := backupFolder(ctx, d)
	if err != nil {
		return nil, err
	}
	off, err := d.Setting(ctx, keyBackupOff)
	if err != nil {
		return nil, err
	}
	list, err := backup.List(folder)
	if err != nil {
		return nil, err
	}
	st := &BackupStatus{Folder: folder, DefaultFolder: defaultBackupFolder(d.Path), Scheduled: off != "1",
		Keep:    fmt.Sprintf("the newest of each of the last %d days and %d weeks", backup.DefaultKeep.Daily, backup.DefaultKeep.Weekly),
		Backups: make([]BackupEntry, 0, len(list))}
	for _, e := range list {
		st.Backups = append(st.Backups, BackupEntry{Name: e.Name, Size: e.Size, TakenAt: e.TakenAt.UnixMilli()})
	}
	return st, nil
}

// Configure sets the backup folder ("" for the default beside the profile) and whether a
// backup is taken daily. The folder must be an absolute path; it is created if missing.
func (x *Backups) Configure(folder string, scheduled bool) (*BackupStatus, error) {
	ctx := context.Background()
	d, err := x.admin(ctx, "change where the desk is backed up")
	if err != nil {
		return nil, err
	}
	if folder != "" {
		if !filepath.IsAbs(folder) {
			return nil, fault.Field("folder", "give the folder's full path (it starts with / or a drive letter)")
		}
		folder = filepath.Clean(folder)
		if err := os.MkdirAll(folder, 0o700); err != nil {
			return nil, fault.Field("folder", "cannot use this folder: %v", err)
		}
		if folder == defaultBackupFolder(d.Path) {
			folder = ""
		}
	}
	off := map[bool]string{true: "0", false: "1"}[scheduled]
	for k, v := range map[string]string{keyBackupFolder: folder, keyBackupOff: off} {
		if err := d.SetSetting(ctx, k, v); err != nil {
			return nil, err
		}
	}
	return status(ctx, d)
}

// Now backs the desk up into the folder at once (the desk keeps working meanwhile), then
// prunes the folder by the retention.
func (x *Backups) Now() (*BackupEntry, error) {
	ctx := context.Background()
	d, err := x.admin(ctx, "back up the desk")
	if err != nil {
		return nil, err
	}
	e, err := x.app.backupInto(ctx, d)
	if err != nil {
		return nil, err
	}
	x.app.emit("backup:changed")
	return e, nil
}

// Restore replaces the desk with the backup of that name in the folder: the profile is
// closed, the backup checked (a damaged or foreign one is refused and nothing changes), put
// in place, and the profile opened again. The window reloads after it.
func (x *Backups) Restore(name string) (*BackupEntry, error) {
	ctx := context.Background()
	d, err := x.admin(ctx, "restore the desk from a backup")
	if err != nil {
		return nil, err
	}
	folder, err := backupFolder(ctx, d)
	if err != nil {
		return nil, err
	}
	list, err := backup.List(folder)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if e.Name == name {
			m, err := x.app.restore(ctx, e.Path)
			if err != nil {
				return nil, err
			}
			return &BackupEntry{Name: e.Name, Size: e.Size, TakenAt: m.TakenAt}, nil
		}
	}
	return nil, fmt.Errorf("no backup named %q in %s: %w", name, folder, fault.ErrNotFound)
}

// backupInto takes a backup of d into its folder and prunes the folder.
func (a *App) backupInto(ctx context.Context, d *desk.Desk) (*BackupEntry, error) {
	folder, err := backupFolder(ctx, d)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	e, _, err := backup.Now(ctx, d.DB, folder, Version, now)
	if err != nil {
		return nil, err
	}
	if _, err := backup.Prune(folder, backup.DefaultKeep, now, time.Local); err != nil {
		return nil, err
	}
	return &BackupEntry{Name: e.Name, Size: e.Size, TakenAt: e.TakenAt.UnixMilli()}, nil
}

// startBackup schedules the daily backup: every 10 minutes the app looks whether the folder
// holds a backup from the last day, and takes one if not, so a desk that is open an hour a
// day is still backed up daily.
func (a *App) startBackup(c *cron.Cron) {
	if _, err := c.AddFunc("@every 10m", a.scheduledBackup); err != nil {
		slog.Error("schedule backups", "err", err)
	}
}

func (a *App) scheduledBackup() {
	d := a.current()
	if d == nil {
		return
	}
	ctx := context.Background()
	if off, err := d.Setting(ctx, keyBackupOff); err != nil || off == "1" {
		return
	}
	folder, err := backupFolder(ctx, d)
	if err != nil {
		slog.Error("scheduled backup", "err", err)
		return
	}
	list, err := backup.List(folder)
	if err != nil || !backup.Due(list, a.clock.Now()) {
		return
	}
	if _, err := a.backupInto(ctx, d); err != nil {
		slog.Error("scheduled backup", "err", err)
		return
	}
	a.emit("backup:changed")
}

// restore closes the profile, restores the backup at file over it, and opens it again (the
// previous profile again when the restore is refused).
func (a *App) restore(ctx context.Context, file string) (*backup.Manifest, error) {
	a.stopSync()
	if a.cron != nil {
		<-a.cron.Stop().Done()
	}
	a.mu.Lock()
	d := a.desk
	a.desk = nil
	a.mu.Unlock()
	if d != nil {
		if err := d.Close(); err != nil {
			return nil, errors.Join(err, a.open(ctx))
		}
	}
	m, err := backup.Restore(ctx, file, a.opts.ProfilePath, time.Now)
	if oerr := a.open(ctx); oerr != nil {
		return nil, errors.Join(err, fmt.Errorf("open the profile again: %w", oerr))
	}
	if err != nil {
		return nil, err
	}
	a.emit("ticket:changed", "")
	return m, nil
}

// BackupCommand writes a backup of the profile at profile to file without a window. The
// profile may be open in the app meanwhile: the copy is consistent.
func BackupCommand(ctx context.Context, profile, file string, out io.Writer) error {
	if _, err := os.Stat(profile); err != nil {
		return fmt.Errorf("open profile: %w", err)
	}
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := backup.Take(ctx, d.DB, file, Version, time.Now())
	if err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backed up %d tickets (schema %d, device %s) to %s, %s bytes\n", m.Tickets, m.Schema, m.DeviceID, file, strconv.FormatInt(info.Size(), 10))
	return nil
}

// RestoreCommand replaces the profile at profile (the app must be closed) with the backup
// file. A damaged, foreign or newer file is refused and the profile is left as it was.
func RestoreCommand(ctx context.Context, profile, file string, out io.Writer) error {
	m, err := backup.Restore(ctx, file, profile, time.Now)
	var refused *backup.Error
	if errors.As(err, &refused) {
		// The code first, so a script can tell the refusals apart.
		return fmt.Errorf("%s: %w", refused.Code, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %d tickets from %s (taken %s by Outpost %s) into %s\n", m.Tickets, file,
		time.UnixMilli(m.TakenAt).UTC().Format(time.RFC3339), m.App, profile)
	return nil
}

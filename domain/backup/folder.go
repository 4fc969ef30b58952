package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Ext ends the name of every backup in a folder.
const Ext = ".outpost-backup"

// nameLayout is a backup's name in its folder: the UTC time it was taken, so names sort by time.
const nameLayout = "desk-20060102-150405.000"

// Keep is the retention of a backup folder: the newest backup of each of the Daily most
// recent days that have one, and of each of the Weekly most recent ISO weeks that have one.
type Keep struct{ Daily, Weekly int }

// DefaultKeep keeps 7 daily and 4 weekly backups.
var DefaultKeep = Keep{Daily: 7, Weekly: 4}

// Entry is one backup in a folder.
type Entry struct {
	Name    string    `json:"name"`
	Path    string    `json:"path"`
	Size    int64     `json:"size"`
	TakenAt time.Time `json:"takenAt"`
}

// List returns the backups in dir, newest first. A missing folder holds none.
func List(dir string) ([]Entry, error) {
	items, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []Entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups in %s: %w", dir, err)
	}
	out := []Entry{}
	for _, it := range items {
		name := it.Name()
		if it.IsDir() || !strings.HasSuffix(name, Ext) {
			continue
		}
		at, err := time.ParseInLocation(nameLayout, strings.TrimSuffix(name, Ext), time.UTC)
		if err != nil {
			continue // not one of ours
		}
		info, err := it.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, Entry{Name: name, Path: filepath.Join(dir, name), Size: info.Size(), TakenAt: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TakenAt.After(out[j].TakenAt) })
	return out, nil
}

// Now takes a backup of db into dir, named by now, and returns its entry.
func Now(ctx context.Context, db *gorm.DB, dir, app string, now time.Time) (*Entry, *Manifest, error) {
	name := now.UTC().Format(nameLayout) + Ext
	path := filepath.Join(dir, name)
	m, err := Take(ctx, db, path, app, now)
	if err != nil {
		return nil, nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	return &Entry{Name: name, Path: path, Size: info.Size(), TakenAt: now.UTC().Truncate(time.Millisecond)}, m, nil
}

// Kept returns which of the times (backups) the retention keeps, by index. Days and weeks are
// counted in loc. Times after now are kept (a clock set back must not delete them).
func (k Keep) Kept(times []time.Time, now time.Time, loc *time.Location) map[int]bool {
	order := make([]int, len(times))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return times[order[a]].After(times[order[b]]) })
	kept := map[int]bool{}
	days, weeks := map[string]bool{}, map[string]bool{}
	for _, i := range order {
		t := times[i]
		if t.After(now) {
			kept[i] = true
			continue
		}
		lt := t.In(loc)
		day := lt.Format("2006-01-02")
		y, w := lt.ISOWeek()
		week := fmt.Sprintf("%d-W%02d", y, w)
		// Newest first: the first backup seen of a day (week) is that day's (week's) newest.
		if !days[day] && len(days) < k.Daily {
			days[day] = true
			kept[i] = true
		}
		if !weeks[week] && len(weeks) < k.Weekly {
			weeks[week] = true
			kept[i] = true
		}
	}
	return kept
}

// Prune deletes the backups in dir that the retention does not keep, and returns them.
func Prune(dir string, k Keep, now time.Time, loc *time.Location) ([]Entry, error) {
	all, err := List(dir)
	if err != nil {
		return nil, err
	}
	times := make([]time.Time, len(all))
	for i, e := range all {
		times[i] = e.TakenAt
	}
	kept := k.Kept(times, now, loc)
	var gone []Entry
	for i, e := range all {
		if kept[i] {
			continue
		}
		if err := os.Remove(e.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return gone, fmt.Errorf("prune %s: %w", e.Path, err)
		}
		gone = append(gone, e)
	}
	return gone, nil
}

// Due reports whether a scheduled backup is due: none in the folder was taken in the last day.
func Due(entries []Entry, now time.Time) bool {
	for _, e := range entries {
		if now.Sub(e.TakenAt) < 24*time.Hour && !e.TakenAt.After(now) {
			return false
		}
	}
	return true
}

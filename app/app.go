// Package app is the layer Wails binds: thin facades that map DTOs and delegate to the domain,
// plus the lifecycle (open the profile, start the scheduled work, stop cleanly).
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"outpost/domain/desk"
	"outpost/domain/people"
)

// Options configure the app.
type Options struct {
	ProfilePath string
	// TestHooks enables calls that only tests may use (moving the clock).
	TestHooks bool
	// Started is when the process started, for the ready-time report.
	Started time.Time
	// Desktop opens links and asks where to save files (nil: Wails' runtime).
	Desktop Desktop
}

// App owns the open profile and the signed-in actor.
type App struct {
	opts  Options
	clock Clock
	ctx   context.Context

	mu    sync.RWMutex
	desk  *desk.Desk
	actor people.Actor
	gate  gate // signed in, locked, idle (signin.go)
	cron  *cron.Cron
	ready sync.Once
	// painted prints the first screen's paint once (Session.Painted).
	painted sync.Once
	// preopened gives Preopen's outcome to Startup.
	preopened chan error
	// syncer holds the profile's sync client and what the sync indicator shows (sync.go).
	syncer syncer
	sweep  sweepJob // the SLA sweep's cron entry (sla.go)
	// pendingSave holds, per attachment, the existing file the person chose in the save
	// dialog and has not yet agreed to replace (tickets.go).
	pendingSave map[string]string
	// boot is the first screen's data served inside index.html (boot.go).
	boot bootState
}

// bootState is the boot data read ahead for the first page load.
type bootState struct {
	// ready is closed once the first read is done (or the profile failed to open).
	ready    chan struct{}
	start    sync.Once
	mu       sync.Mutex
	prepared []byte
	// gen is changes as it was when prepared was read; changes counts the app's events.
	gen     uint64
	changes atomic.Uint64
}

// New returns an app for opts; the profile opens in Preopen or Startup.
func New(opts Options) *App { return &App{opts: opts, boot: bootState{ready: make(chan struct{})}} }

// Preopen starts opening the profile at once, before Wails creates the window. Creating it
// (GTK, then WebKit's web and network processes) takes ~80 ms of the main thread before
// Wails calls Startup, and the page asks for index.html, which waits for the first screen's
// data, ~100 ms after that. Opened beside the window's creation, on the other core, the
// profile and that data are read 5-10 ms after main instead of ~90 ms after: a profile slow
// to open (a cold disk, a large file) delays the page less. Startup waits for it.
func (a *App) Preopen() {
	done := make(chan error, 1)
	a.preopened = done
	go func() { done <- a.openProfile(context.Background()) }()
}

// Startup opens the profile (or waits for Preopen's) and starts the scheduled work. Wails
// calls it before the window shows; a failure ends the process with the reason.
func (a *App) Startup(ctx context.Context) {
	a.ctx = ctx
	var err error
	if a.preopened != nil {
		err = <-a.preopened
	} else {
		err = a.openProfile(ctx)
	}
	if err != nil {
		close(a.boot.ready)
		slog.Error("open profile", "path", a.opts.ProfilePath, "err", err)
		_, _ = wruntime.MessageDialog(ctx, wruntime.MessageDialogOptions{
			Type: wruntime.ErrorDialog, Title: "Outpost cannot open its profile", Message: err.Error(),
		})
		os.Exit(1)
	}
	a.startCron()
}

// open opens the profile and starts the scheduled work without Wails (tests, and a restore's
// reopening).
func (a *App) open(ctx context.Context) error {
	if err := a.openProfile(ctx); err != nil {
		return err
	}
	a.startCron()
	return nil
}

// openProfile opens the profile, finds who acts at this desk, and starts reading the first
// screen's data ahead.
func (a *App) openProfile(ctx context.Context) error {
	d, err := desk.Open(ctx, a.opts.ProfilePath, a.clock.Now)
	if err != nil {
		return err
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		_ = d.Close()
		return err
	}
	// A profile joined to a server acts as the server user it signed in as.
	if joined, ok := a.openSync(ctx, d); ok {
		owner = joined
	}
	a.mu.Lock()
	a.desk, a.actor = d, owner
	err = a.openGate(ctx, d)
	a.mu.Unlock()
	if err != nil {
		_ = d.Close()
		return err
	}
	// Read the first page load's data ahead, once; a desk reopened by a restore makes anything
	// read before it stale.
	a.boot.changes.Add(1)
	a.boot.start.Do(func() { go a.prepareBoot() })
	return nil
}

func (a *App) startCron() {
	c := cron.New(cron.WithChain(cron.Recover(cron.DefaultLogger), cron.SkipIfStillRunning(cron.DefaultLogger)))
	_, _ = c.AddFunc("@every 10m", a.autoClose)
	_, _ = c.AddFunc("@every 20s", func() { a.checkIdle() })
	a.startSLA(c)
	a.startSync(c)
	a.startBackup(c)
	c.Start()
	a.cron = c
}

func (a *App) autoClose() {
	d := a.current()
	ctx := context.Background()
	sys, err := d.System(ctx)
	if err != nil {
		slog.Error("auto-close", "err", err)
		return
	}
	n, err := d.Tickets.AutoClose(ctx, sys, d.AutoCloseDays(ctx), a.clock.Now())
	if err != nil {
		slog.Error("auto-close", "err", err)
	}
	if n > 0 {
		a.emit("ticket:changed", "")
	}
}

// Shutdown stops the scheduled work and closes the profile.
func (a *App) Shutdown(context.Context) {
	if a.current() != nil {
		<-a.boot.ready // the boot data's read ends before the profile closes
	}
	a.stopSync()
	if a.cron != nil {
		<-a.cron.Stop().Done()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.desk != nil {
		if err := a.desk.Close(); err != nil {
			slog.Error("close profile", "err", err)
		}
		a.desk = nil
	}
	fmt.Println("outpost: closed")
}

func (a *App) current() *desk.Desk {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.desk
}

// who returns the desk and the acting user, re-reading the user so a role change or a
// deactivation takes effect on the next call. A profile joined to a server acts as the server
// user it signed in as. Nobody acts while the desk is signed out or locked.
func (a *App) who(ctx context.Context) (*desk.Desk, people.Actor, error) {
	if a.checkIdle() {
		a.mu.RLock()
		locked := a.gate.locked
		a.mu.RUnlock()
		return nil, people.Actor{}, errSignedOut(locked)
	}
	a.mu.RLock()
	d, id := a.desk, a.actor.ID
	a.mu.RUnlock()
	if joined := a.syncUser(); joined != "" {
		id = joined
	}
	if d == nil {
		return nil, people.Actor{}, fmt.Errorf("the profile is not open")
	}
	actor, err := d.People.ActorFor(ctx, id)
	return d, actor, err
}

func (a *App) emit(event string, data ...any) {
	a.boot.changes.Add(1) // boot data read before this is stale (boot.go)
	if a.ctx != nil && a.ctx.Value("events") != nil {
		wruntime.EventsEmit(a.ctx, event, data...)
	}
}

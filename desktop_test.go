package main_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"outpost/domain/desk"
)

// The desktop smoke test builds the production binary, starts it on a fresh profile in a real
// window under Xvfb, waits until the frontend reports ready, screenshots the screen and checks
// it is not blank, then asks the app to quit and checks it shut down cleanly.
//
// It needs Xvfb and ImageMagick's import; `make test` installs both and sets
// OUTPOST_REQUIRE_DESKTOP=1 so their absence fails instead of skipping.

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// desktopBuildFlags are the production build's (the start-up floor is built with them too).
var desktopBuildFlags = []string{"-tags", "desktop,production,webkit2_41", "-ldflags", "-s -w"}

// runCLI runs the production binary with args as a command line, with no display and no
// profile from the environment; it returns the combined output and the exit code.
func runCLI(t testing.TB, bin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=", "OUTPOST_PROFILE=")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// productionBinary builds the desktop binary once per test run.
func productionBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if entries, _ := os.ReadDir("frontend/dist"); len(entries) < 2 {
			buildOnce.err = fmt.Errorf("frontend/dist is empty: run `make frontend` first")
			return
		}
		dir, err := os.MkdirTemp("", "outpost-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "outpost")
		cmd := exec.Command("go", append(append([]string{"build"}, desktopBuildFlags...), "-o", buildOnce.path, ".")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

func needDesktop(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the desktop test drives X11")
	}
	for _, tool := range []string{"Xvfb", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("OUTPOST_REQUIRE_DESKTOP") == "1" {
				t.Fatalf("%s is not installed (make test installs it)", tool)
			}
			t.Skipf("%s is not installed; run `make test`", tool)
		}
	}
}

// xvfb starts a virtual screen and returns its DISPLAY.
func xvfb(t testing.TB) string {
	t.Helper()
	for n := 90; n < 140; n++ {
		if !displayFree(n) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1440x900x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		// SIGTERM, not a kill: Xvfb then removes its lock and socket, so the display is free
		// for the next run.
		t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
		for range 1200 { // up to a minute on a loaded machine
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				buses.Store(display, sessionBus(t))
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not come up", display)
	}
	t.Fatal("no free X display")
	return ""
}

// displayFree reports whether display :n can be taken. A lock whose Xvfb is gone (one killed
// by an earlier run, as this test did until it stopped Xvfb with SIGTERM) holds nothing: its
// lock and socket are removed, else every such run used a display up for good.
func displayFree(n int) bool {
	lock, socket := fmt.Sprintf("/tmp/.X%d-lock", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	b, err := os.ReadFile(lock)
	if os.IsNotExist(err) {
		_, err := os.Stat(socket)
		return os.IsNotExist(err)
	}
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
		return false // its Xvfb is running
	}
	_ = os.Remove(socket)
	return os.Remove(lock) == nil
}

// running is a launched desktop app.
type running struct {
	cmd     *exec.Cmd
	lines   chan string
	started time.Time
}

func launch(t testing.TB, bin, display, profile string) *running {
	t.Helper()
	return launchArgs(t, bin, display, "--profile", profile)
}

func launchArgs(t testing.TB, bin, display string, args ...string) *running {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "OUTPOST_PROFILE=", "XDG_RUNTIME_DIR="+t.TempDir(),
		"DBUS_SESSION_BUS_ADDRESS="+busFor(t, display))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	r := &running{cmd: cmd, lines: make(chan string, 1000), started: time.Now()}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case r.lines <- sc.Text():
			default:
			}
		}
		close(r.lines)
	}()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
	return r
}

// buses holds the session bus of each display xvfb started.
var buses sync.Map

// busFor returns display's session bus, or a bus of the launch's own for a display xvfb did
// not start.
func busFor(t testing.TB, display string) string {
	if addr, ok := buses.Load(display); ok {
		return addr.(string)
	}
	return sessionBus(t)
}

// sessionBus starts a private D-Bus session bus and returns its address; the test's cleanup
// stops it, and what it started. Without one, GLib autolaunched a bus for the display through
// dbus-launch (and GTK an accessibility bus on it), and those daemons detach from the app's
// process group: every desktop test and start-up benchmark left them running after the test,
// dozens after a make bench. xvfb starts one per display, shared by the display's launches as
// a desktop session's bus is: a bus per launch made every launch start the accessibility
// services again beside the app, and the start-up benchmark read 1.42 × the floor against
// 1.29 × with the shared bus (one alternated run each), 1M against empty 1.14 × against 1.06 ×.
func sessionBus(t testing.TB) string {
	t.Helper()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	// The group: a service the bus started (the accessibility bus launcher) goes with it.
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

var readyLine = regexp.MustCompile(`outpost: ready (\d+) ms`)

// waitFor returns the first output line matching re, failing after the deadline (a generous
// bound so a hung app fails the test rather than CI; not a performance assertion).
func (r *running) waitFor(t testing.TB, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	m, seen, err := r.lookFor(re, within)
	if err != nil {
		t.Fatalf("%v; output:\n%s", err, strings.Join(seen, "\n"))
	}
	return m
}

// lookFor returns the first output line matching re, or an error once the app has exited or
// the time is up, with the lines seen meanwhile.
func (r *running) lookFor(re *regexp.Regexp, within time.Duration) (m, seen []string, err error) {
	deadline := time.After(within)
	for {
		select {
		case line, ok := <-r.lines:
			if !ok {
				return nil, seen, fmt.Errorf("app exited before %q", re)
			}
			seen = append(seen, line)
			if m := re.FindStringSubmatch(line); m != nil {
				return m, seen, nil
			}
		case <-deadline:
			return nil, seen, fmt.Errorf("no %q within %s", re, within)
		}
	}
}

// distinctColours counts the colours in a screenshot of the whole screen.
func distinctColours(t testing.TB, display, png string) int {
	t.Helper()
	cmd := exec.Command("import", "-display", display, "-window", "root", png)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	out, err := exec.Command("identify", "-format", "%k", png).Output()
	if err != nil {
		t.Fatalf("identify: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("identify said %q", out)
	}
	return n
}

func TestDesktopSmoke(t *testing.T) {
	needDesktop(t)
	bin := productionBinary(t)
	display := xvfb(t)
	profile := filepath.Join(t.TempDir(), "smoke.outpost")
	app := launch(t, bin, display, profile)
	app.waitFor(t, readyLine, 60*time.Second)

	shot := filepath.Join(t.TempDir(), "smoke.png")
	if dir := os.Getenv("OUTPOST_SCREENSHOT_DIR"); dir != "" {
		shot = filepath.Join(dir, "desktop-smoke.png")
	}
	// A blank or black window has a handful of colours; the rendered desk has hundreds
	// (text anti-aliasing alone gives many). Ready leaves once the queue's rows are in the
	// page; WebKit paints them at its next frame, 30-60 ms later on a quiet machine
	// (docs/bench-method.md, "Start-up (session 16)"), and later on a busy one: so the window
	// is looked at until it shows them, within a bound that only a window that never paints
	// reaches.
	deadline := time.Now().Add(20 * time.Second)
	for n := distinctColours(t, display, shot); n < 64; n = distinctColours(t, display, shot) {
		if time.Now().After(deadline) {
			t.Fatalf("screenshot %s has %d colours, want a rendered window (>= 64)", shot, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The window shows the desk, so the page has had the frame after ready painted: it says
	// when (and Go returns start-up's memory then).
	app.waitFor(t, regexp.MustCompile(`outpost: painted -?\d+ ms`), 60*time.Second)

	if err := app.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	app.waitFor(t, regexp.MustCompile(`outpost: closed`), 30*time.Second)
	if err := app.cmd.Wait(); err != nil {
		t.Fatalf("app exit: %v, want a clean exit", err)
	}

	// The profile it created is intact and seeded.
	d, err := desk.Open(context.Background(), profile, time.Now)
	if err != nil {
		t.Fatalf("reopen profile: %v", err)
	}
	defer d.Close()
	var check string
	if err := d.DB.Raw(`PRAGMA integrity_check`).Scan(&check).Error; err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v; want ok", check, err)
	}
	if _, err := d.Owner(context.Background()); err != nil {
		t.Fatalf("owner of new profile: %v", err)
	}
}

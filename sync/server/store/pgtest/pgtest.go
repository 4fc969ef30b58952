// Package pgtest starts a throwaway PostgreSQL cluster for tests, from Debian's postgresql
// package: initdb and pg_ctl run as the postgres user (initdb refuses root) on a temp dir, the
// server listens on 127.0.0.1 only, and each test gets a fresh database.
package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// BinDir is where Debian installs PostgreSQL 15.
var BinDir = "/usr/lib/postgresql/15/bin"

// ErrUnavailable means the binaries (or the postgres user) are not installed here.
var ErrUnavailable = errors.New("postgresql binaries not installed")

// Cluster is a running throwaway cluster.
type Cluster struct {
	dir  string
	Port int
	n    atomic.Int64
}

var (
	once     sync.Once
	current  *Cluster
	startErr error
)

func run(args ...string) error {
	cmd := exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(args[0]), err, out)
	}
	return nil
}

// Start initialises and starts a cluster on a free loopback port.
func Start() (*Cluster, error) {
	if _, err := os.Stat(filepath.Join(BinDir, "initdb")); err != nil {
		return nil, ErrUnavailable
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, ErrUnavailable
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	dir, err := os.MkdirTemp("", "outpost-pg-")
	if err != nil {
		return nil, err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	data := filepath.Join(dir, "data")
	if err := run(filepath.Join(BinDir, "initdb"), "-A", "trust", "-U", "postgres", "-D", data); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", port, dir)
	if err := run(filepath.Join(BinDir, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		return nil, err
	}
	return &Cluster{dir: dir, Port: port}, nil
}

// Stop stops the cluster and removes its files.
func (c *Cluster) Stop() {
	_ = run(filepath.Join(BinDir, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	_ = os.RemoveAll(c.dir)
}

// URL is the connection URL of database name.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// NewDB creates a fresh database and returns its URL.
func (c *Cluster) NewDB() (string, error) {
	name := fmt.Sprintf("t%d", c.n.Add(1))
	db, err := gorm.Open(postgres.Open(c.URL("postgres")), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return "", err
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			_ = s.Close()
		}
	}()
	if err := db.Exec("CREATE DATABASE " + name).Error; err != nil {
		return "", err
	}
	return c.URL(name), nil
}

// Main runs a test binary's tests and stops the cluster afterwards if a test started one
// (DB starts it on first use). Use it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if current != nil {
		current.Stop()
	}
	return code
}

// DB returns a fresh database URL on the cluster Main started, or skips the test when
// PostgreSQL is not installed here.
func DB(t testing.TB) string {
	t.Helper()
	once.Do(func() { current, startErr = Start() })
	if errors.Is(startErr, ErrUnavailable) {
		// make test installs PostgreSQL and sets this, so a missing install step fails CI
		// instead of silently skipping the server's PostgreSQL tests.
		if os.Getenv("OUTPOST_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required here: %v", startErr)
		}
		t.Skipf("PostgreSQL tests skipped: %v (install Debian's postgresql package)", startErr)
	}
	if startErr != nil || current == nil {
		t.Fatalf("start PostgreSQL: %v", startErr)
	}
	url, err := current.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	return url
}

package client_test

import (
	"os"
	"testing"

	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

func TestMain(m *testing.M) {
	cleanup := synctest.UseRAMDisk()
	code := pgtest.Main(m)
	cleanup()
	os.Exit(code)
}

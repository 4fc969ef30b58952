package client_test

import (
	"os"
	"testing"

	"outpost/sync/synctest"
)

func TestMain(m *testing.M) {
	cleanup := synctest.UseRAMDisk()
	code := m.Run()
	cleanup()
	os.Exit(code)
}

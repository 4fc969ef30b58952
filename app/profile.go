package app

import (
	"os"
	"path/filepath"
	"runtime"
)

// ProfilePath is where the profile database lives: $OUTPOST_PROFILE if set, else
// <data dir>/Outpost/default.outpost, the data dir being XDG_DATA_HOME (~/.local/share) on
// Linux and %AppData% on Windows.
func ProfilePath(flagValue string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if p := os.Getenv("OUTPOST_PROFILE"); p != "" {
		return filepath.Abs(p)
	}
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "Outpost", "default.outpost"), nil
}

func dataDir() (string, error) {
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return x, nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share"), nil
	}
	return os.UserConfigDir() // %AppData% on Windows, ~/Library/Application Support on macOS
}

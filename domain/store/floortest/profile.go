package floortest

import (
	"io"
	"os"
	"time"
)

// Built says whether the cached benchmark profile at path exists, first waiting while another
// process (an earlier bench run, or another package's benchmarks) is still writing it as
// path+".building": two builders of one file would each delete the other's work. logf reports
// the wait once.
func Built(path string, logf func(format string, args ...any)) bool {
	waited := false
	for {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		busy := false
		for _, suffix := range []string{".building", ".building-wal"} {
			if st, err := os.Stat(path + suffix); err == nil && time.Since(st.ModTime()) < time.Minute {
				busy = true
			}
		}
		if !busy {
			return false
		}
		if !waited {
			logf("waiting for %s, being built", path)
			waited = true
		}
		time.Sleep(10 * time.Second)
	}
}

// CopyFile copies a profile for a benchmark that writes to the one it opens.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

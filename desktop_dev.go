//go:build dev

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"outpost/app"
)

// recordingDesktop lets the end-to-end tests (dev build only) see what the app asked of the
// desktop, which a headless run cannot show: each URL it would open in the browser is
// appended as a line to $OUTPOST_TEST_OPENED, and the save dialog picks $OUTPOST_TEST_SAVE_AS
// without asking about an existing file (as a dialog that does not confirm would), and each
// print asked for appends a line "print" to $OUTPOST_TEST_PRINTED (a headless run has no
// print dialog to show).
type recordingDesktop struct{ opened, saveAs, printed string }

// testDesktop returns the recording desktop when the environment asks for it, else nil (the
// real one).
func testDesktop() app.Desktop {
	d := recordingDesktop{opened: os.Getenv("OUTPOST_TEST_OPENED"), saveAs: os.Getenv("OUTPOST_TEST_SAVE_AS"), printed: os.Getenv("OUTPOST_TEST_PRINTED")}
	if d.opened == "" && d.saveAs == "" && d.printed == "" && os.Getenv("OUTPOST_TEST_OPEN_FILE") == "" {
		return nil
	}
	return d
}

func (d recordingDesktop) OpenURL(_ context.Context, url string) error {
	if d.opened == "" {
		return errors.New("OUTPOST_TEST_OPENED is not set")
	}
	if err := appendLine(d.opened, url); err != nil {
		return fmt.Errorf("record opened url: %w", err)
	}
	return nil
}

func (d recordingDesktop) Print(context.Context) error {
	if d.printed == "" {
		return errors.New("OUTPOST_TEST_PRINTED is not set")
	}
	if err := appendLine(d.printed, "print"); err != nil {
		return fmt.Errorf("record print: %w", err)
	}
	return nil
}

func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// OpenFileDialog picks $OUTPOST_TEST_OPEN_FILE (read when asked, so a test may set it
// before each choice through the file it names: the path is the file's first line when it
// ends in .path).
func (d recordingDesktop) OpenFileDialog(context.Context, string, string) (string, error) {
	p := os.Getenv("OUTPOST_TEST_OPEN_FILE")
	if p == "" {
		return "", errors.New("OUTPOST_TEST_OPEN_FILE is not set")
	}
	if strings.HasSuffix(p, ".path") {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return p, nil
}

func (d recordingDesktop) SaveFileDialog(context.Context, app.SaveRequest) (string, bool, error) {
	if d.saveAs == "" {
		return "", false, errors.New("OUTPOST_TEST_SAVE_AS is not set")
	}
	return d.saveAs, false, nil
}

package main_test

import (
	"image"
	_ "image/png"
	"os"
	"testing"
)

// The window's icon is decoded by GTK into a bitmap the process keeps and sends to the X
// server through shared memory: the 1024 px app icon cost 4 MB of each (docs/bench-method.md,
// session 11). Window managers show it at 256 px at most.
func TestWindowIconIsSmall(t *testing.T) {
	f, err := os.Open("build/linux/windowicon.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if format != "png" || cfg.Width > 256 || cfg.Height > 256 || cfg.Width != cfg.Height {
		t.Fatalf("window icon is a %s of %dx%d; want a square PNG of at most 256 px", format, cfg.Width, cfg.Height)
	}
}

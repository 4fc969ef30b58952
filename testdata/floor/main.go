// Command floor is the start-up floor of the desktop benchmark: the smallest app of Outpost's
// stack — Wails v2.16 on WebKitGTK 4.1, a React page built by Vite, the same build tags, flags
// and window options as the real app. Its page calls Ready from its first effect, and Ready
// prints the time since the process started, as Outpost's Session.Ready does. The benchmark
// builds and runs it (bench_desktop_test.go); it lives under testdata so ./... leaves it out.
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed all:frontend/dist
var assets embed.FS

// Floor is the one bound object.
type Floor struct {
	started       time.Time
	once, painted sync.Once
}

// Ready is called by the page once its first script has run.
func (f *Floor) Ready() {
	f.once.Do(func() { fmt.Printf("floor: ready %d ms\n", time.Since(f.started).Milliseconds()) })
}

// Painted is called by the page once that first screen is painted, with the paint's time
// (Unix ms), as Outpost's Session.Painted.
func (f *Floor) Painted(at float64) {
	f.painted.Do(func() {
		fmt.Printf("floor: painted %d ms\n", time.UnixMicro(int64(at*1000)).Sub(f.started).Milliseconds())
	})
}

func main() {
	f := &Floor{started: time.Now()}
	err := wails.Run(&options.App{
		Title:            "Floor",
		Width:            1360,
		Height:           860,
		MinWidth:         960,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 1},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			ch := make(chan os.Signal, 1)
			signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
			go func() {
				<-ch
				wruntime.Quit(ctx)
			}()
		},
		Bind:  []any{f},
		Linux: &linux.Options{ProgramName: "floor", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

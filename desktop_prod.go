//go:build !dev

package main

import "outpost/app"

// testDesktop is nil outside the dev build: the app uses the real browser and save dialog.
func testDesktop() app.Desktop { return nil }

//go:build !linux && !windows

package app

// desktopNotify is a no-op where no notification service is wired (macOS would need cgo
// or an AppleScript shell-out); the in-app notification centre still has the message.
func desktopNotify(title, body string) {}

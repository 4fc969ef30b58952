package app

import (
	"os"
	"time"

	"github.com/godbus/dbus/v5"
)

// desktopNotify shows a notification through the freedesktop notification service on the
// session bus (what GNOME, KDE and most Linux desktops run). Wails v2 has no notification
// API; godbus is pure Go and already in the module graph through Wails. Without a session bus
// (headless, tests) it does nothing: the in-app notification centre still has the message.
func desktopNotify(title, body string) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return
	}
	go func() {
		conn, err := dbus.ConnectSessionBus()
		if err != nil {
			return
		}
		defer conn.Close()
		obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
		call := obj.Go("org.freedesktop.Notifications.Notify", 0, nil, "Outpost", uint32(0), "", title, body,
			[]string{}, map[string]dbus.Variant{}, int32(-1))
		select {
		case <-call.Done:
		case <-time.After(5 * time.Second):
		}
	}()
}

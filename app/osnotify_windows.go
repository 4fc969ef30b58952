package app

import toast "git.sr.ht/~jackmordaunt/go-toast/v2"

// desktopNotify shows a Windows toast (go-toast is pure Go over WinRT and already in the
// module graph through Wails).
func desktopNotify(title, body string) {
	go func() {
		n := toast.Notification{AppID: "Outpost", Title: title, Body: body}
		_ = n.Push()
	}()
}

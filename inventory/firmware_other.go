//go:build !linux && !windows

package inventory

import (
	"context"

	"outpost/domain/asset"
)

// firmware is unread on systems other than Linux and Windows.
func firmware() (serial, model, maker, chassis string) { return "", "", "", "" }

func osRelease() string { return "" }

// software is listed on Debian (dpkg) and Windows (the registry) only.
func software(context.Context) []asset.Package { return nil }

package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"outpost/domain/desk"
	"outpost/domain/servicenow"
)

// ServiceNowImportCommand imports a ServiceNow incident log (the UCI export, .csv or
// .csv.xz) into the profile at profile with the mapping file mapping (format
// servicenow-uci), as the profile's owner, without the window: `outpost --import FILE
// --mapping FILE`. It prints each phase and what it wrote; a refused file writes nothing.
func ServiceNowImportCommand(ctx context.Context, profile, file, mapping string, out io.Writer) error {
	mf, err := os.Open(mapping)
	if err != nil {
		return fmt.Errorf("open mapping: %w", err)
	}
	opts, err := servicenow.ReadMapping(mf)
	_ = mf.Close()
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		return err
	}
	defer d.Close()
	owner, err := d.Owner(ctx)
	if err != nil {
		return err
	}
	phase := ""
	rep, err := servicenow.Import(ctx, d, owner, f, opts, func(p servicenow.Progress) {
		if p.Phase != phase {
			phase = p.Phase
			fmt.Fprintf(out, "%s…\n", phase)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %d incidents (%d open) from %d rows in %.1f s: %d history lines, %d people, %d groups, %d memberships\n",
		rep.Incidents, rep.Open, rep.Rows, rep.Seconds, rep.AuditLines, rep.People, rep.Groups, rep.Members)
	return nil
}

// ImportFormat reads the format a mapping file names.
func ImportFormat(mapping string) (string, error) {
	b, err := os.ReadFile(mapping)
	if err != nil {
		return "", fmt.Errorf("open mapping: %w", err)
	}
	return servicenow.FormatOf(b)
}

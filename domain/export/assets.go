package export

import (
	"context"
	"fmt"
	"io"

	"outpost/domain/asset"
	"outpost/domain/people"
)

// AssetHeader is the CSV header of an asset list export, in column order.
var AssetHeader = []string{"Tag", "Class", "Type", "Name", "Status", "Owner", "Location", "Serial", "Model",
	"Manufacturer", "Purchase date", "Cost", "Warranty end", "Updated"}

// assetRecord is an asset list row as CSV cells; user text goes through Cell.
func assetRecord(r *asset.Row) []string {
	cost := ""
	if r.Cost != nil {
		cost = fmt.Sprintf("%d.%02d", *r.Cost/100, *r.Cost%100) // cents, as the asset page shows them
	}
	return []string{Cell(r.Tag), string(r.Class), Cell(r.Type), Cell(r.Name), string(r.Status), Cell(r.OwnerName),
		Cell(r.Location), Cell(r.Serial), Cell(r.Model), Cell(r.Manufacturer), Cell(r.PurchaseDate), cost,
		Cell(r.WarrantyEnd), stamp(r.UpdatedAt)}
}

// AssetMeta heads a JSON asset export.
type AssetMeta struct {
	Name       string      `json:"name"`
	ExportedAt string      `json:"exportedAt"`
	Query      asset.Query `json:"query"`
}

// assetPage is how many assets an export reads at a time.
const assetPage = 500

// WriteAssets writes every asset of the list q that actor may see (all pages, in the list's
// order; q's paging ignored) to w in format f, and returns how many it wrote.
func WriteAssets(ctx context.Context, w io.Writer, f Format, svc *asset.Service, actor people.Actor, q asset.Query, meta AssetMeta) (int, error) {
	q.Offset, q.Limit = 0, 0
	meta.Query = q
	return Write(w, f, Table[*asset.Row]{
		Header: AssetHeader, Record: assetRecord, List: "assets", Head: meta,
		Each: func(fn func(*asset.Row) error) error {
			return eachPage(func(offset int) ([]asset.Row, error) {
				page := q
				page.Offset, page.Limit = offset, assetPage
				p, err := svc.List(ctx, actor, page)
				if err != nil {
					return nil, err
				}
				return p.Rows, nil
			}, fn)
		},
	})
}

// eachPage calls fn on every row read, a page of assetPage rows at a time from offset 0, until
// a page comes back short.
func eachPage[R any](read func(offset int) ([]R, error), fn func(*R) error) error {
	for offset := 0; ; offset += assetPage {
		rows, err := read(offset)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < assetPage {
			return nil
		}
	}
}

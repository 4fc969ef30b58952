package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
)

// SLAHeader is the CSV header of an SLA report: one row per priority, group and month with
// its compliance, then the response and resolution times (percentiles and buckets).
var SLAHeader = []string{"Section", "Name", "Met", "Breached", "Open", "Percent met", "Count", "Hours"}

// WriteSLA writes an SLA report (sla.Service.Report) as CSV or JSON.
func WriteSLA(w io.Writer, f Format, r *sla.Report) error {
	bw := bufio.NewWriter(w)
	if f == JSON {
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write SLA report: %w", err)
		}
		return bw.Flush()
	}
	if f != CSV {
		return fmt.Errorf("unknown export format %q", f)
	}
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	itoa := strconv.Itoa
	hours := func(ms int64) string {
		return strconv.FormatFloat(float64(ms)/float64(time.Hour.Milliseconds()), 'f', 2, 64)
	}
	rows := [][]string{SLAHeader,
		{"period", stamp(r.From) + " – " + stamp(r.To), "", "", "", "", "", ""}}
	for _, sec := range []struct {
		name string
		rows []sla.Compliance
	}{{"priority", r.ByPriority}, {"group", r.ByGroup}, {"month", r.ByMonth}} {
		for _, c := range sec.rows {
			rows = append(rows, []string{sec.name, Cell(orNone(c.Label)), itoa(c.Met), itoa(c.Breached), itoa(c.Open),
				strconv.FormatFloat(c.Percent, 'f', 1, 64), "", ""})
		}
	}
	for _, d := range []struct {
		name string
		dist sla.Distribution
	}{{"respond", r.Respond}, {"resolve", r.Resolve}} {
		rows = append(rows,
			[]string{d.name, "p50", "", "", "", "", itoa(d.dist.Count), hours(d.dist.P50MS)},
			[]string{d.name, "p90", "", "", "", "", "", hours(d.dist.P90MS)},
			[]string{d.name, "p95", "", "", "", "", "", hours(d.dist.P95MS)})
		for _, b := range d.dist.Buckets {
			upTo := ""
			if b.UpToMS > 0 {
				upTo = hours(b.UpToMS)
			}
			rows = append(rows, []string{d.name, b.Label, "", "", "", "", itoa(b.Count), upTo})
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write SLA report: %w", err)
	}
	return bw.Flush()
}

// The asset reports an export writes.
const (
	ReportLicences   = "licences"
	ReportWarranties = "warranties"
	ReportNotSeen    = "not_seen"
)

// AssetReportMeta heads a JSON asset report export.
type AssetReportMeta struct {
	Report     string `json:"report"`
	ExportedAt string `json:"exportedAt"`
	// Days is the report's window (warranties ending within it; machines unseen for longer).
	Days     int  `json:"days"`
	OverOnly bool `json:"overOnly,omitempty"`
}

// LicenceHeader is the CSV header of the licence report.
var LicenceHeader = []string{"Tag", "Name", "Product", "Seats", "Installed", "Over-used", "Status", "Owner"}

// ReportAssetHeader is the CSV header of the warranty and not-seen reports: the asset list's
// columns, and when an inventory last saw the machine.
var ReportAssetHeader = append(append([]string(nil), AssetHeader...), "Last seen")

// WriteAssetReport writes every row of an asset report (ReportLicences, ReportWarranties or
// ReportNotSeen; all pages, the report's order) that actor may see to w in format f, and
// returns how many it wrote. q gives the window in days and, for licences, over-use only.
func WriteAssetReport(ctx context.Context, w io.Writer, f Format, svc *asset.Service, actor people.Actor, report string, q asset.LicenceQuery, meta AssetReportMeta) (int, error) {
	meta.Report, meta.Days, meta.OverOnly = report, q.Days, q.OverOnly
	if report == ReportLicences {
		return Write(w, f, Table[*asset.LicenceRow]{
			Header: LicenceHeader, List: "licences", Head: meta,
			Record: func(r *asset.LicenceRow) []string {
				seats := ""
				if r.HasSeats {
					seats = strconv.FormatInt(r.Seats, 10)
				}
				return []string{Cell(r.Tag), Cell(r.Name), Cell(r.Product), seats, strconv.FormatInt(r.Installed, 10),
					strconv.FormatBool(r.Over), string(r.Status), Cell(r.OwnerName)}
			},
			Each: func(fn func(*asset.LicenceRow) error) error {
				return eachPage(func(offset int) ([]asset.LicenceRow, error) {
					page := q
					page.Offset, page.Limit = offset, assetPage
					p, err := svc.Licences(ctx, actor, page)
					if err != nil {
						return nil, err
					}
					return p.Rows, nil
				}, fn)
			},
		})
	}
	var read func(context.Context, people.Actor, asset.ReportQuery) (*asset.Page, error)
	switch report {
	case ReportWarranties:
		read = svc.WarrantiesExpiring
	case ReportNotSeen:
		read = svc.NotSeen
	default:
		return 0, fault.Field("report", "no asset report called %q", report)
	}
	return Write(w, f, Table[*asset.Row]{
		Header: ReportAssetHeader, List: "assets", Head: meta,
		Record: func(r *asset.Row) []string { return append(assetRecord(r), optStamp(r.LastSeenAt)) },
		Each: func(fn func(*asset.Row) error) error {
			return eachPage(func(offset int) ([]asset.Row, error) {
				page := q.ReportQuery
				page.Offset, page.Limit = offset, assetPage
				p, err := read(ctx, actor, page)
				if err != nil {
					return nil, err
				}
				return p.Rows, nil
			}, fn)
		},
	})
}

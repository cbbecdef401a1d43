package web

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/errs"
	"maillage/app/suppliers"
	"maillage/app/tabular"
)

// exportMax bounds one export (a register of this size is far past any body's).
const exportMax = 100_000

// rowWriter is what both tabular writers offer.
type rowWriter interface {
	Write([]string) error
	Close() error
}

// supplierExport streams the filtered register as CSV (UTF-8 with BOM, semicolons in
// French for Excel) or XLSX. Every cell goes through the writers' formula defusing.
func (s *Server) supplierExport(c *fiber.Ctx) error {
	f, err := s.supplierFilter(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	format := c.Query("format", "csv")
	var (
		buf bytes.Buffer
		w   rowWriter
	)
	l := i18n.NewLocalizer(s.i18n, lang(c))
	switch format {
	case "csv":
		w = tabular.NewCSVWriter(&buf, tabular.CSVOptions{Semicolon: lang(c) == "fr"})
	case "xlsx":
		if w, err = tabular.NewXLSXWriter(&buf, translate(l, "suppliers.export_sheet", nil)); err != nil {
			return err
		}
	default:
		return (&errs.Validation{}).ErrWith("format", "suppliers.format_unknown", map[string]any{"Value": format})
	}
	labels := suppliers.Labels{
		T:            func(id string) string { return translate(l, id, nil) },
		Municipality: ref.MunicipalityLabel,
		MRC:          func(code string) string { return s.mrcName(c, code) },
		Region:       func(code string) string { return ref.RegionName(code) },
	}
	header := make([]string, 0, len(suppliers.ExportColumns()))
	for _, id := range suppliers.ExportColumns() {
		header = append(header, translate(l, id, nil))
	}
	if err := w.Write(header); err != nil {
		return err
	}
	f.Limit = 200
	for n := 0; n < exportMax; {
		p, err := s.sup.store.List(ctx(c), tenant(c).ID, f)
		if err != nil {
			return err
		}
		for i := range p.Items {
			if err := w.Write(suppliers.ExportRow(&p.Items[i], labels)); err != nil {
				return err
			}
		}
		n += len(p.Items)
		if p.NextOffset == 0 {
			break
		}
		f.Offset = p.NextOffset
	}
	if err := w.Close(); err != nil {
		return err
	}
	name := fmt.Sprintf("fournisseurs-%s-%s.%s", tenant(c).Slug, s.now().Format(time.DateOnly), format)
	if format == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// mrcName is the name of an MRC (reference data), or its code when the reference cannot be read.
func (s *Server) mrcName(c *fiber.Ctx, code string) string {
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return code
	}
	return places.MRCName(code)
}

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
	"maillage/app/seao"
	"maillage/app/tabular"
)

// maxUpload bounds contract spreadsheets and SEAO files (a weekly SEAO file is about 15 MB).
const maxUpload = 24 << 20

func uploaded(c *fiber.Ctx) (io.ReadCloser, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, (&errs.Validation{Key: "contracts.invalid"}).ErrWith("file", "contracts.ui.file_required", nil)
	}
	if fh.Size > maxUpload {
		return nil, errs.E(errs.TooLarge, "errors.too_large")
	}
	return fh.Open()
}

type seaoView struct {
	Buyers []contracts.SEAOBuyer // read-only here: a tenant-admin setting (seao_buyers.go)
	CanSet bool
	Report *contracts.SEAOReport
}

func (s *Server) seaoView(c *fiber.Ctx) (seaoView, error) {
	bs, err := s.contracts.SEAOBuyerDetails(ctx(c), tenant(c))
	return seaoView{Buyers: bs, CanSet: principal(c) != nil && s.authz.Allowed(principal(c).TenantRoles, "tenant", "write")}, err
}

func (s *Server) seaoForm(c *fiber.Ctx) error {
	view, err := s.seaoView(c)
	if err != nil {
		return err
	}
	return s.render(c, "contracts/seao", "contracts.ui.seao_title", view)
}

// seaoUpload loads a SEAO file for the body's buyer ids (which only its admin sets).
func (s *Server) seaoUpload(c *fiber.Ctx) error {
	t := tenant(c)
	view, err := s.seaoView(c)
	if err != nil {
		return err
	}
	var f io.ReadCloser
	if f, err = uploaded(c); err == nil {
		defer f.Close()
		var rep contracts.SEAOReport
		if rep, err = s.contracts.LoadSEAO(ctx(c), t.ID, f); err == nil {
			view.Report = &rep
		}
	}
	page := s.page(c, "contracts.ui.seao_title", view)
	if err != nil {
		if !formErrors(page.L, page, err) {
			return err
		}
		c.Status(statusOf(errs.KindOf(err)))
	}
	return s.renderPage(c, "contracts/seao", page)
}

// yearlyList builds the published list of one year from the tenant's contracts (amounts before taxes).
func (s *Server) yearlyList(c *fiber.Ctx) (rules.YearlyList, error) {
	year, err := yearParam(c, s.now())
	if err != nil {
		return rules.YearlyList{}, err
	}
	from, to := yearBounds(year)
	cs, err := s.contracts.List(ctx(c), tenant(c).ID, contracts.Filter{From: from, To: to})
	if err != nil {
		return rules.YearlyList{}, err
	}
	ref, err := s.rules.Reference(ctx(c))
	if err != nil {
		return rules.YearlyList{}, err
	}
	listed := make([]rules.ListedContract, 0, len(cs))
	for _, k := range cs {
		key := k.SupplierNEQ
		if key == "" {
			key = strings.ToLower(k.SupplierName)
		}
		listed = append(listed, rules.ListedContract{ID: k.ID.String(), SupplierKey: key, SupplierName: k.SupplierName, Object: k.Object,
			Date: k.AwardedOn, Amount: rules.Cents(k.Expense())})
	}
	return rules.BuildYearlyList(ref, year, listed)
}

type publishedView struct {
	Year    int
	Years   []int
	Entries []publishedEntry
}

type publishedEntry struct {
	SupplierName string
	Total        int64
	Contracts    []publishedContract
}

type publishedContract struct {
	Date   time.Time
	Object string
	Amount int64
}

func (s *Server) publishedList(c *fiber.Ctx) error {
	list, err := s.yearlyList(c)
	if err != nil {
		return err
	}
	v := publishedView{Year: list.Year}
	for y := s.now().Year(); y >= s.now().Year()-5; y-- {
		v.Years = append(v.Years, y)
	}
	for _, e := range list.Entries {
		pe := publishedEntry{SupplierName: e.SupplierName, Total: int64(e.Total)}
		for _, k := range e.Contracts {
			pe.Contracts = append(pe.Contracts, publishedContract{Date: k.Date, Object: k.Object, Amount: int64(k.Amount)})
		}
		v.Entries = append(v.Entries, pe)
	}
	return s.render(c, "contracts/published", "contracts.ui.published_title", v)
}

func (s *Server) publishedCSV(c *fiber.Ctx) error {
	list, err := s.yearlyList(c)
	if err != nil {
		return err
	}
	l := lang(c)
	var buf bytes.Buffer
	w := tabular.NewCSVWriter(&buf, tabular.CSVOptions{Semicolon: l == "fr"})
	head := []string{"contracts.ui.col_supplier", "contracts.ui.col_neq", "contracts.ui.col_object", "contracts.ui.col_date", "contracts.ui.col_amount", "contracts.ui.col_supplier_total"}
	for i := range head {
		head[i] = s.T(c, head[i], nil)
	}
	if err := w.Write(head); err != nil {
		return err
	}
	for _, e := range list.Entries {
		for _, k := range e.Contracts {
			neq := ""
			if len(e.SupplierKey) == 10 && strings.Trim(e.SupplierKey, "0123456789") == "" {
				neq = e.SupplierKey
			}
			if err := w.Write([]string{e.SupplierName, neq, k.Object, k.Date.Format(time.DateOnly), decimal(int64(k.Amount), l),
				decimal(int64(e.Total), l)}); err != nil {
				return err
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="contrats-%s-%d.csv"`, tenant(c).Slug, list.Year))
	return c.Send(buf.Bytes())
}

// decimal writes cents as a plain number a spreadsheet reads: 1234,56 (fr) or 1234.56 (en).
func decimal(cents int64, lang string) string {
	s := strconv.FormatInt(cents/100, 10) + "." + fmt.Sprintf("%02d", cents%100)
	if lang == "fr" {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (s *Server) apiContracts(c *fiber.Ctx) error {
	limit, cursor, err := pageParams(c)
	if err != nil {
		return err
	}
	f := contracts.Filter{Limit: limit + 1}
	if c.Query("year") != "" {
		y, err := yearParam(c, s.now())
		if err != nil {
			return err
		}
		f.From, f.To = yearBounds(y)
	}
	if cursor != "" {
		on, id, ok := strings.Cut(cursor, "_")
		d, derr := time.Parse(time.DateOnly, on)
		u, uerr := uuid.Parse(id)
		if !ok || derr != nil || uerr != nil {
			return (&errs.Validation{}).ErrWith("cursor", "contracts.ui.cursor_invalid", nil)
		}
		f.AfterOn, f.After = d, &u
	}
	cs, err := s.contracts.List(ctx(c), tenant(c).ID, f)
	if err != nil {
		return err
	}
	page := ListPage[contracts.Contract]{Items: cs}
	if len(cs) > limit {
		last := cs[limit-1]
		page.Items, page.NextCursor = cs[:limit], last.AwardedOn.Format(time.DateOnly)+"_"+last.ID.String()
	}
	if page.Items == nil {
		page.Items = []contracts.Contract{}
	}
	return c.JSON(page)
}

func (s *Server) apiContractCreate(c *fiber.Ctx) error {
	var in contracts.Input
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "rules.ui.invalid_json").Wrap(err)
	}
	// The amount is required: a missing or null awarded_cents would otherwise be stored as 0 $.
	var amount struct {
		AwardedCents *int64 `json:"awarded_cents"`
	}
	if err := json.Unmarshal(c.Body(), &amount); err != nil || amount.AwardedCents == nil {
		return errs.E(errs.Invalid, "errors.invalid_input").Field("awarded_cents", "input.required", nil)
	}
	k, err := s.contracts.Create(ctx(c), tenant(c).ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(k)
}

func (s *Server) apiSEAO(c *fiber.Ctx) error {
	rep, err := s.contracts.LoadSEAO(ctx(c), tenant(c).ID, bytes.NewReader(c.Body()))
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func (s *Server) apiOCDS(c *fiber.Ctx) error {
	t := tenant(c)
	cs, err := s.contracts.List(ctx(c), t.ID, contracts.Filter{})
	if err != nil {
		return err
	}
	buyers, err := s.contracts.SEAOBuyers(ctx(c), t.ID)
	if err != nil {
		return err
	}
	buyerID := "MAILLAGE-" + t.Slug
	if len(buyers) > 0 {
		buyerID = buyers[0]
	}
	meta := seao.ExportMeta{URI: s.cfg.BaseURL + "/api/v1/t/" + t.Slug + "/contracts.ocds.json", OCIDPrefix: "ocds-maillage-" + t.Slug,
		PublisherName: t.Name, License: "https://creativecommons.org/licenses/by/4.0/", Published: s.now(), BuyerID: buyerID, BuyerName: t.Name}
	out := make([]seao.ExportContract, 0, len(cs))
	for _, k := range cs {
		e := seao.ExportContract{ID: k.ID.String(), SEAONumber: k.SEAONumber, Title: k.Object, UNSPSC: k.Category, Nature: k.Nature,
			Procedure: k.Procedure, Status: k.Status, AwardDate: k.AwardedOn, AwardCents: k.AwardedCents, LastChanged: k.UpdatedAt,
			Supplier: seao.ExportSupplier{ID: k.SupplierID, Name: k.SupplierName, NEQ: k.SupplierNEQ, Region: k.SupplierRegion, EES: k.SupplierEES,
				Adapted: k.SupplierAdapted, LegalForm: k.SupplierLegalForm, Local: k.SupplierLocal}}
		if e.Supplier.ID == "" {
			e.Supplier.ID = k.ID.String()
		}
		if k.StartsOn != nil {
			e.StartDate = *k.StartsOn
		}
		if k.EndsOn != nil {
			e.EndDate = *k.EndsOn
		}
		if k.FinalCents != nil || k.AmendedBy != 0 {
			e.FinalCents, e.HasFinal = k.Expense(), true
		}
		out = append(out, e)
	}
	var buf bytes.Buffer
	if err := seao.BuildPackage(&buf, meta, out); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/json; charset=utf-8")
	return c.Send(buf.Bytes())
}

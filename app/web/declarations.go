package web

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/declarations"
	"maillage/app/errs"
	"maillage/app/uploads"
)

// declarationRoutes: the tenant admin edits and adopts the declaration; officials and buyers read it.
func (s *Server) declarationRoutes() []Route {
	r, w := "read", "write"
	return []Route{
		{Method: "GET", Path: "/t/:slug/declarations", Scope: Tenant, Obj: "declarations", Act: r, Handler: s.declarationList},
		{Method: "GET", Path: "/t/:slug/declarations/new", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationNew},
		{Method: "POST", Path: "/t/:slug/declarations", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationCreate},
		{Method: "GET", Path: "/t/:slug/declarations/:id", Scope: Tenant, Obj: "declarations", Act: r, Handler: s.declarationShow},
		{Method: "GET", Path: "/t/:slug/declarations/:id/edit", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationEdit},
		{Method: "POST", Path: "/t/:slug/declarations/:id", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationUpdate},
		{Method: "POST", Path: "/t/:slug/declarations/:id/adopt", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationAdopt},
		{Method: "POST", Path: "/t/:slug/declarations/:id/delete", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationDelete},
		{Method: "POST", Path: "/t/:slug/declarations/:id/resolution", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationUpload},
		{Method: "GET", Path: "/t/:slug/declarations/:id/resolution.pdf", Scope: Tenant, Obj: "declarations", Act: r, Handler: s.declarationResolution},
		{Method: "POST", Path: "/t/:slug/declarations/:id/commitments/:key", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.declarationCommitment},
		{Method: "POST", Path: "/t/:slug/progress/public", Scope: Tenant, Obj: "declarations", Act: w, Handler: s.progressPublicSwitch},
	}
}

type declListView struct {
	Slug     string
	Items    []declarations.Declaration
	CanWrite bool
	Format   any
}

func (s *Server) canWriteDeclarations(c *fiber.Ctx) bool {
	p := principal(c)
	return p != nil && s.authz.Allowed(p.TenantRoles, "declarations", "write")
}

func (s *Server) declarationList(c *fiber.Ctx) error {
	ds, err := s.decl.List(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	return s.render(c, "declarations/list", "declarations.list_title", declListView{Slug: tenant(c).Slug, Items: ds, CanWrite: s.canWriteDeclarations(c)})
}

func (s *Server) declarationNew(c *fiber.Ctx) error {
	y := s.now().Year() + 1
	d := declarations.Declaration{
		PeriodStart: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC),
		TextFR: s.messageIn("fr", "declarations.model_text"), TextEN: s.messageIn("en", "declarations.model_text"),
		Eligibility: declarations.Eligibility{Rule: declarations.BelowThreshold},
		Commitments: []declarations.Commitment{
			{TextFR: s.messageIn("fr", "declarations.model_commitment_train"), TextEN: s.messageIn("en", "declarations.model_commitment_train"), Status: declarations.Planned},
			{TextFR: s.messageIn("fr", "declarations.model_commitment_invite"), TextEN: s.messageIn("en", "declarations.model_commitment_invite"), Status: declarations.Planned},
			{TextFR: s.messageIn("fr", "declarations.model_commitment_maillage"), TextEN: s.messageIn("en", "declarations.model_commitment_maillage"), Status: declarations.Planned},
		},
	}
	// No target is chosen for the council: one empty row, and more on demand.
	v := s.newFormView(c, tenant(c).Slug, "/t/"+tenant(c).Slug+"/declarations", d, nil, 1, 0)
	return s.renderDeclForm(c, "declarations.new_title", v, nil)
}

// messageIn translates a message in a given language (the model text is offered in both).
func (s *Server) messageIn(lang, id string) string { return strings.TrimSpace(s.Translate(lang, id)) }

func (s *Server) declarationCreate(c *fiber.Ctx) error {
	slug := tenant(c).Slug
	d, rows, err := declarationFromForm(c)
	if addT, addC := wantsRow(c); addT+addC > 0 {
		c.Locals(localKeepForm, true)
		return s.renderDeclForm(c, "declarations.new_title", s.newFormView(c, slug, "/t/"+slug+"/declarations", d, &rows, addT, addC), nil)
	}
	if err == nil {
		var created declarations.Declaration
		if created, err = s.decl.Create(ctx(c), tenant(c).ID, d); err == nil {
			return s.redirectWith(c, "/t/"+slug+"/declarations/"+created.ID, "declarations.created", nil)
		}
		err = rows.formFields(err)
	}
	return s.renderDeclForm(c, "declarations.new_title", s.newFormView(c, slug, "/t/"+slug+"/declarations", d, &rows, 0, 0), err)
}

func (s *Server) declarationEdit(c *fiber.Ctx) error {
	d, err := s.decl.Get(ctx(c), tenant(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	slug := tenant(c).Slug
	return s.renderDeclForm(c, "declarations.edit_title", s.newFormView(c, slug, "/t/"+slug+"/declarations/"+d.ID, d, nil, 0, 0), nil)
}

func (s *Server) declarationUpdate(c *fiber.Ctx) error {
	slug, id := tenant(c).Slug, c.Params("id")
	d, rows, err := declarationFromForm(c)
	prev, gerr := s.decl.Get(ctx(c), tenant(c).ID, id)
	if gerr != nil {
		return gerr
	}
	if addT, addC := wantsRow(c); addT+addC > 0 {
		d.ID, d.Status, d.Version = id, prev.Status, prev.Version
		c.Locals(localKeepForm, true)
		return s.renderDeclForm(c, "declarations.edit_title", s.newFormView(c, slug, "/t/"+slug+"/declarations/"+id, d, &rows, addT, addC), nil)
	}
	if err == nil {
		if _, err = s.decl.Update(ctx(c), tenant(c).ID, id, d); err == nil {
			return s.redirectWith(c, "/t/"+slug+"/declarations/"+id, "declarations.updated", nil)
		}
		err = rows.formFields(err)
	}
	if errs.KindOf(err) == errs.NotFound {
		return err
	}
	d.ID, d.Status, d.Version = id, prev.Status, prev.Version
	return s.renderDeclForm(c, "declarations.edit_title", s.newFormView(c, slug, "/t/"+slug+"/declarations/"+id, d, &rows, 0, 0), err)
}

type showView struct {
	Slug          string
	Decl          declarations.Declaration
	Rows          []showTarget
	Commitments   []declarations.Commitment
	Versions      []declarations.VersionInfo
	Changes       []changeView
	CanWrite      bool
	HasResolution bool
	Public        bool
	Eligibility   string
	Statuses      []declarations.CommitmentStatus
	Period        string
	Resolution    string
	Today         string
}

type showTarget struct{ Label, Value string }

type changeView struct {
	Version             int
	Label, Old, New, At string
}

func (s *Server) declarationShow(c *fiber.Ctx) error {
	t := tenant(c)
	store := s.decl
	d, err := store.Get(ctx(c), t.ID, c.Params("id"))
	if err != nil {
		return err
	}
	versions, changes, err := store.History(ctx(c), t.ID, d.ID)
	if err != nil {
		return err
	}
	has, err := store.HasResolution(ctx(c), t.ID, d.ID)
	if err != nil {
		return err
	}
	public, err := store.PublicProgress(ctx(c), t.ID)
	if err != nil {
		return err
	}
	p := s.page(c, "declarations.show_title", nil)
	labels, err := s.reportLabels(c, p.L, p.Lang)
	if err != nil {
		return err
	}
	f := chartsFormat(p.Lang)
	v := showView{Slug: t.Slug, Decl: d, Versions: versions, CanWrite: s.canWriteDeclarations(c), HasResolution: has, Public: public,
		Eligibility: eligibilityLine(d.Eligibility, p.Lang, labels), Statuses: declarations.CommitmentStatuses, Commitments: d.Commitments,
		Period: translate(p.L, "declarations.report_period", map[string]any{"Start": f.Date(d.PeriodStart), "End": f.Date(d.PeriodEnd)}),
		Today:  declarations.Day(s.now()).Format("2006-01-02")}
	if d.ResolutionNumber != "" {
		v.Resolution = translate(p.L, "declarations.report_resolution", map[string]any{"Number": d.ResolutionNumber, "Date": f.Date(d.ResolutionDate), "Version": d.Version})
	}
	for _, tg := range d.Targets {
		v.Rows = append(v.Rows, showTarget{Label: labels.TargetLabel(tg), Value: reportValue(f, tg.Kind, tg.Value)})
	}
	for _, ch := range changes {
		cv := changeView{Version: ch.Version, Label: labels.TargetLabel(declarations.Target{Kind: ch.Kind}), At: f.Date(ch.At)}
		if !ch.Added {
			cv.Old = reportValue(f, ch.Kind, ch.Old)
		}
		if !ch.Removed {
			cv.New = reportValue(f, ch.Kind, ch.New)
		}
		v.Changes = append(v.Changes, cv)
	}
	p.Title = translate(p.L, "declarations.show_title", nil) + " — " + v.Period
	p.Data = v
	return s.renderPage(c, "declarations/show", p)
}

func (s *Server) back(c *fiber.Ctx, id string) error {
	return c.Redirect("/t/"+tenant(c).Slug+"/declarations/"+url.PathEscape(id), fiber.StatusSeeOther)
}

func (s *Server) declarationAdopt(c *fiber.Ctx) error {
	id := c.Params("id")
	dv := errs.Validation{Key: "declarations.invalid"}
	date := dateField(&dv, "resolution_date", c.FormValue("resolution_date"))
	if err := dv.Err(); err != nil {
		return err
	}
	// A bad file refuses the whole adoption: it is checked before anything is written.
	var file *uploads.File
	var err error
	if fh, ferr := c.FormFile("resolution_file"); ferr == nil && fh.Size > 0 {
		if file, err = checkedResolution(c); err != nil {
			return err
		}
	}
	if _, err := s.decl.Adopt(ctx(c), tenant(c).ID, id, strings.TrimSpace(c.FormValue("resolution_number")), date); err != nil {
		return err
	}
	if file != nil {
		if err := s.saveResolution(c, id, file); err != nil {
			return err
		}
	}
	return s.back(c, id)
}

// checkedResolution reads the uploaded resolution and checks it by content: a PDF of at most 10 MiB.
func checkedResolution(c *fiber.Ctx) (*uploads.File, error) {
	fh, err := c.FormFile("resolution_file")
	if err != nil {
		return nil, errs.E(errs.Invalid, "declarations.resolution_file_empty")
	}
	r, err := fh.Open()
	if err != nil {
		return nil, errs.E(errs.Invalid, "declarations.resolution_file_empty").Wrap(err)
	}
	defer r.Close()
	f, err := uploads.Check(r, fh.Filename, declarations.MaxResolutionBytes)
	if err != nil {
		return nil, err
	}
	if f.MediaType != uploads.TypePDF {
		return nil, errs.E(errs.Unsupported, "declarations.resolution_file_not_pdf")
	}
	return &f, nil
}

// saveResolution puts the checked file in the blob store under a tenant-namespaced, content-addressed
// key, then records it with the declaration.
func (s *Server) saveResolution(c *fiber.Ctx, id string, f *uploads.File) error {
	key, err := uploads.TenantKey(tenant(c).ID.String(), f.SHA256)
	if err != nil {
		return err
	}
	// The same content is the same key: already stored is fine.
	if err := s.sup.blobs.Put(ctx(c), key, bytes.NewReader(f.Data)); err != nil && !errs.Is(err, errs.Conflict) {
		return err
	}
	return s.decl.PutResolution(ctx(c), tenant(c).ID, id, declarations.File{Name: f.Name, Size: len(f.Data), SHA256: f.SHA256, Key: key.String()})
}

func (s *Server) declarationUpload(c *fiber.Ctx) error {
	f, err := checkedResolution(c)
	if err != nil {
		return err
	}
	if err := s.saveResolution(c, c.Params("id"), f); err != nil {
		return err
	}
	return s.back(c, c.Params("id"))
}

func (s *Server) declarationResolution(c *fiber.Ctx) error {
	f, err := s.decl.Resolution(ctx(c), tenant(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", f.Name))
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if f.Key == "" {
		return c.Send(f.Content)
	}
	key, err := uploads.ParseKey(f.Key)
	if err != nil {
		return err
	}
	rc, err := s.sup.blobs.Open(ctx(c), key)
	if err != nil {
		return err
	}
	return c.SendStream(rc, f.Size)
}

func (s *Server) declarationCommitment(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := s.decl.SetCommitment(ctx(c), tenant(c).ID, id, c.Params("key"),
		declarations.CommitmentStatus(c.FormValue("status")), strings.TrimSpace(c.FormValue("evidence"))); err != nil {
		return err
	}
	return s.back(c, id)
}

func (s *Server) declarationDelete(c *fiber.Ctx) error {
	if err := s.decl.Delete(ctx(c), tenant(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/declarations", fiber.StatusSeeOther)
}

func (s *Server) progressPublicSwitch(c *fiber.Ctx) error {
	if err := s.decl.SetPublicProgress(ctx(c), tenant(c).ID, c.FormValue("public") == "on"); err != nil {
		return err
	}
	if next := SafeReturnPath(c.FormValue("next")); next != "" {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/declarations", fiber.StatusSeeOther)
}

package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/rules"
)

// adviceRow is one saved answer in a list, ready to show.
type adviceRow struct {
	ID        string
	Object    string
	Amount    int64
	Expense   int64 // 0 for answers saved before net taxes were compared
	Procedure string
	Launch    time.Time
	LawOnly   bool
	Author    string
	CreatedAt time.Time
}

func (s *Server) adviceRows(l *i18n.Localizer, list []rules.AdviceSummary) []adviceRow {
	out := make([]adviceRow, 0, len(list))
	for _, a := range list {
		out = append(out, adviceRow{ID: a.ID.String(), Object: a.Object, Amount: int64(a.Amount), Expense: int64(a.Expense),
			Procedure: translate(l, "rules.procedure."+string(a.Procedure), nil), Launch: a.LaunchDate, LawOnly: a.LawOnly,
			Author: a.AuthorName, CreatedAt: a.CreatedAt})
	}
	return out
}

type adviceListView struct {
	Rows []adviceRow
	All  bool   // the body's answers, not only mine
	Next string // link to the next page, "" on the last
}

// adviceList is "Mes avis": the answers the person asked for (or, with ?all=1, the body's), newest first.
func (s *Server) adviceList(c *fiber.Ctx) error {
	f := rules.AdviceFilter{Limit: 50, Cursor: c.Query("cursor")}
	all := c.Query("all") == "1"
	if !all {
		me := principal(c).User.ID
		f.Author = &me
	}
	list, next, err := s.rules.ListAdvice(ctx(c), tenant(c).ID, f)
	if err != nil {
		return err
	}
	title := "rules.ui.my_advice_title"
	if all {
		title = "rules.ui.all_advice_title"
	}
	page := s.page(c, title, nil)
	v := adviceListView{Rows: s.adviceRows(page.L, list), All: all}
	if next != "" {
		v.Next = "/t/" + tenant(c).Slug + "/advice?cursor=" + next
		if all {
			v.Next += "&all=1"
		}
	}
	page.Data = v
	return s.renderPage(c, "rules/advice_list", page)
}

func (s *Server) apiAdviceList(c *fiber.Ctx) error {
	limit, cursor, err := pageParams(c)
	if err != nil {
		return err
	}
	f := rules.AdviceFilter{Limit: limit, Cursor: cursor}
	if c.Query("mine") == "true" || c.Query("mine") == "1" {
		me := principal(c).User.ID
		f.Author = &me
	}
	list, next, err := s.rules.ListAdvice(ctx(c), tenant(c).ID, f)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[rules.AdviceSummary]{Items: list, NextCursor: next})
}

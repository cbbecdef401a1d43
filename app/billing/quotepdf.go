package billing

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// QuoteDoc is everything the quote PDF prints.
type QuoteDoc struct {
	Quote    Quote
	Plan     Plan
	BodyName string
	Contact  Contact
	Seller   Config
	// T translates a message ID (always French: the quote is the document a council adopts).
	T func(id string, args map[string]any) string
	// PlanLabel names the plan in words ("Municipalité de 2 000 à 9 999 habitants").
	PlanLabel string
}

// FrenchMoney writes cents the Québec French way: "12 345,67 $".
func FrenchMoney(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	digits := fmt.Sprint(cents / 100)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteRune(d)
	}
	s := fmt.Sprintf("%s,%02d $", b.String(), cents%100)
	if neg {
		s = "-" + s
	}
	return s
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func frDate(t time.Time) string {
	d := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return fmt.Sprintf("%s %s %d", d, frMonths[t.Month()-1], t.Year())
}

// QuotePDF renders the quote as a one-page PDF (Letter, Helvetica with cp1252 for French accents).
func QuotePDF(d QuoteDoc) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetTitle(d.T("billing.pdf.title", map[string]any{"Number": d.Quote.Number}), true)
	pdf.SetAuthor(orDash(d.Seller.LegalName), true)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	text := func(size float64, style, s string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.MultiCell(0, size*0.48, tr(s), "", "L", false)
	}
	text(18, "B", d.T("billing.pdf.title", map[string]any{"Number": d.Quote.Number}))
	pdf.Ln(2)
	text(10, "", d.T("billing.pdf.issued", map[string]any{"Date": frDate(d.Quote.IssuedOn), "Until": frDate(d.Quote.ValidUntil)}))
	pdf.Ln(4)
	text(11, "B", d.T("billing.pdf.seller", nil))
	text(10, "", orDash(d.Seller.LegalName))
	if d.Seller.Address != "" {
		text(10, "", d.Seller.Address)
	}
	text(10, "", d.T("billing.pdf.tax_numbers", map[string]any{"GST": orDash(d.Seller.GSTNumber), "QST": orDash(d.Seller.QSTNumber)}))
	pdf.Ln(3)
	text(11, "B", d.T("billing.pdf.buyer", nil))
	text(10, "", d.BodyName)
	if d.Contact.Name != "" || d.Contact.Email != "" {
		text(10, "", strings.TrimSpace(d.Contact.Name+" · "+d.Contact.Email))
	}
	pdf.Ln(5)
	rows := [][2]string{
		{d.T("billing.pdf.line", map[string]any{"Plan": d.PlanLabel}), FrenchMoney(d.Quote.Amounts.SubtotalCents)},
		{d.T("billing.pdf.gst", map[string]any{"Number": orDash(d.Seller.GSTNumber)}), FrenchMoney(d.Quote.Amounts.GSTCents)},
		{d.T("billing.pdf.qst", map[string]any{"Number": orDash(d.Seller.QSTNumber)}), FrenchMoney(d.Quote.Amounts.QSTCents)},
		{d.T("billing.pdf.total", nil), FrenchMoney(d.Quote.Amounts.TotalCents)},
	}
	for i, r := range rows {
		style, fill := "", false
		if i == len(rows)-1 {
			style, fill = "B", true
		}
		pdf.SetFont("Helvetica", style, 10)
		pdf.SetFillColor(230, 236, 242)
		pdf.CellFormat(130, 8, tr(r[0]), "1", 0, "L", fill, 0, "")
		pdf.CellFormat(46, 8, tr(r[1]), "1", 1, "R", fill, 0, "")
	}
	pdf.Ln(6)
	for _, k := range []string{"billing.pdf.terms_invoice", "billing.pdf.terms_po", "billing.pdf.terms_payment", "billing.pdf.terms_data"} {
		text(9.5, "", "• "+d.T(k, map[string]any{"Remittance": orDash(d.Seller.Remittance)}))
		pdf.Ln(1)
	}
	pdf.Ln(4)
	text(11, "B", d.T("billing.pdf.resolution_title", nil))
	text(9.5, "I", d.T("billing.pdf.resolution", map[string]any{"Body": d.BodyName, "Number": d.Quote.Number,
		"Total": FrenchMoney(d.Quote.Amounts.TotalCents), "Seller": orDash(d.Seller.LegalName)}))
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("quote PDF: %w", err)
	}
	return buf.Bytes(), nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

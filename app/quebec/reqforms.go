package quebec

import "strings"

// REQForm is one legal-form code of the Registraire des entreprises du Québec (REQ) as its
// extracts write it ("FormeJuridique" = "APE"), with the form it stands for: the collective
// form for the forms the Loi sur l'économie sociale admits (co-operatives, non-profits,
// mutuals), the register's legal form for all of them.
type REQForm struct {
	Code       string
	LabelFR    string
	Collective CollectiveForm // "" for the forms of businesses
	Legal      LegalForm
	Confirmed  bool   // the code was seen in real extracts with this meaning
	Source     string // where the meaning comes from
}

// reqForms is the REQ's list as far as it is known here. The collective forms (APE, ASS, COP,
// PMSBL, SMU) are documented from real extracts (docs/domain.md: "APE (non-profit
// association, by far the most common among social-economy enterprises), ASS (association),
// COP (co-operative); also PMSBL, SMU in the REQ's list"). The others are the REQ's usual
// forms of businesses, kept so that a business in an extract is named and refused rather than
// reported as an unreadable value; their codes are not confirmed. A code not in this list is
// an error the person importing sees, never a guess.
var reqForms = []REQForm{
	{"APE", "Association personnifiée (personne morale sans but lucratif)", CollectiveNonProfit, FormNonProfit, true, "REQ extracts, docs/domain.md"},
	{"PMSBL", "Personne morale sans but lucratif", CollectiveNonProfit, FormNonProfit, true, "REQ list, docs/domain.md"},
	{"ASS", "Association", CollectiveNonProfit, FormNonProfit, true, "REQ extracts, docs/domain.md"},
	{"COP", "Coopérative", CollectiveCoop, FormCooperative, true, "REQ extracts, docs/domain.md"},
	{"SMU", "Société mutuelle", CollectiveMutual, FormMutual, true, "REQ list, docs/domain.md"},
	{"SPA", "Société par actions ou compagnie", "", FormCorporation, false, "REQ forms of businesses (code not confirmed)"},
	{"CIE", "Compagnie", "", FormCorporation, false, "REQ forms of businesses (code not confirmed)"},
	{"SENC", "Société en nom collectif", "", FormPartnership, false, "REQ forms of businesses (code not confirmed)"},
	{"SEC", "Société en commandite", "", FormPartnership, false, "REQ forms of businesses (code not confirmed)"},
	{"SP", "Société de personnes", "", FormPartnership, false, "REQ forms of businesses (code not confirmed)"},
	{"IND", "Entreprise individuelle", "", FormSoleProprietor, false, "REQ forms of businesses (code not confirmed)"},
	{"FID", "Fiducie", "", FormOther, false, "REQ forms of businesses (code not confirmed)"},
}

// REQForms returns the REQ codes known here, collective forms first.
func REQForms() []REQForm { return append([]REQForm(nil), reqForms...) }

// ParseREQForm reads a REQ legal-form cell: a code ("APE", "cop") or its label ("Personne
// morale sans but lucratif").
func ParseREQForm(cell string) (REQForm, bool) {
	c := strings.TrimSpace(cell)
	for _, r := range reqForms {
		if strings.EqualFold(c, r.Code) || Fold(c) == Fold(r.LabelFR) {
			return r, true
		}
	}
	return REQForm{}, false
}

// businessWords are how files write the forms of businesses, which a catalogue of collective
// enterprises refuses with a message naming them.
var businessWords = map[string]bool{"societe par actions": true, "compagnie": true, "inc": true, "ltee": true,
	"societe en nom collectif": true, "senc": true, "societe en commandite": true, "societe de personnes": true,
	"entreprise individuelle": true, "travailleur autonome": true, "fiducie": true, "business corporation": true,
	"societe par actions ou compagnie": true}

// FormSource says where a legal form read from a cell came from.
type FormSource string

const (
	FromREQ   FormSource = "req"       // a REQ code or label
	FromWords FormSource = "directory" // the words directories use
)

// ParseFormCell reads a directory's or an extract's legal-form cell: one of our collective
// codes, a REQ code, or the words directories use. ok is false when the cell is unreadable;
// a business's form (a corporation, a partnership) is read with an empty collective form.
func ParseFormCell(cell string) (form CollectiveForm, from FormSource, ok bool) {
	if r, found := ParseREQForm(cell); found {
		return r.Collective, FromREQ, true
	}
	if f, found := ParseCollectiveForm(cell); found {
		return f, FromWords, true
	}
	if businessWords[Fold(cell)] {
		return "", FromWords, true
	}
	return "", "", false
}

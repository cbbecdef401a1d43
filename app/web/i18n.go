package web

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"maillage/frontend"
)

// Languages offered, French first (the default).
var languages = []language.Tag{language.French, language.English}

var langMatcher = language.NewMatcher(languages)

// loadCatalogue reads every frontend/locales/<domain>.<lang>.toml file.
func loadCatalogue() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(frontend.Locales, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := fs.ReadFile(frontend.Locales, f)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, f); err != nil {
			return nil, fmt.Errorf("locale file %s: %w", f, err)
		}
	}
	return b, nil
}

// locale picks the language: the "lang" cookie (set by the toggle), then Accept-Language, then French.
func (s *Server) locale(c *fiber.Ctx) error {
	lang := "fr"
	if v := c.Cookies("lang"); v == "fr" || v == "en" {
		lang = v
	} else if al := c.Get(fiber.HeaderAcceptLanguage); al != "" {
		tags, _, _ := language.ParseAcceptLanguage(al)
		if len(tags) > 0 {
			_, idx, conf := langMatcher.Match(tags...)
			if conf != language.No && idx == 1 {
				lang = "en"
			}
		}
	}
	c.Locals(localLang, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	return c.Next()
}

func lang(c *fiber.Ctx) string {
	if l, ok := c.Locals(localLang).(string); ok {
		return l
	}
	return "fr"
}

// T translates a message ID in the request's language. A missing ID shows the ID itself (and the
// catalogue test fails), never an empty string.
func (s *Server) T(c *fiber.Ctx, id string, data map[string]any) string {
	return translate(i18n.NewLocalizer(s.i18n, lang(c)), id, data)
}

// A "Count" in the data chooses the plural form through the language's CLDR rules (French: 0 and 1 are
// singular), so messages never write "fournisseur(s)": they give "one" and "other" forms.
func translate(l *i18n.Localizer, id string, data map[string]any) string {
	msg, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: pluralCount(data["Count"])})
	if err != nil && data["Count"] != nil {
		// A message without plural forms (only "other") that happens to take a count.
		msg, err = l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	}
	if err != nil || msg == "" {
		return id
	}
	return msg
}

// pluralCount gives go-i18n a count it accepts (integers or a decimal string), or nil.
func pluralCount(v any) any {
	switch n := v.(type) {
	case int, int8, int16, int32, int64, string:
		return n
	case uint:
		return int64(n)
	case uint32:
		return int64(n)
	case uint64:
		return int64(n)
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(n), 'f', -1, 32)
	}
	return nil
}

// kv turns template arguments "Key", value, … into template data.
func kv(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// messageIDs lists the IDs of one language's catalogue files (for the completeness test).
func messageIDs(langCode string) (map[string]bool, error) {
	ids := map[string]bool{}
	files, err := fs.Glob(frontend.Locales, "locales/*."+langCode+".toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		var m map[string]any
		data, _ := fs.ReadFile(frontend.Locales, f)
		if _, err := toml.Decode(string(data), &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		flatten("", m, ids)
	}
	return ids, nil
}

func flatten(prefix string, m map[string]any, out map[string]bool) {
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok && !isPluralTable(sub) {
			flatten(key, sub, out)
			continue
		}
		out[key] = true
	}
}

func isPluralTable(m map[string]any) bool {
	for k := range m {
		switch strings.ToLower(k) {
		case "one", "other", "few", "many", "zero", "two", "description", "hash", "leftdelim", "rightdelim":
		default:
			return false
		}
	}
	return true
}

// MessageIDs lists the message IDs of one language ("fr" or "en"), for the completeness test.
func MessageIDs(langCode string) map[string]bool {
	ids, err := messageIDs(langCode)
	if err != nil {
		return map[string]bool{}
	}
	return ids
}

// Messages translates message IDs outside a request (the CLI's errors). It parses the locale
// files once, when built: keep one for the life of the program.
type Messages struct{ bundle *i18n.Bundle }

// NewMessages reads every locale file.
func NewMessages() (*Messages, error) {
	b, err := loadCatalogue()
	if err != nil {
		return nil, err
	}
	return &Messages{bundle: b}, nil
}

// Message renders one message ID in langCode ("fr" or "en"); an unknown ID is returned as is.
func (m *Messages) Message(langCode, id string, data map[string]any) string {
	return translate(i18n.NewLocalizer(m.bundle, langCode), id, data)
}

// Translate renders a message without data in lang ("fr" or "en") outside a request (the demo
// provider's page, the worker's e-mails).
func (m *Messages) Translate(lang, id string) string { return m.Message(lang, id, nil) }

// Translate renders a message without data in lang ("fr" or "en") outside a request's localizer.
func (s *Server) Translate(lang, id string) string {
	return translate(i18n.NewLocalizer(s.i18n, lang), id, nil)
}

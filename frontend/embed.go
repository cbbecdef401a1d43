// Package frontend holds what the browser gets: html/template files, static assets (CSS, the little
// JavaScript of progressive enhancement, icons) and the translation catalogues, embedded in the binary.
package frontend

import "embed"

// Templates holds templates/<area>/<page>.html; layouts/ and partials/ are shared.
//
//go:embed templates
var Templates embed.FS

// Static holds static/; served under /static/ with long cache headers.
//
//go:embed static
var Static embed.FS

// Locales holds locales/<domain>.<lang>.toml message catalogues (go-i18n).
//
//go:embed locales
var Locales embed.FS

// Mail holds mail/<name>.<lang>.txt|html, the e-mail templates (app/mail).
//
//go:embed mail
var Mail embed.FS

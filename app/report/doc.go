// Package report turns a declaration's computed progress into what people read: translated
// rows for the targets table (shared by the dashboard and the council report), the chart inputs,
// and the council report as a PDF.
//
// It is a presentation package: it reads app/declarations values and draws with app/charts, and
// takes its words from a translation function so the web layer's i18n bundle (or a test's) speaks.
package report

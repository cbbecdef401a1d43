// Package charts draws accessible charts as SVG on the server: progress bars against targets,
// a cumulative line against a pro-rata target line, and horizontal bars for breakdowns.
//
// Every chart is an <svg role="img"> labelled by its own <title> and <desc>, carries its numbers
// as visible text labels (never colour alone), and uses presentation attributes only — no style
// attributes and no script — so it passes a strict Content-Security-Policy once inlined in a page.
// The caller passes already-translated labels; the Format type helps write the numbers in French
// or English. Pages show the same data as a table next to each chart.
package charts

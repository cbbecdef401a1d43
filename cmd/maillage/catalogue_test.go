package main

import (
	"strings"
	"testing"
)

func TestCatalogueCommands(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	steps := []struct {
		name             string
		args             []string
		wantOut, wantErr string
	}{
		{"seed loads the demo catalogue", []string{"seed", "demo"}, "catalogue: 300 demo entries", ""},
		{"seed again changes nothing", []string{"seed", "demo"}, "demo data ready", ""},
		{"generate needs a verb", []string{"catalogue"}, "", "usage: maillage catalogue generate"},
		{"generate refuses an absurd size", []string{"catalogue", "generate", "--size", "0"}, "", "--size must be between"},
		{"generate 2,000 entries with another seed", []string{"catalogue", "generate", "--size", "2000", "--seed", "7"}, "2000 entries generated (seed 7)", ""},
		{"generate the same again (idempotent)", []string{"catalogue", "generate", "--size", "2000", "--seed", "7"}, "2000 entries generated", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			out, msg := c.run(s.args...)
			if s.wantErr == "" && msg != "" {
				t.Fatalf("unexpected error: %s", msg)
			}
			if s.wantErr != "" && !strings.Contains(msg, s.wantErr) {
				t.Fatalf("error %q, want %q", msg, s.wantErr)
			}
			if !strings.Contains(out, s.wantOut) {
				t.Fatalf("output %q lacks %q", out, s.wantOut)
			}
		})
	}
	c.env["MAILLAGE_ENV"] = "production"
	c.env["MAILLAGE_SECRET_KEY"] = strings.Repeat("s", 40)
	if _, msg := c.run("catalogue", "generate", "--size", "10"); !strings.Contains(msg, "refuses") {
		t.Errorf("generate in production: %q", msg)
	}
}

package main

import (
	"strings"
	"testing"
)

func TestSEAONoticesCommand(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	const sample = "../../app/seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json"
	steps := []struct {
		name             string
		args             []string
		wantOut, wantErr string
	}{
		{"needs a file", []string{"seao", "notices"}, "", "usage: maillage seao notices FILE"},
		{"unknown verb", []string{"seao", "awards", sample}, "", "usage: maillage seao notices FILE"},
		{"missing file", []string{"seao", "notices", "/nonexistent.json"}, "", "no such file"},
		{"not OCDS", []string{"seao", "notices", "seao_test.go"}, "", "OCDS"},
		{"loads the sample", []string{"seao", "notices", sample}, "8 releases, 1 notices (1 new, 0 updated, 0 unchanged, 0 cancelled); 7 buyers", ""},
		{"again: nothing changes", []string{"seao", "notices", sample}, "(0 new, 0 updated, 1 unchanged, 0 cancelled)", ""},
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
}

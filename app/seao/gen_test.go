package seao

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"
)

// generator streams a synthetic SEAO weekly package of about size bytes, built from the real
// sample's releases with fresh ocids, without ever holding the whole file.
type generator struct {
	templates [][]byte
	ocids     []string
	size      int
	written   int
	buf       bytes.Buffer
	state     int // 0 header, 1 releases, 2 footer written
	Releases  int
}

func newGenerator(t testing.TB, size int) *generator {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Releases []json.RawMessage `json:"releases"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	g := &generator{size: size}
	for _, r := range pkg.Releases {
		var head struct{ OCID string }
		_ = json.Unmarshal(r, &head)
		var compact bytes.Buffer
		_ = json.Compact(&compact, r)
		g.templates = append(g.templates, compact.Bytes())
		g.ocids = append(g.ocids, head.OCID)
	}
	return g
}

func (g *generator) Read(p []byte) (int, error) {
	for g.buf.Len() < len(p) && g.state < 3 {
		switch g.state {
		case 0:
			g.buf.WriteString(`{"uri":"https://example.test/hebdo.json","version":"1.1","publishedDate":"2026-08-03T01:17:56-04:00","publisher":{"name":"Secrétariat du Conseil du trésor"},"releases":[`)
			g.state = 1
		case 1:
			if g.written >= g.size {
				g.buf.WriteString("]}")
				g.state = 3
				break
			}
			i := g.Releases % len(g.templates)
			if g.Releases > 0 {
				g.buf.WriteByte(',')
			}
			rel := bytes.Replace(g.templates[i], []byte(g.ocids[i]), fmt.Appendf(nil, "ocds-ec9k95-%d", 30000000+g.Releases), 1)
			g.buf.Write(rel)
			g.written += len(rel) + 1
			g.Releases++
		}
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// Problem is one refused value of a request: where it is and why.
type Problem struct {
	Field string // form key, query parameter, or JSON path such as targets[1].key
	Key   string // message ID
}

// maxDepth bounds the nesting of a JSON document (a deeply nested body is an attack, not data).
const maxDepth = 64

// CheckJSON walks a JSON document and checks every string (member names included) with Text(s,
// MaxValue). It returns the problems found, at most max of them, and an error only when the document is
// not JSON (the route's own decoder then reports the syntax error as it always did) or nests deeper than
// maxDepth.
func CheckJSON(body []byte, max int) ([]Problem, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := walker{dec: dec, max: max}
	if err := w.value("", 0); err != nil {
		return w.out, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return w.out, errors.New("input: trailing data after the JSON document")
	}
	return w.out, nil
}

type walker struct {
	dec *json.Decoder
	out []Problem
	max int
}

var errTooDeep = errors.New("input: JSON nested too deeply")

func (w *walker) add(path, key string) {
	if len(w.out) < w.max {
		w.out = append(w.out, Problem{Field: path, Key: key})
	}
}

func (w *walker) value(path string, depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case string:
		if k := Text(t, MaxValue); k != "" {
			w.add(path, k)
		}
	case json.Delim:
		switch t {
		case '{':
			for w.dec.More() {
				nt, err := w.dec.Token()
				if err != nil {
					return err
				}
				name, _ := nt.(string)
				child := name
				if path != "" {
					child = path + "." + name
				}
				if k := Text(name, MaxName); k != "" {
					w.add(path, k)
					child = path
				}
				if err := w.value(child, depth+1); err != nil {
					return err
				}
			}
			_, err = w.dec.Token() // '}'
			return err
		case '[':
			for i := 0; w.dec.More(); i++ {
				if err := w.value(path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
			_, err = w.dec.Token() // ']'
			return err
		}
	}
	return nil
}

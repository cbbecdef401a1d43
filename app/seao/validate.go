package seao

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed ocds/*.json
var schemaFS embed.FS

const (
	packageSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
	releaseSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
)

// Validator checks documents against the OCDS 1.1.5 release package schema (embedded: it
// never fetches anything), formats included.
type Validator struct {
	schema *jsonschema.Schema
}

// NewValidator compiles the embedded schema.
func NewValidator() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range map[string]string{packageSchemaURL: "ocds/release-package-schema.json", releaseSchemaURL: "ocds/release-schema.json"} {
		b, err := schemaFS.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("add %s: %w", file, err)
		}
	}
	s, err := c.Compile(packageSchemaURL)
	if err != nil {
		return nil, fmt.Errorf("compile ocds schema: %w", err)
	}
	return &Validator{schema: s}, nil
}

// Validate returns nil when data is a valid OCDS 1.1.5 release package, else the schema
// errors (a *jsonschema.ValidationError).
func (v *Validator) Validate(data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("parse package: %w", err)
	}
	return v.schema.Validate(inst)
}

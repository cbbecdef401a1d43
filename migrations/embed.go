// Package migrations holds the versioned SQL schema of Maillage (goose format), embedded in the binary.
//
// Each file creates its tables together with their row-level-security policies and the grants of the
// app role; migrations run as the owner role (MIGRATION_DATABASE_URL), never as the app role.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS

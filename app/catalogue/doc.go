// Package catalogue is the province-wide, platform-level directory of collective enterprises
// (entreprises d'économie sociale, EES) that every tenant searches and pulls into its own
// supplier register.
//
// This file set holds the pure parts: the entry model and its validation, name normalisation
// and fuzzy matching (used by imports and de-duplication), the import match report, the
// field-by-field diff between an entry and a tenant's register copy, and a deterministic
// generator of realistic demo data. None of it touches a database; the stores that persist
// entries build on these types.
package catalogue

// Package suppliers is a tenant's register of suppliers and the way enterprises get into
// it: supplier records (NEQ, legal form, social-economy status), their documents and the
// states of those, the application workflow between an enterprise and a public body's
// buyers, imports and exports of a register.
//
// This file set is the pure part: values, validation and the application state machine,
// with no database and no web. Message IDs are "suppliers.*" keys of
// frontend/locales/suppliers.<lang>.toml.
package suppliers

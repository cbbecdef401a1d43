// Package opportunities brings what bodies want to buy to the collective enterprises that can sell
// it: opportunities a body publishes (quote requests, written invitations, planned purchases, pointers
// to SEAO calls), the calls for tenders read from SEAO's open data (notices), enterprises' alerts and
// their matches, interests, digests and feeds.
//
// Matching (match.go) is pure: an Index of profiles (alerts, or what catalogue entries sell) is
// matched against items by UNSPSC up and down the hierarchy, regions served and French words, and
// every hit carries its reasons so pages can explain it.
//
// Visibility is enforced by PostgreSQL, like tenancy: the row-level security policies of
// opportunities (migrations 0800) show a body's opportunity to its own members, to everyone when it is
// public, to the body's approved suppliers when it is for the register, and to the invited enterprises
// (by their account or by the hash of their invitation link) when it is invited-only.
package opportunities

// Package signups is how a public body asks to join Maillage: the request (the body, identified by its MAMH
// municipality, its MRC or in words; the person; acceptance of the terms), the e-mail confirmation link, the
// verification by the body's official e-mail domain (official_domains, from the MAMH list), and the platform
// admin's decision. Approval itself (creating the body, its first admin, its default policy and its trial)
// spans several areas: app/flows composes it with this package's transaction-aware writers.
//
// signups is the only writer of the signups table.
package signups

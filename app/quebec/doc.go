// Package quebec is the shared kernel of Québec primitives that every area uses and none
// owns: the NEQ (numéro d'entreprise du Québec), legal forms with their co-operative kinds
// and the Registraire des entreprises' (REQ) codes, the folding of French names, website and
// postal-code normalisation, and the reference places (regions, MRC, municipalities of the
// MAMH), loaded once from the platform's reference tables and passed to whoever needs them.
//
// It imports no other area of app/ except app/errs, so that every domain package may import
// it; it holds rules of the province, not of one area (an area's own limits stay in its
// package).
package quebec

// Package declarations holds a public body's declaration of commitment to buy from collective
// enterprises (EES, measure 9 of the 2011 MAMROT initiatives), its targets and qualitative
// commitments, and the pure computation of progress from contract records.
//
// Nothing here touches a database or the web: the caller hands in plain values (the declaration,
// every contract of the tenant, the public-tender thresholds in force) and gets plain values back.
// Progress is computed, never typed, so a councillor reads numbers that can be traced to contracts:
// every figure comes with the contract ids behind it.
//
// Units: money is integer cents, shares are basis points (1/100 of a percent, 10 000 = 100 %),
// dates are UTC midnight and periods are inclusive of both ends.
package declarations

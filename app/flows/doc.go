// Package flows composes areas' transaction-aware writers in one tenant transaction, for work that
// spans areas (each area stays the only writer of its tables; domain packages never import each other).
package flows

package billing

import "time"

// Subscription statuses (Stripe's, plus the local trial before any Stripe object exists).
const (
	StatusTrialing          = "trialing"
	StatusActive            = "active"
	StatusPastDue           = "past_due"
	StatusUnpaid            = "unpaid"
	StatusCanceled          = "canceled"
	StatusIncomplete        = "incomplete"
	StatusIncompleteExpired = "incomplete_expired"
	StatusPaused            = "paused"
)

// Statuses lists every status, in the order the platform page shows them.
var Statuses = []string{StatusTrialing, StatusActive, StatusPastDue, StatusUnpaid, StatusCanceled, StatusPaused,
	StatusIncomplete, StatusIncompleteExpired}

// Access is what a body's subscription allows.
type Access int

const (
	// Full: every page and write (trialing, active, incomplete while its first invoice is open).
	Full Access = iota
	// Warned: full, with a banner for the body's admins (past_due: an invoice is overdue).
	Warned
	// ReadOnly: reads, exports and public pages only; every write of the body answers 402.
	ReadOnly
)

// AccessOf decides what a subscription allows at now. A body without a subscription row (created from the
// command line, before billing existed) has full access: the platform bills it outside Maillage. A local
// trial (no Stripe subscription yet) that has ended is read-only only when enforceTrial (billing is on):
// without Stripe a body could not pay, so it is never locked out for not paying.
func AccessOf(sub *Subscription, now time.Time, enforceTrial bool) (Access, string) {
	if sub == nil {
		return Full, ""
	}
	switch sub.Status {
	case StatusActive, StatusIncomplete:
		return Full, ""
	case StatusTrialing:
		if sub.StripeSubscriptionID == "" && enforceTrial && sub.TrialEndsAt != nil && now.After(*sub.TrialEndsAt) {
			return ReadOnly, "trial_ended"
		}
		return Full, ""
	case StatusPastDue:
		return Warned, StatusPastDue
	}
	return ReadOnly, sub.Status // unpaid, canceled, paused, incomplete_expired
}

// Package billing is how public bodies pay for Maillage: the price list (plans by kind of body and MAMH
// population band), quotes a body takes to its council (a French PDF with GST and QST), the body's
// subscription, its invoices, and Stripe (stripe-go v76, API version 2023-10-16): one customer per body, a
// subscription billed by invoice (collection_method=send_invoice, 30 days, CAD, GST and QST tax rates), the
// purchase-order number printed on every invoice, and the signed webhooks that keep the subscription's status.
//
// The status decides what the body may do (Access): trialing and active are full, past_due is full with a
// warning, unpaid, canceled and paused are read-only (writes answer 402, reads, exports and public pages keep
// working; nothing is deleted or hidden). Stripe objects carry metadata maillage_tenant_id; a webhook's object
// is applied as sent (no call back to Stripe), each event stored once by id and applied in the order of its
// created time per subscription and per invoice. Without MAILLAGE_STRIPE_SECRET_KEY no Stripe call is made
// (billing is off and the pages say so); with only MAILLAGE_STRIPE_WEBHOOK_SECRET statuses are still followed.
//
// billing is the only writer of billing_plans, subscriptions, quotes, invoices, stripe_events and stripe_refs.
package billing

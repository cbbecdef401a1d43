package suppliers

import (
	"strings"

	"maillage/app/errs"
)

// State is where an enterprise's application to one public body's register stands.
// The supplier record in the register carries the same state, except that an
// information request shows there as under review (see RegisterStatus).
type State string

const (
	StateNone          State = ""               // before the application exists
	StateInvited       State = "invited"        // a buyer invited the enterprise; nothing submitted yet
	StateApplied       State = "applied"        // submitted by the enterprise, waiting in the queue
	StateUnderReview   State = "under_review"   // a buyer is reviewing it
	StateInfoRequested State = "info_requested" // a buyer asked a question; the enterprise must answer
	StateApproved      State = "approved"       // in the register
	StateRejected      State = "rejected"       // refused, with a reason; the enterprise may apply again
	StateWithdrawn     State = "withdrawn"      // the enterprise withdrew; it may apply again
	StateSuspended     State = "suspended"      // was approved, suspended by a buyer with a reason
)

// States lists every state an application can be in, in workflow order.
func States() []State {
	return []State{StateInvited, StateApplied, StateUnderReview, StateInfoRequested, StateApproved, StateRejected, StateWithdrawn, StateSuspended}
}

// Valid reports whether s is one of States.
func (s State) Valid() bool {
	for _, k := range States() {
		if s == k {
			return true
		}
	}
	return false
}

// MessageKey is the i18n ID of the state's name.
func (s State) MessageKey() string { return "suppliers.state." + string(s) }

// RegisterStatus is the status a supplier record shows for an application in state s:
// a pending question is still a review from the register's point of view.
func (s State) RegisterStatus() State {
	if s == StateInfoRequested {
		return StateUnderReview
	}
	return s
}

// Action is something a person does to an application.
type Action string

const (
	ActInvite      Action = "invite"       // buyer: invite an enterprise to apply
	ActApply       Action = "apply"        // enterprise: submit (first time, after an invitation, or again)
	ActStartReview Action = "start_review" // buyer: take the application for review
	ActRequestInfo Action = "request_info" // buyer: ask a question (message required)
	ActAnswer      Action = "answer"       // enterprise: answer the question (message required)
	ActApprove     Action = "approve"      // buyer: admit into the register
	ActReject      Action = "reject"       // buyer: refuse (reason required)
	ActSuspend     Action = "suspend"      // buyer: suspend an approved supplier (reason required)
	ActReinstate   Action = "reinstate"    // buyer: lift a suspension
	ActWithdraw    Action = "withdraw"     // enterprise: withdraw the application or leave the register
)

// Actions lists every action.
func Actions() []Action {
	return []Action{ActInvite, ActApply, ActStartReview, ActRequestInfo, ActAnswer, ActApprove, ActReject, ActSuspend, ActReinstate, ActWithdraw}
}

// MessageKey is the i18n ID of the action's button label.
func (a Action) MessageKey() string { return "suppliers.action." + string(a) }

// Role is who acts on an application.
type Role string

const (
	RoleBuyer      Role = "buyer"      // procurement staff of the public body (the tenant)
	RoleEnterprise Role = "enterprise" // a user of the applying enterprise
)

// Roles lists every role.
func Roles() []Role { return []Role{RoleBuyer, RoleEnterprise} }

// transition is one row of the table: who may do it, where it leads, whether it needs
// a written reason or message.
type transition struct {
	role   Role
	to     State
	reason bool
}

// rule is the transition table: for a state and an action, the transition if one exists.
// It is a switch rather than a package variable so that nothing can change it at run time.
func rule(from State, a Action) (transition, bool) {
	switch a {
	case ActInvite:
		if from == StateNone {
			return transition{RoleBuyer, StateInvited, false}, true
		}
	case ActApply:
		switch from {
		case StateNone, StateInvited, StateRejected, StateWithdrawn:
			return transition{RoleEnterprise, StateApplied, false}, true
		}
	case ActStartReview:
		if from == StateApplied {
			return transition{RoleBuyer, StateUnderReview, false}, true
		}
	case ActRequestInfo:
		switch from {
		case StateApplied, StateUnderReview:
			return transition{RoleBuyer, StateInfoRequested, true}, true
		}
	case ActAnswer:
		if from == StateInfoRequested {
			return transition{RoleEnterprise, StateUnderReview, true}, true
		}
	case ActApprove:
		switch from {
		case StateApplied, StateUnderReview, StateInfoRequested:
			return transition{RoleBuyer, StateApproved, false}, true
		}
	case ActReject:
		switch from {
		case StateApplied, StateUnderReview, StateInfoRequested:
			return transition{RoleBuyer, StateRejected, true}, true
		}
	case ActSuspend:
		if from == StateApproved {
			return transition{RoleBuyer, StateSuspended, true}, true
		}
	case ActReinstate:
		if from == StateSuspended {
			return transition{RoleBuyer, StateApproved, false}, true
		}
	case ActWithdraw:
		switch from {
		case StateInvited, StateApplied, StateUnderReview, StateInfoRequested, StateApproved, StateSuspended:
			return transition{RoleEnterprise, StateWithdrawn, false}, true
		}
	}
	return transition{}, false
}

// Next applies an action to an application in state from, done by role with an
// optional reason, and returns the new state. Errors:
//   - Conflict "suppliers.transition_illegal": the action does not apply in that state
//     (a stale page, a double click);
//   - Forbidden "suppliers.transition_forbidden": the action exists there but belongs
//     to the other role;
//   - Invalid "suppliers.reason_required" on field "reason": a reason or message is needed.
func Next(from State, a Action, role Role, reason string) (State, error) {
	tr, ok := rule(from, a)
	args := map[string]any{"From": string(from), "Action": string(a)}
	if !ok {
		return from, errs.E(errs.Conflict, "suppliers.transition_illegal").With(args)
	}
	if tr.role != role {
		return from, errs.E(errs.Forbidden, "suppliers.transition_forbidden").With(args)
	}
	if tr.reason && strings.TrimSpace(reason) == "" {
		return from, errs.E(errs.Invalid, "suppliers.reason_required").Field("reason", "suppliers.reason_required", nil)
	}
	return tr.to, nil
}

// Allowed lists the actions role may take from state s, in Actions order, for buttons.
func Allowed(s State, role Role) []Action {
	var out []Action
	for _, a := range Actions() {
		if tr, ok := rule(s, a); ok && tr.role == role {
			out = append(out, a)
		}
	}
	return out
}

// NeedsReason reports whether an action needs a written reason or message.
func NeedsReason(a Action) bool {
	for _, s := range append([]State{StateNone}, States()...) {
		if tr, ok := rule(s, a); ok {
			return tr.reason
		}
	}
	return false
}

package suppliers

import (
	"fmt"
	"reflect"
	"testing"

	"maillage/app/errs"
)

// allowedSpec is the workflow as agreed in issue 4, written out as data independent of
// rule's switch: every (state, action) pair not listed here must be refused.
var allowedSpec = []struct {
	from   State
	action Action
	role   Role
	to     State
	reason bool
}{
	{StateNone, ActInvite, RoleBuyer, StateInvited, false},
	{StateNone, ActApply, RoleEnterprise, StateApplied, false},
	{StateInvited, ActApply, RoleEnterprise, StateApplied, false},
	{StateInvited, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateApplied, ActStartReview, RoleBuyer, StateUnderReview, false},
	{StateApplied, ActRequestInfo, RoleBuyer, StateInfoRequested, true},
	{StateApplied, ActApprove, RoleBuyer, StateApproved, false},
	{StateApplied, ActReject, RoleBuyer, StateRejected, true},
	{StateApplied, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateUnderReview, ActRequestInfo, RoleBuyer, StateInfoRequested, true},
	{StateUnderReview, ActApprove, RoleBuyer, StateApproved, false},
	{StateUnderReview, ActReject, RoleBuyer, StateRejected, true},
	{StateUnderReview, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateInfoRequested, ActAnswer, RoleEnterprise, StateUnderReview, true},
	{StateInfoRequested, ActApprove, RoleBuyer, StateApproved, false},
	{StateInfoRequested, ActReject, RoleBuyer, StateRejected, true},
	{StateInfoRequested, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateApproved, ActSuspend, RoleBuyer, StateSuspended, true},
	{StateApproved, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateSuspended, ActReinstate, RoleBuyer, StateApproved, false},
	{StateSuspended, ActWithdraw, RoleEnterprise, StateWithdrawn, false},
	{StateRejected, ActApply, RoleEnterprise, StateApplied, false},
	{StateWithdrawn, ActApply, RoleEnterprise, StateApplied, false},
}

// TestNextExhaustive tries every (state, action, role, with or without reason).
func TestNextExhaustive(t *testing.T) {
	t.Parallel()
	type key struct {
		from   State
		action Action
	}
	spec := map[key]int{}
	for i, s := range allowedSpec {
		spec[key{s.from, s.action}] = i
	}
	count := 0
	for _, from := range append([]State{StateNone}, States()...) {
		for _, a := range Actions() {
			for _, role := range Roles() {
				for _, reason := range []string{"", "  ", "Pièce manquante"} {
					count++
					name := fmt.Sprintf("%s/%s/%s/reason=%q", from, a, role, reason)
					t.Run(name, func(t *testing.T) {
						got, err := Next(from, a, role, reason)
						i, exists := spec[key{from, a}]
						var wantKind errs.Kind
						want := from
						switch {
						case !exists:
							wantKind = errs.Conflict
						case allowedSpec[i].role != role:
							wantKind = errs.Forbidden
						case allowedSpec[i].reason && (reason == "" || reason == "  "):
							wantKind = errs.Invalid
						default:
							want = allowedSpec[i].to
						}
						if got != want {
							t.Errorf("state = %q, want %q", got, want)
						}
						if wantKind == "" && err != nil {
							t.Errorf("err = %v, want nil", err)
						}
						if wantKind != "" && errs.KindOf(err) != wantKind {
							t.Errorf("err = %v, want kind %s", err, wantKind)
						}
					})
				}
			}
		}
	}
	if want := 9 * 10 * 2 * 3; count != want {
		t.Errorf("tried %d combinations, want %d", count, want)
	}
}

func TestRejectReasonIsAFieldError(t *testing.T) {
	t.Parallel()
	_, err := Next(StateUnderReview, ActReject, RoleBuyer, "")
	e := errs.As(err)
	if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "reason" {
		t.Fatalf("err = %#v, want a field error on reason", err)
	}
}

func TestAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		state State
		role  Role
		want  []Action
	}{
		{StateApplied, RoleBuyer, []Action{ActStartReview, ActRequestInfo, ActApprove, ActReject}},
		{StateApplied, RoleEnterprise, []Action{ActWithdraw}},
		{StateInfoRequested, RoleEnterprise, []Action{ActAnswer, ActWithdraw}},
		{StateApproved, RoleBuyer, []Action{ActSuspend}},
		{StateRejected, RoleBuyer, nil},
		{StateNone, RoleBuyer, []Action{ActInvite}},
	}
	for _, tt := range tests {
		t.Run(string(tt.state)+"/"+string(tt.role), func(t *testing.T) {
			if got := Allowed(tt.state, tt.role); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWorkflowShape checks properties of the whole graph: every state can be reached
// from nothing, none is a dead end, approval can be reached from every state, and no
// transition loops onto its own state.
func TestWorkflowShape(t *testing.T) {
	t.Parallel()
	edges := map[State][]State{}
	for _, from := range append([]State{StateNone}, States()...) {
		for _, a := range Actions() {
			for _, role := range Roles() {
				to, err := Next(from, a, role, "motif")
				if err != nil {
					continue
				}
				if to == from {
					t.Errorf("%s --%s--> itself", from, a)
				}
				edges[from] = append(edges[from], to)
			}
		}
	}
	reach := func(start State) map[State]bool {
		seen := map[State]bool{start: true}
		queue := []State{start}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, n := range edges[s] {
				if !seen[n] {
					seen[n] = true
					queue = append(queue, n)
				}
			}
		}
		return seen
	}
	fromNone := reach(StateNone)
	for _, s := range States() {
		t.Run(string(s), func(t *testing.T) {
			if !fromNone[s] {
				t.Error("unreachable from a new application")
			}
			if len(edges[s]) == 0 {
				t.Error("dead end: no action leaves this state")
			}
			if s != StateApproved && !reach(s)[StateApproved] {
				t.Error("approval is unreachable from here")
			}
			if s.RegisterStatus() == StateInfoRequested {
				t.Error("an information request must show as under review in the register")
			}
		})
	}
}

func TestNeedsReason(t *testing.T) {
	t.Parallel()
	want := map[Action]bool{ActRequestInfo: true, ActAnswer: true, ActReject: true, ActSuspend: true}
	for _, a := range Actions() {
		if NeedsReason(a) != want[a] {
			t.Errorf("NeedsReason(%s) = %v", a, NeedsReason(a))
		}
	}
}

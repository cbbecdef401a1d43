package suppliers

import "time"

// MailData is what the application and document e-mails show (frontend/mail/*).
// Values are plain text; the HTML templates escape them.
type MailData struct {
	BodyName       string    // the public body (tenant) name
	EnterpriseName string    // legal name of the enterprise
	NEQ            string    // as shown, e.g. NEQ.Display()
	RecipientName  string    // may be empty: "Bonjour," alone
	Message        string    // reason, question or answer of the step, when it has one
	Link           string    // absolute URL of the page to act on
	DocumentType   string    // translated document type, for document reminders
	ExpiresOn      time.Time // last valid day, for document reminders
	DaysLeft       int       // days until ExpiresOn, for document reminders
}

// Notice is one e-mail a step sends: which template, to whom.
type Notice struct {
	Template string
	To       Role // RoleEnterprise: the enterprise's contact; RoleBuyer: the body's reviewers
}

// StepNotices lists the e-mails an action sends once it succeeded; every action of the
// workflow sends at least one, so each side always knows where things stand.
func StepNotices(a Action) []Notice {
	switch a {
	case ActInvite:
		return []Notice{{"application_invited", RoleEnterprise}}
	case ActApply:
		return []Notice{{"application_received", RoleEnterprise}, {"application_new", RoleBuyer}}
	case ActStartReview:
		return []Notice{{"application_under_review", RoleEnterprise}}
	case ActRequestInfo:
		return []Notice{{"application_info_requested", RoleEnterprise}}
	case ActAnswer:
		return []Notice{{"application_answered", RoleBuyer}}
	case ActApprove:
		return []Notice{{"application_approved", RoleEnterprise}}
	case ActReject:
		return []Notice{{"application_rejected", RoleEnterprise}}
	case ActSuspend:
		return []Notice{{"application_suspended", RoleEnterprise}}
	case ActReinstate:
		return []Notice{{"application_reinstated", RoleEnterprise}}
	case ActWithdraw:
		return []Notice{{"application_withdrawn", RoleBuyer}}
	}
	return nil
}

// ReminderTemplate is the e-mail for a document in state s, or "" when none is due.
func ReminderTemplate(s DocState) string {
	switch s {
	case DocExpiring:
		return "document_expiring"
	case DocExpired:
		return "document_expired"
	}
	return ""
}

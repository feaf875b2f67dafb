// Package admin serves the clinic's administration: users (create,
// disable, enable), the audit trail (page and CSV), the clinic's settings
// (with its minimum baselines for outcomes), the room's session
// settings, the whole clinic exported as CSV files, and a person's own
// account and API tokens.
package admin

import (
	"onset/internal/service"
	"onset/internal/web/page"
)

// Pages serves the routes below; it builds on the Kit every page uses.
type Pages struct{ *page.Kit }

// New makes the handlers over k.
func New(k *page.Kit) *Pages { return &Pages{Kit: k} }

// Routes are the routes this package serves, for package web to mount.
func (s *Pages) Routes() []page.Route {
	return []page.Route{
		page.Full("GET /audit", service.ActAuditRead, s.auditPage),
		page.Full("GET /audit.csv", service.ActAuditRead, s.auditCSV),
		page.Full("GET /admin/clinic", service.ActClinicSettings, s.clinicSettingsPage), // (clinic_settings.go)
		page.Full("POST /admin/clinic", service.ActClinicSettings, s.clinicSettingsSave),
		page.Full("GET /admin/export.zip", service.ActClinicExport, s.clinicExport), // the whole clinic as CSV (clinic_export.go)
		page.Full("GET /admin/users", service.ActUserManage, s.usersPage),
		page.Full("POST /admin/users", service.ActUserManage, s.userCreate),
		page.Full("POST /admin/users/{id}/disable", service.ActUserManage, s.userDisable),
		page.Full("POST /admin/users/{id}/enable", service.ActUserManage, s.userEnable),
		page.Full("GET /account", service.ActOwnAccount, s.accountPage),
		page.Full("POST /account/tokens", service.ActOwnTokens, s.tokenCreate),
		page.Full("POST /account/tokens/{id}/revoke", service.ActOwnTokens, s.tokenRevoke),
		page.Full("GET /admin/session-settings", service.ActSessionRead, s.sessionSettingsPage),
		page.Full("POST /admin/session-settings", service.ActSessionSettings, s.sessionSettingsSave),
	}
}

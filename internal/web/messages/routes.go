// Package messages serves secure messages between a patient and their
// care team: the clinic's conversations, a patient's threads, replies,
// assignment to staff and read state.
package messages

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
		page.Full("GET /messages", service.ActMessageRead, s.messagesPage), // the clinic's conversations; a patient is sent to theirs
		page.Full("GET /patients/{id}/messages", service.ActMessageRead, s.patientMessagesPage),
		page.Full("POST /patients/{id}/messages", service.ActMessageSend, s.threadStart),
		page.Full("GET /messages/{tid}", service.ActMessageRead, s.threadPage),
		page.Full("POST /messages/{tid}/reply", service.ActMessageSend, s.threadReply),
		page.Full("POST /messages/{tid}/assign", service.ActMessageAssign, s.threadAssign),
		page.Full("POST /messages/{tid}/read", service.ActMessageRead, s.threadMarkRead),
	}
}

package treatment

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"onset/internal/service/accounts"
)

// The room's problems, live: GET /events/room is a server-sent-events
// stream of the problems the service publishes (a dose held for blood
// pressure, an alarming reading, a screening exclusion) for the home
// pages of the clinic's staff (ui/static/room.js). A stream lasts at most
// roomStreamMax and the browser reconnects, which authenticates it again;
// it is background traffic, not activity, so it never keeps a sign-in alive.

const (
	roomStreamMax   = 5 * time.Minute
	roomHeartbeat   = 20 * time.Second // keeps proxies from closing a quiet stream
	roomRetryMillis = 2000             // how soon the browser reconnects
)

// roomEvent is a problem as the page shows it.
type roomEvent struct {
	Kind    string `json:"kind"`
	Patient string `json:"patient"`
	Message string `json:"message"`
	Link    string `json:"link"`
	At      string `json:"at"`
}

func (s *Pages) roomEvents(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	ctx, cancel := context.WithTimeout(r.Context(), roomStreamMax)
	defer cancel()
	problems, err := s.Svc.WatchRoom(ctx, p.Actor)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Now().Add(roomStreamMax + time.Minute)) // the server's write timeout is for pages
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: %d\n: connected\n\n", roomRetryMillis)
	if err := rc.Flush(); err != nil {
		return nil // the client went away
	}
	beat := time.NewTicker(roomHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-beat.C:
			fmt.Fprint(w, ": still here\n\n")
		case pr, ok := <-problems:
			if !ok {
				return nil
			}
			data, _ := json.Marshal(roomEvent{Kind: pr.Kind, Patient: pr.PatientName, Message: pr.Message, Link: pr.Link(),
				At: pr.At.Format("15:04") + " UTC"})
			fmt.Fprintf(w, "event: problem\ndata: %s\n\n", data)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

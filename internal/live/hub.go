// Package live fans out events to the people watching, in this process:
// a subscriber gets every event published after it subscribed, for the
// clinic it watches. It is how problems in the treatment room reach the
// clinicians on duty at once, without anyone reloading a page.
package live

import "sync"

// subscriberBuffer is how many events a slow watcher may fall behind
// before it misses some; a watcher that misses events re-reads the
// current list when it reconnects, so nothing is lost for good.
const subscriberBuffer = 64

// Hub is a set of subscribers by clinic. The zero value is not usable;
// use NewHub.
type Hub[E any] struct {
	mu   sync.Mutex
	subs map[int64]map[chan E]struct{}
}

// NewHub returns an empty hub.
func NewHub[E any]() *Hub[E] {
	return &Hub[E]{subs: map[int64]map[chan E]struct{}{}}
}

// Subscribe returns the clinic's events from now on, and the function
// that ends the subscription (closing the channel).
func (h *Hub[E]) Subscribe(clinicID int64) (<-chan E, func()) {
	ch := make(chan E, subscriberBuffer)
	h.mu.Lock()
	if h.subs[clinicID] == nil {
		h.subs[clinicID] = map[chan E]struct{}{}
	}
	h.subs[clinicID][ch] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[clinicID], ch)
			if len(h.subs[clinicID]) == 0 {
				delete(h.subs, clinicID)
			}
			h.mu.Unlock()
			close(ch)
		})
	}
}

// Publish sends e to the clinic's subscribers without waiting: a
// subscriber whose buffer is full misses it.
func (h *Hub[E]) Publish(clinicID int64, e E) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[clinicID] {
		select {
		case ch <- e:
		default:
		}
	}
}

// Subscribers counts a clinic's subscribers.
func (h *Hub[E]) Subscribers(clinicID int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[clinicID])
}

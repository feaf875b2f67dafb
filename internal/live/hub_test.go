package live

import (
	"sync"
	"testing"
)

func TestHubDeliversToTheClinicsSubscribersOnly(t *testing.T) {
	t.Parallel()
	h := NewHub[string]()
	a, endA := h.Subscribe(1)
	b, endB := h.Subscribe(2)
	defer endB()
	h.Publish(1, "hold")
	if got := <-a; got != "hold" {
		t.Fatalf("clinic 1 got %q", got)
	}
	select {
	case got := <-b:
		t.Fatalf("clinic 2 got clinic 1's event %q", got)
	default:
	}
	endA()
	endA() // ending twice is harmless
	if _, open := <-a; open {
		t.Error("the channel is open after the subscription ended")
	}
	if n := h.Subscribers(1); n != 0 {
		t.Errorf("%d subscribers left", n)
	}
	h.Publish(1, "after") // nobody listens: no panic, no block
}

func TestHubNeverBlocksOnASlowSubscriber(t *testing.T) {
	t.Parallel()
	h := NewHub[int]()
	slow, end := h.Subscribe(1)
	defer end()
	for i := range subscriberBuffer + 10 {
		h.Publish(1, i) // must return although nobody reads
	}
	if n := len(slow); n != subscriberBuffer {
		t.Errorf("%d events buffered, want %d", n, subscriberBuffer)
	}
}

func TestHubConcurrentUse(t *testing.T) {
	t.Parallel()
	h := NewHub[int]()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			ch, end := h.Subscribe(1)
			h.Publish(1, 1)
			<-ch
			end()
		})
	}
	wg.Wait()
	if n := h.Subscribers(1); n != 0 {
		t.Errorf("%d subscribers left", n)
	}
}

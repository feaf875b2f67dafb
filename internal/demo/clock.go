package demo

import (
	"container/heap"
	"sync"
	"time"
)

// clock is the simulation's time, which the service reads as its now
// (service.Config.Now).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// event is something someone does at a time.
type event struct {
	at  time.Time
	seq int // events at the same time happen in the order they were planned
	do  func() error
}

// agenda holds the events to come, earliest first.
type agenda struct {
	events eventHeap
	seq    int
}

func (a *agenda) Len() int { return len(a.events) }

func (a *agenda) add(at time.Time, do func() error) {
	a.seq++
	heap.Push(&a.events, event{at: at, seq: a.seq, do: do})
}

func (a *agenda) pop() event { return heap.Pop(&a.events).(event) }

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// at plans do at t; a time before the clock's is moved to now, so the
// clock never runs backwards.
func (s *sim) at(t time.Time, do func() error) {
	if now := s.clock.Now(); t.Before(now) {
		t = now
	}
	s.agenda.add(t, do)
}

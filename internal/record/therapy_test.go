package record

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

// Preparation within 30 days before T0 counts for the course about to
// start; integration after it for the course under way, until the next
// course starts; a session long before any course counts for none.
func TestTherapyByCourse(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	courses := []clinic.Course{{ID: 2, StartedAt: day(100)}, {ID: 1, StartedAt: day(10)}}
	got := TherapyByCourse(courses, []time.Time{
		day(-40),         // 50 days before course 1: none
		day(-15),         // preparation for course 1 (25 days before)
		day(12), day(30), // integration in course 1
		day(75), // 25 days before course 2: preparation for it
		day(101),
	})
	want := []CourseTherapy{{CourseID: 1, Sessions: 3, FirstAt: day(-15)}, {CourseID: 2, Sessions: 2, FirstAt: day(75)}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if got := TherapyByCourse(nil, []time.Time{day(1)}); len(got) != 0 {
		t.Errorf("no course: %+v", got)
	}
}

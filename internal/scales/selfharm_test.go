package scales

import "testing"

func TestSelfHarmWording(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text, want string // want "" for no self-harm wording
	}{
		{"I keep thinking I want to end my life", "end my life"},
		{"I KEEP THINKING ABOUT SUICIDE.", "suicide"},
		{"Feeling suicidal again tonight", "suicidal"},
		{"sometimes i want to kill myself", "kill myself"},
		{"I could kill my self", "kill myself"},
		{"I've been self-harming", "self harming"},
		{"thinking about self-harm", "self harm"},
		{"Selfharm urges are back", "selfharm"},
		{"I don't want to live like this", "don't want to live"},
		{"I don’t want to live anymore", "don't want to live"}, // a phone's curly apostrophe
		{"i dont want to live", "don't want to live"},
		{"I do not want to live", "do not want to live"},
		{"everyone would be better off dead without me... I mean I'd be better off dead", "better off dead"},
		{"I wish I were dead", "wish I were dead"},
		{"I hurt myself last night", "hurt myself"},
		{"I want to die", "want to die"},
		{"I would never kill myself", "kill myself"}, // negations still raise: a clinician reads it
		{"thinking of ending it all\n\nsorry", "ending it all"},
		{"I'm going to end it all", "end it all"},
		// No self-harm wording.
		{"Can I move my appointment to Friday?", ""},
		{"My coping skills are getting better", ""},         // "skills" is not "kill"
		{"The nausea is killing me after each session", ""}, // not "killing myself"
		{"The traffic was murder", ""},
		{"I hurt my knee", ""},
		{"Selfie from the clinic", ""},
		{"suicidesquad was a bad film", ""}, // one word, not "suicide"
		{"", ""},
	} {
		got, found := SelfHarmWording(tt.text)
		if got != tt.want || found != (tt.want != "") {
			t.Errorf("SelfHarmWording(%q) = %q, %v; want %q", tt.text, got, found, tt.want)
		}
	}
}

func FuzzSelfHarmWording(f *testing.F) {
	f.Add("I want to end my life")
	f.Add("don’t want to live")
	f.Add("\xff\x00 my self")
	f.Fuzz(func(t *testing.T, s string) {
		if phrase, found := SelfHarmWording(s); found != (phrase != "") {
			t.Fatalf("%q: %q %v", s, phrase, found)
		}
	})
}

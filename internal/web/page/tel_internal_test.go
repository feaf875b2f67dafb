package page

import "testing"

func TestTelLinks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Call or text 988 (Suicide & Crisis Lifeline).", `Call or text <a href="tel:988" class="tel">988</a> (Suicide &amp; Crisis Lifeline).`},
		{"In an emergency call 911.", `In an emergency call <a href="tel:911" class="tel">911</a>.`},
		{"Samaritans: 116 123, or +44 20 7946 0958.", `Samaritans: <a href="tel:116123" class="tel">116 123</a>, or <a href="tel:+442079460958" class="tel">+44 20 7946 0958</a>.`},
		{"Clinic (555) 010-0199 open 24/7 since 2026.", `Clinic <a href="tel:5550100199" class="tel">(555) 010-0199</a> open 24/7 since 2026.`},
		{"<script>alert(1)</script> 988", `&lt;script&gt;alert(1)&lt;/script&gt; <a href="tel:988" class="tel">988</a>`},
		{"no numbers here", "no numbers here"},
	} {
		if got := string(telLinks(c.in)); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

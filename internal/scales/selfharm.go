package scales

import (
	"strings"
	"unicode"
)

// Self-harm wording in a patient's own words (a secure message). The
// questionnaires ask about it in fixed items (PHQ-9 item 9, QIDS-SR16 item
// 12, the C-SSRS screener); a message is free text, so the check is for
// phrases. Sources of the wording: PHQ-9 item 9, "thoughts that you would
// be better off dead or of hurting yourself in some way" (Kroenke 2001, J
// Gen Intern Med 16:606; clinical-reference §4), and the C-SSRS screener's
// questions 1, 2 and 6: "wished you were dead", "thoughts of killing
// yourself", "anything to end your life" (Posner 2011, Am J Psychiatry
// 168:1266; clinical-reference §4). No published keyword list for screening
// patients' messages was found: the other phrases are a clinic default,
// kept short and unambiguous.
//
// The check errs towards raising: a negation ("I would never kill myself")
// still raises, and a clinician reading the message decides. It is not a
// risk assessment and finds nothing in other languages or in misspellings;
// staff still read every message.

// selfHarmPhrases are matched as whole words, ignoring case, punctuation
// and apostrophes ("don't" and "dont" are one), hyphens ("self-harm" is
// "self harm") and "my self" written apart. Each is written as shown to
// staff.
var selfHarmPhrases = []string{
	"suicide", "suicidal",
	"kill myself", "killing myself",
	"end my life", "ending my life", "end it all", "ending it all",
	"take my own life", "take my life", "taking my own life",
	"self harm", "selfharm", "self harming", "harm myself", "harming myself",
	"hurt myself", "hurting myself", "cut myself", "cutting myself",
	"don't want to live", "do not want to live", "don't want to be alive", "no reason to live",
	"better off dead", "wish I was dead", "wish I were dead", "want to die", "want to be dead",
}

// selfHarmIndex is each phrase in the normalised form the text is compared in.
var selfHarmIndex = func() []string {
	out := make([]string, len(selfHarmPhrases))
	for i, p := range selfHarmPhrases {
		out[i] = " " + normaliseWords(p) + " "
	}
	return out
}()

// SelfHarmWording reports whether text has self-harm wording, and the
// first phrase of the list that it has.
func SelfHarmWording(text string) (phrase string, found bool) {
	norm := " " + normaliseWords(text) + " "
	for i, p := range selfHarmIndex {
		if strings.Contains(norm, p) {
			return selfHarmPhrases[i], true
		}
	}
	return "", false
}

// normaliseWords lowers text to its words separated by single spaces:
// letters and digits make words; apostrophes (straight or curly) are
// dropped inside a word, anything else separates words; "my self" is
// joined.
func normaliseWords(text string) string {
	var b strings.Builder
	space := true
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc':
			// inside a word: don't → dont
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	s := strings.ReplaceAll(" "+strings.TrimSpace(b.String())+" ", " my self ", " myself ")
	return strings.TrimSpace(s)
}

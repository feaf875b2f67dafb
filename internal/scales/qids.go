package scales

// qidsSR16 is the 16-item Quick Inventory of Depressive Symptomatology,
// self-report (freely usable; ids-qids.org). Source: Rush AJ et al. Biol
// Psychiatry 2003;54:573-583 (items, domain scoring, bands 0–5/6–10/11–15/
// 16–20/21–27); Trivedi 2006 (STAR*D, remission ≤ 5). No LOINC code found.
//
// The total is the sum of 9 DSM-IV domain scores, and a domain with several
// items scores as its highest item: sleep = max(items 1–4), appetite/weight =
// max(items 6–9), psychomotor = max(items 15–16). That is why the items carry
// a Domain. The form asks for item 6 or 7 and item 8 or 9 (appetite or weight
// went down or up), so one of each pair may be skipped.
func qidsSR16() Instrument {
	item := func(n int, domain, text string, opts ...string) Item {
		return Item{Number: n, Text: text, Domain: domain, Options: options(opts...)}
	}
	items := []Item{
		item(1, "sleep", "Falling asleep",
			"I never take longer than 30 minutes to fall asleep.",
			"I take at least 30 minutes to fall asleep, less than half the time.",
			"I take at least 30 minutes to fall asleep, more than half the time.",
			"I take more than 60 minutes to fall asleep, more than half the time."),
		item(2, "sleep", "Sleep during the night",
			"I do not wake up at night.",
			"I have a restless, light sleep with a few brief awakenings each night.",
			"I wake up at least once a night, but I go back to sleep easily.",
			"I awaken more than once a night and stay awake for 20 minutes or more, more than half the time."),
		item(3, "sleep", "Waking up too early",
			"Most of the time, I awaken no more than 30 minutes before I need to get up.",
			"More than half the time, I awaken more than 30 minutes before I need to get up.",
			"I almost always awaken at least one hour or so before I need to, but I go back to sleep eventually.",
			"I awaken at least one hour before I need to, and can't go back to sleep."),
		item(4, "sleep", "Sleeping too much",
			"I sleep no longer than 7–8 hours/night, without napping during the day.",
			"I sleep no longer than 10 hours in a 24-hour period including naps.",
			"I sleep no longer than 12 hours in a 24-hour period including naps.",
			"I sleep longer than 12 hours in a 24-hour period including naps."),
		item(5, "sad mood", "Feeling sad",
			"I do not feel sad.",
			"I feel sad less than half the time.",
			"I feel sad more than half the time.",
			"I feel sad nearly all of the time."),
		item(6, "appetite/weight", "Decreased appetite",
			"There is no change in my usual appetite.",
			"I eat somewhat less often or lesser amounts of food than usual.",
			"I eat much less than usual and only with personal effort.",
			"I rarely eat within a 24-hour period, and only with extreme personal effort or when others persuade me to eat."),
		item(7, "appetite/weight", "Increased appetite",
			"There is no change from my usual appetite.",
			"I feel a need to eat more frequently than usual.",
			"I regularly eat more often and/or greater amounts of food than usual.",
			"I feel driven to overeat both at mealtime and between meals."),
		item(8, "appetite/weight", "Decreased weight (within the last two weeks)",
			"I have not had a change in my weight.",
			"I feel as if I have had a slight weight loss.",
			"I have lost 2 pounds or more.",
			"I have lost 5 pounds or more."),
		item(9, "appetite/weight", "Increased weight (within the last two weeks)",
			"I have not had a change in my weight.",
			"I feel as if I have had a slight weight gain.",
			"I have gained 2 pounds or more.",
			"I have gained 5 pounds or more."),
		item(10, "concentration", "Concentration/decision making",
			"There is no change in my usual capacity to concentrate or make decisions.",
			"I occasionally feel indecisive or find that my attention wanders.",
			"Most of the time, I struggle to focus my attention or to make decisions.",
			"I cannot concentrate well enough to read or cannot make even minor decisions."),
		item(11, "self-view", "View of myself",
			"I see myself as equally worthwhile and deserving as other people.",
			"I am more self-blaming than usual.",
			"I largely believe that I cause problems for others.",
			"I think almost constantly about major and minor defects in myself."),
		item(12, "suicidal ideation", "Thoughts of death or suicide",
			"I do not think of suicide or death.",
			"I feel that life is empty or wonder if it's worth living.",
			"I think of suicide or death several times a week for several minutes.",
			"I think of suicide or death several times a day in some detail, or I have made specific plans for suicide or have actually tried to take my life."),
		item(13, "interest", "General interest",
			"There is no change from usual in how interested I am in other people or activities.",
			"I notice that I am less interested in people or activities.",
			"I find I have interest in only one or two of my formerly pursued activities.",
			"I have virtually no interest in formerly pursued activities."),
		item(14, "energy", "Energy level",
			"There is no change in my usual level of energy.",
			"I get tired more easily than usual.",
			"I have to make a big effort to start or finish my usual daily activities (for example, shopping, homework, cooking, or going to work).",
			"I really cannot carry out most of my usual daily activities because I just don't have the energy."),
		item(15, "psychomotor", "Feeling slowed down",
			"I think, speak, and move at my usual rate of speed.",
			"I find that my thinking is slowed down or my voice sounds dull or flat.",
			"It takes me several seconds to respond to most questions and I'm sure my thinking is slowed.",
			"I am often unable to respond to questions without extreme effort."),
		item(16, "psychomotor", "Feeling restless",
			"I do not feel restless.",
			"I'm often fidgety, wringing my hands, or need to shift how I am sitting.",
			"I have impulses to move about and am quite restless.",
			"At times, I am unable to stay seated and need to pace around."),
	}
	// "Please complete either 6 or 7 (not both)" and likewise 8 or 9.
	items[5].Alternative, items[6].Alternative = 7, 6
	items[7].Alternative, items[8].Alternative = 9, 8
	return Instrument{
		ID:         QIDS,
		Name:       "QIDS-SR16",
		Recall:     "During the past seven days",
		Respondent: Patient,
		Scoring:    "sum of 9 domain scores, each the highest of its items (0–3)",
		Min:        0,
		Max:        27,
		Items:      items,
		Bands: []Band{
			{0, 5, "none"},
			{6, 10, "mild"},
			{11, 15, "moderate"},
			{16, 20, "severe"},
			{21, 27, "very severe"},
		},
		RemissionMax:    5,
		HasRemission:    true,
		ResponseDropPct: 50,
		SuicideItem:     12,
		Source:          "Rush et al. 2003, Biol Psychiatry 54:573; ids-qids.org; Trivedi et al. 2006 (STAR*D)",
	}
}

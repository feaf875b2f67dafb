package scales

// FlagProvisionalPTSD is raised by a PCL-5 total of 33 or more.
const FlagProvisionalPTSD = "provisional PTSD"

// pcl5ProvisionalCut: provisional PTSD at a total ≥ 33 (Blevins 2015; the
// reference gives 31–33 as the published range and we take the upper value).
const pcl5ProvisionalCut = 33

// pcl5ItemEndorsed: under the DSM-5 rule an item counts as a symptom when
// rated 2 ("Moderately") or higher (Weathers et al. 2013, National Center
// for PTSD scoring guide).
const pcl5ItemEndorsed = 2

// pcl5 is the PTSD Checklist for DSM-5 (public domain, National Center for
// PTSD). Source: Weathers FW et al. 2013, PCL-5 (ptsd.va.gov); Blevins CA et
// al. J Trauma Stress 2015;28:489-498 (cut-off 33). No empirical severity
// bands are published, so Bands is empty. LOINC 91006-2 comes from a single
// source (a FHIR code in Discipline-OS) and is unverified — clinical-reference §4.
func pcl5() Instrument {
	items := sameOptions(
		options("Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"),
		"Repeated, disturbing, and unwanted memories of the stressful experience?",
		"Repeated, disturbing dreams of the stressful experience?",
		"Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?",
		"Feeling very upset when something reminded you of the stressful experience?",
		"Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?",
		"Avoiding memories, thoughts, or feelings related to the stressful experience?",
		"Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?",
		"Trouble remembering important parts of the stressful experience?",
		"Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?",
		"Blaming yourself or someone else for the stressful experience or what happened after it?",
		"Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
		"Loss of interest in activities that you used to enjoy?",
		"Feeling distant or cut off from other people?",
		"Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?",
		"Irritable behavior, angry outbursts, or acting aggressively?",
		"Taking too many risks or doing things that could cause you harm?",
		"Being \"superalert\" or watchful or on guard?",
		"Feeling jumpy or easily startled?",
		"Having difficulty concentrating?",
		"Trouble falling or staying asleep?",
	)
	for i := range items {
		items[i].Cluster = pcl5ClusterOf(items[i].Number)
	}
	return Instrument{
		ID:         PCL5,
		Name:       "PCL-5",
		Recall:     "In the past month",
		Respondent: Patient,
		Scoring:    "sum of 20 items, each 0–4; DSM-5 cluster rule reported separately",
		Min:        0,
		Max:        80,
		// design.md §3 applies the 50% response rule to every instrument; note
		// that §4 judges PCL-5 change in points (5–10 reliable, 10–20 meaningful).
		ResponseDropPct: 50,
		Cutoffs:         []Cutoff{{AtLeast: pcl5ProvisionalCut, Flag: FlagProvisionalPTSD}},
		LOINCTotal:      "91006-2",
		LOINCNote:       "unverified: single source (clinical-reference §4)",
		Source:          "Weathers et al. 2013 (National Center for PTSD); Blevins et al. 2015, J Trauma Stress 28:489",
		Items:           items,
	}
}

// pcl5Rule is one DSM-5 cluster of the PCL-5: its items and how many of
// them must be endorsed (Weathers 2013; clinical-reference §4).
type pcl5Rule struct {
	cluster    string
	name       string
	first, end int // item numbers first..end inclusive
	needed     int
}

func pcl5Rules() []pcl5Rule {
	return []pcl5Rule{
		{"B", "intrusion", 1, 5, 1},
		{"C", "avoidance", 6, 7, 1},
		{"D", "negative alterations in cognition and mood", 8, 14, 2},
		{"E", "alterations in arousal and reactivity", 15, 20, 2},
	}
}

func pcl5ClusterOf(item int) string {
	for _, r := range pcl5Rules() {
		if item >= r.first && item <= r.end {
			return r.cluster
		}
	}
	return ""
}

// ClusterResult is one DSM-5 cluster of a PCL-5.
type ClusterResult struct {
	Cluster  string `json:"cluster"`  // B, C, D or E
	Name     string `json:"name"`     // e.g. "intrusion"
	Score    int    `json:"score"`    // sum of the cluster's items
	Endorsed int    `json:"endorsed"` // items rated 2 or higher
	Needed   int    `json:"needed"`   // endorsed items the DSM-5 rule requires
	Met      bool   `json:"met"`
}

// DSM5Result is the PCL-5 DSM-5 cluster rule: a provisional diagnosis needs
// every cluster met. It is reported beside the total, not folded into it.
type DSM5Result struct {
	Clusters []ClusterResult `json:"clusters"`
	Met      bool            `json:"met"`
}

// pcl5Clusters applies the DSM-5 rule to 20 validated answers.
func pcl5Clusters(answers []int) *DSM5Result {
	res := &DSM5Result{Met: true}
	for _, r := range pcl5Rules() {
		c := ClusterResult{Cluster: r.cluster, Name: r.name, Needed: r.needed}
		for n := r.first; n <= r.end; n++ {
			a := answers[n-1]
			c.Score += a
			if a >= pcl5ItemEndorsed {
				c.Endorsed++
			}
		}
		c.Met = c.Endorsed >= c.Needed
		res.Met = res.Met && c.Met
		res.Clusters = append(res.Clusters, c)
	}
	return res
}

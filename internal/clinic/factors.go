package clinic

// IntakeFactors are what may change how fast ketamine works for a patient
// (issue 15), recorded at intake and versioned with it. Each is nil when it
// was not asked or is not known — imported courses have none — and nil is
// never read as zero: a course missing a factor a model uses is left out of
// that model, and counted.
type IntakeFactors struct {
	// YearsIll is the years since the condition began; EpisodeMonths the
	// length of the current episode in months.
	YearsIll      *float64 `json:"years_ill"`
	EpisodeMonths *float64 `json:"episode_months"`
	// Treatment resistance: adequate antidepressant trials failed in this
	// episode, augmentation tried, ECT or TMS ever received.
	FailedTrials *int  `json:"failed_trials"`
	Augmentation *bool `json:"augmentation"`
	ECT          *bool `json:"ect"`
	TMS          *bool `json:"tms"`
	// Concurrent medications that change ketamine's effect: the daily
	// benzodiazepine dose in diazepam equivalents (0: none), lamotrigine,
	// naltrexone, stimulants.
	BenzoDiazepamMg *float64 `json:"benzo_diazepam_mg"`
	Lamotrigine     *bool    `json:"lamotrigine"`
	Naltrexone      *bool    `json:"naltrexone"`
	Stimulant       *bool    `json:"stimulant"`
	// Coexisting conditions.
	Anxiety      *bool `json:"anxiety"`
	PTSD         *bool `json:"ptsd"`
	SubstanceUse *bool `json:"substance_use"`
	ChronicPain  *bool `json:"chronic_pain"`
	Bipolar      *bool `json:"bipolar"`
}

// The plausible ranges of the intake's factors (clinic defaults: no
// published limit; wide enough for any real patient, narrow enough to
// catch a unit or a typing slip).
var (
	YearsIll      = Quantity{"years since the condition began", "years", 0, 90}
	EpisodeMonths = Quantity{"length of the current episode", "months", 0, 600}
	FailedTrials  = Quantity{"number of adequate antidepressant trials failed in this episode", "trials", 0, 30}
	// Daily benzodiazepine dose in diazepam equivalents (Ashton manual
	// equivalences); 200 mg/day is beyond any prescribed regimen.
	BenzoDiazepamMg = Quantity{"daily benzodiazepine dose in diazepam equivalents", "mg/day", 0, 200}
)

// SessionEnvironment is how a treatment session was set (issue 15): music
// played, an eyeshade worn, a support person present. nil: not recorded.
type SessionEnvironment struct {
	Music         *bool `json:"music"`
	Eyeshade      *bool `json:"eyeshade"`
	SupportPerson *bool `json:"support_person"`
}

// Recorded reports whether any part of the environment was recorded.
func (e SessionEnvironment) Recorded() bool {
	return e.Music != nil || e.Eyeshade != nil || e.SupportPerson != nil
}

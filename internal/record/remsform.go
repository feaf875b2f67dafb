package record

import (
	"onset/internal/session"
	"slices"
)

// BuildREMSForm fills the Patient Monitoring Form from a session record.
func BuildREMSForm(rec SessionRecord, limits session.AlertLimits) session.REMSForm {
	r := session.REMSRecord{Baseline: rec.Session.Baseline, Discharged: rec.Session.DischargedAt,
		BaselineHeld: rec.Session.HoldReason != ""}
	if rec.Dose != nil {
		r.DoseMg, r.LotNumber, r.FirstDevice = int(rec.Dose.DoseMg), rec.Dose.LotNumber, rec.Dose.StartedAt
	}
	for _, v := range rec.Vitals {
		r.Readings = append(r.Readings, session.Reading{At: v.TakenAt, Vitals: v.Vitals})
	}
	for _, e := range rec.SideEffects {
		switch e.Effect {
		case "sedation":
			r.SedationNoted = true
		case "dissociation":
			r.DissociationNoted = true
		case "respiratory depression":
			r.RespiratoryDepressionNoted = true
		}
	}
	if rec.REMS != nil {
		r.Medications, r.ReadyToLeave = rec.REMS.Medications, rec.REMS.ReadyMinutes
	}
	if n := len(r.Readings); n > 0 {
		last := slices.MaxFunc(r.Readings, func(x, y session.Reading) int { return x.At.Compare(y.At) })
		r.EndAlerts = limits.WithinLimits(rec.Session.Baseline, last)
	}
	return session.BuildREMS(r, limits)
}

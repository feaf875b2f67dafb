package cohort

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/service"
)

// OrganizationOutcomes pools the courses of every clinic of the actor's
// organization and computes time to the event with the clinic (location)
// as the stratum, so a medical director compares locations on the same
// definitions. Only organization admins see across clinics; the read is
// audited in the clinic the admin works in.
func (s *Service) OrganizationOutcomes(ctx context.Context, a service.Actor, q OutcomeQuery) (outcomes.Cohort, error) {
	if err := service.AuthorizeOrg(a); err != nil {
		return outcomes.Cohort{}, err
	}
	q.By, q.Provider = "", 0
	sp, err := q.validate(s.Now())
	if err != nil {
		return outcomes.Cohort{}, err
	}
	clinics, err := s.store.Read().SiblingClinics(ctx, a.ClinicID)
	if err != nil {
		return outcomes.Cohort{}, clinic.Wrap(err, "Could not load the organization's clinics.")
	}
	var pooled []outcomes.CourseRow
	for _, c := range clinics {
		rows, err := s.cachedCourseRows(ctx, c.ID, sp.inst, q.From, q.To)
		if err != nil {
			return outcomes.Cohort{}, err
		}
		for i := range rows {
			rows[i].Facts.Location = c.Name
		}
		pooled = append(pooled, rows...)
	}
	co, err := outcomes.Group(pooled, sp.event, outcomes.ByLocation, q.Times, outcomes.DefaultConfLevel)
	if err != nil {
		return co, clinic.Wrap(err, "Could not compute the outcome curves.")
	}
	return co, s.auditOutcomes(ctx, a, service.ActOrgManage, "organization outcomes")
}

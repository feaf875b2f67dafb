package page

import (
	"errors"
	"io"
	"net/http"

	"onset/internal/clinic"
)

// DecodeJSON is the one way an API body is read: all of it (within the
// route wrapper's size limit), then clinic.DecodeJSON — exactly one JSON
// value, valid UTF-8, no key named twice, no field the endpoint does not
// take. Every /api handler that takes a body reads it here.
func DecodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return clinic.Errorf(clinic.Invalid, "The request body could not be read.")
	}
	if err := clinic.DecodeJSON(body, v); err != nil {
		return clinic.Errorf(clinic.Invalid, "The request body is not valid JSON for this endpoint: %s.", clinic.ErrorMessage(err))
	}
	return nil
}

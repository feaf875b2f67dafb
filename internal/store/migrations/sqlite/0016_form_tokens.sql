-- A web form that posts carries a random token, rendered as a hidden
-- field. The write the form causes stores its token here, in the same
-- transaction, so the same form sent twice (a double click, back and send
-- again, two requests at once) stores one record: the second insert hits
-- the primary key and the form is refused as already sent. A refused form
-- stores nothing, its token included, so it can be corrected and sent.
-- Rows older than two days are deleted as new ones arrive: a form is
-- sent within its sign-in, which lasts at most 12 hours.
CREATE TABLE form_submissions (
    token      TEXT PRIMARY KEY,
    clinic_id  INTEGER,         -- NULL for a form sent without a sign-in (public booking)
    user_id    INTEGER,
    used_at    TEXT NOT NULL
);
CREATE INDEX form_submissions_used_at ON form_submissions (used_at);

-- Text-message consent by phone number. A reply of STOP to the clinic's
-- number stops every text to that number at once, whichever clinic or
-- patient it belongs to (the carrier rules and the TCPA are about the
-- number); START lifts it. One row per number, its latest state; each
-- change is in the audit trail of every clinic with a patient at that
-- number.
CREATE TABLE sms_opt_outs (
    phone      TEXT PRIMARY KEY,   -- E.164, e.g. +15551234567
    opted_out  INTEGER NOT NULL,   -- 1: no texts; 0: texts allowed again
    source     TEXT NOT NULL,      -- how it changed: sms-reply, staff
    changed_at TEXT NOT NULL
);

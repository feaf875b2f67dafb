-- Psychotherapy around the dose (issue 16): therapy appointments in
-- person or by video, and the count and timing of a course's therapy
-- sessions for the outcome analytics.
--
-- A video visit holds no chair or room: appointments.resource_id becomes
-- optional (NULL for a video visit), with the visit's join link or note.
ALTER TABLE appointments ALTER COLUMN resource_id DROP NOT NULL;
ALTER TABLE appointments ADD COLUMN video INTEGER NOT NULL DEFAULT 0; -- 0 or 1, as late_change
ALTER TABLE appointments ADD COLUMN join_link TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD CONSTRAINT appointments_video_no_room CHECK ((video = 1) = (resource_id IS NULL));

-- The course's psychotherapy: how many therapy sessions were held for it
-- (signed therapy notes) and when the first was, beside the therapy flag.
ALTER TABLE courses ADD COLUMN therapy_sessions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN therapy_first_at TIMESTAMPTZ;

-- Clinic groups (issue 17): an organization holds clinics (locations);
-- staff belong to one or more of its clinics and choose one per web
-- session; organization admins manage the locations. A deployment that
-- had one clinic becomes an organization of one, its admins its admins.
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
INSERT INTO organizations (id, name, created_at) SELECT 1, name, created_at FROM clinics ORDER BY id LIMIT 1;
ALTER TABLE clinics ADD COLUMN organization_id INTEGER REFERENCES organizations(id);
UPDATE clinics SET organization_id = (SELECT MIN(id) FROM organizations);

CREATE TABLE clinic_staff (
    clinic_id  INTEGER NOT NULL REFERENCES clinics(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (clinic_id, user_id)
);
CREATE INDEX clinic_staff_user ON clinic_staff (user_id);
INSERT INTO clinic_staff (clinic_id, user_id) SELECT clinic_id, id FROM users WHERE patient_id IS NULL;

ALTER TABLE users ADD COLUMN org_admin INTEGER NOT NULL DEFAULT 0;
UPDATE users SET org_admin = 1 WHERE role = 'admin';

-- The clinic chosen for this sign-in; NULL is the user's own clinic.
ALTER TABLE web_sessions ADD COLUMN clinic_id INTEGER REFERENCES clinics(id);

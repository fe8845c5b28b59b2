"""HTTP endpoints: the patient's (/api/v1/me/consultations) and the staff's
(/api/v1/staff/consultations). The home doctor's portal is server-rendered (portal/)."""

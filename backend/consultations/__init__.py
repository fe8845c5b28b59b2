"""Follow-up from abroad: requests, the thread, appointments, the home doctor's portal."""

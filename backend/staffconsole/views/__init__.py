"""Console views. Thin: check the session, call one selector or service, render."""

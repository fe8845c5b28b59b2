"""Device services behind Protocols: each has the implementation used on this platform and a
fake for tests. The Android implementations are designed in docs/decisions.md ("Phone app");
they cannot be built or run on these machines (no Android SDK, no device)."""

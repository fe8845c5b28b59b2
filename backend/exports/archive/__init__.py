"""The full-portability archive: what goes in (contents), hidden entries left out (hidden),
and writing it encrypted (writer)."""

"""HTTP endpoints of the accounts app: parse, call one service or selector, serialise."""

"""The staff console: server-rendered pages for a hospital's staff under /staff/."""

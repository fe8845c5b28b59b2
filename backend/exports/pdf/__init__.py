"""The printable summary: the merged summary (records.selectors.summary) drawn by reportlab
with embedded TrueType fonts and HarfBuzz-shaped Thai (docs/decisions.md, "Exports and
deletion")."""

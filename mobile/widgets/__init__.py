"""Reusable widgets: the one place the visual style (mobile/theme.py) turns into widgets."""

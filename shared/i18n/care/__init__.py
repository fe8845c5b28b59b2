"""Texts of the app's Share, Follow-up and consent screens, one module per language like the
main catalogues (and merged into them by shared.i18n)."""

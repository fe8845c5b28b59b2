"""PocketChart's phone app (Kivy). Logic lives in viewmodels/ and offline/, which hold no
widgets; screens/ and widgets/ only draw and forward taps (docs/decisions.md, "Phone app")."""

"""Screen brightness while a QR is shown (UX.md: "the QR full screen with brightness up"), so
a doctor's phone can read it on a dim screen.

Android: the window's `screenBrightness` attribute (1.0 while the QR shows, back to the
system's setting after), set on the UI thread through pyjnius; it needs no permission since
it changes this window only. The desktop has no per-window brightness: there it does nothing.
"""

from __future__ import annotations

from kivy.utils import platform

FULL = 1.0
SYSTEM = -1.0  # WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE


def _set_android(level: float) -> None:
    from android.runnable import run_on_ui_thread  # type: ignore[import-not-found]
    from jnius import autoclass  # type: ignore[import-not-found]

    activity = autoclass("org.kivy.android.PythonActivity").mActivity

    @run_on_ui_thread  # type: ignore[misc]
    def apply() -> None:
        window = activity.getWindow()
        attributes = window.getAttributes()
        attributes.screenBrightness = level
        window.setAttributes(attributes)

    apply()


def raise_brightness() -> None:
    if platform == "android":
        _set_android(FULL)


def restore_brightness() -> None:
    if platform == "android":
        _set_android(SYSTEM)

from django.apps import AppConfig


class StaffConsoleConfig(AppConfig):
    name = "staffconsole"
    verbose_name = "Staff console"

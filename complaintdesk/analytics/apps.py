from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "complaintdesk.analytics"
    label = "analytics"

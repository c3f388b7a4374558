from django.apps import AppConfig


class ReplycheckConfig(AppConfig):
    name = "complaintdesk.replycheck"
    label = "replycheck"

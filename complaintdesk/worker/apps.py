from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "complaintdesk.worker"
    label = "worker"

from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "complaintdesk.benchmarking"
    label = "benchmarking"

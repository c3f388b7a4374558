"""The benchmark suite behind `complaintdesk bench` (see bench/ and docs/BENCHMARKS.md)."""

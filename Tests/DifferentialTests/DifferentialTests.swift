// Differential tests against the reference Prometheus: see README.md in this folder.

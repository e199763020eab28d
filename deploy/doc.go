// Package deploy holds no code: it is the deployment files (docker-compose,
// Dockerfile, Grafana provisioning, Prometheus configuration, Kubernetes and
// systemd examples) and the tests that keep them parseable and pinned.
package deploy

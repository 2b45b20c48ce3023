#!/usr/bin/env bash
# Prints the PrometheusRule (Prometheus Operator) for alerts/driftwatch.rules.yml, so the two never diverge:
#   deploy/kubernetes/generate-prometheusrule.sh > deploy/kubernetes/prometheusrule.yaml
# The Maven suite (DeployManifestsTest) fails when the committed file differs from this script's output.
set -euo pipefail
cd "$(dirname "$0")/../.."
rules=alerts/driftwatch.rules.yml
cat <<'HEADER'
# GENERATED from alerts/driftwatch.rules.yml by deploy/kubernetes/generate-prometheusrule.sh: do not edit.
# kube-prometheus-stack selects rules by its release label by default: add `release: <your release>` to the labels.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: driftwatch
  namespace: driftwatch
  labels:
    app.kubernetes.io/name: driftwatch
spec:
HEADER
# The rules file's top-level comment lines are dropped; everything else moves under spec, indented two spaces.
grep -v '^#' "$rules" | sed -e 's/^\(.\)/  \1/'

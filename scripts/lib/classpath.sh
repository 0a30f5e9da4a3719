#!/usr/bin/env bash
# Prints the runtime classpath of the jobs module (builds it first if needed).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jobs_classpath

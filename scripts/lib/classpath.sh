#!/usr/bin/env bash
# Prints a module's classpath (default: stream, the job), building the project first if needed.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
module_classpath "${1:-stream}"

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include "crm-bench.h"

void
crm_bench_import (const CrmBenchConfig *config)
{
}

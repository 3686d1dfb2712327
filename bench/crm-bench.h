/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the benchmark finds its inputs and caches what it generates. */
typedef struct
{
  char *data_dir;       /* cached databases and vCard files */
  char *corpora_dir;    /* ../shared/corpora */
  char *node_modules;   /* holds chrono-node; NULL to skip the comparison */
  guint contacts;       /* size of the big database (1,000,000) */
  guint startup_contacts; /* size of the start-up database (100,000) */
  guint samples;        /* random queries per latency figure */
  double seconds;       /* time given to each throughput figure */
} CrmBenchConfig;

typedef enum
{
  CRM_BETTER_LOWER,
  CRM_BETTER_HIGHER,
} CrmBetter;

/* One JSON line on stdout; budget < 0 writes null (a figure to compare
 * with, not one with a budget of its own). */
void     crm_bench_emit          (const char *name,
                                  double      value,
                                  const char *unit,
                                  double      budget,
                                  CrmBetter   better);
gint64   crm_bench_now_ns        (void);
/* Sorts @samples in place. */
double   crm_bench_percentile    (GArray     *samples,
                                  double      fraction);
double   crm_bench_rss_mb        (GPid        pid);
char    *crm_bench_data_path     (const CrmBenchConfig *config,
                                  const char           *kind,
                                  guint                 n,
                                  const char           *ext);

/* Synthetic contacts: first names × surnames × companies, deterministic. */
gboolean crm_bench_write_vcf     (const char *path,
                                  guint       n,
                                  GError    **error);
gboolean crm_bench_write_db      (const char *path,
                                  guint       n,
                                  GError    **error);
double   crm_bench_insert_raw    (const char *path,
                                  guint       n,
                                  double     *all);
char    *crm_bench_random_prefix (GRand      *rand);
char    *crm_bench_random_email_prefix (GRand  *rand);
char    *crm_bench_ensure_db     (const CrmBenchConfig *config,
                                  guint                 n);

void     crm_bench_nlu           (const CrmBenchConfig *config);
void     crm_bench_import        (const CrmBenchConfig *config);
void     crm_bench_search        (const CrmBenchConfig *config);
void     crm_bench_window        (const CrmBenchConfig *config);
void     crm_bench_command       (const CrmBenchConfig *config);
void     crm_bench_gui           (const CrmBenchConfig *config);

G_END_DECLS

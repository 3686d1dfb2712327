/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-command.h"
#include "crm-lexicon.h"
#include "crm-tokenizer.h"

G_BEGIN_DECLS

#define CRM_INTENT_MAX_CUE_SPANS 8

/* What the scorer decided, and why: the summed evidence per cue, and the
 * token ranges of the words that carried the decision (the command bar
 * marks them as the intent). */
typedef struct
{
  CrmIntent intent;
  double confidence;
  double score[CRM_N_CUES];
  gboolean question;      /* asked rather than ordered: "do I have…" */
  gboolean has_name_object; /* a verb directly followed by a person */
  guint n_cue_spans;
  guint cue_first[CRM_INTENT_MAX_CUE_SPANS]; /* token index */
  guint cue_last[CRM_INTENT_MAX_CUE_SPANS];  /* token index, exclusive */
} CrmIntentGuess;

/* Facts about the text that need more than the tokens to know. */
typedef struct
{
  gboolean has_date;  /* a time expression names a day */
  gboolean has_time;  /* ... or a time of day */
} CrmIntentEvidence;

void crm_intent_guess (const CrmTokens         *toks,
                       CrmLexicon              *lexicon,
                       const CrmIntentEvidence *evidence,
                       CrmIntentGuess          *guess);

G_END_DECLS

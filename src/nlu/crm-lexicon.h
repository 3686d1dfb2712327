/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The evidence a word gives, scored separately for the two things a command
 * can be about (its domain) and the four things it can do to them (its
 * operation): every CRM intent is one domain × one operation, so eight
 * intents need only six scores, and a word like "delete" can say "remove"
 * without having to know whether a contact or a meeting follows. */
typedef enum
{
  CRM_CUE_MEETING,
  CRM_CUE_CONTACT,
  CRM_CUE_CREATE,
  CRM_CUE_FIND,
  CRM_CUE_CHANGE,
  CRM_CUE_REMOVE,
  CRM_CUE_HELP,
  CRM_N_CUES
} CrmCue;

/* What a word is, for slot extraction. */
typedef enum
{
  CRM_LEX_STOP = 1 << 0,        /* never part of a name */
  CRM_LEX_EVENT = 1 << 1,       /* a kind of meeting: lunch, call, sync */
  CRM_LEX_GENERIC_EVENT = 1 << 2, /* meeting, event, appointment: no target alone */
  CRM_LEX_CONTACT_NOUN = 1 << 3,
  CRM_LEX_ATTR_EMAIL = 1 << 4,
  CRM_LEX_ATTR_PHONE = 1 << 5,
  CRM_LEX_ATTR = 1 << 6,        /* another contact field word */
  CRM_LEX_HONORIFIC = 1 << 7,
  CRM_LEX_JOB_HEAD = 1 << 8,    /* CTO, manager, engineer */
  CRM_LEX_JOB_MOD = 1 << 9,     /* senior, sales, product */
  CRM_LEX_QUESTION = 1 << 10,   /* what, when, who */
  CRM_LEX_AUX = 1 << 11,        /* do, is, can: starts a question */
  CRM_LEX_DET = 1 << 12,        /* the, a, my: makes the next word a noun */
  CRM_LEX_FILLER = 1 << 13,     /* please, hey, olly: skipped at the start */
  CRM_LEX_VERB = 1 << 14,       /* an operation verb: its object follows */
  CRM_LEX_PARTICLE = 1 << 15,   /* van, de, bin: inside a name */
  CRM_LEX_NUMBER = 1 << 16,     /* a number word, value in CrmLexEntry.value */
  CRM_LEX_MINUTE = 1 << 17,     /* a duration unit, minutes in value */
  CRM_LEX_PLATFORM = 1 << 18,   /* Zoom, Teams: a meeting place */
  CRM_LEX_PLACE = 1 << 19,      /* room, office: "in the office" is a location */
  CRM_LEX_NAMEABLE = 1 << 20,   /* a word that is also a first name (Mark, Bill) */
  CRM_LEX_PRONOUN = 1 << 21,    /* i, you, we, there */
  CRM_LEX_TOPIC = 1 << 22,      /* about, regarding: a topic follows */
  CRM_LEX_COMPANY_SUFFIX = 1 << 23, /* Inc, Ltd, Corp */
  CRM_LEX_NEGATION = 1 << 24,   /* don't, not, never */
  CRM_LEX_ADJ_FILLER = 1 << 25, /* quick, short: left out of titles */
  CRM_LEX_NOTE = 1 << 26,       /* note, notes */
  CRM_LEX_PHRASE = 1 << 27,     /* first word of a two-word entry ("call off") */
} CrmLexFlags;

typedef struct
{
  const char *word;
  guint32 flags;        /* CrmLexFlags */
  gint8 cue[CRM_N_CUES]; /* evidence in tenths */
  gint16 value;         /* number words and duration units */
} CrmLexEntry;

typedef struct _CrmLexicon CrmLexicon;

CrmLexicon        *crm_lexicon_new    (void);
void               crm_lexicon_free   (CrmLexicon *self);
const CrmLexEntry *crm_lexicon_lookup (CrmLexicon *self,
                                       const char *word);
/* Two-word entries ("call off", "set up"), keyed "first second". */
const CrmLexEntry *crm_lexicon_lookup2 (CrmLexicon *self,
                                        const char *first,
                                        const char *second);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmLexicon, crm_lexicon_free)

G_END_DECLS

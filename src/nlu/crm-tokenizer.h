/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <string.h>

#include "crm-lexicon.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_TOKEN_WORD,  /* letters and digits, with inner ' - and digit.digit */
  CRM_TOKEN_PUNCT, /* one punctuation or symbol character */
  CRM_TOKEN_EMAIL,
  CRM_TOKEN_PHONE,
} CrmTokenType;

typedef enum
{
  CRM_TOKEN_CAPITALISED = 1 << 0, /* starts with an upper-case letter (or a caseless script) */
  CRM_TOKEN_ALL_CAPS = 1 << 1,
  CRM_TOKEN_DIGIT = 1 << 2,       /* holds a digit */
  CRM_TOKEN_POSSESSIVE = 1 << 3,  /* "Priya's": end excludes the 's */
  CRM_TOKEN_ALPHA = 1 << 4,       /* holds a letter */
} CrmTokenFlags;

/* What a later pass found a token to be; a marked token belongs to that
 * entity and no other slot may take it. */
typedef enum
{
  CRM_MARK_NONE,
  CRM_MARK_TIME,
  CRM_MARK_DURATION,
  CRM_MARK_USED,
} CrmMark;

typedef struct
{
  guint start;              /* byte offsets into the text */
  guint end;                /* exclusive, without a possessive 's */
  guint fold;               /* offset of the lower-case form in CrmTokens.fold */
  guint8 type;              /* CrmTokenType */
  guint8 flags;             /* CrmTokenFlags */
  guint8 mark;              /* CrmMark */
  const CrmLexEntry *lex;   /* lexicon entry of the lower-case form, or NULL */
} CrmToken;

typedef struct
{
  const char *text;  /* not owned; valid UTF-8 */
  GArray *tokens;    /* CrmToken */
  GString *fold;     /* lower-case forms, each NUL-terminated */
  gboolean has_upper;
  gboolean has_lower;
} CrmTokens;

CrmTokens  *crm_tokens_new      (const char  *text,
                                 CrmLexicon  *lexicon);
void        crm_tokens_free     (CrmTokens   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmTokens, crm_tokens_free)

static inline guint
crm_tokens_len (const CrmTokens *self)
{
  return self->tokens->len;
}

static inline CrmToken *
crm_tokens_get (const CrmTokens *self,
                guint            i)
{
  return &g_array_index (self->tokens, CrmToken, i);
}

static inline const char *
crm_tokens_fold (const CrmTokens *self,
                 guint            i)
{
  return self->fold->str + crm_tokens_get (self, i)->fold;
}

/* TRUE when token I exists and its lower-case form is WORD. Inline, with
 * the first byte compared before strcmp: the scorer asks this a lot. */
static inline gboolean
crm_tokens_is (const CrmTokens *self,
               guint            i,
               const char      *word)
{
  const char *fold;

  if (i >= self->tokens->len)
    return FALSE;
  fold = crm_tokens_fold (self, i);
  return fold[0] == word[0] && strcmp (fold, word) == 0;
}
/* TRUE when token I exists and is the punctuation character C. */
gboolean    crm_tokens_is_punct (const CrmTokens *self,
                                 guint            i,
                                 char             c);
/* The lexicon flags of token I, 0 past the end. */
guint32     crm_tokens_lex_flags (const CrmTokens *self,
                                  guint            i);
/* Text of tokens [FIRST, LAST) as typed, a possessive 's included when
 * KEEP_POSSESSIVE. */
char       *crm_tokens_dup_text (const CrmTokens *self,
                                 guint            first,
                                 guint            last,
                                 gboolean         keep_possessive);

G_END_DECLS

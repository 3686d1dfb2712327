/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The key names are sorted and matched by: case-folded, accents dropped
 * ("José Núñez" → "jose nunez"), spaces collapsed. Stable across locales,
 * unlike a collation key, so it can live in the database. */
char *crm_text_name_key (const char *text);

/* An FTS5 MATCH expression for what a person typed: each word a quoted
 * prefix, all required. NULL when there is nothing to search for. */
char *crm_text_fts_prefix_query (const char *text);

/* Whether every word of @words is a whole word of @text, both taken as
 * name keys ("joan" in "Joan Aleric", not "jo"); FALSE for no words. */
gboolean crm_text_has_words (const char *text,
                             const char *words);

/* The ASCII digits of a phone number, in order ("+44 20-7946" →
 * "44207946"): what phone numbers are matched by. */
char *crm_text_digits (const char *text);

/* g_utf8_strdown (@text, -1), quicker for ASCII: the key emails are
 * matched by. */
char *crm_text_strdown (const char *text);

/* Whether what a person typed could be the start of a phone number:
 * digits (at least @min) and the punctuation numbers are written with. */
gboolean crm_text_is_phone_like (const char *text,
                                 guint       min);

G_END_DECLS

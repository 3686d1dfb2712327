/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gemini"

#include "config.h"

#include "crm-gemini-error.h"

G_DEFINE_QUARK (crm-gemini-error-quark, crm_gemini_error)

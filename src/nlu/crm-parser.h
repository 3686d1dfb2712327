/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-command.h"

G_BEGIN_DECLS

#define CRM_TYPE_PARSER (crm_parser_get_type ())
G_DECLARE_FINAL_TYPE (CrmParser, crm_parser, CRM, PARSER, GObject)

CrmParser  *crm_parser_new    (void);
CrmCommand *crm_parser_parse  (CrmParser  *self,
                               const char *text,
                               GDateTime  *now);

G_END_DECLS

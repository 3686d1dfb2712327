/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include "crm-parser.h"

/* Placeholder until the real parser lands: understands nothing. */
struct _CrmParser
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmParser, crm_parser, G_TYPE_OBJECT)

static void
crm_parser_class_init (CrmParserClass *klass)
{
}

static void
crm_parser_init (CrmParser *self)
{
}

CrmParser *
crm_parser_new (void)
{
  return g_object_new (CRM_TYPE_PARSER, NULL);
}

CrmCommand *
crm_parser_parse (CrmParser  *self,
                  const char *text,
                  GDateTime  *now)
{
  g_return_val_if_fail (CRM_IS_PARSER (self), NULL);
  return crm_command_new (text);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-lexicon.h"

/* Every word the parser knows, in one static table: what it is (flags, for
 * slot extraction) and the evidence it gives for each domain and operation
 * (cues, in tenths, summed by the intent scorer). The table is hashed once
 * when the parser is created; a lookup per token is then all a command
 * costs, which is what lets `--parse -` run at 100,000 lines a second where
 * a regular expression per rule would not.
 *
 * The weights were written by hand from our own example commands and then
 * adjusted against SLURP's `devel` split only; a word's weight says how much
 * it alone tells, so an explicit verb ("cancel" 6.0) outweighs a hint ("busy"
 * 3.0). Nouns that are also verbs ("schedule", "book", "call") have a second
 * entry "word#n", used after a determiner ("my schedule"). */

#define STOP CRM_LEX_STOP
#define EV (CRM_LEX_EVENT | CRM_LEX_STOP)
#define GEV (CRM_LEX_EVENT | CRM_LEX_GENERIC_EVENT | CRM_LEX_STOP)
#define VERB (CRM_LEX_VERB | CRM_LEX_STOP)
#define Q (CRM_LEX_QUESTION | CRM_LEX_STOP)
#define AUX (CRM_LEX_AUX | CRM_LEX_STOP)
#define DET (CRM_LEX_DET | CRM_LEX_STOP)
#define PRON (CRM_LEX_PRONOUN | CRM_LEX_STOP)
#define FILL (CRM_LEX_FILLER | CRM_LEX_STOP)
#define JOB CRM_LEX_JOB_HEAD
#define JMOD CRM_LEX_JOB_MOD
#define NUM (CRM_LEX_NUMBER | CRM_LEX_STOP)
#define UNIT (CRM_LEX_MINUTE | CRM_LEX_STOP)
#define PLACE CRM_LEX_PLACE
#define PLAT CRM_LEX_PLATFORM
#define NAMEABLE CRM_LEX_NAMEABLE

/*                    meeting contact create find change remove help */
#define C(m, c, cr, fi, ch, rm, he) { m, c, cr, fi, ch, rm, he }
#define NONE C (0, 0, 0, 0, 0, 0, 0)

static const CrmLexEntry entries[] = {
  /* Kinds of meeting: they say "calendar", and name the meeting's title. */
  { "meeting", GEV, C (40, 0, 0, 0, 0, 0, 0) },
  { "meetings", GEV, C (40, 0, 0, 0, 0, 0, 0) },
  { "appointment", GEV, C (45, 0, 0, 0, 0, 0, 0) },
  { "appointments", GEV, C (45, 0, 0, 0, 0, 0, 0) },
  { "appt", GEV, C (45, 0, 0, 0, 0, 0, 0) },
  { "event", GEV, C (40, 0, 0, 0, 0, 0, 0) },
  { "events", GEV, C (40, 0, 0, 0, 0, 0, 0) },
  { "call#n", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "call", VERB | CRM_LEX_EVENT | CRM_LEX_PHRASE, C (20, 5, 5, 0, 0, 0, 0) },
  { "calls", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "lunch", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "dinner", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "breakfast", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "brunch", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "coffee", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "drinks", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "sync", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "standup", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "stand-up", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "scrum", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "huddle", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "interview", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "demo", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "review", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "session", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "catchup", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "catch-up", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "one-on-one", EV, C (40, 0, 0, 0, 0, 0, 0) },
  { "conference", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "webinar", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "workshop", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "presentation", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "party", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "birthday", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "bday", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "reunion", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "visit", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "practice", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "class", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "game", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "match", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "concert", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "show#n", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "wedding", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "marriage", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "anniversary", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "holiday", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "vacation", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "trip", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "flight", EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "reservation", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "reservations", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "checkup", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "check-up", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "consultation", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "retro", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "retrospective", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "kickoff", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "kick-off", EV, C (35, 0, 0, 0, 0, 0, 0) },
  { "offsite", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "briefing", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "training", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "seminar", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "lecture", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "picnic", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "hangout", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "get-together", EV, C (30, 0, 0, 0, 0, 0, 0) },
  { "haircut", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "ceremony", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "exam", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "test", EV, C (10, 0, 0, 0, 0, 0, 0) },
  { "workout", EV, C (20, 0, 0, 0, 0, 0, 0) },
  { "recital", EV, C (25, 0, 0, 0, 0, 0, 0) },
  { "date", STOP, C (10, 0, 0, 0, 0, 0, 0) },

  /* The calendar itself and its vocabulary. */
  { "calendar", STOP, C (50, 0, 0, 0, 0, 0, 0) },
  { "calendars", STOP, C (50, 0, 0, 0, 0, 0, 0) },
  { "agenda", STOP, C (45, 0, 0, 0, 0, 0, 0) },
  { "diary", STOP, C (30, 0, 0, 0, 0, 0, 0) },
  { "schedule", VERB, C (40, 0, 50, 0, 0, 0, 0) },
  { "schedule#n", STOP, C (45, 0, 0, 5, 0, 0, 0) },
  { "schedules", STOP, C (40, 0, 0, 5, 0, 0, 0) },
  { "scheduled", STOP, C (30, 0, 0, 5, 0, 0, 0) },
  { "reminder", STOP, C (40, 0, 25, 0, 0, 0, 0) },
  { "reminders", STOP, C (40, 0, 0, 5, 0, 0, 0) },
  { "remainder", STOP, C (15, 0, 0, 0, 0, 0, 0) },
  { "alert", VERB, C (25, 0, 35, 0, 0, 0, 0) },
  { "alert#n", STOP, C (25, 0, 10, 0, 0, 0, 0) },
  { "wake", VERB, C (20, 0, 30, 0, 0, 0, 0) },
  { "alerts", STOP, C (25, 0, 0, 5, 0, 0, 0) },
  { "notification", STOP, C (25, 0, 10, 0, 0, 0, 0) },
  { "notify", VERB, C (25, 0, 20, 0, 0, 0, 0) },
  { "plans", STOP, C (15, 0, 0, 0, 0, 0, 0) },
  { "busy", STOP, C (30, 0, 0, 10, 0, 0, 0) },
  { "free", STOP, C (15, 0, 0, 5, 0, 0, 0) },
  { "booked", STOP, C (20, 0, 0, 5, 0, 0, 0) },
  { "upcoming", STOP, C (20, 0, 0, 10, 0, 0, 0) },
  { "pending", STOP, C (10, 0, 0, 10, 0, 0, 0) },
  { "attend", VERB, C (20, 0, 25, 0, 0, 0, 0) },
  { "attending", STOP, C (20, 0, 0, 5, 0, 0, 0) },
  { "happening", STOP, C (20, 0, 0, 10, 0, 0, 0) },
  { "invite", VERB, C (20, 0, 30, 0, 0, 0, 0) },
  { "slot", STOP, C (20, 0, 0, 0, 0, 0, 0) },

  /* Contacts and their fields. */
  { "contact", CRM_LEX_CONTACT_NOUN | STOP, C (0, 50, 0, 0, 0, 0, 0) },
  { "contacts", CRM_LEX_CONTACT_NOUN | STOP, C (0, 55, 0, 0, 0, 0, 0) },
  { "phonebook", CRM_LEX_CONTACT_NOUN | STOP, C (0, 50, 0, 0, 0, 0, 0) },
  { "addressbook", CRM_LEX_CONTACT_NOUN | STOP, C (0, 50, 0, 0, 0, 0, 0) },
  { "vcard", CRM_LEX_CONTACT_NOUN | STOP, C (0, 40, 0, 0, 0, 0, 0) },
  { "number", CRM_LEX_ATTR_PHONE | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "numbers", CRM_LEX_ATTR_PHONE | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "phone", CRM_LEX_ATTR_PHONE | STOP | CRM_LEX_PHRASE, C (0, 30, 0, 0, 0, 0, 0) },
  { "mobile", CRM_LEX_ATTR_PHONE | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "cell", CRM_LEX_ATTR_PHONE | STOP, C (0, 25, 0, 0, 0, 0, 0) },
  { "telephone", CRM_LEX_ATTR_PHONE | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "tel", CRM_LEX_ATTR_PHONE | STOP, C (0, 20, 0, 0, 0, 0, 0) },
  { "fax", CRM_LEX_ATTR_PHONE | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "email", CRM_LEX_ATTR_EMAIL | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "emails", CRM_LEX_ATTR_EMAIL | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "e-mail", CRM_LEX_ATTR_EMAIL | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "mail", CRM_LEX_ATTR_EMAIL | STOP, C (0, 15, 0, 0, 0, 0, 0) },
  { "address", CRM_LEX_ATTR | STOP | CRM_LEX_PHRASE, C (0, 20, 0, 0, 0, 0, 0) },
  { "details", CRM_LEX_ATTR | STOP, C (0, 10, 0, 10, 0, 0, 0) },
  { "info", CRM_LEX_ATTR | STOP, C (0, 10, 0, 5, 0, 0, 0) },
  { "information", CRM_LEX_ATTR | STOP, C (0, 10, 0, 5, 0, 0, 0) },
  { "surname", CRM_LEX_ATTR | STOP, C (0, 30, 0, 10, 0, 0, 0) },
  { "name", CRM_LEX_ATTR | STOP, C (0, 10, 0, 0, 0, 0, 0) },
  { "named", STOP, C (0, 10, 0, 0, 0, 0, 0) },
  { "called", STOP, C (0, 5, 0, 0, 0, 0, 0) },
  { "company", CRM_LEX_ATTR | STOP, C (0, 25, 0, 0, 0, 0, 0) },
  { "employer", CRM_LEX_ATTR | STOP, C (0, 30, 0, 0, 0, 0, 0) },
  { "job", CRM_LEX_ATTR | STOP, C (0, 20, 0, 0, 0, 0, 0) },
  { "title", CRM_LEX_ATTR | STOP, C (0, 5, 0, 0, 0, 0, 0) },
  { "role", CRM_LEX_ATTR | STOP, C (0, 15, 0, 0, 0, 0, 0) },
  { "position", CRM_LEX_ATTR | STOP, C (0, 10, 0, 0, 0, 0, 0) },
  { "works", STOP, C (0, 30, 0, 0, 15, 0, 0) },
  { "joined", STOP, C (0, 20, 0, 0, 15, 0, 0) },
  { "linkedin", STOP, C (0, 20, 0, 0, 0, 0, 0) },
  { "note", CRM_LEX_NOTE | VERB, C (0, 5, 15, 0, 0, 0, 0) },
  { "notes", CRM_LEX_NOTE | STOP, C (0, 10, 0, 0, 0, 0, 0) },

  /* Operation verbs. */
  { "book", VERB, C (30, 0, 45, 0, 0, 0, 0) },
  { "book#n", STOP, NONE },
  { "arrange", VERB, C (25, 0, 40, 0, 0, 0, 0) },
  { "organise", VERB, C (15, 0, 30, 0, 0, 0, 0) },
  { "organize", VERB, C (15, 0, 30, 0, 0, 0, 0) },
  { "plan", VERB, C (10, 0, 25, 0, 0, 0, 0) },
  { "plan#n", STOP, C (20, 0, 0, 5, 0, 0, 0) },
  { "repeat", VERB, C (10, 0, 20, 0, 0, 0, 0) },
  { "set", VERB | CRM_LEX_PHRASE, C (0, 0, 20, 0, 0, 0, 0) },
  { "put", VERB, C (0, 0, 30, 0, 0, 0, 0) },
  { "pencil", VERB, C (30, 0, 45, 0, 0, 0, 0) },
  { "block", VERB | CRM_LEX_PHRASE, C (10, 0, 20, 0, 0, 0, 0) },
  { "mark", VERB | NAMEABLE, C (5, 0, 15, 0, 0, 0, 0) },
  { "flag", VERB, C (5, 0, 15, 0, 0, 0, 0) },
  { "remind", VERB, C (40, 0, 45, 0, 0, 0, 0) },
  { "remember", VERB, C (5, 10, 35, 0, 0, 0, 0) },
  { "meet", VERB, C (35, 0, 35, 0, 0, 0, 0) },
  { "fix", VERB, C (0, 0, 10, 0, 0, 0, 0) },
  { "add", VERB, C (0, 0, 45, 0, 0, 0, 0) },
  { "create", VERB, C (0, 0, 45, 0, 0, 0, 0) },
  { "make", VERB, C (0, 0, 20, 0, 0, 0, 0) },
  { "new", STOP, C (0, 0, 25, 0, 0, 0, 0) },
  { "save", VERB, C (0, 10, 45, 0, 0, 0, 0) },
  { "store", VERB, C (0, 10, 30, 0, 0, 0, 0) },
  { "record", VERB, C (0, 0, 20, 0, 0, 0, 0) },
  { "enter", VERB, C (0, 0, 20, 0, 0, 0, 0) },
  { "insert", VERB, C (0, 0, 25, 0, 0, 0, 0) },
  { "log", VERB, C (0, 0, 15, 0, 0, 0, 0) },
  { "register", VERB, C (0, 0, 15, 0, 0, 0, 0) },
  { "find", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 50, 0, 0, 0) },
  { "search", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 50, 0, 0, 0) },
  { "look", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 30, 0, 0, 0) },
  { "lookup", VERB, C (0, 0, 0, 50, 0, 0, 0) },
  { "show", VERB, C (0, 0, 0, 45, 0, 0, 0) },
  { "list", VERB, C (0, 0, 0, 35, 0, 0, 0) },
  { "list#n", STOP, C (0, 0, 0, 5, 0, 0, 0) },
  { "display", VERB, C (0, 0, 0, 40, 0, 0, 0) },
  { "view", VERB, C (0, 0, 0, 40, 0, 0, 0) },
  { "get", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 15, 0, 0, 0) },
  { "give", VERB, C (0, 0, 0, 15, 0, 0, 0) },
  { "tell", VERB, C (0, 0, 0, 30, 0, 0, 0) },
  { "check", VERB, C (0, 0, 0, 30, 0, 0, 0) },
  { "open", VERB, C (0, 0, 0, 30, 0, 0, 0) },
  { "pull", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 10, 0, 0, 0) },
  { "see", VERB, C (0, 0, 0, 10, 0, 0, 0) },
  { "fetch", VERB, C (0, 0, 0, 40, 0, 0, 0) },
  { "retrieve", VERB, C (0, 0, 0, 40, 0, 0, 0) },
  { "read", VERB, C (0, 0, 0, 20, 0, 0, 0) },
  { "cancel", VERB, C (30, 0, 0, 0, 0, 60, 0) },
  { "unschedule", VERB, C (30, 0, 0, 0, 0, 55, 0) },
  { "scrap", VERB, C (0, 0, 0, 0, 0, 45, 0) },
  { "scratch", VERB, C (0, 0, 0, 0, 0, 30, 0) },
  { "clear", VERB | CRM_LEX_PHRASE, C (10, 0, 0, 0, 0, 45, 0) },
  { "wipe", VERB, C (0, 0, 0, 0, 0, 45, 0) },
  { "drop", VERB, C (0, 0, 0, 0, 0, 30, 0) },
  { "nix", VERB, C (0, 0, 0, 0, 0, 35, 0) },
  { "axe", VERB, C (0, 0, 0, 0, 0, 30, 0) },
  { "ditch", VERB, C (0, 0, 0, 0, 0, 35, 0) },
  { "purge", VERB, C (0, 0, 0, 0, 0, 45, 0) },
  { "delete", VERB, C (0, 0, 0, 0, 0, 60, 0) },
  { "remove", VERB, C (0, 0, 0, 0, 0, 60, 0) },
  { "erase", VERB, C (0, 0, 0, 0, 0, 50, 0) },
  { "forget", VERB, C (0, 0, 0, 0, 0, 25, 0) },
  { "blank", STOP, C (0, 0, 0, 0, 0, 20, 0) },
  { "reschedule", VERB, C (40, 0, 0, 0, 60, 0, 0) },
  { "re-schedule", VERB, C (40, 0, 0, 0, 60, 0, 0) },
  { "postpone", VERB, C (30, 0, 0, 0, 60, 0, 0) },
  { "prepone", VERB, C (20, 0, 0, 0, 50, 0, 0) },
  { "move", VERB | CRM_LEX_PHRASE, C (10, 0, 0, 0, 45, 0, 0) },
  { "push", VERB | CRM_LEX_PHRASE, C (10, 0, 0, 0, 45, 0, 0) },
  { "delay", VERB, C (10, 0, 0, 0, 45, 0, 0) },
  { "shift", VERB, C (5, 0, 0, 0, 35, 0, 0) },
  { "bump", VERB, C (5, 0, 0, 0, 35, 0, 0) },
  { "rearrange", VERB, C (10, 0, 0, 0, 45, 0, 0) },
  { "bring", VERB | CRM_LEX_PHRASE, C (0, 0, 0, 0, 10, 0, 0) },
  { "change", VERB, C (0, 0, 0, 0, 45, 0, 0) },
  { "update", VERB, C (0, 0, 0, 0, 45, 0, 0) },
  { "edit", VERB, C (0, 0, 0, 0, 45, 0, 0) },
  { "modify", VERB, C (0, 0, 0, 0, 45, 0, 0) },
  { "correct", VERB, C (0, 0, 0, 0, 30, 0, 0) },
  { "rename", VERB, C (0, 10, 0, 0, 45, 0, 0) },
  { "amend", VERB, C (0, 0, 0, 0, 35, 0, 0) },
  { "alter", VERB, C (0, 0, 0, 0, 35, 0, 0) },
  { "adjust", VERB, C (0, 0, 0, 0, 30, 0, 0) },
  { "help", VERB, C (0, 0, 0, 0, 0, 0, 80) },
  { "commands", STOP, C (0, 0, 0, 0, 0, 0, 40) },
  { "examples", STOP, C (0, 0, 0, 0, 0, 0, 40) },
  { "usage", STOP, C (0, 0, 0, 0, 0, 0, 30) },
  { "instructions", STOP, C (0, 0, 0, 0, 0, 0, 40) },
  { "tutorial", STOP, C (0, 0, 0, 0, 0, 0, 40) },

  /* Two-word entries, looked up when the first word has CRM_LEX_PHRASE. */
  { "call off", VERB, C (30, 0, 0, 0, 0, 60, 0) },
  { "set up", VERB, C (20, 0, 45, 0, 0, 0, 0) },
  { "block off", VERB, C (30, 0, 40, 0, 0, 0, 0) },
  { "block out", VERB, C (30, 0, 40, 0, 0, 0, 0) },
  { "look up", VERB, C (0, 0, 0, 50, 0, 0, 0) },
  { "look for", VERB, C (0, 0, 0, 50, 0, 0, 0) },
  { "search for", VERB, C (0, 0, 0, 50, 0, 0, 0) },
  { "find out", VERB, C (0, 0, 0, 30, 0, 0, 0) },
  { "pull up", VERB, C (0, 0, 0, 45, 0, 0, 0) },
  { "get rid", VERB, C (0, 0, 0, 0, 0, 50, 0) },
  { "push back", VERB, C (20, 0, 0, 0, 55, 0, 0) },
  { "push out", VERB, C (20, 0, 0, 0, 55, 0, 0) },
  { "move up", VERB, C (20, 0, 0, 0, 55, 0, 0) },
  { "bring forward", VERB, C (20, 0, 0, 0, 55, 0, 0) },
  { "clear out", VERB, C (10, 0, 0, 0, 0, 45, 0) },
  { "phone book", CRM_LEX_CONTACT_NOUN | STOP, C (0, 50, 0, 0, 0, 0, 0) },
  { "address book", CRM_LEX_CONTACT_NOUN | STOP, C (0, 50, 0, 0, 0, 0, 0) },

  /* Questions: "what", "when" and an auxiliary before a pronoun. */
  { "what", Q, C (0, 0, 0, 30, 0, 0, 0) },
  { "whats", Q, C (0, 0, 0, 30, 0, 0, 0) },
  { "when", Q, C (20, 0, 0, 35, 0, 0, 0) },
  { "whens", Q, C (15, 0, 0, 35, 0, 0, 0) },
  { "who", Q, C (0, 15, 0, 30, 0, 0, 0) },
  { "whos", Q, C (0, 15, 0, 30, 0, 0, 0) },
  { "whom", Q, C (0, 10, 0, 20, 0, 0, 0) },
  { "whose", Q, C (0, 15, 0, 25, 0, 0, 0) },
  { "where", Q, C (0, 0, 0, 25, 0, 0, 0) },
  { "which", Q, C (0, 0, 0, 20, 0, 0, 0) },
  { "how", Q, C (0, 0, 0, 15, 0, 0, 0) },
  { "any", DET, C (0, 0, 0, 15, 0, 0, 0) },
  { "anything", PRON, C (10, 0, 0, 10, 0, 0, 0) },
  { "anywhere", PRON, C (10, 0, 0, 10, 0, 0, 0) },
  { "do", AUX }, { "does", AUX }, { "did", AUX }, { "is", AUX }, { "are", AUX },
  { "am", AUX }, { "was", AUX }, { "were", AUX }, { "have", AUX }, { "has", AUX },
  { "will", AUX | NAMEABLE }, { "can", AUX }, { "could", AUX }, { "would", AUX },
  { "should", AUX }, { "shall", AUX }, { "may", AUX | NAMEABLE }, { "had", AUX },

  { "i", PRON }, { "you", PRON }, { "we", PRON }, { "there", PRON }, { "he", PRON },
  { "she", PRON }, { "they", PRON }, { "it", PRON }, { "me", PRON }, { "us", PRON },
  { "him", PRON }, { "them", PRON }, { "i'm", PRON }, { "im", PRON }, { "i'll", PRON },
  { "i've", PRON }, { "i'd", PRON }, { "someone", PRON }, { "everyone", PRON },
  { "everybody", PRON }, { "everything", PRON }, { "something", PRON }, { "nothing", PRON },
  { "anyone", PRON }, { "anybody", PRON }, { "myself", PRON },

  { "the", DET }, { "a", DET }, { "an", DET }, { "my", DET }, { "our", DET },
  { "your", DET }, { "his", DET }, { "her", DET }, { "their", DET }, { "this", DET },
  { "that", DET }, { "these", DET }, { "those", DET }, { "its", DET }, { "some", DET },
  { "every", DET }, { "each", DET }, { "all", DET }, { "another", DET }, { "no", DET },

  { "please", FILL }, { "pls", FILL }, { "plz", FILL }, { "kindly", FILL }, { "hey", FILL },
  { "hi", FILL }, { "hello", FILL }, { "ok", FILL }, { "okay", FILL }, { "olly", FILL },
  { "alexa", FILL }, { "siri", FILL }, { "google", FILL }, { "cortana", FILL },
  { "just", FILL }, { "also", FILL }, { "now", FILL }, { "so", FILL }, { "well", FILL },
  { "um", FILL }, { "uh", FILL }, { "oh", FILL }, { "yes", FILL }, { "thanks", FILL },

  { "don't", CRM_LEX_NEGATION | STOP }, { "dont", CRM_LEX_NEGATION | STOP },
  { "not", CRM_LEX_NEGATION | STOP }, { "never", CRM_LEX_NEGATION | STOP },
  { "can't", CRM_LEX_NEGATION | STOP }, { "cannot", CRM_LEX_NEGATION | STOP },
  { "didn't", CRM_LEX_NEGATION | STOP }, { "doesn't", CRM_LEX_NEGATION | STOP },

  { "about", CRM_LEX_TOPIC | STOP }, { "regarding", CRM_LEX_TOPIC | STOP },
  { "re", CRM_LEX_TOPIC | STOP }, { "concerning", CRM_LEX_TOPIC | STOP },
  { "discuss", CRM_LEX_TOPIC | STOP }, { "discussing", CRM_LEX_TOPIC | STOP },

  /* Plain function words: never names. */
  { "to", STOP }, { "for", STOP }, { "with", STOP }, { "at", STOP }, { "in", STOP },
  { "on", STOP }, { "by", STOP }, { "from", STOP }, { "of", STOP }, { "and", STOP },
  { "or", STOP }, { "but", STOP }, { "as", STOP }, { "if", STOP }, { "than", STOP },
  { "then", STOP }, { "be", STOP }, { "been", STOP }, { "being", STOP }, { "up", STOP },
  { "down", STOP }, { "out", STOP }, { "off", STOP }, { "over", STOP }, { "into", STOP },
  { "onto", STOP }, { "before", STOP }, { "after", STOP }, { "until", STOP },
  { "till", STOP }, { "since", STOP }, { "during", STOP }, { "between", STOP },
  { "through", STOP }, { "via", STOP }, { "per", STOP }, { "within", STOP },
  { "without", STOP }, { "too", STOP }, { "very", STOP }, { "really", STOP },
  { "only", STOP }, { "still", STOP }, { "even", STOP }, { "again", STOP },
  { "back", STOP }, { "here", STOP }, { "later", STOP }, { "soon", STOP },
  { "want", STOP }, { "wanna", STOP }, { "need", STOP }, { "needs", STOP },
  { "like", STOP }, { "let", STOP }, { "lets", STOP }, { "know", STOP }, { "go", STOP },
  { "going", STOP }, { "gonna", STOP }, { "got", STOP }, { "take", STOP },
  { "say", STOP }, { "said", STOP }, { "made", STOP }, { "thing", STOP },
  { "things", STOP }, { "people", STOP }, { "person", STOP }, { "them", STOP },
  { "why", STOP }, { "else", STOP }, { "more", STOP }, { "most", STOP }, { "much", STOP },
  { "many", STOP }, { "few", STOP }, { "other", STOP }, { "same", STOP }, { "own", STOP },
  { "today", STOP }, { "tomorrow", STOP }, { "tonight", STOP }, { "yesterday", STOP },
  { "morning", STOP }, { "afternoon", STOP }, { "evening", STOP }, { "night", STOP },
  { "noon", STOP }, { "midnight", STOP }, { "week", STOP }, { "weekend", STOP },
  { "month", STOP }, { "year", STOP }, { "day", STOP }, { "days", STOP }, { "next", STOP },
  { "last", STOP }, { "first", STOP }, { "everyday", STOP }, { "daily", STOP },
  { "weekly", STOP }, { "monthly", STOP }, { "yearly", STOP }, { "annual", STOP },
  { "am", AUX }, { "pm", STOP }, { "o'clock", STOP }, { "oclock", STOP }, { "am's", STOP },
  { "is", AUX }, { "it's", PRON }, { "that's", PRON }, { "there's", PRON }, { "here's", PRON },
  { "works", STOP }, { "work", STOP }, { "working", STOP }, { "now", FILL },
  { "is", AUX }, { "was", AUX }, { "moved", STOP }, { "become", STOP }, { "became", STOP },
  { "starts", STOP }, { "start", STOP }, { "started", STOP }, { "left", STOP },
  { "same", STOP }, { "own", STOP }, { "sure", STOP }, { "ahead", STOP }, { "way", STOP },
  { "ways", STOP }, { "time", STOP }, { "times", STOP }, { "right", STOP }, { "away", STOP },
  { "one", NUM, NONE, 1 }, { "two", NUM, NONE, 2 }, { "three", NUM, NONE, 3 },
  { "four", NUM, NONE, 4 }, { "five", NUM, NONE, 5 }, { "six", NUM, NONE, 6 },
  { "seven", NUM, NONE, 7 }, { "eight", NUM, NONE, 8 }, { "nine", NUM, NONE, 9 },
  { "ten", NUM, NONE, 10 }, { "eleven", NUM, NONE, 11 }, { "twelve", NUM, NONE, 12 },
  { "fifteen", NUM, NONE, 15 }, { "twenty", NUM, NONE, 20 }, { "thirty", NUM, NONE, 30 },
  { "forty", NUM, NONE, 40 }, { "forty-five", NUM, NONE, 45 }, { "fifty", NUM, NONE, 50 },
  { "sixty", NUM, NONE, 60 }, { "ninety", NUM, NONE, 90 }, { "twenty-five", NUM, NONE, 25 },
  { "half", NUM, NONE, 0 }, { "quarter", NUM, NONE, 0 },

  /* Duration units, in minutes. */
  { "minute", UNIT, NONE, 1 }, { "minutes", UNIT, NONE, 1 }, { "min", UNIT, NONE, 1 },
  { "mins", UNIT, NONE, 1 }, { "hour", UNIT, NONE, 60 }, { "hours", UNIT, NONE, 60 },
  { "hr", UNIT, NONE, 60 }, { "hrs", UNIT, NONE, 60 }, { "h", UNIT, NONE, 60 },

  /* Honorifics are dropped from names. */
  { "mr", CRM_LEX_HONORIFIC | STOP }, { "mrs", CRM_LEX_HONORIFIC | STOP },
  { "ms", CRM_LEX_HONORIFIC | STOP }, { "miss", CRM_LEX_HONORIFIC | STOP },
  { "mx", CRM_LEX_HONORIFIC | STOP }, { "dr", CRM_LEX_HONORIFIC | STOP },
  { "prof", CRM_LEX_HONORIFIC | STOP }, { "professor", CRM_LEX_HONORIFIC | STOP },
  { "sir", CRM_LEX_HONORIFIC | STOP }, { "madam", CRM_LEX_HONORIFIC | STOP },
  { "doctor", CRM_LEX_HONORIFIC | EV, C (15, 0, 0, 0, 0, 0, 0) },
  { "dentist", EV, C (25, 0, 0, 0, 0, 0, 0) },

  /* Name particles stay inside a name ("Ludwig van Beethoven"). */
  { "van", CRM_LEX_PARTICLE }, { "von", CRM_LEX_PARTICLE }, { "de", CRM_LEX_PARTICLE },
  { "da", CRM_LEX_PARTICLE }, { "del", CRM_LEX_PARTICLE }, { "della", CRM_LEX_PARTICLE },
  { "di", CRM_LEX_PARTICLE }, { "du", CRM_LEX_PARTICLE }, { "la", CRM_LEX_PARTICLE },
  { "le", CRM_LEX_PARTICLE }, { "bin", CRM_LEX_PARTICLE }, { "ibn", CRM_LEX_PARTICLE },
  { "al", CRM_LEX_PARTICLE | NAMEABLE }, { "der", CRM_LEX_PARTICLE },
  { "den", CRM_LEX_PARTICLE }, { "ter", CRM_LEX_PARTICLE }, { "dos", CRM_LEX_PARTICLE },

  { "inc", CRM_LEX_COMPANY_SUFFIX }, { "ltd", CRM_LEX_COMPANY_SUFFIX },
  { "llc", CRM_LEX_COMPANY_SUFFIX }, { "corp", CRM_LEX_COMPANY_SUFFIX },
  { "co", CRM_LEX_COMPANY_SUFFIX }, { "gmbh", CRM_LEX_COMPANY_SUFFIX },
  { "plc", CRM_LEX_COMPANY_SUFFIX }, { "corporation", CRM_LEX_COMPANY_SUFFIX },
  { "limited", CRM_LEX_COMPANY_SUFFIX },

  /* Job titles: a head, maybe after modifiers ("Senior Product Manager"). */
  { "ceo", JOB }, { "cto", JOB }, { "cfo", JOB }, { "coo", JOB }, { "cmo", JOB },
  { "cio", JOB }, { "cpo", JOB }, { "ciso", JOB }, { "vp", JOB }, { "svp", JOB },
  { "evp", JOB }, { "president", JOB }, { "director", JOB }, { "manager", JOB },
  { "engineer", JOB }, { "developer", JOB }, { "designer", JOB }, { "founder", JOB },
  { "co-founder", JOB }, { "cofounder", JOB }, { "owner", JOB }, { "partner", JOB },
  { "lead", JOB | JMOD }, { "head", JOB | JMOD }, { "chief", JMOD }, { "officer", JOB },
  { "consultant", JOB }, { "analyst", JOB }, { "architect", JOB }, { "scientist", JOB },
  { "researcher", JOB }, { "recruiter", JOB }, { "accountant", JOB }, { "lawyer", JOB },
  { "attorney", JOB }, { "editor", JOB }, { "writer", JOB }, { "producer", JOB },
  { "assistant", JOB | JMOD }, { "associate", JOB | JMOD }, { "intern", JOB },
  { "specialist", JOB }, { "coordinator", JOB }, { "administrator", JOB },
  { "executive", JOB | JMOD }, { "rep", JOB }, { "representative", JOB },
  { "advisor", JOB }, { "adviser", JOB }, { "investor", JOB }, { "strategist", JOB },
  { "chair", JOB }, { "chairman", JOB }, { "chairwoman", JOB }, { "secretary", JOB },
  { "treasurer", JOB }, { "supervisor", JOB }, { "technician", JOB },
  { "programmer", JOB }, { "marketer", JOB }, { "salesperson", JOB }, { "buyer", JOB },
  { "senior", JMOD }, { "junior", JMOD }, { "sr", JMOD }, { "jr", JMOD },
  { "staff", JMOD }, { "principal", JMOD }, { "product", JMOD }, { "project", JMOD },
  { "program", JMOD }, { "marketing", JMOD }, { "sales", JMOD }, { "engineering", JMOD },
  { "software", JMOD }, { "hardware", JMOD }, { "data", JMOD }, { "finance", JMOD },
  { "financial", JMOD }, { "technical", JMOD }, { "technology", JMOD },
  { "operations", JMOD }, { "general", JMOD }, { "regional", JMOD }, { "account", JMOD },
  { "customer", JMOD }, { "success", JMOD }, { "support", JMOD }, { "hr", JMOD },
  { "design", JMOD }, { "creative", JMOD }, { "business", JMOD }, { "development", JMOD },
  { "managing", JMOD }, { "vice", JMOD }, { "deputy", JMOD }, { "research", JMOD },
  { "security", JMOD }, { "legal", JMOD }, { "communications", JMOD },

  /* Places: "on Zoom", "in the boardroom". */
  { "zoom", PLAT }, { "teams", PLAT }, { "skype", PLAT }, { "webex", PLAT },
  { "hangouts", PLAT }, { "facetime", PLAT }, { "whatsapp", PLAT }, { "slack", PLAT },
  { "discord", PLAT }, { "jitsi", PLAT },
  { "room", PLACE }, { "office", PLACE }, { "lobby", PLACE }, { "cafe", PLACE },
  { "café", PLACE }, { "restaurant", PLACE }, { "hall", PLACE }, { "building", PLACE },
  { "floor", PLACE }, { "kitchen", PLACE }, { "cafeteria", PLACE },
  { "boardroom", PLACE }, { "library", PLACE }, { "park", PLACE }, { "hotel", PLACE },
  { "bar", PLACE }, { "pub", PLACE }, { "studio", PLACE }, { "campus", PLACE },
  { "hq", PLACE }, { "headquarters", PLACE }, { "home", PLACE }, { "house", PLACE },
  { "place", PLACE }, { "center", PLACE }, { "centre", PLACE }, { "gym", PLACE },

  /* Left out of titles: "a quick sync" is a "Sync". */
  { "quick", CRM_LEX_ADJ_FILLER | STOP }, { "short", CRM_LEX_ADJ_FILLER | STOP },
  { "brief", CRM_LEX_ADJ_FILLER | STOP }, { "little", CRM_LEX_ADJ_FILLER | STOP },
};

struct _CrmLexicon
{
  GHashTable *words; /* const char* → const CrmLexEntry* (both static) */
};

/* The first entry of a word wins, so the grouped sections above may repeat
 * a word ("is", "now") harmlessly. */
CrmLexicon *
crm_lexicon_new (void)
{
  CrmLexicon *self = g_new0 (CrmLexicon, 1);

  self->words = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (!g_hash_table_contains (self->words, entries[i].word))
      g_hash_table_insert (self->words, (gpointer) entries[i].word, (gpointer) &entries[i]);
  return self;
}

void
crm_lexicon_free (CrmLexicon *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->words);
  g_free (self);
}

const CrmLexEntry *
crm_lexicon_lookup (CrmLexicon *self,
                    const char *word)
{
  return g_hash_table_lookup (self->words, word);
}

const CrmLexEntry *
crm_lexicon_lookup2 (CrmLexicon *self,
                     const char *first,
                     const char *second)
{
  char key[64];

  if (strlen (first) + strlen (second) + 2 > sizeof key)
    return NULL;
  g_snprintf (key, sizeof key, "%s %s", first, second);
  return g_hash_table_lookup (self->words, key);
}

/* px-profile-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-profile.h"

G_BEGIN_DECLS

struct _PxProfile
{
  GObject   parent_instance;

  GKeyFile   *keyfile;
  char       *path;
  char       *source_name;
  GHashTable *lines;      /* "Group\x1fkey" → line, as loaded */
  PxSpec      spec;
};

/* The offset of a key that has no place in PxSpec (version). */
#define PX_FIELD_NO_SLOT G_MAXSIZE

char           *_px_field_parse          (const PxField *field,
                                          const char    *text,
                                          PxSpec        *spec);
char           *_px_field_format         (const PxSpec  *spec,
                                          const PxField *field);
const PxField  *_px_field_closest        (const char    *key);
void            _px_spec_apply_defaults  (PxSpec        *spec);

/* px-profile-load.c */
void            _px_problem_add          (GPtrArray     *problems,
                                          guint          line,
                                          const char    *group,
                                          const char    *key,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (5, 6);
void            _px_problem_free         (gpointer       data);
GError         *_px_problems_to_error    (GPtrArray     *problems,
                                          const char    *source_name);
void            _px_profile_check_spec   (const PxSpec  *spec,
                                          GKeyFile      *keyfile,
                                          GPtrArray     *problems,
                                          GHashTable    *lines);
gboolean        _px_key_is_translated    (const char    *key,
                                          const char    *base);
gboolean        _px_profile_load_keyfile (PxProfile     *self,
                                          const char    *data,
                                          gsize          length,
                                          const char    *source_name,
                                          GError       **error);
/* px-profile-variants.c */
void            _px_profile_check_variants (PxProfile   *self,
                                            GPtrArray   *problems);

char           *_px_profile_read_file    (const char    *path,
                                          gsize         *length,
                                          GError       **error);

G_END_DECLS

/* px-profile.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "px-types.h"

G_BEGIN_DECLS

#define PX_PROFILE_VERSION 1
/* A profile is a few kilobytes of text; a larger file is refused. */
#define PX_PROFILE_MAX_BYTES (1u << 20)

#define PX_PROFILE_ERROR (px_profile_error_quark ())

typedef enum
{
  PX_PROFILE_ERROR_INVALID,
} PxProfileError;

typedef enum
{
  PX_FIELD_STRING,
  PX_FIELD_UINT,
  PX_FIELD_UINT64,
  PX_FIELD_DOUBLE,
  PX_FIELD_BOOLEAN,
  PX_FIELD_ENUM,
} PxFieldType;

/* One key of a profile: where it lives, its type, range and default. */
typedef struct
{
  const char         *group;
  const char         *key;
  PxFieldType         type;
  gsize               offset;
  double              min;
  double              max;
  const char * const *choices;
  const char         *default_value;
  const char         *blurb;
  /* NULL: the key always matters; else whether it does for @spec, and
   * when it does, in words (untranslated, N_). */
  gboolean          (*applies) (const PxSpec *spec);
  const char         *applies_when;
} PxField;

/* A problem found while loading or editing: 0 for an unknown line. */
typedef struct
{
  guint  line;
  char  *group;
  char  *key;
  char  *message;
} PxProblem;

#define PX_TYPE_PROFILE (px_profile_get_type ())

G_DECLARE_FINAL_TYPE (PxProfile, px_profile, PX, PROFILE, GObject)

GQuark          px_profile_error_quark      (void);
const PxField  *px_profile_get_fields       (guint        *n_fields);
const PxField  *px_profile_find_field       (const char   *key);
char           *px_field_describe_accepted  (const PxField *field);
gboolean        px_field_applies            (const PxField *field,
                                             const PxSpec  *spec);

PxProfile      *px_profile_new              (void);
PxProfile      *px_profile_new_from_spec    (const PxSpec *spec);
char          **px_spec_dup_differences     (const PxSpec *a,
                                             const PxSpec *b);
char          **px_profile_dup_variants     (PxProfile    *self);
char           *px_profile_dup_variant_label (PxProfile   *self,
                                              const char  *name);
char           *px_profile_dup_variant_settings (PxProfile *self,
                                                 const char *name);
PxProfile      *px_profile_new_variant      (PxProfile    *self,
                                             const char   *name,
                                             GError      **error);
PxProfile      *px_profile_new_from_file    (const char   *path,
                                             GError      **error);
PxProfile      *px_profile_new_from_data    (const char   *data,
                                             gsize         length,
                                             const char   *source_name,
                                             GError      **error);
gboolean        px_profile_save_to_file     (PxProfile    *self,
                                             const char   *path,
                                             GError      **error);
char           *px_profile_to_data          (PxProfile    *self,
                                             gsize        *length);
const char     *px_profile_get_path         (PxProfile    *self);
const PxSpec   *px_profile_get_spec         (PxProfile    *self);
char           *px_profile_resolve_path     (PxProfile    *self,
                                             const char   *value);
gboolean        px_profile_set_value        (PxProfile    *self,
                                             const char   *key,
                                             const char   *value,
                                             GError      **error);
char           *px_profile_get_value        (PxProfile    *self,
                                             const char   *key);
char           *px_profile_dup_localized    (PxProfile    *self,
                                             const char   *key);
gboolean        px_profile_has_value        (PxProfile    *self,
                                             const char   *key);
gboolean        px_profile_check            (PxProfile    *self,
                                             GError      **error);
char          **px_profile_dup_warnings     (PxProfile    *self);

G_END_DECLS

/* fuzz-profile.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The profile loader. Any input either loads or is refused with a message;
 * what loads saves to text that loads again to the same workload.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "px-profile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
assert_same_spec (const PxSpec *a,
                  const PxSpec *b)
{
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].offset == G_MAXSIZE || fields[i].type == PX_FIELD_STRING)
        continue;
      g_assert_cmpmem (G_STRUCT_MEMBER_P (a, fields[i].offset),
                       fields[i].type == PX_FIELD_DOUBLE || fields[i].type == PX_FIELD_UINT64
                       ? 8 : 4,
                       G_STRUCT_MEMBER_P (b, fields[i].offset),
                       fields[i].type == PX_FIELD_DOUBLE || fields[i].type == PX_FIELD_UINT64
                       ? 8 : 4);
    }
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->description, ==, b->description);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(PxProfile) again = NULL;
  g_autoptr(PxProfile) from_spec = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  profile = px_profile_new_from_data ((const char *)data, size, "fuzz.ini", &error);
  if (profile == NULL)
    {
      /* Refused with a message that names the source. */
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.ini"));
      return 0;
    }
  g_assert_no_error (error);

  /* Saved and loaded again: the same workload. */
  text = px_profile_to_data (profile, &length);
  again = px_profile_new_from_data (text, length, "saved.ini", &error);
  g_assert_no_error (error);
  assert_same_spec (px_profile_get_spec (profile), px_profile_get_spec (again));

  /* What a worker process is sent loads too. */
  from_spec = px_profile_new_from_spec (px_profile_get_spec (profile));
  g_clear_pointer (&text, g_free);
  text = px_profile_to_data (from_spec, &length);
  g_clear_object (&again);
  again = px_profile_new_from_data (text, length, "config", &error);
  g_assert_no_error (error);

  px_profile_check (profile, NULL);

  /* Its experiments were checked as it loaded: each one applies. */
  {
    g_auto(GStrv) names = px_profile_dup_variants (profile);

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autoptr(PxProfile) tried = px_profile_new_variant (profile, names[i], &error);
        g_autofree char *label = px_profile_dup_variant_label (profile, names[i]);

        g_assert_no_error (error);
        g_assert_nonnull (tried);
        g_assert_nonnull (label);
      }
  }
  return 0;
}

/* px-profile-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-profile.h"

G_BEGIN_DECLS

/* The offset of a key that has no place in PxSpec (version). */
#define PX_FIELD_NO_SLOT G_MAXSIZE

char           *_px_field_parse          (const PxField *field,
                                          const char    *text,
                                          PxSpec        *spec);
char           *_px_field_format         (const PxSpec  *spec,
                                          const PxField *field);
const PxField  *_px_field_closest        (const char    *key);
void            _px_spec_apply_defaults  (PxSpec        *spec);

G_END_DECLS

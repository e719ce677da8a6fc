/* px-application.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PX_TYPE_APPLICATION (px_application_get_type ())

G_DECLARE_FINAL_TYPE (PxApplication, px_application, PX, APPLICATION, AdwApplication)

PxApplication *px_application_new              (GApplicationFlags  flags);
char          *px_application_dup_profiles_dir (void);
char          *px_application_dup_default_profile (void);
void           px_application_choose_renderer (void);
void           px_application_add_recent       (PxApplication     *self,
                                                const char        *path);

G_END_DECLS

/* px-protocol.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "px-protocol.h"

gsize
px_frame_begin (GByteArray *buf,
                PxMsgType   type)
{
  guint8 header[PX_FRAME_HEADER] = { 0 };
  gsize start = buf->len;

  header[4] = (guint8)type;
  g_byte_array_append (buf, header, sizeof header);
  return start;
}

void
px_frame_end (GByteArray *buf,
              gsize       start)
{
  guint32 len = buf->len - start - PX_FRAME_HEADER;

  memcpy (buf->data + start, &len, sizeof len);
}

void
px_put_u32 (GByteArray *buf,
            guint32     v)
{
  g_byte_array_append (buf, (const guint8 *)&v, sizeof v);
}

void
px_put_u64 (GByteArray *buf,
            guint64     v)
{
  g_byte_array_append (buf, (const guint8 *)&v, sizeof v);
}

void
px_put_bytes (GByteArray *buf,
              const void *data,
              gsize       n)
{
  if (n > 0)
    g_byte_array_append (buf, data, n);
}

/**
 * px_frame_parse:
 *
 * Returns the size of the complete frame at @data, 0 when more bytes are
 * needed, or -1 when the bytes cannot be a frame (a bad type or length).
 */
gssize
px_frame_parse (const guint8 *data,
                gsize         length,
                PxMsgType    *type,
                PxReader     *body)
{
  guint32 len;
  guint8 t;

  if (length < PX_FRAME_HEADER)
    return 0;

  memcpy (&len, data, sizeof len);
  t = data[4];

  if (len > PX_FRAME_MAX || data[5] != 0 || data[6] != 0 || data[7] != 0)
    return -1;
  if (!((t >= PX_MSG_CONFIG && t <= PX_MSG_PING) ||
        (t >= PX_MSG_HELLO && t <= PX_MSG_RESULTS_SHORT)))
    return -1;
  if (length < PX_FRAME_HEADER + (gsize)len)
    return 0;

  *type = t;
  body->p = data + PX_FRAME_HEADER;
  body->end = body->p + len;
  body->ok = TRUE;

  return PX_FRAME_HEADER + len;
}

const guint8 *
px_get_bytes (PxReader *r,
              gsize     n)
{
  const guint8 *p = r->p;

  if ((gsize)(r->end - r->p) < n)
    {
      r->ok = FALSE;
      return NULL;
    }
  r->p += n;
  return p;
}

gboolean
px_write_all (int           fd,
              const guint8 *data,
              gsize         n)
{
  while (n > 0)
    {
      gssize w = write (fd, data, n);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      data += w;
      n -= w;
    }
  return TRUE;
}

/* diskfree.h - free space on the file system a file is (or will be) on. */
#ifndef ANALYZE_DISKFREE_H
#define ANALYZE_DISKFREE_H

#include <stdint.h>

/* Bytes an unprivileged writer may still use beside path (in its
 * directory), or -1 when the system cannot say. */
int64_t disk_free_beside(const char *path);

#endif

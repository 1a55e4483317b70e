/* Files from rules/ compiled into the binary (see cmake/embed.cmake). Each
 * data array is followed by a NUL byte that len does not count. */
#ifndef CHIPGATE_UTIL_EMBEDDED_H
#define CHIPGATE_UTIL_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;          /* base name, e.g. "catalog.cfg" */
	const unsigned char *data; /* NUL-terminated, len bytes before the NUL */
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_files_count;

/* The embedded file called NAME, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif

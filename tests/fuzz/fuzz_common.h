/* Shared pieces of the libFuzzer targets: an exact-size copy of the input
 * (so a read past the end is caught by ASan, not hidden by libFuzzer's
 * buffer), the invariants every failing load must keep (one non-empty
 * diagnostic line), and a sink for writers. */
#ifndef CHIPGATE_FUZZ_COMMON_H
#define CHIPGATE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd copy of DATA of exactly SIZE bytes (not NUL-terminated). */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);
	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* A diagnostic must say something, on one line: the CLI prints it as
 * "chipgate: FILE:LINE[:COL]: message" and nothing else. */
static inline void fuzz_check_diag(const struct diag *d)
{
	if (d->msg[0] == '\0') {
		fprintf(stderr, "fuzz: empty diagnostic\n");
		abort();
	}
	struct strbuf sb = STRBUF_INIT;
	diag_format(d, &sb);
	if (strchr(sb_str(&sb), '\n') || strchr(sb_str(&sb), '\r')) {
		fprintf(stderr, "fuzz: diagnostic spans lines: %s\n", sb_str(&sb));
		abort();
	}
	sb_release(&sb);
}

/* Where writers write: /dev/null, opened once. */
static inline FILE *fuzz_sink(void)
{
	static FILE *fp;
	if (!fp && !(fp = fopen("/dev/null", "w")))
		abort();
	return fp;
}

/* Keep file reads that a fuzzed input can trigger (a pack test naming an
 * inventory path) small and quick. */
static inline void fuzz_limit_inputs(void)
{
	setenv("CHIPGATE_MAX_INPUT", "1048576", 1);
	setenv("SOURCE_DATE_EPOCH", "1754956800", 1);
}

#endif

/* Key URIs, inside src/attest only (key_uri.c; used by key_load.c). */
#ifndef CHIPGATE_ATTEST_KEY_URI_H
#define CHIPGATE_ATTEST_KEY_URI_H

#include "util/util.h"

/* What URI (a --sign / -k argument) names: 1 and the file's path in OUT
 * (a path as it is, or a file: URI decoded), 0 for another URI scheme (a
 * provider's, for OSSL_STORE), -1 with d for a file: URI that cannot be
 * read here (another host, not absolute, bad or NUL percent-encoding, a
 * query or fragment). An existing file of that name wins over URI syntax. */
int key_uri_path(const char *uri, struct strbuf *out, struct diag *d);

#endif

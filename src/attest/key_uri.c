/* Key URIs: tell a file from a provider's URI, and read a file: URI as
 * RFC 8089 says (the scheme in any case; file:/PATH, file:///PATH and
 * file://localhost/PATH; percent-encoded octets). It must never let a
 * spelling of a local file reach OpenSSL's own file loader, which would
 * open it without chipgate's permission check, and never accept a file
 * URI that names another host. */
#include "attest/key_uri.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode the path part of a file URI into OUT. */
static int uri_path_decode(const char *uri, const char *s, struct strbuf *out, struct diag *d)
{
	for (; *s; s++) {
		if (*s == '?' || *s == '#') {
			diag_set(d, uri, 0, 0,
			         "a file URI with a query or fragment is not a key file (write '%c' "
			         "as %%%02X)",
			         *s, (unsigned)*s);
			return -1;
		}
		if (*s != '%') {
			sb_putc(out, *s);
			continue;
		}
		int hi = hex_value(s[1]), lo = hi < 0 ? -1 : hex_value(s[2]);
		if (hi < 0 || lo < 0) {
			diag_set(d, uri, 0, 0, "bad percent-encoding in the file URI (%%XX with two "
			                       "hex digits)");
			return -1;
		}
		if (hi == 0 && lo == 0) {
			diag_set(d, uri, 0, 0, "the file URI holds an encoded NUL byte (%%00)");
			return -1;
		}
		sb_putc(out, (char)(hi * 16 + lo));
		s += 2;
	}
	return 0;
}

int key_uri_path(const char *uri, struct strbuf *out, struct diag *d)
{
	struct stat st;
	const char *p = uri;
	if (stat(uri, &st) == 0 || !is_alpha(*p)) {
		sb_puts(out, uri);
		return 1;
	}
	/* a scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	while (is_alpha(*p) || (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || p - uri < 2) {
		sb_puts(out, uri); /* a path that does not exist: the open reports it */
		return 1;
	}
	if (p - uri != 4 || strncasecmp(uri, "file", 4) != 0)
		return 0;
	const char *rest = p + 1;
	if (rest[0] == '/' && rest[1] == '/') {
		const char *host = rest + 2, *slash = strchr(host, '/');
		size_t hlen = slash ? (size_t)(slash - host) : strlen(host);
		if (hlen != 0 && !(hlen == 9 && strncasecmp(host, "localhost", 9) == 0)) {
			char q[96];
			diag_set(d, uri, 0, 0,
			         "file URI names the host '%s': only a local file can be a key "
			         "(file:///PATH or file://localhost/PATH)",
			         diag_excerpt(q, sizeof(q), host, hlen));
			return -1;
		}
		rest = slash;
	}
	if (!rest || rest[0] != '/') {
		diag_set(d, uri, 0, 0,
		         "not an absolute file URI (file:/PATH, file:///PATH or "
		         "file://localhost/PATH)");
		return -1;
	}
	return uri_path_decode(uri, rest, out, d) == 0 ? 1 : -1;
}

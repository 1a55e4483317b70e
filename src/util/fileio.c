/* Whole-file input with a size cap, text validation, and atomic output:
 * a report is written to a temporary file beside its target, flushed,
 * synced and renamed, so a reader never sees half a report. */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_INPUT_LIMIT ((size_t)1 << 30) /* 1 GiB */

size_t input_size_limit(void)
{
	const char *s = getenv("CHIPGATE_MAX_INPUT");
	long long v;
	if (s && *s && parse_ll(s, 1, LLONG_MAX, &v) == 0)
		return (size_t)v;
	return DEFAULT_INPUT_LIMIT;
}

int file_read_all(const char *path, char **buf, size_t *len, struct diag *d)
{
	size_t limit = input_size_limit();
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_set(d, path, 0, 0, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, "is a directory");
		goto fail;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > limit) {
		diag_set(d, path, 0, 0, "file is larger than the input limit of %zu bytes", limit);
		goto fail;
	}
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, n = 0;
	char *p = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			p = xrealloc(p, cap *= 2);
		ssize_t r = read(fd, p + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			diag_set(d, path, 0, 0, "read error: %s", strerror(errno));
			free(p);
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > limit) {
			diag_set(d, path, 0, 0, "file is larger than the input limit of %zu bytes", limit);
			free(p);
			goto fail;
		}
	}
	p[n] = '\0';
	if (fd != 0)
		close(fd);
	*buf = p;
	*len = n;
	return 0;
fail:
	if (fd != 0)
		close(fd);
	return -1;
}

void text_position(const char *buf, size_t off, int *line, int *col)
{
	int l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (int)(off - start) + 1;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len;
	unsigned cp;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int text_validate(const char *path, const char *buf, size_t len, struct diag *d)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	/* a UTF-8 byte order mark is tolerated */
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < len) {
		int line, col;
		if (p[i] == 0) {
			text_position(buf, i, &line, &col);
			diag_set(d, path, line, col, "NUL byte in input");
			return -1;
		}
		size_t n = utf8_seq(p + i, len - i);
		if (n == 0) {
			text_position(buf, i, &line, &col);
			diag_set(d, path, line, col, "invalid UTF-8 (byte 0x%02x)", p[i]);
			return -1;
		}
		i += n;
	}
	return 0;
}

/* ---- atomic output --------------------------------------------------- */

int outfile_open(struct outfile *of, const char *path, unsigned mode, struct diag *d)
{
	of->fp = NULL;
	of->path = of->tmp = NULL;
	if (!path || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	/* A device, FIFO or socket (-o /dev/null, -o /dev/stdout, -o >(cmd))
	 * must never be renamed over: the output is kept in an anonymous
	 * temporary file and copied to it on commit, so nothing reaches it
	 * on error either. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		if (!(of->fp = tmpfile())) {
			diag_set(d, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
			return -1;
		}
		of->path = xstrdup(path);
		return 0;
	}
	struct strbuf t = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(&t, path, (size_t)(slash - path) + 1);
	sb_puts(&t, ".chipgate-XXXXXX");
	char *tmp = sb_detach(&t);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot create a temporary file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	if (mode != 0600) {
		mode_t um = umask(0);
		umask(um);
		if (fchmod(fd, (mode_t)mode & ~um) != 0) {
			diag_set(d, path, 0, 0, "cannot set mode: %s", strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
	}
	of->fp = fdopen(fd, "w");
	if (!of->fp) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	of->tmp = tmp;
	of->path = xstrdup(path);
	return 0;
}

/* Copy the buffered output to a special file (see outfile_open). */
static int commit_special(struct outfile *of, struct diag *d)
{
	int rc = 0;
	FILE *dst = NULL;
	char buf[65536];
	if (fflush(of->fp) != 0 || ferror(of->fp) || fseek(of->fp, 0, SEEK_SET) != 0 ||
	    !(dst = fopen(of->path, "w"))) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	for (size_t n; rc == 0 && (n = fread(buf, 1, sizeof(buf), of->fp)) > 0;)
		if (fwrite(buf, 1, n, dst) != n) {
			diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
			rc = -1;
		}
	if (rc == 0 && ferror(of->fp)) {
		diag_set(d, of->path, 0, 0, "read error: %s", strerror(errno));
		rc = -1;
	}
	if (dst && (fclose(dst) != 0) && rc == 0) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	fclose(of->fp);
	of->fp = NULL;
	free(of->path);
	of->path = NULL;
	return rc;
}

int outfile_commit(struct outfile *of, struct diag *d)
{
	int rc = 0;
	if (!of->fp)
		return -1;
	if (!of->tmp && of->path)
		return commit_special(of, d);
	if (!of->tmp) {
		/* stdout */
		if (fflush(of->fp) != 0 || ferror(of->fp)) {
			diag_set(d, "<stdout>", 0, 0, "write error: %s", strerror(errno));
			rc = -1;
		}
		of->fp = NULL;
		return rc;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	if (fclose(of->fp) != 0 && rc == 0) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	of->fp = NULL;
	if (rc == 0 && rename(of->tmp, of->path) != 0) {
		diag_set(d, of->path, 0, 0, "cannot rename into place: %s", strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return rc;
}

void outfile_abort(struct outfile *of)
{
	if (of->tmp) {
		if (of->fp)
			fclose(of->fp);
		unlink(of->tmp);
	} else if (of->path && of->fp) {
		fclose(of->fp); /* a special file's buffer: nothing was written */
	}
	of->fp = NULL;
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
}

int write_file_atomic(const char *path, const void *buf, size_t len, unsigned mode, struct diag *d)
{
	struct outfile of;
	if (outfile_open(&of, path, mode, d) != 0)
		return -1;
	if (len && fwrite(buf, 1, len, of.fp) != len) {
		diag_set(d, path, 0, 0, "write error: %s", strerror(errno));
		outfile_abort(&of);
		return -1;
	}
	return outfile_commit(&of, d);
}

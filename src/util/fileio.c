/* Input read once and counted, text validation, and atomic output. Every
 * input -- a file, a pipe, a FIFO, a device, /dev/fd/N or standard input
 * ("-") -- is opened once and read from the start to the end at most
 * once: the bytes read ahead to tell its format are handed back first.
 * The size limit counts the bytes actually read, so it holds where stat
 * cannot tell (pipes, devices), and reading stops as soon as it is passed.
 * A report is written to a temporary file beside its target, flushed,
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
#define READ_ALL_START 65536

size_t input_size_limit(void)
{
	const char *s = getenv("CHIPGATE_MAX_INPUT");
	long long v;
	if (s && *s && parse_ll(s, 1, LLONG_MAX, &v) == 0)
		return (size_t)v;
	return DEFAULT_INPUT_LIMIT;
}

/* ---- reading inputs once ------------------------------------------------ */

static int over_limit(const struct input *in, struct diag *d)
{
	diag_set(d, in->path, 0, 0, "file is larger than the input limit of %zu bytes", in->limit);
	return -1;
}

int input_open(struct input *in, const char *path, struct diag *d)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->limit = input_size_limit();
	in->is_stdin = strcmp(path, "-") == 0;
	in->fd = in->is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(in->fd, &st) != 0) {
		diag_set(d, path, 0, 0, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, "is a directory");
		goto fail;
	}
	/* a regular file says its size: refuse it before reading a byte
	 * (a sparse file costs nothing to make and seconds to read) */
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > in->limit) {
		over_limit(in, d);
		goto fail;
	}
	in->size_hint = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
	return 0;
fail:
	input_close(in);
	return -1;
}

/* One read(2) of at most N bytes from the file, counted against the
 * limit: never more than one byte past it is asked for, so a pipe or a
 * device is refused as soon as the limit is passed. 0 at the end. */
static ssize_t read_counted(struct input *in, char *buf, size_t n, struct diag *d)
{
	if (in->eof)
		return 0;
	size_t room = in->limit - in->total + 1;
	if (n > room)
		n = room;
	for (;;) {
		ssize_t r = read(in->fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(d, in->path, 0, 0, "read error: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			in->eof = true;
		in->total += (size_t)r;
		if (in->total > in->limit)
			return over_limit(in, d);
		return r;
	}
}

int input_peek(struct input *in, size_t n, const char **head, size_t *len, struct diag *d)
{
	if (n > in->caphead) {
		in->head = xrealloc(in->head, n);
		in->caphead = n;
	}
	while (in->nhead < n && !in->eof) {
		ssize_t r = read_counted(in, in->head + in->nhead, n - in->nhead, d);
		if (r < 0)
			return -1;
		in->nhead += (size_t)r;
	}
	*head = in->head + in->ohead;
	*len = in->nhead - in->ohead;
	return 0;
}

ssize_t input_read(struct input *in, void *buf, size_t n, struct diag *d)
{
	size_t got = 0;
	if (in->ohead < in->nhead) {
		got = in->nhead - in->ohead < n ? in->nhead - in->ohead : n;
		memcpy(buf, in->head + in->ohead, got);
		in->ohead += got;
	}
	while (got < n && !in->eof) {
		ssize_t r = read_counted(in, (char *)buf + got, n - got, d);
		if (r < 0)
			return -1;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Check P[*at, n) as text: no NUL byte, valid UTF-8. *AT advances past
 * what was checked; unless FINAL, a sequence the end cuts waits for more.
 * Returns 0, or -1 with *AT at the first bad byte. */
static int text_check(const unsigned char *p, size_t *at, size_t n, bool final);

/* The text error at offset OFF of BUF. */
static int text_error(const char *path, const char *buf, size_t off, struct diag *d)
{
	int line, col;
	text_position(buf, off, &line, &col);
	if (buf[off] == '\0')
		diag_set(d, path, line, col, "NUL byte in input");
	else
		diag_set(d, path, line, col, "invalid UTF-8 (byte 0x%02x)", (unsigned char)buf[off]);
	return -1;
}

int input_read_all(struct input *in, bool text, char **buf, size_t *len, struct diag *d)
{
	size_t cap = in->size_hint + 1, n = 0, checked = 0;
	if (cap < READ_ALL_START)
		cap = READ_ALL_START;
	char *p = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			/* at most a byte past the limit is ever read */
			cap = cap > in->limit / 2 ? in->limit + 2 : cap * 2;
			p = xrealloc(p, cap);
		}
		ssize_t r = input_read(in, p + n, cap - n - 1, d);
		if (r < 0)
			goto fail;
		n += (size_t)r;
		/* binary garbage is refused at its first bad byte, not at the limit */
		if (text && text_check((const unsigned char *)p, &checked, n, in->eof) != 0) {
			text_error(in->path, p, checked, d);
			goto fail;
		}
		if (in->eof)
			break;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
fail:
	free(p);
	return -1;
}

void input_close(struct input *in)
{
	if (in->fd >= 0 && !in->is_stdin)
		close(in->fd);
	in->fd = -1;
	free(in->head);
	in->head = NULL;
	in->nhead = in->ohead = in->caphead = 0;
}

static int read_whole(const char *path, bool text, char **buf, size_t *len, struct diag *d)
{
	struct input in;
	if (input_open(&in, path, d) != 0)
		return -1;
	int rc = input_read_all(&in, text, buf, len, d);
	input_close(&in);
	return rc;
}

int file_read_all(const char *path, char **buf, size_t *len, struct diag *d)
{
	return read_whole(path, false, buf, len, d);
}

int file_read_text(const char *path, char **buf, size_t *len, struct diag *d)
{
	return read_whole(path, true, buf, len, d);
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

static int text_check(const unsigned char *p, size_t *at, size_t n, bool final)
{
	size_t i = *at;
	while (i < n) {
		if (p[i] == 0)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(p + i, n - i);
		if (k == 0) {
			if (!final && n - i < 4)
				break; /* perhaps cut by the end of what was read so far */
			*at = i;
			return -1;
		}
		i += k;
	}
	*at = i;
	return i < n && p[i] == 0 ? -1 : 0;
}

int text_validate(const char *path, const char *buf, size_t len, struct diag *d)
{
	size_t at = 0;
	/* (a UTF-8 byte order mark is valid UTF-8, and tolerated) */
	if (text_check((const unsigned char *)buf, &at, len, true) != 0)
		return text_error(path, buf, at, d);
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

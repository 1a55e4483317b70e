/* Input read once and counted, text validation, and atomic output. Every
 * input -- a file, a pipe, a FIFO, a device, /dev/fd/N or standard input
 * ("-") -- is opened once and read from the start to the end at most
 * once: the bytes read ahead to tell its format are handed back first.
 * The size limit counts the bytes actually read, so it holds where stat
 * cannot tell (pipes, devices), and reading stops as soon as it is passed.
 * A report is written to a temporary file beside its target, flushed,
 * synced and renamed, so a reader never sees half a report. */
#define _GNU_SOURCE /* fopencookie */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0 /* linux/magic.h */

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
/* ---- atomic output ----------------------------------------------------------
 * An output is written through a stdio stream whose writes go to a file
 * descriptor by way of outsink, which keeps the errno of the first write
 * that failed (stdio keeps only a flag, and a later fflush succeeds), so
 * "write error" can say why. A regular target gets a temporary file
 * beside it (tempfile.c: removed on SIGINT, SIGTERM, SIGHUP and by later
 * runs after SIGKILL), flushed, synced and renamed over it; a device,
 * FIFO or socket gets an anonymous temporary file, copied to it on
 * commit; standard output is written as it comes. */

#define OUT_BUFSIZE 65536
#define LOCK_SUFFIX ".chipgate-lock"

struct outsink {
	int fd;  /* -1 once closed; 1 for standard output, never closed */
	int err; /* errno of the first write that failed, 0 if none */
	EVP_MD_CTX *md; /* outfile_hash: SHA-256 of every byte written */
	char sha256[SHA256_HEX_LEN + 1]; /* its digest, once finished ("" before) */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct outsink *s = cookie;
	size_t done = 0;
	if (s->err)
		return 0; /* a full disk stays full: do not write past the first failure */
	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : EIO;
			return 0; /* fopencookie: 0 is an error, and sets the stream's */
		}
		done += (size_t)w;
	}
	if (s->md && EVP_DigestUpdate(s->md, buf, n) != 1)
		s->err = EIO;
	return (ssize_t)n;
}

static int open_stream(struct outfile *of, bool line_buffered, struct diag *d)
{
	cookie_io_functions_t io = {.write = sink_write};
	of->fp = fopencookie(of->sink, "w", io);
	if (!of->fp) {
		diag_set(d, of->path ? of->path : "<stdout>", 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	setvbuf(of->fp, NULL, line_buffered ? _IOLBF : _IOFBF, OUT_BUFSIZE);
	return 0;
}

/* Free what OF holds and remove its temporary file, if any is left. */
static void outfile_release(struct outfile *of)
{
	if (of->fp) {
		of->sink->err = of->sink->err ? of->sink->err : ECANCELED; /* drop what is buffered */
		fclose(of->fp);
	}
	if (of->sink && of->sink->fd >= 0 && of->path) /* never standard output's */
		close(of->sink->fd);
	if (of->tmp)
		unlink(of->tmp);
	if (of->slot)
		tempfile_forget(of->slot - 1);
	if (of->sink)
		EVP_MD_CTX_free(of->sink->md);
	free(of->sink);
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof(*of));
}

bool path_is_descriptor(const char *path)
{
	struct strbuf cur = STRBUF_INIT, next = STRBUF_INIT;
	bool proc = false;
	sb_puts(&cur, path);
	for (int hop = 0; hop < 40 && !proc; hop++) {
		struct stat st;
		if (lstat(cur.buf, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		const char *slash = strrchr(cur.buf, '/');
		sb_reset(&next);
		if (slash)
			sb_add(&next, cur.buf, slash == cur.buf ? 1 : (size_t)(slash - cur.buf));
		else
			sb_putc(&next, '.');
		struct statfs sf;
		proc = statfs(next.buf, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
		char target[PATH_MAX];
		ssize_t n = readlink(cur.buf, target, sizeof(target) - 1);
		if (n <= 0)
			break;
		target[n] = '\0';
		if (target[0] == '/')
			sb_reset(&next);
		else
			sb_putc(&next, '/');
		sb_puts(&next, target);
		struct strbuf t = cur;
		cur = next;
		next = t;
	}
	sb_release(&cur);
	sb_release(&next);
	return proc;
}

/* The temporary file beside PATH, made with MODE less the umask. */
static int open_temporary(struct outfile *of, const char *path, unsigned mode, struct diag *d)
{
	int slot;
	int fd = tempfile_create(path, &of->tmp, &slot);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot create a temporary file beside it: %s", strerror(errno));
		return -1;
	}
	of->slot = slot + 1;
	of->sink->fd = fd;
	of->path = xstrdup(path);
	if (mode != 0600) {
		mode_t um = umask(0);
		umask(um);
		if (fchmod(fd, (mode_t)mode & ~um) != 0) {
			diag_set(d, path, 0, 0, "cannot set mode: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

int outfile_open(struct outfile *of, const char *path, unsigned mode, struct diag *d)
{
	memset(of, 0, sizeof(*of));
	of->sink = xcalloc(1, sizeof(*of->sink));
	of->sink->fd = -1;
	if (!path || strcmp(path, "-") == 0) {
		fflush(stdout); /* anything printed before comes first */
		of->sink->fd = 1;
		if (open_stream(of, isatty(1), d) != 0)
			goto fail;
		return 0;
	}
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, "is a directory");
		goto fail;
	}
	/* A device, FIFO or socket (-o /dev/null, -o >(cmd)), and a file this
	 * process has open (-o /dev/stdout, /dev/fd/N, however it is
	 * redirected) must never be renamed over -- as root, that would
	 * replace /dev/stdout itself: the output is kept in an anonymous
	 * temporary file and copied to it on commit, so nothing reaches it on
	 * error either. */
	if (exists && (!S_ISREG(st.st_mode) || path_is_descriptor(path))) {
		FILE *tf = tmpfile();
		of->sink->fd = tf ? fcntl(fileno(tf), F_DUPFD_CLOEXEC, 0) : -1;
		if (tf)
			fclose(tf);
		if (of->sink->fd < 0) {
			diag_set(d, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
			goto fail;
		}
		of->special = true;
		of->path = xstrdup(path);
	} else if (open_temporary(of, path, mode, d) != 0) {
		goto fail;
	}
	if (open_stream(of, false, d) != 0)
		goto fail;
	return 0;
fail:
	outfile_release(of);
	return -1;
}

int outfile_reserve(struct outfile *of, const char *path, unsigned mode, struct diag *d)
{
	memset(of, 0, sizeof(*of));
	of->sink = xcalloc(1, sizeof(*of->sink));
	of->sink->fd = -1;
	struct stat st;
	if (!path || strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) ||
	    path_is_descriptor(path)) {
		diag_set(d, path ? path : "<stdout>", 0, 0, "is not a regular file");
		goto fail;
	}
	if (open_temporary(of, path, mode, d) != 0)
		goto fail;
	close(of->sink->fd);
	of->sink->fd = -1;
	of->reserved = true;
	return 0;
fail:
	outfile_release(of);
	return -1;
}

void outfile_hash(struct outfile *of)
{
	if (!of->fp || of->sink->md)
		return;
	of->sink->md = EVP_MD_CTX_new();
	if (!of->sink->md || EVP_DigestInit_ex(of->sink->md, EVP_sha256(), NULL) != 1)
		of->sink->err = ENOMEM; /* the write fails, and says so */
}

/* The digest of everything the sink wrote, as hex in S->sha256. */
static int digest_final(struct outsink *s)
{
	unsigned char md[32];
	unsigned int n = sizeof(md);
	if (EVP_DigestFinal_ex(s->md, md, &n) != 1 || n != sizeof(md))
		return -1;
	sha256_to_hex(md, s->sha256);
	return 0;
}

const char *outfile_sha256(const struct outfile *of)
{
	return of->finished && of->sink && of->sink->md ? of->sink->sha256 : NULL;
}

void outfile_write_error(struct outfile *of, struct diag *d)
{
	if (of->fp && !of->sink->err)
		fflush(of->fp); /* what is still buffered may fail now, and say why */
	const char *path = of->path ? of->path : "<stdout>";
	if (of->sink && of->sink->err)
		diag_set(d, path, 0, 0, "write error: %s", strerror(of->sink->err));
	else
		diag_set(d, path, 0, 0, "write error");
}

int outfile_finish(struct outfile *of, struct diag *d)
{
	if (of->finished)
		return 0;
	if (of->reserved) {
		/* written by someone else, perhaps renamed over: sync what is there now */
		int fd = open(of->tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0 || fsync(fd) != 0) {
			diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		} else if (!S_ISREG(st.st_mode)) {
			diag_set(d, of->path, 0, 0, "write error: not a regular file");
		} else {
			of->finished = true;
		}
		if (fd >= 0)
			close(fd);
		return of->finished ? 0 : -1;
	}
	if (!of->fp) {
		diag_set(d, of->path ? of->path : "<stdout>", 0, 0, "no output is open");
		return -1;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp) || of->sink->err) {
		outfile_write_error(of, d);
		return -1;
	}
	fclose(of->fp); /* flushed: the cookie has nothing left to write */
	of->fp = NULL;
	if (of->sink->md && digest_final(of->sink) != 0) {
		diag_set(d, of->path ? of->path : "<stdout>", 0, 0, "cannot digest the output");
		return -1;
	}
	if (of->tmp) {
		int fd = of->sink->fd;
		of->sink->fd = -1;
		if (fsync(fd) != 0 || close(fd) != 0) {
			diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
			return -1;
		}
	}
	of->finished = true;
	return 0;
}

/* Copy the buffered output to a special file (see outfile_open). */
static int copy_to_special(struct outfile *of, struct diag *d)
{
	char buf[65536];
	int src = of->sink->fd, rc = 0;
	int dst = open(of->path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
	if (dst < 0 || lseek(src, 0, SEEK_SET) != 0) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	while (rc == 0) {
		ssize_t n = read(src, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_set(d, of->path, 0, 0, "read error: %s", strerror(errno));
			rc = -1;
		}
		if (n <= 0)
			break;
		for (ssize_t done = 0; rc == 0 && done < n;) {
			ssize_t w = write(dst, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				diag_set(d, of->path, 0, 0, "write error: %s",
				         w < 0 ? strerror(errno) : "nothing written");
				rc = -1;
			}
			done += w > 0 ? w : 0;
		}
	}
	if (dst >= 0 && close(dst) != 0 && rc == 0) {
		diag_set(d, of->path, 0, 0, "write error: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

/* DIR/.NAME.chipgate-lock for the target DIR/NAME, locked exclusively.
 * With CREATE the file is made if missing; without it a missing lock
 * file means that no pair was ever written there, and -1 is returned
 * with nothing to wait for. -2 on an error, with D. */
static int lock_take(const char *path, bool create, struct diag *d)
{
	struct strbuf lp = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	sb_add(&lp, path, (size_t)(base - path));
	sb_printf(&lp, ".%s" LOCK_SUFFIX, base);
	int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0);
	int fd = open(lp.buf, flags, 0644);
	if (fd < 0 && errno == EACCES) /* another user's: reading is enough to lock it */
		fd = open(lp.buf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && !create && errno == ENOENT) {
		sb_release(&lp);
		return -1;
	}
	while (fd >= 0 && flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		int err = errno;
		close(fd);
		fd = -1;
		errno = err;
	}
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot lock '%s': %s", lp.buf, strerror(errno));
		fd = -2;
	}
	sb_release(&lp);
	return fd;
}

static void sync_dir_of(const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		sb_putc(&dir, '.');
	int fd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* the renames are done: durability is best effort here */
		close(fd);
	}
	sb_release(&dir);
}

/* Rename the finished temporary files of V[0..N) over their targets, in
 * that order, holding the lock of V[0]'s target (made when CREATE_LOCK)
 * and with the signals that remove temporary files held back, so no
 * interruption but SIGKILL falls between two renames. When a later
 * rename fails, its old target is removed: it belonged to the V[0] that
 * was just replaced. */
static int rename_all(struct outfile *const *v, size_t n, bool create_lock, struct diag *d)
{
	int lock = lock_take(v[0]->path, create_lock, d);
	if (lock == -2)
		return -1;
	int rc = 0;
	sigset_t old;
	tempfile_block_signals(&old);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (rename(v[i]->tmp, v[i]->path) != 0) {
			int err = errno;
			if (i > 0 && unlink(v[i]->path) == 0)
				diag_set(d, v[i]->path, 0, 0,
				         "cannot rename into place: %s (removed the old one: it "
				         "belonged to the previous %s)",
				         strerror(err), v[0]->path);
			else
				diag_set(d, v[i]->path, 0, 0, "cannot rename into place: %s",
				         strerror(err));
			rc = -1;
			break;
		}
		free(v[i]->tmp);
		v[i]->tmp = NULL;
		tempfile_forget(v[i]->slot - 1);
		v[i]->slot = 0;
	}
	tempfile_restore_signals(&old);
	if (lock >= 0)
		close(lock); /* the directory entries are in place: others may go */
	if (rc == 0)
		sync_dir_of(v[0]->path);
	return rc;
}

int outfile_commit(struct outfile *of, struct diag *d)
{
	if (outfile_finish(of, d) != 0) {
		outfile_release(of);
		return -1;
	}
	int rc = 0;
	if (of->special)
		rc = copy_to_special(of, d);
	else if (of->tmp)
		rc = rename_all(&of, 1, false, d);
	outfile_release(of);
	return rc;
}

int outfile_commit_new(struct outfile *of, struct diag *d)
{
	if (outfile_finish(of, d) != 0) {
		outfile_release(of);
		return -1;
	}
	int rc = 0, err = 0;
	if (of->special) {
		diag_set(d, of->path, 0, 0, "already exists: not overwritten");
		rc = -1;
		err = EEXIST;
	} else if (of->tmp) {
		/* link, unlike rename, never replaces: a file made meanwhile wins */
		if (link(of->tmp, of->path) != 0) {
			err = errno;
			if (err == EEXIST)
				diag_set(d, of->path, 0, 0, "already exists: not overwritten");
			else
				diag_set(d, of->path, 0, 0, "cannot create: %s", strerror(err));
			rc = -1;
		} else {
			sync_dir_of(of->path);
		}
	}
	outfile_release(of); /* removes the temporary name */
	errno = err;
	return rc;
}

int outfile_commit_pair(struct outfile *first, struct outfile *second, struct diag *d)
{
	int rc = 0;
	const struct outfile *odd = !first->tmp ? first : !second->tmp ? second : NULL;
	if (odd) {
		diag_set(d, odd->path ? odd->path : "<stdout>", 0, 0,
		         "is not a regular file: a pair is two files renamed into place");
		rc = -1;
	}
	if (rc == 0 && (outfile_finish(first, d) != 0 || outfile_finish(second, d) != 0))
		rc = -1;
	struct outfile *const v[2] = {first, second};
	if (rc == 0)
		rc = rename_all(v, 2, true, d);
	outfile_release(first);
	outfile_release(second);
	return rc;
}

void outfile_abort(struct outfile *of)
{
	outfile_release(of);
}

int write_file_atomic(const char *path, const void *buf, size_t len, unsigned mode, struct diag *d)
{
	struct outfile of;
	if (outfile_open(&of, path, mode, d) != 0)
		return -1;
	if (len && fwrite(buf, 1, len, of.fp) != len) {
		outfile_write_error(&of, d);
		outfile_abort(&of);
		return -1;
	}
	return outfile_commit(&of, d);
}

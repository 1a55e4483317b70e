/* util: the small pieces every stage uses — arena, string buffer,
 * diagnostics (file:line:col), dates, whole-file input, atomic output,
 * SHA-256. Nothing here prints to the terminal or exits, except the
 * out-of-memory path of x*alloc (as git's xmalloc does). */
#ifndef CHIPGATE_UTIL_H
#define CHIPGATE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/embedded.h"

#define CG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- allocation ------------------------------------------------------- */

/* Allocate or die with "chipgate: out of memory" and exit status 2. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Grow *p (an array of *cap elements of size sz) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t sz);
/* The test is inline: XGROW sits in per-row loops at fleet scale. */
#define XGROW(p, cap, need)                                                                        \
	do {                                                                                       \
		if ((need) > (cap))                                                                \
			xgrow((void **)&(p), &(cap), (need), sizeof(*(p)));                        \
	} while (0)
/* Big growing blocks (fleet-scale arrays): zeroed pages from mmap, 2 MB
 * aligned with a huge-page hint. big_grow keeps the first OLD bytes of P
 * (moving its pages, not copying them) and frees P; sizes are in bytes. */
#define BIG_PAGE ((size_t)2 << 20) /* big blocks' alignment: a huge page */
void *big_alloc(size_t size);
void *big_grow(void *p, size_t old, size_t size);
void big_free(void *p, size_t size);

/* ---- arena: many small allocations freed in one call ------------------ */

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t total; /* bytes handed out, for statistics */
};

void arena_init(struct arena *a);
/* Zeroed, 16-byte aligned memory owned by the arena; dies on OOM. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) CG_PRINTF(2, 3);
/* Free everything the arena handed out; the arena can be reused. */
void arena_release(struct arena *a);

/* ---- strbuf: a growable NUL-terminated string ------------------------- */

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};
#define STRBUF_INIT {NULL, 0, 0}

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) CG_PRINTF(2, 3);
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap) CG_PRINTF(2, 0);
/* The contents (never NULL: "" when empty). */
const char *sb_str(const struct strbuf *sb);
void sb_reset(struct strbuf *sb);
/* Hand the buffer to the caller (free() it); sb is empty afterwards. */
char *sb_detach(struct strbuf *sb);
void sb_release(struct strbuf *sb);
/* Append S as a JSON string literal with quotes and escapes. */
void sb_json_string(struct strbuf *sb, const char *s);
/* For text meant for a terminal or a CI log: control characters (below
 * 0x20, and 0x7f) in SB from byte FROM on become \xNN, as diagnostics
 * quote them, so that no input can move the cursor, recolour or rewrite
 * what an auditor reads. */
void sb_escape_controls(struct strbuf *sb, size_t from);

/* ---- diagnostics ----------------------------------------------------- */

/* A diagnostic: where (line/col 0 = unknown) and what. Messages are
 * lowercase, without a full stop, offending values in single quotes. */
struct diag {
	char file[1024];
	int line;
	int col;
	char msg[1024];
};

void diag_clear(struct diag *d);
void diag_set(struct diag *d, const char *file, int line, int col, const char *fmt, ...)
	CG_PRINTF(5, 6);
void diag_vset(struct diag *d, const char *file, int line, int col, const char *fmt, va_list ap)
	CG_PRINTF(5, 0);
/* "FILE:LINE:COL: msg" (parts that are unknown are left out). */
void diag_format(const struct diag *d, struct strbuf *out);

/* A list of diagnostics, for tools that report every error (lint). */
struct diag_list {
	struct diag *v;
	size_t n, cap;
};
void diag_list_push(struct diag_list *l, const struct diag *d);
void diag_list_release(struct diag_list *l);

/* Write S (N bytes) into OUT (SIZE bytes) as a quoted-safe excerpt:
 * control bytes and quotes escaped, cut to about 60 characters with "...".
 * The result is always NUL-terminated. Used to quote input in messages. */
const char *diag_excerpt(char *out, size_t size, const char *s, size_t n);

/* ---- dates: days since 1970-01-01 (proleptic Gregorian, UTC) ---------- */

typedef int32_t cg_date;
#define CG_DATE_NONE INT32_MIN

/* Parse exactly "YYYY-MM-DD" (a real calendar day, year 1..9999).
 * Returns 0 and sets *out, or -1. */
int date_parse(const char *s, cg_date *out);
/* Format as "YYYY-MM-DD" into out[11]. */
void date_format(cg_date d, char out[11]);
cg_date date_from_ymd(int y, int m, int d);
/* Today in UTC, or the day of SOURCE_DATE_EPOCH when that is set. */
cg_date date_today(void);
/* Seconds since the epoch for generated_at: SOURCE_DATE_EPOCH when set
 * and valid, else now. Returns -1 when SOURCE_DATE_EPOCH is malformed. */
long long time_now_epoch(void);
/* "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void time_format_utc(long long t, char out[21]);

/* ---- input files ------------------------------------------------------ */

/* Largest input accepted, in bytes (CHIPGATE_MAX_INPUT overrides): the
 * bytes actually read count, from files, pipes and devices alike. */
size_t input_size_limit(void);

/* An input opened once and read once: a file, a pipe, a FIFO, a device,
 * /dev/fd/N, or standard input ("-"). Bytes read ahead (input_peek, to
 * tell the format) are handed back first by input_read, so nothing is
 * read twice and nothing is reopened. Every read counts against
 * input_size_limit() and fails as soon as it is passed. */
struct input {
	const char *path; /* as given; borrowed */
	int fd;           /* -1 once closed */
	bool is_stdin;    /* "-": fd 0, never closed */
	bool eof;
	size_t limit;
	size_t total;     /* bytes read from fd so far */
	size_t size_hint; /* a regular file's size, else 0 */
	char *head;       /* read ahead: [ohead, nhead) not yet handed back */
	size_t nhead, ohead, caphead;
};

/* Open PATH ("-" = stdin). Refuses directories, and regular files whose
 * size is over the limit before reading them. On error fills d, returns
 * -1 and nothing is open. Close with input_close. */
int input_open(struct input *in, const char *path, struct diag *d);
/* Read ahead until N bytes are buffered or the input ends; *HEAD, *LEN:
 * the buffered bytes (valid until the next call on IN). 0, or -1 with d. */
int input_peek(struct input *in, size_t n, const char **head, size_t *len, struct diag *d);
/* Fill BUF with N bytes, fewer only at the end: the bytes read ahead
 * first, then from the file. Returns the count (0 at the end), or -1 with
 * d (a read error, or the input is over the limit). */
ssize_t input_read(struct input *in, void *buf, size_t n, struct diag *d);
/* The rest of IN (read-ahead bytes included) as a malloc'd NUL-terminated
 * buffer (*len excludes the NUL). With TEXT, a NUL byte or invalid UTF-8
 * is refused as soon as it is read (text_validate's message), not after
 * the whole input. 0, or -1 with d and nothing allocated. */
int input_read_all(struct input *in, bool text, char **buf, size_t *len, struct diag *d);
void input_close(struct input *in);

/* Read all of PATH ("-" = stdin) into a malloc'd, NUL-terminated buffer
 * (*len excludes the NUL). On error fills d and returns -1. Refuses
 * directories and inputs over input_size_limit(). */
int file_read_all(const char *path, char **buf, size_t *len, struct diag *d);
/* The same for a text format (libconfig, JSON, CSV, tool output): binary
 * input is refused at its first NUL byte or invalid UTF-8 sequence. */
int file_read_text(const char *path, char **buf, size_t *len, struct diag *d);

/* Check that BUF holds text a config reader can take: no NUL byte and
 * valid UTF-8. On failure fills d with the line and column of the first
 * bad byte and returns -1. */
int text_validate(const char *path, const char *buf, size_t len, struct diag *d);

/* Line and column (1-based, in bytes) of offset OFF within BUF. */
void text_position(const char *buf, size_t off, int *line, int *col);

/* Position of the value at a JSON path in TEXT (for diagnostics after
 * jansson, which keeps none): PATH is a list of N steps, each an object
 * key or (key NULL) an array index. Returns 0 and sets line/col (1-based),
 * or -1 when the path cannot be followed (line/col untouched). Keys
 * written with the escapes \" \\ \/ match; other escapes do not. */
struct json_step {
	const char *key;
	size_t index;
};
int json_locate(const char *text, size_t len, const struct json_step *path, size_t n, int *line,
		int *col);

/* ---- atomic output --------------------------------------------------- */

/* An output being written: to a temporary file beside its target,
 * renamed over it on commit, so a reader sees the old file or the whole
 * new one; for a device, FIFO or socket, to an anonymous temporary file
 * copied to it on commit; with path NULL or "-", to standard output.
 * Temporary files are named .chipgate-PID-XXXXXX.tmp; they are removed on
 * error, on SIGINT, SIGTERM and SIGHUP, and -- left by a run killed with
 * SIGKILL -- by a later run that writes to the same directory (see
 * tempfile_create). A struct outfile must not be copied while open. */
struct outsink;
struct outfile {
	FILE *fp;             /* write here; NULL once finished */
	char *path;           /* the target; NULL for standard output */
	char *tmp;            /* the temporary file beside it, or NULL */
	struct outsink *sink; /* the descriptor under fp and its first write error */
	int slot;             /* tmp's entry in the signal handler's table, plus 1; 0: none */
	bool special;         /* a device, FIFO or socket: copied to on commit */
	bool reserved;        /* tmp is written by someone else, by its path */
	bool finished;        /* flushed, checked and synced: ready to commit */
};

/* Whether PATH names a descriptor of this process through a /proc link
 * (/dev/stdout, /dev/fd/N, /proc/self/fd/N): whatever it points to, it
 * is written through, never renamed over, and never gets a companion. */
bool path_is_descriptor(const char *path);
/* Open for writing; MODE is the final file mode (e.g. 0644, 0600), less
 * the umask. A directory is refused. 0, or -1 with d and nothing left. */
int outfile_open(struct outfile *of, const char *path, unsigned mode, struct diag *d);
/* Reserve the temporary file beside PATH (a regular file, or none yet)
 * for a writer that takes a path: it writes OF->tmp, or renames its own
 * file over it; OF->fp stays NULL. Commit or abort it as any outfile. */
int outfile_reserve(struct outfile *of, const char *path, unsigned mode, struct diag *d);
/* Digest (SHA-256) every byte written to OF->fp from now on; call it
 * right after outfile_open, before the first write. */
void outfile_hash(struct outfile *of);
/* The lowercase hex SHA-256 of what OF wrote, once outfile_finish has
 * succeeded (and until the commit releases OF); NULL without
 * outfile_hash. Borrowed. */
const char *outfile_sha256(const struct outfile *of);
/* Fill D with "write error: REASON" for OF, the reason being the errno of
 * the write that failed (ENOSPC: "No space left on device"). For a
 * writer that reported failure; then abort. */
void outfile_write_error(struct outfile *of, struct diag *d);
/* Flush, check for write errors and fsync, without renaming: the
 * temporary file is complete and waits for outfile_commit(_pair). 0, or
 * -1 with d (then abort). Done by the commit functions if not before. */
int outfile_finish(struct outfile *of, struct diag *d);
/* Finish and put in place: rename over the target (holding its lock
 * file, when a pair was ever written there), copy to a special file, or
 * flush standard output. On any error the temporary file is removed and
 * -1 returned with d. Always releases OF. */
int outfile_commit(struct outfile *of, struct diag *d);
/* Finish and put in place as a new file: linked to its target, which
 * must not exist -- "already exists: not overwritten" (errno EEXIST)
 * otherwise, even when the file appeared while OF was written. For keys
 * and approvals, which are never silently replaced. Always releases OF;
 * 0, or -1 with d. */
int outfile_commit_new(struct outfile *of, struct diag *d);
/* Put two outputs in place together, SECOND belonging to FIRST (a report
 * and its signature): both are finished -- complete and synced as
 * temporary files -- before either replaces an old file, so a failure
 * leaves the old pair untouched. Then, holding the lock file
 * DIR/.NAME.chipgate-lock of FIRST (flock, created if missing), with
 * SIGINT, SIGTERM and SIGHUP held back, FIRST is renamed, then SECOND;
 * concurrent writers of the same FIRST thus leave a matching pair. Only
 * SIGKILL or a crash can fall between the two renames, leaving the new
 * FIRST beside the old SECOND -- never a new SECOND beside an old FIRST,
 * a signature standing beside what it does not sign -- and the next
 * commit of the pair replaces both. If SECOND cannot be renamed, its old
 * file is removed. Both must be regular files in one directory. Always
 * releases both. 0, or -1 with d. */
int outfile_commit_pair(struct outfile *first, struct outfile *second, struct diag *d);
/* Remove the temporary file; nothing is written. Safe to call twice. */
void outfile_abort(struct outfile *of);
/* Write a whole buffer atomically. */
int write_file_atomic(const char *path, const void *buf, size_t len, unsigned mode, struct diag *d);

/* ---- temporary files (tempfile.c) -------------------------------------- */

/* Temporary files of killed runs older than this (seconds) are removed. */
#define TEMPFILE_STALE_AGE 60
/* Create DIR/.chipgate-PID-XXXXXX.tmp beside PATH (mode 0600, O_CLOEXEC),
 * first removing the stale ones of that directory, once per process.
 * Until tempfile_forget(*SLOT), SIGINT, SIGTERM and SIGHUP remove it, then
 * end the process by the same signal (the handlers are installed on the
 * first call, for each signal that is not ignored). Returns the
 * descriptor and *TMP (malloc'd), or -1 with errno. */
int tempfile_create(const char *path, char **tmp, int *slot);
/* An unlinked temporary file, mode 0600, in the directory of PATH (for
 * scratch data as large as an output, kept off a memory-backed /tmp):
 * O_TMPFILE, else a named one removed at once. Nothing is left behind
 * whatever happens. The descriptor (O_CLOEXEC), or -1 with errno. */
int tempfile_anonymous(const char *path);
/* The file of SLOT was renamed or removed: the handler forgets it. */
void tempfile_forget(int slot);
/* Remove from DIR ("" is the working directory) the temporary files
 * whose process is gone (kill(PID, 0): ESRCH), older than MIN_AGE
 * seconds: regular files of this user named exactly
 * .chipgate-PID-XXXXXX.tmp, never through a symbolic link. Returns how
 * many were removed. */
size_t tempfile_remove_stale(const char *dir, long min_age);
/* Hold back (and restore) the signals that remove temporary files,
 * around steps that must not be interrupted. */
void tempfile_block_signals(sigset_t *old);
void tempfile_restore_signals(const sigset_t *old);

/* ---- digests ----------------------------------------------------------- */

#define SHA256_HEX_LEN 64
/* out[65]: lowercase hex SHA-256 of BUF. */
void sha256_hex(const void *buf, size_t len, char out[SHA256_HEX_LEN + 1]);
void sha256_raw(const void *buf, size_t len, unsigned char out[32]);
/* out[65]: the digest MD (raw, 32 bytes) as lowercase hex. */
void sha256_to_hex(const unsigned char md[32], char out[SHA256_HEX_LEN + 1]);

/* ---- small string helpers --------------------------------------------- */

bool str_eq_nocase(const char *a, const char *b);
/* Parse a decimal number; whole string, finite. 0 ok, -1 not a number. */
int parse_double(const char *s, double *out);
/* Parse a decimal integer in [min, max]; whole string. */
int parse_ll(const char *s, long long min, long long max, long long *out);
/* Levenshtein distance of two short strings, capped at CAP (returns CAP+1
 * when larger, and for strings over 64 bytes). For "did you mean". */
size_t edit_distance(const char *a, const char *b, size_t cap);
/* "Did you mean": offer candidates one at a time; the closest within a
 * distance that grows with the word's length (1 for up to 5 bytes, then a
 * third of it, at most 3) is kept, the first one on a tie. WORD and the
 * candidates must outlive the struct; nothing is allocated. */
struct suggest {
	const char *word;
	size_t cap, best_dist;
	const char *best;
};
void suggest_init(struct suggest *s, const char *word);
void suggest_offer(struct suggest *s, const char *candidate);
/* FNV-1a hash; stable (collect derives asset ids from it). */
uint64_t hash_bytes(const void *p, size_t n);
/* A faster hash, eight bytes at a time, for in-memory tables only: its
 * values may change between versions and are never written out. */
uint64_t hash_mem(const void *p, size_t n);

#endif

/* cli: one file per subcommand (cmd_NAME), plus the shared helpers that
 * print diagnostics and usage. Only this layer prints or decides exit
 * codes; everything below returns a status and fills a struct diag. */
#ifndef CHIPGATE_CLI_H
#define CHIPGATE_CLI_H

#include "util/util.h"

/* Exit codes, identical for every command (DESIGN §3, chipgate(1)). */
enum {
	EXIT_PASS = 0,     /* passed / verified */
	EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	EXIT_ERROR = 2,    /* usage, input, policy or I/O error; nothing written */
	EXIT_VERIFY = 3,   /* verification failed */
};

/* One option of a command. A command's table of these parses its
 * arguments, prints its --help, writes its shell completion and is checked
 * against its man page, so the four cannot drift apart. */
struct cli_opt {
	int code;          /* the short letter, or a code >= 256 for a long-only option */
	const char *name;  /* the long name, without "--" */
	const char *arg;   /* the value's placeholder ("FILE"), or NULL for a flag */
	const char *help;  /* one line: what it does, and its default */
	const char *complete; /* how its value completes: a space-separated word
	                       * list, or "@file", "@pack" (embedded packs and
	                       * files), "@model" (catalog ids); NULL: nothing */
};

/* Codes of long-only options, shared so a command's table and switch agree. */
enum {
	OPT_AS_OF = 0x100,
	OPT_JUSTIFICATIONS,
	OPT_FORMAT_IN,
	OPT_FAIL_ON,
	OPT_BASELINE,
	OPT_SIGN,
	OPT_COLOR,
	OPT_THRESHOLD,
	OPT_INPUTS,
	OPT_FORCE,
	OPT_LSPCI,
	OPT_NVIDIA_SMI,
	OPT_NPU_SMI,
	OPT_PCI_DUMP,
	OPT_PCI_IDS,
	OPT_SITE,
	OPT_PURPOSE,
	OPT_STATUS,
	OPT_HOST,
	OPT_ROCM_SMI,
	OPT_AMD_SMI,
	OPT_CNMON,
	OPT_KUBE,
	OPT_REDFISH,
	OPT_REPORT,
};

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;    /* the SYNOPSIS line(s), same as the man page */
	const char *summary;  /* one line for `chipgate --help` */
	const struct cli_opt *opts; /* ends with a zeroed entry; -h is implied */
	const char *operands; /* how operands complete, as cli_opt.complete */
	const char *exits;    /* the exit statuses, "  N  meaning" a line */
	const char *manual;   /* the man page that documents it: "chipgate(1)" */
};

/* The command table (main.c) and lookup by name. */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);
/* The closest command name to NAME for "did you mean", or NULL. */
const char *cli_suggest_command(const char *name);

/* The option tables, one per command (beside cmd_NAME in src/cli/NAME.c). */
extern const struct cli_opt cli_check_opts[], cli_explain_opts[], cli_lint_opts[],
	cli_catalog_opts[], cli_collect_opts[], cli_review_opts[], cli_justify_opts[],
	cli_approve_opts[], cli_keygen_opts[], cli_verify_opts[], cli_diff_opts[],
	cli_completion_opts[];

/* Argument parsing in GNU order: options and operands may come in any
 * order, "--" ends the options, "-" is an operand; "-oFILE", "-o FILE",
 * "--output=FILE", "--output FILE", clusters of flags ("-qP") and unique
 * abbreviations of long names ("--out") are accepted. The operands are
 * moved, in order, to ops[0..nops) (argv itself is reordered; the strings
 * are not copied). */
struct cli_args {
	const struct cli_command *cmd;
	int argc;
	char **argv;
	int next;               /* the next argv element to read */
	const char *cluster;    /* the rest of "-abc" after the option returned */
	bool ended;             /* "--" was seen */
	bool quiet;             /* report nothing (the --help probe) */
	const char *arg;        /* the value of the option last returned */
	char **ops;
	size_t nops;
};
/* Start parsing ARGV (ARGV[0] is the command's name) for command CMD. */
void cli_args_init(struct cli_args *a, const char *cmd, int argc, char **argv);
/* The next option's code with its value in A->arg; 0 when only operands
 * are left; -1 after printing a usage error (unknown option, with the
 * closest one; a missing or unexpected value): return EXIT_ERROR. */
int cli_args_next(struct cli_args *a);
/* Print a command's --help: usage, summary, options, exit statuses. */
void cli_print_help(const struct cli_command *c, FILE *fp);

/* "chipgate: FILE:LINE:COL: message" on stderr. */
void cli_diag(const struct diag *d);
void cli_diag_list(const struct diag_list *l);
/* "chipgate: message" on stderr; returns EXIT_ERROR for `return cli_error(...)`. */
int cli_error(const char *fmt, ...) CG_PRINTF(1, 2);
/* Print "chipgate: message" then the command's usage on stderr; EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CG_PRINTF(2, 3);
/* Print the command's help on stdout (for --help); EXIT_PASS. */
int cli_help(const char *cmd);
/* True when -h or --help is one of CMD's options in ARGV (not the value of
 * another option, not after "--"). */
bool cli_wants_help(const char *cmd, int argc, char **argv);
/* When to colour: --color's value (or "auto") for output to FD. NO_COLOR
 * set and non-empty turns "auto" off (no-color.org); "always" wins. */
bool cli_use_color(const char *when, int fd);
/* Write an output atomically to OUT (NULL: stdout): WRITE fills the stream
 * from CTX and returns 0, or -1 on a write error. Returns 0, or EXIT_ERROR
 * after printing why; on error nothing is left at OUT. */
typedef int (*cli_writer)(FILE *fp, const void *ctx);
int cli_write_output(const char *out, cli_writer write, const void *ctx);
/* An input a command reads, for cli_refuse_overwrite: its path as given
 * ("-": standard input; "embedded:NAME": compiled in, never a clash) and
 * what it is, as the message names it ("the inventory"). */
struct cli_input {
	const char *path;
	const char *role;
};
/* Refuse to write OUT (NULL or "-": standard output, never refused) when
 * that would replace one of the N inputs IN: the same device and inode --
 * OUT's directory entry or the file it points to, against an input or the
 * file it points to -- or, when neither exists yet, the same path. Prints
 * "chipgate: OUT: would overwrite an input (ROLE)" and returns EXIT_ERROR;
 * else 0. A device, FIFO or socket is written through, not replaced, and
 * is not compared. Call it before anything is written, for each output
 * (check: the report and FILE.dsse.json; review and approve may too). */
int cli_refuse_overwrite(const char *out, const struct cli_input *in, size_t n);
/* Check, before the work, that OUT (NULL: standard output) can be
 * written: not a directory, and for a regular file (or none yet) a
 * directory this process may write in. With NEED (why, starting with the
 * option that asks: "--sign needs -o to name a regular file"), OUT must
 * be a regular file or not exist: a device, FIFO or socket is refused
 * ("chipgate: OUT: NEED, not a FIFO"). Prints why and returns EXIT_ERROR,
 * else 0. */
int cli_check_output(const char *out, const char *need);
/* Flush stdout and report a write error (e.g. a closed pipe): EXIT_ERROR
 * if writing failed, else RC. Every command returns through this. */
int cli_finish(int rc);
/* Print TEXT (lines of plain text that may quote inputs) with the control
 * characters of each line as \xNN, as the text report shows them. */
void cli_put_text(const char *text, FILE *fp);

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_justify(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_cosign(int argc, char **argv);
extern const struct cli_opt cli_cosign_opts[];
int cmd_diff(int argc, char **argv);
int cmd_completion(int argc, char **argv);

#endif

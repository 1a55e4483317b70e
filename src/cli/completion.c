/* chipgate completion bash: print a bash completion script written from
 * the command table and the option tables (so it completes exactly what
 * the parser accepts), with the embedded packs' names and the embedded
 * catalog's ids as values. The build runs it (-o FILE) to make the script
 * that `cmake --install` puts in bash-completion's directory.
 *
 * The script is plain bash (no bash-completion helpers are required) and
 * must never evaluate the words it completes: they are only compared and
 * handed to compgen -W, quoted. */
#include <string.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "policy/policy.h"

const struct cli_opt cli_completion_opts[] = {
	{'o', "output", "FILE", "write the script to FILE, atomically (default: standard output)",
	 "@file"},
	{0, NULL, NULL, NULL, NULL},
};

static int put_script(FILE *fp, const void *script)
{
	return fputs(sb_str(script), fp) == EOF ? -1 : 0;
}

/* Every spelling of every option of C that takes a value, space-separated. */
static void value_options(struct strbuf *sb, const struct cli_command *c)
{
	for (const struct cli_opt *o = c->opts; o->code; o++) {
		if (!o->arg || o->arg[0] == '[')
			continue;
		if (o->code < 256)
			sb_printf(sb, "-%c ", o->code);
		sb_printf(sb, "--%s ", o->name);
	}
}

/* The case arm that completes the value of each option of C. */
static void value_cases(struct strbuf *sb, const struct cli_command *c)
{
	for (const struct cli_opt *o = c->opts; o->code; o++) {
		if (!o->arg || !o->complete)
			continue;
		sb_puts(sb, "\t\t\t");
		if (o->arg[0] == '[') { /* an optional value: only as --name=VALUE */
			sb_printf(sb, "--%s) [ $eq = 1 ] && { _chipgate_values '%s'; return; } ;;\n",
				  o->name, o->complete);
			continue;
		}
		if (o->code < 256)
			sb_printf(sb, "-%c|", o->code);
		sb_printf(sb, "--%s) _chipgate_values '%s'; return ;;\n", o->name, o->complete);
	}
}

static void command_case(struct strbuf *sb, const struct cli_command *c)
{
	sb_printf(sb, "\t%s)\n\t\tvopts='", c->name);
	value_options(sb, c);
	sb_puts(sb, "'\n\t\topts='");
	for (const struct cli_opt *o = c->opts; o->code; o++) {
		if (o->code < 256)
			sb_printf(sb, "-%c ", o->code);
		sb_printf(sb, "--%s ", o->name);
	}
	sb_puts(sb, "-h --help'\n");
	sb_printf(sb, "\t\toperands='%s'\n", c->operands ? c->operands : "");
	sb_puts(sb, "\t\tif [ -n \"$prev\" ]; then\n\t\t\tcase $prev in\n");
	value_cases(sb, c);
	/* a value with nothing to offer (a date, a name) is not an operand */
	sb_puts(sb, "\t\t\t*) [[ \" $vopts \" == *\" $prev \"* ]] && return ;;\n"
		    "\t\t\tesac\n\t\tfi ;;\n");
}

static void write_script(struct strbuf *sb, const char *packs, const char *models)
{
	sb_printf(sb, "# bash completion for chipgate %s, written by 'chipgate completion bash'.\n"
		      "# Install: put it in bash-completion's completions directory as 'chipgate',\n"
		      "# or source it from ~/.bashrc.\n\n",
		  CHIPGATE_VERSION);
	sb_printf(sb, "_chipgate_packs='%s'\n_chipgate_models='%s'\n\n", packs, models);
	sb_puts(sb,
		"# _chipgate_values KIND: complete $cur as a value of that kind: a word list,\n"
		"# or @file, @pack (embedded packs and files), @model (catalog ids).\n"
		"_chipgate_values() {\n"
		"\tlocal words\n"
		"\tcase $1 in\n"
		"\t@file) compopt -o filenames 2>/dev/null\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); return ;;\n"
		"\t@pack) compopt -o filenames 2>/dev/null\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -W \"$_chipgate_packs\" -- \"$cur\";"
		" compgen -f -- \"$cur\"); return ;;\n"
		"\t@model) words=$_chipgate_models ;;\n"
		"\t*) words=$1 ;;\n"
		"\tesac\n"
		"\tmapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
		"}\n\n"
		"_chipgate() {\n"
		"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' ci=0 eq=0 i\n"
		"\t# '--opt=VALUE' reaches us as '--opt' '=' 'VALUE' (= is a word break)\n"
		"\tif [ \"$COMP_CWORD\" -ge 2 ] && [ \"${COMP_WORDS[COMP_CWORD - 1]}\" = '=' ]; then\n"
		"\t\tprev=${COMP_WORDS[COMP_CWORD - 2]} eq=1\n"
		"\telif [ \"$cur\" = '=' ]; then\n"
		"\t\tprev=${COMP_WORDS[COMP_CWORD - 1]} cur='' eq=1\n"
		"\telif [ \"$COMP_CWORD\" -ge 1 ]; then\n"
		"\t\tprev=${COMP_WORDS[COMP_CWORD - 1]}\n"
		"\tfi\n"
		"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		"\t\tcase ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]} ci=$i; break ;; esac\n"
		"\tdone\n"
		"\tif [ -z \"$cmd\" ]; then\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -W '");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		sb_printf(sb, "%s ", c->name);
	sb_puts(sb, "--help --version' -- \"$cur\")\n"
		    "\t\treturn\n"
		    "\tfi\n"
		    "\t[ \"$prev\" = \"$cmd\" ] && [ \"$ci\" -eq $((COMP_CWORD - 1)) ] && prev=''\n"
		    "\tlocal opts='' vopts='' operands=''\n"
		    "\tcase $cmd in\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		command_case(sb, c);
	sb_puts(sb,
		"\t*) return ;;\n"
		"\tesac\n"
		"\tif [[ $cur == -* ]]; then\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -W \"$opts\" -- \"$cur\")\n"
		"\t\treturn\n"
		"\tfi\n"
		"\t# which operand this is: words after the command, less options and their values\n"
		"\tlocal n=0 skip=0 dashdash=0 w\n"
		"\tfor ((i = ci + 1; i < COMP_CWORD; i++)); do\n"
		"\t\tw=${COMP_WORDS[i]}\n"
		"\t\tif [ $skip = 1 ]; then skip=0; continue; fi\n"
		"\t\tif [ $dashdash = 0 ]; then\n"
		"\t\t\tcase $w in\n"
		"\t\t\t--) dashdash=1; continue ;;\n"
		"\t\t\t=) skip=1; continue ;;\n"
		"\t\t\t-?*)\n"
		"\t\t\t\tif [[ \" $vopts \" == *\" $w \"* ]]; then\n"
		"\t\t\t\t\t[ \"${COMP_WORDS[i + 1]}\" = '=' ] && i=$((i + 1))\n"
		"\t\t\t\t\tskip=1\n"
		"\t\t\t\tfi\n"
		"\t\t\t\tcontinue ;;\n"
		"\t\t\tesac\n"
		"\t\tfi\n"
		"\t\tn=$((n + 1))\n"
		"\tdone\n"
		"\t# operands: 'FIRST|REST' completes the first and the others differently\n"
		"\tlocal kind=$operands\n"
		"\tif [[ $operands == *'|'* ]]; then\n"
		"\t\tif [ $n = 0 ]; then kind=${operands%%|*}; else kind=${operands#*|}; fi\n"
		"\tfi\n"
		"\t[ -n \"$kind\" ] && _chipgate_values \"$kind\"\n"
		"}\n"
		"complete -F _chipgate chipgate\n");
}

/* Append WORD to SB when it is a plain shell word (the script quotes the
 * lists with single quotes; a user catalog's odd id is simply left out). */
static void add_word(struct strbuf *sb, const char *word)
{
	if (!*word || strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789._+-") != strlen(word))
		return;
	sb_printf(sb, "%s%s", sb->len ? " " : "", word);
}

int cmd_completion(int argc, char **argv)
{
	const char *out = NULL;
	struct cli_args args;
	int c;
	cli_args_init(&args, "completion", argc, argv);
	while ((c = cli_args_next(&args)) > 0)
		out = strcmp(args.arg, "-") == 0 ? NULL : args.arg; /* -o, the one option */
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops != 1 || strcmp(args.ops[0], "bash") != 0)
		return cli_usage_error("completion", "the one shell supported is bash");
	if (cli_check_output(out, NULL) != 0)
		return EXIT_ERROR;
	struct catalog cat;
	struct diag d;
	if (catalog_load_embedded(&cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	struct strbuf all = STRBUF_INIT, packs = STRBUF_INIT, models = STRBUF_INIT,
		      script = STRBUF_INIT;
	policy_list_embedded(&all, "\n");
	for (char *p = all.buf, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		if ((nl = strchr(p, '\n')))
			*nl = '\0';
		add_word(&packs, p);
	}
	sb_release(&all);
	for (size_t i = 0; i < cat.nchips; i++)
		add_word(&models, cat.chips[i]->id);
	catalog_free(&cat);
	write_script(&script, sb_str(&packs), sb_str(&models));
	int rc = cli_write_output(out, put_script, &script);
	sb_release(&packs);
	sb_release(&models);
	sb_release(&script);
	return cli_finish(rc == 0 ? EXIT_PASS : rc);
}

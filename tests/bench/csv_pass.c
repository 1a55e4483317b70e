/* The floor of the fleet benchmark: one bare libcsv pass over a CSV file,
 * reading it in 1 MiB blocks and counting fields and rows in callbacks
 * that do nothing else -- what any CSV consumer of the file pays before
 * it looks at a value. */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct counts {
	unsigned long fields, rows;
};

static void field_cb(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void row_cb(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: csv_pass FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	struct csv_parser p;
	struct counts n = {0, 0};
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return 2;
	static char buf[1 << 20];
	ssize_t k;
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		if (csv_parse(&p, buf, (size_t)k, field_cb, row_cb, &n) != (size_t)k) {
			fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 2;
		}
	if (k < 0 || csv_fini(&p, field_cb, row_cb, &n) != 0) {
		fprintf(stderr, "%s: read or parse error\n", argv[1]);
		return 2;
	}
	csv_free(&p);
	close(fd);
	printf("%lu rows, %lu fields\n", n.rows, n.fields);
	return 0;
}

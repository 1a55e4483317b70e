/* `nvidia-smi -q -x` (XML, DTD versions 11 to 13 and later) as collector
 * input, parsed with libxml2: every <gpu> of <nvidia_smi_log> is one GPU
 * (its product name, UUID, serial, PCI device id and bus id, framebuffer
 * size, virtualization mode), its <mig_devices> are folded into it, and
 * <attached_gpus> is held against the GPUs listed.
 *
 * The parser runs with network access, DTD loading and entity
 * substitution off, and a document that declares entities or carries an
 * internal DTD subset is refused before it is parsed: nvidia-smi never
 * writes one, and an entity is how XXE and "billion laughs" inputs work.
 * libxml2's own depth limit (256) holds for nesting. Must never print
 * (libxml2's error handlers are silenced) and never follow a reference. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, silent_structured);
}

/* A declaration nvidia-smi never writes: "<!ENTITY" anywhere, or a
 * DOCTYPE with an internal subset ("<!DOCTYPE x [ ... ]>"). 0, or -1 with d
 * at its position. */
static int refuse_entities(const char *name, const char *text, size_t len, struct diag *d)
{
	static const char *const bad[] = {"<!ENTITY", "<!DOCTYPE"};
	for (size_t k = 0; k < CG_ARRAY_LEN(bad); k++) {
		size_t n = strlen(bad[k]);
		for (const char *p = text; (p = memchr(p, '<', (size_t)(text + len - p)));) {
			if ((size_t)(text + len - p) < n || memcmp(p, bad[k], n) != 0) {
				p++;
				continue;
			}
			bool subset = false;
			if (k == 1) { /* an internal subset: '[' before the closing '>' */
				const char *q = p + n;
				while (q < text + len && *q != '>' && *q != '[')
					q++;
				subset = q < text + len && *q == '[';
			}
			if (k == 0 || subset) {
				int line, col;
				text_position(text, (size_t)(p - text), &line, &col);
				diag_set(d, name, line, col,
					 "%s is refused: nvidia-smi writes no entity declarations "
					 "or internal DTD subset",
					 k == 0 ? "an entity declaration" : "an internal DTD subset");
				return -1;
			}
			p += n;
		}
	}
	return 0;
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (named(k, name))
			return k;
	return NULL;
}

/* The trimmed text of element N in C's arena; NULL when empty or "N/A". */
static const char *text_of(struct collect *c, const xmlNode *n)
{
	if (!n)
		return NULL;
	xmlChar *s = xmlNodeGetContent(n);
	if (!s)
		return NULL;
	const char *p = (const char *)s, *e = p + strlen(p);
	while (isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	const char *r = e > p ? arena_strndup(&c->inv.arena, p, (size_t)(e - p)) : NULL;
	xmlFree(s);
	return r && strcmp(r, "N/A") != 0 ? r : NULL;
}

static const char *path_text(struct collect *c, const xmlNode *n, const char *a, const char *b)
{
	const xmlNode *k = child(n, a);
	return text_of(c, b ? child(k, b) : k);
}

static unsigned count_children(const xmlNode *n, const char *name)
{
	unsigned k = 0;
	for (const xmlNode *x = n ? n->children : NULL; x; x = x->next)
		k += named(x, name);
	return k;
}

static void one_gpu(struct collect *c, const xmlNode *g)
{
	struct nv_gpu gpu = {
		.name = path_text(c, g, "product_name", NULL),
		.uuid = path_text(c, g, "uuid", NULL),
		.serial = path_text(c, g, "serial", NULL),
		.devid = path_text(c, g, "pci", "pci_device_id"),
		.bus = path_text(c, g, "pci", "pci_bus_id"),
		.index = path_text(c, g, "minor_number", NULL),
		.virt_mode = path_text(c, g, "gpu_virtualization_mode", "virtualization_mode"),
		.mig_devices = count_children(child(g, "mig_devices"), "mig_device"),
		.vgpus = count_children(child(g, "vgpus"), "vgpu_instance"),
		.line = (int)xmlGetLineNo(g),
	};
	if (!gpu.bus) {
		xmlChar *id = xmlGetProp(g, (const xmlChar *)"id");
		if (id) {
			gpu.bus = arena_strdup(&c->inv.arena, (const char *)id);
			xmlFree(id);
		}
	}
	gpu.memory_mib = parse_memory_mib(path_text(c, g, "fb_memory_usage", "total"), UNIT_MIB);
	nv_add_gpu(c, &gpu);
}

static int read_log(struct collect *c, const char *name, const xmlNode *root, struct diag *d)
{
	if (!root || !named(root, "nvidia_smi_log")) {
		diag_set(d, name, root ? (int)xmlGetLineNo(root) : 0, 0,
			 "not nvidia-smi -q -x output (the root element is '%s', not 'nvidia_smi_log')",
			 root ? (const char *)root->name : "");
		return -1;
	}
	unsigned listed = 0;
	for (const xmlNode *k = root->children; k; k = k->next)
		if (named(k, "gpu")) {
			one_gpu(c, k);
			listed++;
		}
	const xmlNode *att = child(root, "attached_gpus");
	const char *v = text_of(c, att);
	long long n;
	if (v && collect_parse_count(v, strlen(v), &n) != 0) {
		char ex[96];
		diag_set(d, name, (int)xmlGetLineNo(att), 0,
			 "attached_gpus '%s' is not a count from 0 to %d",
			 diag_excerpt(ex, sizeof(ex), v, strlen(v)), COLLECT_MAX_COUNT);
		return -1;
	}
	if (v && n > (long long)listed)
		collect_warn(c, (int)xmlGetLineNo(att),
			     "attached_gpus says %lld, %u <gpu> listed: counted what is listed", n, listed);
	return 0;
}

int collect_nvsmi_xml_text(struct collect *c, const char *name, const char *text, size_t len,
			   struct diag *d)
{
	if (text_validate(name, text, len, d) != 0 || refuse_entities(name, text, len, d) != 0)
		return -1;
	if (len > (size_t)0x7fffffff) {
		diag_set(d, name, 0, 0, "XML larger than 2 GiB");
		return -1;
	}
	pthread_once(&xml_once, xml_init);
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	if (!ctx) {
		diag_set(d, name, 0, 0, "cannot start the XML parser: out of memory");
		return -1;
	}
	/* no network, no DTD, no entity substitution, no libxml2 messages */
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, text, (int)len, NULL, "UTF-8", opts);
	int rc = 0;
	if (!doc || !ctx->wellFormed) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctx);
		char msg[200] = "not well-formed";
		if (e && e->message) {
			snprintf(msg, sizeof(msg), "%s", e->message);
			size_t n = strlen(msg);
			while (n && isspace((unsigned char)msg[n - 1]))
				msg[--n] = '\0';
			if (n && msg[0] >= 'A' && msg[0] <= 'Z' && !(n > 1 && isupper((unsigned char)msg[1])))
				msg[0] = (char)(msg[0] - 'A' + 'a');
		}
		diag_set(d, name, e && e->line > 0 ? e->line : 0, e && e->int2 > 0 ? e->int2 : 0,
			 "invalid XML: %s", msg);
		rc = -1;
	}
	if (rc == 0)
		rc = read_log(c, name, xmlDocGetRootElement(doc), d);
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	return rc;
}

# XML nested 300 deep: libxml2's depth limit: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-deep.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-deep.xml:2:785: invalid XML: excessive depth in document: 256 use XML_PARSE_HUGE option
only-files: 0

# -q silences the verdict line that -o FILE prints on stderr (stderr stays empty); the report
# is still written
run: check @SRC@/inventories/example.cfg -q -o r.md
exit: 1
file-contains: r.md FAIL
only-files: 1

# an ignored device's name cut inside a UTF-8 character still gives an
# inventory that reads back (found by fuzz_lspci)
run: collect --lspci @SRC@/tests/fixtures/regress/lspci-note-cut-utf8.txt -o inv.cfg
stderr: chipgate: note: no accelerators found
file-contains: inv.cfg ignored

# --color=always colours the text report even into a pipe, and even with NO_COLOR set:
# a command-line option outranks the environment (no-color.org)
env: NO_COLOR=1
run: check @SRC@/inventories/example.cfg --color=always
exit: 1
stdout-contains: [31mFAIL[0m  14 assets

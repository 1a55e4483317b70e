# -o FILE.HTML: the format from the extension, in any case; written
# atomically (nothing else left behind); the verdict on stderr
run: review -o @TMP@/review.HTML @SRC@/inventories/example.cfg
exit: 1
# nothing on stdout (no line at all: the empty text matches any line)
stdout-lacks: 
stderr-match: ^FAIL  0 of 2 cleared; 2 blocked by open findings of other rules at or above error; review in .*/review\.HTML$
file-contains: review.HTML <!DOCTYPE html>
file-contains: review.HTML <span class="st blocked">approved, but blocked by CN-H20-001</span>
file-contains: review.HTML <code>CN-H20-001</code> (cn-cac): sh2-h20-ord-0815: ordered 256 x NVIDIA H20; H20 orders are suspended
only-files: 1

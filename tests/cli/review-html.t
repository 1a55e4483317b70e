# -f html on stdout: one page, no script, nothing loaded; a cleared order
cwd: @SRC@
run: review -f html inventories/us-distributor.cfg
exit: 1
stdout-contains: <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
stdout-contains: <title>chipgate review: FAIL, as of 2025-08-12</title>
stdout-contains: <span class="st cleared">cleared (approved)</span></td><td class="nw"><code>ord-cn-h20-lic</code>
stdout-contains: <span class="st open">missing</span></td><td class="nw"><code>ord-cn-h20</code>
stdout-lacks: <script
stdout-lacks: http://
stdout-lacks: https://

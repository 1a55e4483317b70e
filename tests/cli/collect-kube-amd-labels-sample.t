# AMD's node labels for an MI300X, no capacity: one unit, a lower bound said in a warning and
# in quantity_note (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --kube node-labels-amd-mi300x-oam-rocm-k8s-device-plugin-doc.txt
stderr: chipgate: warning: node-labels-amd-mi300x-oam-rocm-k8s-device-plugin-doc.txt:1: the node at line 1: at least 1: labels name the GPU, no amd.com/gpu capacity says how many
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-kube-amd.cfg

/* libFuzzer target: the Kubernetes node reader (kubectl get nodes -o json, describe, labels)
 * of `chipgate collect` (collect_kube_text), with the write-and-reread round trip of
 * fuzz_collect.h. The first input byte picks --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_kube_text, "kubectl", data, size);
}

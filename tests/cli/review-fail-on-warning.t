# --fail-on warning: CN-GOV-002 (purpose not stated) now blocks an approved
# order, first among the approved; exit 1 as check --fail-on warning
cwd: @SRC@
run: review --fail-on warning tests/fixtures/review/blocking.cfg
exit: 1
stdout: review: 3 pending orders need a justification, as of 2025-08-12; policies: cn-cac
stdout:   3 approved
stdout:   2 of 3 cleared; 1 blocked by open findings of other rules at or above warning
stdout: 
stdout: approved           bl-l20-nopurpose: ordered 32 x NVIDIA L20 (PO-22), tests/fixtures/review/blocking.cfg:13
stdout:                    rule CN-JUST-001 (cn-cac): Order of a foreign accelerator without a justification naming domestic alternatives
stdout:                    justified by tests/fixtures/review/blocking.cfg:23, approved by zhang.min on 2025-08-01; in date until 2026-08-01 (354 days)
stdout:                    blocked by warning CN-GOV-002 (cn-cac): bl-l20-nopurpose: 32 x NVIDIA L20 has no purpose; government-related use cannot be excluded
stdout:                    verdict: approved, but blocked by CN-GOV-002
stdout:                    next: resolve or waive CN-GOV-002 (chipgate explain bl-l20-nopurpose tests/fixtures/review/blocking.cfg says why)
stdout: 
stdout: approved           bl-h20-waived: planned 16 x NVIDIA H20 (PO-23), tests/fixtures/review/blocking.cfg:15
stdout:                    rule CN-JUST-001 (cn-cac): Order of a foreign accelerator without a justification naming domestic alternatives
stdout:                    justified by tests/fixtures/review/blocking.cfg:26, approved by zhang.min on 2025-08-01; in date until 2026-08-01 (354 days)
stdout:                    verdict: cleared (approved)
stdout: 
stdout: approved           bl-l20-ok: ordered 8 x NVIDIA L20 (PO-24), tests/fixtures/review/blocking.cfg:17
stdout:                    rule CN-JUST-001 (cn-cac): Order of a foreign accelerator without a justification naming domestic alternatives
stdout:                    justified by tests/fixtures/review/blocking.cfg:30, approved by zhang.min on 2025-08-01; in date until 2026-08-01 (354 days)
stdout:                    verdict: cleared (approved)

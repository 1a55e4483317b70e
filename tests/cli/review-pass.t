# every pending order approved and nothing else open on it: cleared, exit 0
# (the domestic order needs no justification)
cwd: @SRC@
run: review tests/fixtures/review/approved.cfg
stdout: review: 1 pending order needs a justification, as of 2025-08-12; policies: cn-cac
stdout:   1 approved
stdout:   1 of 1 cleared; 0 blocked by open findings of other rules at or above error
stdout: 
stdout: approved           sh-l20-po8: ordered 64 x NVIDIA L20 (PO-8), tests/fixtures/review/approved.cfg:4
stdout:                    rule CN-JUST-001 (cn-cac): Order of a foreign accelerator without a justification naming domestic alternatives
stdout:                    justified by tests/fixtures/review/approved.cfg:10, approved by zhang.min on 2025-06-30; in date until 2026-06-30 (322 days)
stdout:                    verdict: cleared (approved)

"""Account deletion: the phrase and password check (confirm), what is erased (erase), the
ledger kept apart from the database (ledger), and its re-application after a restore
(reapply)."""

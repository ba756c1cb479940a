"""Review coding in git: a study read at any revision (no checkout), compared by meaning, with
the effects of a change on the tables (``ipatool diff``) and the study's audit trail from its
commits (``ipatool history``)."""

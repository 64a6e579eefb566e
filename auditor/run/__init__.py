"""Run stage: the pipeline, the batch engine, the result cache, identities and progress."""

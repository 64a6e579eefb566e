"""Rule loading, validation and the per-rule example runner."""

"""Input stage: discovery, reading and decoding, HTML/JSON extraction."""

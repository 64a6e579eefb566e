"""Entity analysis: the gazetteer, name mining and (in time) name keys and batch statistics."""

"""Writing an article losslessly: the splice engine, YAML/TOML edits, the one atomic save,
the disk layer and the journal of unsaved edits. Built on reading and the model."""

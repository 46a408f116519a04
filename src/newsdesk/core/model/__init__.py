"""The article model: an article and its positions, problems, errors, dates, body text and text
safety. Plain values, no I/O; every other layer builds on these."""

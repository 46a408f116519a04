"""A folder of articles: the walk, the list index with its cache, the scan worker pool.
Built on rules and persons; knows nothing of batch checks or verdicts."""

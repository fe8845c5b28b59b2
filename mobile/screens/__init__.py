"""One Screen per .py + .kv pair. Screens bind to view-model properties and call view-model
methods; they never call the API and never look data up through the running App."""

"""Modal dialogs: a question with an answer (a name, an owner, a due), the keys, the new
workshop form and the result of an import. Each returns its answer to a callback."""

"""The agreement pages: the editor, the signing steps and the sealed preview."""

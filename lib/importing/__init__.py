"""Changing the data: planning an edition's import from CSV files or a draft, committing it atomically with a
history, and who may import (editor passwords, the server-wide lockout).
"""

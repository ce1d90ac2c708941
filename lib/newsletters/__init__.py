"""Reading newsletter files (.txt, .docx, .pdf) within limits, in a worker process with its own memory, CPU and
time; every number in a text; drafting an edition's figures from its newsletter and checking a proof against the
data.
"""

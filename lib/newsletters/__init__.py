"""Reading newsletter files (.txt, .docx, .pdf) within limits, in a worker process with its own memory, CPU and
time; every number in a text; drafting an edition's figures from its newsletter and checking a proof against the
data.

Reading: ``reading`` (by format: ``txt_reader``, ``docx_reader``, ``pdf_reader`` and ``pdf_layout``) ends in the
``blocks`` of a ``Newsletter``, within ``limits``; ``worker`` runs it in a process of its own and ``upload_guard``
paces a session's reads. Drafting: ``numbers`` finds every number, ``sentences`` and ``matching`` pair each with
the previous figure it continues, ``periods`` moves their periods on, ``drafts`` writes the rows, ``review`` keeps
a draft while an editor reviews it, ``proof`` checks a newsletter against the data, and ``cli`` is
``python -m lib.extract``. ``newsletter`` and ``extract`` gather what callers outside the package use; ``wording``
writes the numbers in the messages an officer reads (refusals, summaries, reasons) as the reader's language does.
"""

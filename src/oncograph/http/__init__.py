"""oncograph over HTTP: the server (``oncograph serve``) and the clients of remote stores (``connect``, ``push``).

Imported only by those commands: the query path never pays for starlette, uvicorn or httpx.
"""

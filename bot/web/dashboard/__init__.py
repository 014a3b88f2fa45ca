"""The ศจพ. dashboard as a LIFF app: the page, its static files and font, and its JSON API (issue 16)."""

import re
_C = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
def clean_text(s): return _C.sub("", s)
def clean_line(s): return " ".join(clean_text(s).split())
def safe_url(s):
    s = clean_line(s); return s if s.lower().startswith(("http://","https://","mailto:")) else ""

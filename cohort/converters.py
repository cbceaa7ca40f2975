"""Path converters: an id in a URL is what a database key can hold, or the URL is a 404.

Django's ``int`` converter takes any length of digits; a number beyond 64 bits then fails in
the database driver (a 500) instead of answering "not found".
"""


class IdConverter:
    regex = "[0-9]{1,18}"  # below 2**63 - 1, the largest BigAutoField value

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def parse_id(value) -> int | None:
    """An id from a query string or form, or None when it is not one."""
    value = str(value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)

"""HEAD answered without a body by the site itself.

RFC 9110: a HEAD response carries the headers a GET would, and no content. Django leaves dropping
the body to the server (its test client and runserver do; WSGI servers are expected to), and
gunicorn 27 does, logging a warning on every such request ("WSGI app sent body bytes on a no-body
response (method=HEAD …)"): an uptime checker sending HEAD filled the log. Outermost, so every
other middleware has seen the response as a GET would have had it.
"""


class HeadWithoutBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            # A file or a generated stream: its length, where known, is already in the headers;
            # the file itself is still closed with the response, as Django registered it.
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response

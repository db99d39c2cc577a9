"""The parity cases: the same code, run against the real ``azure.functions`` and against ours.

Each case is Python source that sets ``result``; both sides must give the same result, or
raise the same built-in exception class. The names a case sees are ``func`` (the package),
``HttpRequest``, ``HttpResponse``, ``QueueMessage``, ``Out`` and ``Context`` (as exported by
the package), and ``InputStream``, ``TimerRequest`` and ``FullQueueMessage``: the concrete
classes (the real package exports abstract ones at the top level and keeps the concrete ones
in ``azure.functions.blob``, ``.timer`` and ``.queue``; ours are the same classes).

A case marked ``difference(section, entry)`` is an allowed difference: the section of
``docs/differences.md`` must contain the entry's text, and the outcomes must differ (so a
stale mark is noticed).
"""

from __future__ import annotations

from typing import Any, Optional

import pytest

# Sections of docs/differences.md.
CORE = "Core binding types"
FOUND = "Found by the parity suite"
ABSTRACT_AT_TOP_LEVEL = (CORE, "`Out`, `Context`, `InputStream`, `TimerRequest` at the top level")


def case(case_id: str, code: str, difference: Optional[tuple[str, str]] = None) -> Any:
    """One case; ``difference`` is (section, the text of its entry) in docs/differences.md."""
    marks = [pytest.mark.difference(*difference)] if difference else []
    return pytest.param(case_id, code, id=case_id, marks=marks)


REQUEST = "HttpRequest('GET', 'http://localhost/api/x', body=b'')\n"
MULTIPART = (
    "body = (b'--XyZ\\r\\n'\n"
    "        b'Content-Disposition: form-data; name=\"field\"\\r\\n\\r\\nvalue\\r\\n'\n"
    "        b'--XyZ\\r\\n'\n"
    '        b\'Content-Disposition: form-data; name="upload"; filename="a.txt"\\r\\n\'\n'
    "        b'Content-Type: text/plain\\r\\n\\r\\nhello\\r\\n'\n"
    "        b'--XyZ--\\r\\n')\n"
    "req = HttpRequest('POST', '/api/x', body=body,\n"
    "                  headers={'Content-Type': 'multipart/form-data; boundary=XyZ'})\n"
)


def _random_urlencoded_bodies(count: int = 300) -> list[bytes]:
    """Short bodies of the characters that matter to a URL-encoded parser, the same each run."""
    import random

    rng = random.Random(1234)
    alphabet = "ab=&+%2;Z é\x00-_.~!*'()[]{}"
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))).encode()
        for _ in range(count)
    ]


HTTP_REQUEST = [
    case("request-method", "result = HttpRequest('POST', '/api/x', body=b'').method"),
    case("request-method-upper-cased", "result = HttpRequest('get', '/api/x', body=b'').method"),
    case("request-url", "result = HttpRequest('GET', 'http://h/api/x?a=1', body=b'').url"),
    case("request-body", "result = HttpRequest('POST', '/x', body=b'abc').get_body()"),
    case("request-empty-body", "result = HttpRequest('POST', '/x', body=b'').get_body()"),
    case("request-body-is-required", "HttpRequest('GET', '/x')"),
    case("request-method-is-required", "HttpRequest(url='/x', body=b'')"),
    case("request-headers-keyword-only", "HttpRequest('GET', '/x', {}, body=b'')"),
    case(
        "request-header-lookup-ignores-case",
        "req = HttpRequest('GET', '/x', body=b'', headers={'X-Name': 'v'})\n"
        "result = [req.headers.get('x-name'), req.headers.get('X-NAME'), req.headers['X-Name']]",
    ),
    case(
        "request-header-contains-ignores-case",
        "req = HttpRequest('GET', '/x', body=b'', headers={'X-Name': 'v'})\n"
        "result = ['x-name' in req.headers, 'X-Other' in req.headers]",
    ),
    case(
        "request-header-missing-get",
        "result = HttpRequest('GET', '/x', body=b'').headers.get('x-missing')",
    ),
    case("request-header-missing-item", "HttpRequest('GET', '/x', body=b'').headers['x-missing']"),
    case(
        "request-header-count",
        "result = len(HttpRequest('GET', '/x', body=b'', headers={'A': '1', 'B': '2'}).headers)",
    ),
    # Code that does dict(req.headers)["content-type"] must work as under Azure.
    case(
        "request-header-names-lower-cased",
        "req = HttpRequest('GET', '/x', body=b'', headers={'X-Name': 'v'})\n"
        "result = [sorted(req.headers), sorted(req.headers.items()), dict(req.headers)]",
    ),
    case("request-no-headers", "result = len(HttpRequest('GET', '/x', body=b'').headers)"),
    case(
        "request-params",
        "req = HttpRequest('GET', '/x', body=b'', params={'name': 'Test', 'b': '2'})\n"
        "result = [req.params.get('name'), req.params['b'], sorted(req.params), len(req.params)]",
    ),
    case(
        "request-params-missing",
        "result = HttpRequest('GET', '/x', body=b'', params={'a': '1'}).params.get('name')",
    ),
    case(
        "request-params-are-case-sensitive",
        "result = HttpRequest('GET', '/x', body=b'', params={'a': '1'}).params.get('A')",
    ),
    case(
        "request-params-from-url",
        "result = dict(HttpRequest('GET', 'http://h/x?a=1&b=2', body=b'').params)",
        difference=(CORE, "`HttpRequest.params` when `params` is not given"),
    ),
    case(
        "request-params-multidict-methods",
        "req = HttpRequest('GET', '/x', body=b'', params={'A': '1'})\n"
        "result = [req.params.getlist('A'), sorted(req.params.items())]",
    ),
    case(
        "request-form-werkzeug-methods",
        "req = HttpRequest('POST', '/x', body=b'a=1&a=2&n=3',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "f = req.form\n"
        "result = [f.to_dict(), f.to_dict(flat=False), list(f.items()),\n"
        "          list(f.items(multi=True)), f.get('n', type=int), f.get('a', type=int)]",
    ),
    case(
        "request-file-storage-methods",
        "import io\n"
        'body = (b\'--B\\r\\nContent-Disposition: form-data; name="u"; filename="a.txt"\\r\\n\'\n'
        "        b'Content-Type: text/plain\\r\\n\\r\\nhi\\r\\n--B--\\r\\n')\n"
        "req = HttpRequest('POST', '/x', body=body,\n"
        "    headers={'Content-Type': 'multipart/form-data; boundary=B'})\n"
        "f = req.files['u']\nbuffer = io.BytesIO()\nf.save(buffer)\nf.stream.seek(0)\n"
        "result = [buffer.getvalue(), f.mimetype, f.stream.read(),\n"
        "          f.headers.get('Content-Disposition'), f.content_length, f.mimetype_params]",
    ),
    case("request-no-params", "result = dict(HttpRequest('GET', '/x', body=b'').params)"),
    case(
        "request-route-params",
        "req = HttpRequest('GET', '/x', body=b'', route_params={'id': '7'})\n"
        "result = [req.route_params.get('id'), dict(req.route_params)]",
    ),
    case(
        "request-no-route-params", "result = dict(HttpRequest('GET', '/x', body=b'').route_params)"
    ),
    case(
        "request-get-json",
        "result = HttpRequest('POST', '/x', body=b'{\"a\": [1, 2]}').get_json()",
    ),
    case("request-get-json-scalar", "result = HttpRequest('POST', '/x', body=b'3').get_json()"),
    case("request-get-json-invalid", "HttpRequest('POST', '/x', body=b'{nope').get_json()"),
    case("request-get-json-empty", "HttpRequest('POST', '/x', body=b'').get_json()"),
    case(
        "request-get-json-utf8",
        "result = HttpRequest('POST', '/x', body='{\"n\": \"ü\"}'.encode()).get_json()",
    ),
    case(
        "request-form-multipart-well-formed-variants",
        "parts = [\n"
        "    (b'--B\\nContent-Disposition: form-data; name=\"f\"\\n\\nv\\n--B--\\n', 'B'),\n"
        "    (b'pre\\r\\n--B\\r\\nContent-Disposition: form-data; name=\"f\"\\r\\n\\r\\n'\n"
        "     b'a\\r\\nb\\r\\n--B--', '\"B\"'),\n"
        '    (b\'--B\\r\\nContent-Disposition: form-data; name="u"; filename=""\\r\\n\\r\\n\'\n'
        "     b'\\r\\n--B--\\r\\nbye', 'B'),\n"
        "]\n"
        "result = []\n"
        "for body, boundary in parts:\n"
        "    req = HttpRequest('POST', '/x', body=body,\n"
        "        headers={'Content-Type': 'multipart/form-data; boundary=' + boundary})\n"
        "    files = req.files\n"
        "    result.append([sorted((k, req.form.getlist(k)) for k in req.form),\n"
        "                   sorted((k, [f.read() for f in files.getlist(k)]) for k in files)])",
    ),
    case(
        "request-form-multipart-form-field-disposition",
        "body = (b'--B\\r\\nContent-Disposition: form-field; name=\"foo\"\\r\\n\\r\\nv\\r\\n'\n"
        '        b\'--B\\r\\nContent-Disposition: form-field; name="u"; filename="a"\\r\\n\'\n'
        "        b'\\r\\nhi\\r\\n--B--\\r\\n')\n"
        "req = HttpRequest('POST', '/x', body=body,\n"
        "    headers={'Content-Type': 'multipart/form-data; boundary=B'})\n"
        "result = [dict(req.form), {k: f.read() for k, f in req.files.items()}]",
    ),
    case(
        "request-form-multipart-bad-header-line",
        "body = (b'--B\\r\\nContent-Disposition: form-data; name=\"f\"\\r\\n'\n"
        "        b'Conte,t-Type: text/plain\\r\\n\\r\\nv\\r\\n--B--\\r\\n')\n"
        "req = HttpRequest('POST', '/x', body=body,\n"
        "    headers={'Content-Type': 'multipart/form-data; boundary=B'})\n"
        "result = dict(req.form)",
        difference=(FOUND, "A malformed multipart body"),
    ),
    case(
        "request-form-multipart-without-boundary",
        "req = HttpRequest('POST', '/x', body=b'--B--\\r\\n',\n"
        "    headers={'Content-Type': 'multipart/form-data'})\n"
        "result = dict(req.form)",
        difference=(FOUND, "A malformed multipart body"),
    ),
    case(
        "request-form-content-type-any-case",
        "req = HttpRequest('POST', '/x', body=b'a=1',\n"
        "    headers={'Content-Type': 'Application/X-WWW-Form-Urlencoded'})\n"
        "result = dict(req.form)",
        difference=(FOUND, "Form content types in upper case"),
    ),
    case(
        "request-form-urlencoded-charset",
        "req = HttpRequest('POST', '/x', body=b'a=%E9',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded; charset=latin-1'})\n"
        "result = dict(req.form)",
        difference=(FOUND, "URL-encoded form with a `charset`, or not UTF-8"),
    ),
    case(
        "request-form-urlencoded-not-utf8",
        "req = HttpRequest('POST', '/x', body=b'a=%FF',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "result = dict(req.form)",
        difference=(FOUND, "URL-encoded form with a `charset`, or not UTF-8"),
    ),
    case(
        "request-form-urlencoded-random-bodies",
        f"bodies = {_random_urlencoded_bodies()!r}\n"
        "result = []\n"
        "for body in bodies:\n"
        "    req = HttpRequest('POST', '/x', body=body,\n"
        "        headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "    result.append(sorted((k, req.form.getlist(k)) for k in req.form))",
    ),
    case(
        "request-form-urlencoded",
        "req = HttpRequest('POST', '/x', body=b'a=1&b=two+words&a=3',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "result = [req.form.get('a'), req.form['b'], req.form.getlist('a'), sorted(req.form)]",
    ),
    case(
        "request-form-without-form-content-type",
        "result = dict(HttpRequest('POST', '/x', body=b'a=1').form)",
    ),
    case("request-files-of-get", "result = dict(HttpRequest('GET', '/x', body=b'').files)"),
    case(
        "request-form-multipart",
        MULTIPART + "result = [req.form.get('field'), sorted(req.form)]",
    ),
    case(
        "request-files-multipart",
        MULTIPART + "f = req.files['upload']\n"
        "result = [sorted(req.files), f.filename, f.name, f.content_type, f.read()]",
    ),
    case(
        "request-method-none",
        "result = HttpRequest(None, '/x', body=b'').method",
        difference=(CORE, "`HttpRequest` method"),
    ),
    case(
        "request-url-none",
        "result = HttpRequest('GET', None, body=b'').url",
        difference=(CORE, "argument types in general"),
    ),
    case(
        "request-body-str",
        "result = HttpRequest('POST', '/x', body='tëxt').get_body()",
        difference=(CORE, "`HttpRequest.get_body()` with a `str` body"),
    ),
    case(
        "request-body-none",
        "result = HttpRequest('POST', '/x', body=None).get_body()",
        difference=(FOUND, "`HttpRequest.get_body()` with `body=None`"),
    ),
    case(
        "request-get-json-no-body",
        "HttpRequest('POST', '/x', body=None).get_json()",
        difference=(CORE, "`HttpRequest.get_json()` with `body=None`"),
    ),
    case(
        "request-form-repeated-fields",
        "req = HttpRequest('POST', '/x', body=b'a=1&a=2',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})\n"
        "result = [req.form['a'], req.form.getlist('a'), len(req.form)]",
    ),
    case(
        "request-form-empty-body",
        "req = HttpRequest('POST', '/x', body=b'',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "result = [dict(req.form), dict(req.files)]",
    ),
    case(
        "request-form-is-cached",
        "req = HttpRequest('POST', '/x', body=b'a=1',\n"
        "    headers={'Content-Type': 'application/x-www-form-urlencoded'})\n"
        "result = req.form is req.form",
    ),
    case(
        "request-get-json-not-utf8",
        "HttpRequest('POST', '/x', body=b'\\xff').get_json()",
        difference=(FOUND, "`HttpRequest.get_json()` of a body that is not UTF-8"),
    ),
    case(
        "request-get-json-nested",
        'body = b\'{"a": {"b": null, "c": true}}\'\n'
        "result = HttpRequest('POST', '/x', body=body).get_json()",
    ),
    case(
        "request-header-value",
        "req = HttpRequest('GET', '/x', body=b'', headers={'Accept': 'text/html'})\n"
        "result = [req.headers.get('accept'), list(req.headers.values())]",
    ),
    case(
        "request-params-read-only",
        "req = HttpRequest('GET', '/x', body=b'', params={'a': '1'})\nreq.params['a'] = '2'",
    ),
    case(
        "request-route-params-read-only",
        "req = HttpRequest('GET', '/x', body=b'', route_params={'a': '1'})\n"
        "req.route_params['a'] = '2'",
    ),
    case(
        "request-body-bytearray",
        "result = HttpRequest('POST', '/x', body=bytearray(b'ab')).get_body()",
    ),
    case(
        "request-headers-not-a-mapping",
        "HttpRequest('GET', '/x', body=b'', headers=5)",
        difference=(CORE, "argument types in general"),
    ),
    case(
        "request-method-read-only",
        REQUEST.replace("HttpRequest", "req = HttpRequest") + "req.method = 'POST'",
    ),
]

HTTP_RESPONSE = [
    case(
        "response-defaults",
        "r = HttpResponse()\nresult = [r.status_code, r.mimetype, r.charset, r.get_body()]",
    ),
    case("response-str-body", "result = HttpResponse('Hello Test').get_body()"),
    case("response-bytes-body", "result = HttpResponse(b'\\x00\\xff').get_body()"),
    case("response-str-body-charset", "result = HttpResponse('ü', charset='latin-1').get_body()"),
    case("response-status-code", "result = HttpResponse('x', status_code=400).status_code"),
    case(
        "response-status-httpstatus",
        "import http\nresult = HttpResponse(status_code=http.HTTPStatus.NOT_FOUND).status_code",
    ),
    case("response-mimetype", "result = HttpResponse('{}', mimetype='application/json').mimetype"),
    case(
        "response-headers",
        "r = HttpResponse('x', headers={'X-A': '1'})\n"
        "result = [r.headers.get('x-a'), r.headers['X-A'], 'x-a' in r.headers]",
    ),
    case(
        "response-headers-mutable",
        "r = HttpResponse('x')\nr.headers['X-B'] = '2'\nresult = r.headers.get('x-b')",
    ),
    case("response-no-headers", "result = len(HttpResponse('x').headers)"),
    case(
        "response-content-type-header-is-not-added",
        "result = HttpResponse('x').headers.get('Content-Type')",
    ),
    case("response-body-int", "HttpResponse(5)"),
    case("response-body-positional-only-first", "HttpResponse('x', 200)"),
    case(
        "response-bytearray-body",
        "result = HttpResponse(bytearray(b'ab')).get_body()",
    ),
    case(
        "response-status-99",
        "result = HttpResponse(status_code=99).status_code",
        difference=(CORE, "`HttpResponse(status_code=...)`"),
    ),
    case(
        "response-status-str",
        "result = HttpResponse(status_code='200').status_code",
        difference=(CORE, "`HttpResponse(status_code=...)`"),
    ),
    case(
        "response-header-name-with-space",
        "result = dict(HttpResponse(headers={'Bad Name': 'x'}).headers)",
        difference=(CORE, "header names and values, request and response"),
    ),
    case(
        "response-header-value-with-newline",
        "HttpResponse(headers={'X-A': 'a\\r\\nSet-Cookie: b'})",
    ),
    case(
        "response-mimetype-and-charset",
        "r = HttpResponse('x', mimetype='text/html', charset='latin-1')\n"
        "result = [r.mimetype, r.charset]",
    ),
    case(
        "response-json-body",
        "import json\nr = HttpResponse(json.dumps({'a': 1}), mimetype='application/json')\n"
        "result = [r.get_body(), r.mimetype, r.status_code]",
    ),
    case(
        "response-header-with-content-type",
        "r = HttpResponse('x', headers={'Content-Type': 'application/json'})\n"
        "result = [r.mimetype, r.headers.get('content-type')]",
    ),
    case("response-headers-none", "result = len(HttpResponse('x', headers=None).headers)"),
    case("response-empty-str-body", "result = HttpResponse('').get_body()"),
    case(
        "response-status-201",
        "r = HttpResponse(status_code=201)\nresult = [r.status_code, r.get_body()]",
    ),
    case("response-body-list", "HttpResponse([b'a'])"),
    case(
        "response-headers-mapping-methods",
        "r = HttpResponse(headers={'A': '1', 'b': '2'})\n"
        "r.headers.update({'C': '3'})\n"
        "result = [sorted(r.headers.items()), sorted(r.headers.keys()), len(r.headers),\n"
        "          r.headers.setdefault('A', 'x'), r.headers.setdefault('D', '4'),\n"
        "          dict(r.headers.copy())]",
    ),
    case(
        "response-headers-set-item-replaces",
        "r = HttpResponse()\nr.headers.add('X', '1')\nr.headers['X'] = '2'\n"
        "result = [r.headers.get('X'), len(r.headers)]",
    ),
    case(
        "response-headers-delete-and-pop",
        "r = HttpResponse(headers={'X': '1', 'Y': '2'})\ndel r.headers['x']\n"
        "result = [len(r.headers), r.headers.pop('y'), r.headers.pop('z', 'default')]",
    ),
    case(
        "response-headers-extend-keeps-both",
        "r = HttpResponse(headers={'A': '1'})\nr.headers.extend({'A': '2'})\n"
        "result = sorted(v for k, v in r.headers.items() if k == 'A')",
    ),
    case("response-headers-missing-item", "HttpResponse().headers['nope']"),
    case(
        "response-header-int-value",
        "r = HttpResponse()\nr.headers['X'] = 5\nresult = r.headers['X']",
        difference=(CORE, "header names and values, request and response"),
    ),
    case(
        "response-headers-equal-a-dict",
        "result = HttpResponse(headers={'A': '1'}).headers == {'A': '1'}",
        difference=(FOUND, "`HttpResponse.headers == {...}`"),
    ),
    case(
        "response-headers-getlist",
        "r = HttpResponse()\nr.headers.add('Set-Cookie', 'a')\nr.headers.add('Set-Cookie', 'b')\n"
        "result = r.headers.getlist('Set-Cookie')",
    ),
    case(
        "response-headers-set",
        "r = HttpResponse()\nr.headers.set('X', '1')\nresult = r.headers['x']",
    ),
    case(
        "response-headers-remove",
        "r = HttpResponse(headers={'A': '1'})\nr.headers.remove('A')\nresult = len(r.headers)",
    ),
    case(
        "response-headers-get-with-type",
        "r = HttpResponse(headers={'A': '1'})\nresult = r.headers.get('A', type=int)",
    ),
    case(
        "response-headers-iterate-pairs",
        "r = HttpResponse(headers={'A': '1'})\nresult = list(r.headers)",
    ),
    case(
        "response-headers-delete-missing",
        "r = HttpResponse()\ndel r.headers['x']\nresult = len(r.headers)",
    ),
    case("response-status-read-only", "r = HttpResponse()\nr.status_code = 500"),
]

INPUT_STREAM = [
    case(
        "blob-properties",
        "s = InputStream(data=b'abc', name='c/a.txt', uri='https://x/c/a.txt', length=3)\n"
        "result = [s.name, s.uri, s.length]",
    ),
    case(
        "blob-optional-properties",
        "s = InputStream(data=b'abc')\nresult = [s.name, s.uri, s.blob_properties, s.metadata]",
    ),
    case(
        "blob-length-default",
        "result = InputStream(data=b'abc').length",
        difference=(CORE, "`InputStream.length` when not given"),
    ),
    case(
        "blob-properties-and-metadata",
        "s = InputStream(data=b'', blob_properties={'ContentMD5': 'x'}, metadata={'k': 'v'})\n"
        "result = [s.blob_properties, s.metadata]",
    ),
    case("blob-read", "result = InputStream(data=b'abcdef').read()"),
    case("blob-read-twice", "s = InputStream(data=b'abcdef')\nresult = [s.read(), s.read()]"),
    case(
        "blob-read-size",
        "s = InputStream(data=b'abcdef')\nresult = [s.read(2), s.read(3), s.read(5)]",
    ),
    case("blob-read-minus-one", "result = InputStream(data=b'abc').read(-1)"),
    case("blob-read-none", "result = InputStream(data=b'abc').read(None)"),
    case("blob-read1", "s = InputStream(data=b'abcdef')\nresult = [s.read1(4), s.read1()]"),
    case(
        "blob-readline",
        "s = InputStream(data=b'one\\ntwo\\n')\n"
        "result = [s.readline(), s.readline(), s.readline()]",
    ),
    case("blob-readlines", "result = InputStream(data=b'one\\ntwo').readlines()"),
    case("blob-iterate", "result = list(InputStream(data=b'a\\nb\\n'))"),
    case(
        "blob-readable-seekable-writable",
        "s = InputStream(data=b'')\nresult = [s.readable(), s.seekable(), s.writable()]",
    ),
    case("blob-write", "InputStream(data=b'').write(b'x')"),
    case("blob-seek", "InputStream(data=b'abc').seek(0)"),
    case(
        "blob-closed",
        "s = InputStream(data=b'')\nbefore = s.closed\ns.close()\nresult = [before, s.closed]",
    ),
    case("blob-context-manager", "with InputStream(data=b'ab') as s:\n    result = s.read()"),
    case("blob-data-required", "InputStream()"),
    case("blob-keyword-only", "InputStream(b'abc')"),
    case("blob-data-str", "InputStream(data='abc')"),
    case("blob-isatty", "result = InputStream(data=b'').isatty()"),
    case("blob-fileno", "InputStream(data=b'').fileno()"),
    case("blob-tell", "s = InputStream(data=b'abc')\ns.read(2)\nresult = s.tell()"),
    case("blob-truncate", "InputStream(data=b'abc').truncate(1)"),
    case("blob-writelines", "InputStream(data=b'').writelines([b'x'])"),
    case("blob-flush", "result = InputStream(data=b'').flush()"),
    case("blob-detach", "InputStream(data=b'').detach()"),
    case(
        "blob-readinto",
        "s = InputStream(data=b'abcdef')\nbuf = bytearray(4)\nn = s.readinto(buf)\n"
        "result = [n, bytes(buf), s.readinto1(buf), bytes(buf)]",
    ),
    case(
        "blob-read-after-close",
        "s = InputStream(data=b'abc')\ns.close()\nresult = s.read()",
        difference=(FOUND, "`InputStream.read()` after `close()`"),
    ),
]

QUEUE_MESSAGE = [
    case("queue-body-bytes", "result = QueueMessage(body=b'test').get_body()"),
    case("queue-body-str", "result = QueueMessage(body='tëst').get_body()"),
    case("queue-body-default", "result = QueueMessage().get_body()"),
    case(
        "queue-id-pop-receipt",
        "m = QueueMessage(id='1', pop_receipt='p')\nresult = [m.id, m.pop_receipt]",
    ),
    case(
        "queue-defaults",
        "m = FullQueueMessage()\n"
        "result = [m.id, m.pop_receipt, m.dequeue_count, m.expiration_time,"
        " m.insertion_time, m.time_next_visible]",
    ),
    case(
        "queue-full-arguments",
        "import datetime\n"
        "t = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)\n"
        "m = FullQueueMessage(id='1', body=b'x', dequeue_count=2, expiration_time=t,\n"
        "    insertion_time=t, time_next_visible=t, pop_receipt='p')\n"
        "result = [m.id, m.get_body(), m.dequeue_count, m.expiration_time, m.insertion_time,\n"
        "    m.time_next_visible, m.pop_receipt]",
    ),
    case("queue-get-json", "result = QueueMessage(body=b'{\"a\": 1}').get_json()"),
    case("queue-get-json-invalid", "QueueMessage(body=b'nope').get_json()"),
    case("queue-get-json-empty", "QueueMessage().get_json()"),
    case("queue-get-json-str-body", "result = QueueMessage(body='[1, \"a\"]').get_json()"),
    case("queue-body-empty-bytes", "result = QueueMessage(body=b'').get_body()"),
    case("queue-keyword-only", "QueueMessage(b'x')"),
    case(
        "queue-top-level-accepts-dequeue-count",
        "result = QueueMessage(dequeue_count=1).dequeue_count",
        difference=(CORE, "`QueueMessage` at the top level"),
    ),
    case("queue-body-int", "QueueMessage(body=5)"),
    case("queue-id-read-only", "m = QueueMessage(id='1')\nm.id = '2'"),
]

TIMER_REQUEST = [
    case("timer-past-due", "result = TimerRequest(past_due=True).past_due"),
    case(
        "timer-defaults",
        "t = TimerRequest()\nresult = [t.past_due, t.schedule_status, t.schedule]",
    ),
    case(
        "timer-schedule",
        "t = TimerRequest(schedule_status={'Last': '2024-01-01T00:00:00'},"
        " schedule={'AdjustForDST': True})\nresult = [t.schedule_status, t.schedule]",
    ),
    case(
        "timer-past-due-false",
        "result = TimerRequest(past_due=False, schedule_status=None).past_due",
    ),
    case("timer-keyword-only", "TimerRequest(True)"),
    case(
        "timer-past-due-not-bool",
        "result = TimerRequest(past_due='yes').past_due",
        difference=(CORE, "`TimerRequest(past_due=...)`"),
    ),
    case("timer-past-due-read-only", "t = TimerRequest()\nt.past_due = True"),
]

OUT_AND_CONTEXT = [
    case("out-is-generic", "result = Out[str] is not None"),
    case(
        "out-can-be-created",
        "result = Out().get()",
        difference=ABSTRACT_AT_TOP_LEVEL,
    ),
    case(
        "context-can-be-created",
        "result = Context().function_name",
        difference=ABSTRACT_AT_TOP_LEVEL,
    ),
    case(
        "out-abstract-methods",
        "result = sorted(getattr(Out, '__abstractmethods__', ()))",
        difference=ABSTRACT_AT_TOP_LEVEL,
    ),
]

CASES = (
    HTTP_REQUEST + HTTP_RESPONSE + INPUT_STREAM + QUEUE_MESSAGE + TIMER_REQUEST + OUT_AND_CONTEXT
)

#: The seven types whose public attributes must all exist on ours, with the same kind.
CLASSES = [
    "HttpRequest",
    "HttpResponse",
    "InputStream",
    "QueueMessage",
    "Out",
    "Context",
    "TimerRequest",
]

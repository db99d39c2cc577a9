"""Parity cases for the extension, durable, MCP and converter names (see casework.py).

Each case sets ``result``; it runs against the real package and ours, and the outcomes must
be equal, except for the cases in ``DIFFERENT`` (our deliberate differences, each described
in docs/differences.md under "Remaining names", or "Decorator model" for the middlewares).
"""

from __future__ import annotations

import textwrap

_SCRIPT_ROOT = "import os\nos.environ['AzureWebJobsScriptRoot'] = '/site'\n"

_FUNC_EXTENSION = _SCRIPT_ROOT + textwrap.dedent(
    """
    class Timing(func.FuncExtensionBase):
        def __init__(self, file_path):
            super().__init__(file_path)
    """
)


def _trigger_name(path: str) -> str:
    return _FUNC_EXTENSION + f"result = Timing({path!r})._trigger_name\n"


CASES: dict[str, str] = {
    # Durable Functions contexts.
    "orchestration body from str": "result = func.OrchestrationContext('{\"a\": 1}').body",
    "orchestration body from bytes": "result = func.OrchestrationContext(b'{\"a\": 1}').body",
    "orchestration str": "result = str(func.OrchestrationContext('{}'))",
    "orchestration repr": "result = repr(func.OrchestrationContext('{\"x\": [1]}'))",
    "entity body": "result = func.EntityContext(b'[1, 2]').body",
    "entity repr": "result = repr(func.EntityContext('{}'))",
    "entity is not an orchestration context": (
        "result = isinstance(func.EntityContext('{}'), func.OrchestrationContext)"
    ),
    "orchestration body is read-only": (
        "c = func.OrchestrationContext('{}')\nc.body = 'x'\nresult = c.body"
    ),
    "orchestration contexts compare by identity": (
        "result = func.OrchestrationContext('{}') == func.OrchestrationContext('{}')"
    ),
    "orchestration from invalid UTF-8": "result = func.OrchestrationContext(b'\\xff').body",
    "orchestration from None": "result = func.OrchestrationContext(None).body",
    "orchestration from an int": "result = func.OrchestrationContext(5).body",
    # App-level extensions.
    "app extension registers on definition": textwrap.dedent(
        """
        class Tracer(func.AppExtensionBase):
            pass
        result = func.ExtensionMeta.get_registered_extensions_json()
        """
    ),
    "app extension init runs on definition": textwrap.dedent(
        """
        calls = []
        class Tracer(func.AppExtensionBase):
            @classmethod
            def init(cls):
                calls.append('init')
        result = calls
        """
    ),
    "app extension hooks are registered": textwrap.dedent(
        """
        class Tracer(func.AppExtensionBase):
            pass
        hooks = func.ExtensionMeta.get_application_hooks()
        result = {name: [h.ext_name for h in getattr(hooks, name)] for name in hooks._fields}
        """
    ),
    "no app hooks without app extensions": ("result = func.ExtensionMeta.get_application_hooks()"),
    "app extension cannot be instantiated": textwrap.dedent(
        """
        class Tracer(func.AppExtensionBase):
            pass
        Tracer()
        """
    ),
    "two app extensions in definition order": textwrap.dedent(
        """
        class First(func.AppExtensionBase):
            pass
        class Second(func.AppExtensionBase):
            pass
        hooks = func.ExtensionMeta.get_application_hooks()
        result = [h.ext_name for h in hooks.pre_invocation_app_level]
        """
    ),
    "app hooks call the overriding class method": textwrap.dedent(
        """
        class Tracer(func.AppExtensionBase):
            @classmethod
            def pre_invocation_app_level(cls, logger, context, func_args=None):
                return ('pre', cls.__name__, func_args)
        hook = func.ExtensionMeta.get_application_hooks().pre_invocation_app_level[0]
        result = hook.ext_impl(None, None, {'x': 1})
        """
    ),
    "configure is a no-op class method by default": textwrap.dedent(
        """
        class Tracer(func.AppExtensionBase):
            pass
        result = Tracer.configure(1, key='value')
        """
    ),
    # Function-level extensions.
    "function extension registers for its folder": _FUNC_EXTENSION
    + textwrap.dedent(
        """
        Timing('/site/HttpTrigger/__init__.py')
        result = func.ExtensionMeta.get_registered_extensions_json()
        """
    ),
    "function hooks are looked up case-insensitively": _FUNC_EXTENSION
    + textwrap.dedent(
        """
        Timing('/site/HttpTrigger/__init__.py')
        hooks = func.ExtensionMeta.get_function_hooks('HTTPTRIGGER')
        result = {name: [h.ext_name for h in getattr(hooks, name)] for name in hooks._fields}
        """
    ),
    "no function hooks for another function": _FUNC_EXTENSION
    + textwrap.dedent(
        """
        Timing('/site/HttpTrigger/__init__.py')
        result = func.ExtensionMeta.get_function_hooks('Other')
        """
    ),
    "function extension in a nested file": _trigger_name("/site/Fn/lib/helpers.py"),
    "function extension with dots in its path": _trigger_name("/site/./Fn/x.py"),
    "function extension at the app root": _trigger_name("/site/function_app.py"),
    "function extension outside the app": _trigger_name("/elsewhere/Fn/x.py"),
    "function extension in a hidden folder": _trigger_name("/site/.venv/x.py"),
    "function extension given the app folder": _trigger_name("/site"),
    "function extension without a script root": textwrap.dedent(
        """
        class Timing(func.FuncExtensionBase):
            def __init__(self, file_path):
                super().__init__(file_path)
        Timing('/site/Fn/x.py')
        """
    ),
    "function extension must define __init__": textwrap.dedent(
        """
        class Timing(func.FuncExtensionBase):
            pass
        Timing('/site/Fn/x.py')
        """
    ),
    "the function base cannot be instantiated": "func.FuncExtensionBase('/site/Fn/x.py')",
    "an extension class of neither base": textwrap.dedent(
        """
        class Stray(metaclass=func.ExtensionMeta):
            pass
        Stray()
        """
    ),
    "an empty registry as JSON": "result = func.ExtensionMeta.get_registered_extensions_json()",
    "the extension exception is an Exception": (
        "result = issubclass(func.FunctionExtensionException, Exception)"
    ),
    "the extension scopes": textwrap.dedent(
        """
        from azure.functions.extension.extension_scope import ExtensionScope
        result = {scope.name: scope.value for scope in ExtensionScope}
        """
    ),
    # MCP contexts.
    "prompt context fields": textwrap.dedent(
        """
        c = func.PromptInvocationContext(
            {'name': 'review', 'arguments': {'code': 'x'}, 'sessionid': 's1'}
        )
        result = [c.name, c.arguments, c.sessionid, c.transport, repr(c)]
        """
    ),
    "prompt context from JSON text": textwrap.dedent(
        """
        c = func.PromptInvocationContext('{"name": "p", "transport": {"t": 1}}')
        result = [c.name, c.arguments, c.transport]
        """
    ),
    "prompt context from invalid JSON": "func.PromptInvocationContext('{')",
    "tool context is a dict": "result = func.MCPToolContext({'a': 1}) == {'a': 1}",
    # Datum and the converter registry.
    "datum json value": "result = func.meta.Datum('[1, 2]', 'json').python_value",
    "datum string value": "result = func.meta.Datum('x', 'string').python_value",
    "datum without type": "result = func.meta.Datum('x', None).python_value",
    "datum repr": "result = repr(func.meta.Datum('abcdefghijklmnop', 'string'))",
    "datum equality": "result = func.meta.Datum(1, 'int') == func.meta.Datum(1, 'int')",
    "datum unknown type": "result = func.meta.Datum('x', 'weird').python_value",
    "registry converter names": textwrap.dedent(
        """
        registry = func.get_binding_registry()
        names = ['httpTrigger', 'http', 'queueTrigger', 'queue', 'blob', 'blobTrigger',
                 'timerTrigger', 'orchestrationTrigger', 'entityTrigger', 'activityTrigger',
                 'durableClient', 'serviceBusTrigger', 'eventHubTrigger', 'kafkaTrigger',
                 'cosmosDBTrigger', 'sql', 'mysqlTrigger', 'warmupTrigger',
                 'connectorTrigger', 'mcpResourceTrigger', 'nonsense']
        found = {n: registry.get(n) for n in names}
        result = {n: None if c is None else c.__name__ for n, c in found.items()}
        """
    ),
    "trigger support": textwrap.dedent(
        """
        registry = func.get_binding_registry()
        names = ['httpTrigger', 'http', 'queue', 'orchestrationTrigger', 'durableClient']
        result = {n: registry.get(n).has_trigger_support() for n in names}
        """
    ),
    "activity input parsed as JSON": textwrap.dedent(
        """
        from azure.functions.durable_functions import ActivityTriggerConverter as C
        result = C.decode(func.meta.Datum('{"n": 1}', 'json'), trigger_metadata=None)
        """
    ),
    "activity input that is not JSON": textwrap.dedent(
        """
        from azure.functions.durable_functions import ActivityTriggerConverter as C
        result = C.decode(func.meta.Datum('plain', 'string'), trigger_metadata=None)
        """
    ),
    "activity output": textwrap.dedent(
        """
        from azure.functions.durable_functions import ActivityTriggerConverter as C
        d = C.encode({'n': [1]}, expected_type=None)
        result = [d.type, d.value]
        """
    ),
    "orchestration trigger decode": textwrap.dedent(
        """
        from azure.functions.durable_functions import OrchestrationTriggerConverter as C
        result = C.decode(func.meta.Datum('{"h": []}', 'string'), trigger_metadata=None).body
        """
    ),
    "durable client encode": textwrap.dedent(
        """
        from azure.functions.durable_functions import DurableClientConverter as C
        values = ['s', b'b', None, {'k': 1}, [1], True, 3, 1.5]
        result = [C.encode(v, expected_type=None).type for v in values]
        """
    ),
    "queue trigger decode": textwrap.dedent(
        """
        from azure.functions.queue import QueueMessageInConverter as C
        D = func.meta.Datum
        m = C.decode(D('hello', 'string'), trigger_metadata={
            'Id': D('id-1', 'string'), 'DequeueCount': D(2, 'int'),
            'InsertionTime': D('2024-05-01T10:00:00.1234567Z', 'string'),
            'PopReceipt': D('pr', 'string')})
        result = [m.id, m.get_body().decode(), m.dequeue_count, m.insertion_time.isoformat(),
                  m.pop_receipt, m.expiration_time]
        """
    ),
    "queue output encode": textwrap.dedent(
        """
        from azure.functions.queue import QueueMessageOutConverter as C
        result = [[d.type, d.value] for d in (
            C.encode('a', expected_type=None), C.encode(['a', 'b'], expected_type=None))]
        """
    ),
    "timer trigger decode": textwrap.dedent(
        """
        from azure.functions.timer import TimerRequestConverter as C
        t = C.decode(func.meta.Datum('{"IsPastDue": true, "Schedule": {"a": 1}}', 'json'),
                     trigger_metadata=None)
        result = [t.past_due, t.schedule]
        """
    ),
    "blob decode with metadata": textwrap.dedent(
        """
        from azure.functions.blob import BlobConverter as C
        D = func.meta.Datum
        s = C.decode(D(b'abc', 'bytes'), trigger_metadata={
            'BlobTrigger': D('c/a.txt', 'string'), 'Uri': D('http://x/c/a.txt', 'string'),
            'Properties': D('{"Length": 3}', 'json')})
        result = [s.name, s.uri, s.length, s.read().decode()]
        """
    ),
    "sql rows decode": textwrap.dedent(
        """
        from azure.functions.sql import SqlConverter as C
        rows = C.decode(func.meta.Datum('[{"a": 1}, {"a": 2}]', 'json'), trigger_metadata=None)
        result = [r['a'] for r in rows]
        """
    ),
    "cosmos documents encode": textwrap.dedent(
        """
        from azure.functions.cosmosdb import CosmosDBConverter as C
        d = C.encode(func.Document.from_dict({'id': '1'}), expected_type=None)
        result = [d.type, d.value]
        """
    ),
    "http response encode": textwrap.dedent(
        """
        from azure.functions.http import HttpResponseConverter as C
        d = C.encode(func.HttpResponse('hi', status_code=201), expected_type=None)
        v = d.value
        result = [d.type, v['status_code'].value, v['body'].value.decode(),
                  {k.lower(): h.value for k, h in v['headers'].items()}]
        """
    ),
    "service bus decode": textwrap.dedent(
        """
        from azure.functions.servicebus import ServiceBusMessageInConverter as C
        D = func.meta.Datum
        m = C.decode(D('body', 'string'), trigger_metadata={
            'UserProperties': D('{"k": "v"}', 'json'), 'MessageId': D('m1', 'string'),
            'DeliveryCount': D(3, 'int'), 'TimeToLive': D('00:05:00', 'string')})
        result = [m.get_body().decode(), m.message_id, m.delivery_count,
                  m.time_to_live.total_seconds(), m.user_properties]
        """
    ),
    "event grid decode": textwrap.dedent(
        """
        from azure.functions.eventgrid import EventGridEventInConverter as C
        e = C.decode(func.meta.Datum('{"id": "1", "topic": "t", "subject": "s", '
                     '"eventType": "E", "data": {"x": 1}, "dataVersion": "1", '
                     '"eventTime": "2024-01-01T00:00:00Z"}', 'json'), trigger_metadata=None)
        result = [e.id, e.topic, e.subject, e.event_type, e.get_json(), e.data_version,
                  e.event_time.isoformat()]
        """
    ),
    "kafka trigger decode": textwrap.dedent(
        """
        C = func.KafkaTriggerConverter
        D = func.meta.Datum
        e = C.decode(D('v', 'string'), trigger_metadata={
            'Key': D('k', 'string'), 'Partition': D(1, 'int'), 'Offset': D(7, 'int'),
            'Topic': D('t', 'string')})
        result = [e.get_body().decode(), e.key, e.partition, e.offset, e.topic]
        """
    ),
    # Helpers of the decorator modules.
    "snake case and words": textwrap.dedent(
        """
        from azure.functions.decorators.utils import is_snake_case, is_word
        names = ['foo_bar', 'foo', '_x', '1foo', 'Foo2', 'foo_', 'a_1', '']
        result = [[is_snake_case(n), is_word(n)] for n in names]
        """
    ),
    "stringify enum JSON encoder": textwrap.dedent(
        """
        import json
        from azure.functions.decorators.utils import StringifyEnumJsonEncoder
        result = json.dumps({'level': func.AuthLevel.ANONYMOUS}, cls=StringifyEnumJsonEncoder)
        """
    ),
    "build dict meta records init params and drops nones": textwrap.dedent(
        """
        from azure.functions.decorators.utils import BuildDictMeta
        class Custom(metaclass=BuildDictMeta):
            def __init__(self, name, extra=None, **kwargs):
                self.name = name
            def get_dict_repr(self):
                return {'name': self.name, 'none': None, 'list': [1, None, {'x': None}]}
        c = Custom('n', path='p')
        result = [c.init_params, c.path, c.get_dict_repr()]
        """
    ),
    "mcp annotation helpers": textwrap.dedent(
        """
        import typing
        from azure.functions.decorators.mcp import (
            check_as_array, check_property_type, unwrap_optional)
        hints = [int, typing.Optional[int], typing.List[str], typing.Optional[typing.List[float]],
                 str, bool, object, dict]
        result = [[repr(unwrap_optional(h)), check_as_array(h),
                   check_property_type(h, check_as_array(h))] for h in hints]
        """
    ),
    "mcp required parameters": textwrap.dedent(
        """
        import inspect, typing
        from azure.functions.decorators.mcp import check_is_required
        def tool(a: int, b: typing.Optional[int], c: int = 1): pass
        ps = inspect.signature(tool).parameters
        result = [check_is_required(p, p.annotation) for p in ps.values()]
        """
    ),
    "mcp structured content": textwrap.dedent(
        """
        from dataclasses import dataclass
        from azure.functions.decorators.mcp import should_create_structured_content
        @func.mcp_content
        @dataclass
        class Snippet:
            text: str
        result = [should_create_structured_content(v)
                  for v in (Snippet('x'), 'x', 1, {'a': 1}, [1], None, object())]
        """
    ),
    # Private module paths that tools and tests written for the real package import.
    "private modules and their names": textwrap.dedent(
        """
        import importlib, inspect
        wanted = {
            '_abc': ['CloudEvent', 'Context', 'Document', 'DocumentList', 'EventGridEvent',
                     'EventGridOutputEvent', 'EventHubEvent', 'HttpRequest', 'HttpResponse',
                     'InputStream', 'OrchestrationContext', 'Out', 'QueueMessage',
                     'RetryContext', 'RpcException', 'ServiceBusMessage', 'TimerRequest',
                     'TraceContext', 'T'],
            '_http': ['BaseHeaders', 'HttpRequest', 'HttpRequestHeaders', 'HttpResponse',
                      'HttpResponseHeaders'],
            '_http_asgi': ['AsgiMiddleware', 'AsgiRequest', 'AsgiResponse'],
            '_http_wsgi': ['WsgiMiddleware', 'WsgiRequest', 'WsgiResponse'],
            '_eventgrid': ['CloudEvent', 'EventGridEvent', 'EventGridOutputEvent'],
            '_cosmosdb': ['Document', 'DocumentList'],
        }
        result = {}
        for module, names in wanted.items():
            found = importlib.import_module(func.__name__ + '.' + module)
            result[module] = {n: inspect.isclass(getattr(found, n, None)) for n in names}
        """
    ),
    "private module classes are the public ones or their bases": textwrap.dedent(
        """
        import importlib
        abc = importlib.import_module(func.__name__ + '._abc')
        http = importlib.import_module(func.__name__ + '._http')
        asgi = importlib.import_module(func.__name__ + '._http_asgi')
        wsgi = importlib.import_module(func.__name__ + '._http_wsgi')
        result = [issubclass(func.HttpRequest, abc.HttpRequest),
                  issubclass(func.HttpResponse, abc.HttpResponse),
                  issubclass(func.ServiceBusMessage, abc.ServiceBusMessage),
                  issubclass(func.EventHubEvent, abc.EventHubEvent),
                  issubclass(func.Document, abc.Document),
                  http.HttpRequest is func.HttpRequest, http.HttpResponse is func.HttpResponse,
                  asgi.AsgiMiddleware is func.AsgiMiddleware,
                  wsgi.WsgiMiddleware is func.WsgiMiddleware,
                  isinstance(func.HttpRequest('GET', '/x', body=b'').headers, http.BaseHeaders),
                  isinstance(func.HttpResponse().headers, http.BaseHeaders)]
        """
    ),
    "event grid and cosmos db module aliases": textwrap.dedent(
        """
        from azure.functions import cosmosdb, eventgrid
        result = [eventgrid.azf_eventgrid.EventGridEvent is func.EventGridEvent,
                  eventgrid.azf_eventgrid.CloudEvent is func.CloudEvent,
                  cosmosdb.cdb.Document is func.Document,
                  cosmosdb.cdb.DocumentList is func.DocumentList]
        """
    ),
    "the version is the azure-functions release matched": textwrap.dedent(
        """
        result = [int(part) for part in func.__version__.split('.')[:2]]
        """
    ),
    # Binding objects built directly, not through a decorator: the real defaults.
    "binding objects built directly": textwrap.dedent(
        """
        from azure.functions.decorators import kafka, mysql, openai, sql
        def plain(binding):
            return {k: getattr(v, 'name', v) for k, v in binding.get_dict_repr().items()}
        result = [
            plain(kafka.KafkaTrigger(name='e', topic='t', broker_list='b')),
            plain(kafka.KafkaOutput(name='e', topic='t', broker_list='b', avro_schema=None)),
            plain(kafka.KafkaTrigger(name='e', topic='t', broker_list='b', lag_threshold=None,
                                     cardinality='MANY')),
            plain(sql.SqlInput(name='r', command_text='q', connection_string_setting='C')),
            plain(sql.SqlOutput(name='r', command_text='t', connection_string_setting='C')),
            plain(sql.SqlTrigger(name='r', table_name='t', connection_string_setting='C')),
            plain(mysql.MySqlInput(name='r', command_text='q', connection_string_setting='C')),
            plain(mysql.MySqlOutput(name='r', command_text='t', connection_string_setting='C')),
            plain(openai._TextCompletionInput(name='t', prompt='p')),
            plain(openai._AssistantQueryInput(name='q', id='i', timestamp_utc='now')),
            plain(openai._AssistantPostInput(name='q', id='i', user_message='m')),
            plain(openai._EmbeddingsInput(name='e', input='x', input_type='raw')),
            plain(openai._EmbeddingsStoreOutput(name='e', input='x', input_type='raw',
                                                store_connection_name='S', collection='c')),
            plain(openai._SemanticSearchInput(name='s', search_connection_name='S',
                                              collection='c')),
        ]
        """
    ),
    "setting subclass keeps the values its own init sets": textwrap.dedent(
        """
        from azure.functions.decorators.core import Setting
        class Named(Setting):
            def __init__(self, name, level=3, **kwargs):
                self.name = name
                self.level = level
                super().__init__(setting_name='named')
        class Late(Setting):
            def __init__(self, a, b=None):
                super().__init__(setting_name='late')
                self.a = a
        named = Named('x', extra=1)
        result = [named.get_dict_repr(), named.get_settings_value('name'),
                  named.get_setting_name(), Late(1).get_dict_repr()]
        """
    ),
    "generic bindings accept a direction and keep their own": textwrap.dedent(
        """
        import json, logging
        from azure.functions.decorators.core import BindingDirection
        logging.disable(logging.CRITICAL)
        app = func.FunctionApp()
        @app.generic_trigger(arg_name='t', type='custom', direction=BindingDirection.INOUT)
        @app.generic_input_binding(arg_name='i', type='c', direction=BindingDirection.OUT)
        @app.generic_output_binding(arg_name='o', type='c', direction=BindingDirection.INOUT)
        def f(t, i, o):
            pass
        logging.disable(logging.NOTSET)
        result = json.loads(app.get_functions()[0].get_function_json())
        """
    ),
    "an unknown enum name can be caught as a KeyError": textwrap.dedent(
        """
        import logging
        logging.disable(logging.CRITICAL)
        def caught(make):
            try:
                app = make()
                app.get_functions()
            except KeyError:
                return 'KeyError'
            return 'nothing'
        def route():
            app = func.FunctionApp()
            app.route(methods=['FETCH'])(lambda req: None)
            return app
        def data_type():
            app = func.FunctionApp()
            app.route()(app.blob_input(arg_name='b', path='p', connection='c',
                                       data_type='TEXT')(lambda req, b: None))
            return app
        def cardinality():
            app = func.FunctionApp()
            app.event_hub_message_trigger(arg_name='e', connection='c', event_hub_name='h',
                                          cardinality='SOME')(lambda e: None)
            return app
        result = [caught(lambda: func.FunctionApp(http_auth_level='nope')), caught(route),
                  caught(data_type), caught(cardinality)]
        logging.disable(logging.NOTSET)
        """
    ),
    "type annotation checks of something that is not a class": textwrap.dedent(
        """
        import typing
        registry = func.get_binding_registry()
        names = ['httpTrigger', 'http', 'queueTrigger', 'queue', 'blob', 'timerTrigger',
                 'serviceBusTrigger', 'serviceBus', 'eventHubTrigger', 'eventGridTrigger',
                 'eventGrid', 'kafkaTrigger', 'cosmosDB', 'sql', 'mysql', 'warmupTrigger',
                 'orchestrationTrigger', 'durableClient']
        def outcome(check, value):
            try:
                return check(value)
            except TypeError:
                return 'TypeError'
        result = {}
        for name in names:
            converter = registry.get(name)
            result[name] = [
                [outcome(getattr(converter, method), value) for value in (123, None, 'str')]
                for method in ('check_input_type_annotation', 'check_output_type_annotation')
                if hasattr(converter, method)
            ]
        """
    ),
    # The WSGI and ASGI middlewares.
    "middleware main and state": textwrap.dedent(
        """
        def wsgi(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [b'w:' + environ['PATH_INFO'].encode()]
        async def asgi(scope, receive, send):
            await send({'type': 'http.response.start', 'status': 200, 'headers': []})
            await send({'type': 'http.response.body', 'body': b'a:' + scope['path'].encode()})
        req = func.HttpRequest('GET', 'http://h/p', body=b'', headers={}, params={},
                               route_params={})
        w, a = func.WsgiMiddleware(wsgi), func.AsgiMiddleware(asgi)
        result = [w.main(req, None).get_body().decode(), a.main(req, None).get_body().decode(),
                  a.state]
        """
    ),
    "asgi shutdown before startup": textwrap.dedent(
        """
        import asyncio
        async def asgi(scope, receive, send):
            pass
        try:
            asyncio.run(func.AsgiMiddleware(asgi).notify_shutdown())
            result = 'no error'
        except RuntimeError:
            result = 'RuntimeError'
        """
    ),
    "asgi scope keys and lifespan state": textwrap.dedent(
        """
        import asyncio
        seen = {}
        async def asgi(scope, receive, send):
            if scope['type'] == 'lifespan':
                seen['lifespan'] = sorted(scope)
                message = await receive()
                scope['state']['db'] = 'connected'
                await send({'type': 'lifespan.startup.complete'})
                await receive()
                await send({'type': 'lifespan.shutdown.complete'})
                return
            seen['http'] = sorted(k for k in scope if not k.startswith('azure_functions.'))
            seen['state'] = scope['state']
            seen['values'] = [scope['method'], scope['path'], scope['query_string'],
                              scope['http_version'], scope['root_path'], scope['client']]
            await send({'type': 'http.response.start', 'status': 204, 'headers': []})
            await send({'type': 'http.response.body', 'body': b''})
        async def run():
            middleware = func.AsgiMiddleware(asgi)
            started = await middleware.notify_startup()
            req = func.HttpRequest('GET', 'http://h/p?q=1', body=b'', headers={}, params={},
                                   route_params={})
            response = await middleware.handle_async(req, None)
            await middleware.notify_shutdown()
            return [started, response.status_code, middleware.state]
        outcome = asyncio.run(run())
        # Keys only we add are left out: the ASGI 3 'asgi' dict and 'extensions'.
        seen['http'] = [k for k in seen['http'] if k not in ('asgi', 'extensions')]
        seen['lifespan'] = [k for k in seen['lifespan'] if k != 'asgi']
        result = [outcome, seen]
        """
    ),
    "wsgi app answering 500 with a body": textwrap.dedent(
        """
        def wsgi(environ, start_response):
            start_response('500 Internal Server Error', [('Content-Type', 'text/plain')])
            return [b'database down']
        req = func.HttpRequest('GET', 'http://h/', body=b'', headers={}, params={},
                               route_params={})
        try:
            response = func.WsgiMiddleware(wsgi).main(req, None)
            result = [response.status_code, response.get_body().decode()]
        except Exception as error:
            result = [type(error).__name__, str(error)]
        """
    ),
    "middleware given an app that is not callable": textwrap.dedent(
        """
        req = func.HttpRequest('GET', 'http://h/', body=b'', headers={}, params={},
                               route_params={})
        result = []
        for kind in (func.WsgiMiddleware, func.AsgiMiddleware):
            stage = 'constructor'
            try:
                middleware = kind('not an app')
                stage = 'first request'
                middleware.main(req, None)
            except TypeError:
                result.append(stage)
        """
    ),
    # What the worker's converters give, called directly.
    "blob decode without length or metadata": textwrap.dedent(
        """
        from azure.functions.blob import BlobConverter as C
        D = func.meta.Datum
        plain = C.decode(D(b'abc', 'bytes'), trigger_metadata=None)
        named = C.decode(D(b'abc', 'bytes'), trigger_metadata={'BlobTrigger': D('c/a', 'string')})
        sized = C.decode(D(b'abc', 'bytes'), trigger_metadata={
            'Properties': D('{"ContentLength": 10, "Length": 7}', 'json'),
            'Metadata': D('{"k": "v"}', 'json')})
        result = [[plain.name, plain.blob_properties, plain.metadata],
                  [named.name, named.blob_properties, named.metadata],
                  [sized.length, sized.blob_properties, sized.metadata]]
        """
    ),
    "null rows": textwrap.dedent(
        """
        from azure.functions.cosmosdb import CosmosDBConverter
        from azure.functions.sql import SqlConverter
        from azure.functions.mysql import MySqlConverter
        D = func.meta.Datum
        result = []
        for C in (CosmosDBConverter, SqlConverter, MySqlConverter):
            for text in ('[null]', '[null, {"id": "1"}]', 'null'):
                rows = C.decode(D(text, 'json'), trigger_metadata=None)
                result.append([type(rows).__name__,
                               [None if r is None else dict(r) for r in rows]])
        """
    ),
    "event hub event with iot hub system properties": textwrap.dedent(
        """
        from azure.functions.eventhub import EventHubTriggerConverter as C
        D = func.meta.Datum
        e = C.decode(D('x', 'string'), trigger_metadata={
            'SystemProperties': D('{"iothub-connection-device-id": "d1", '
                                  '"iothub-enqueuedtime": "t", "x-opt-sequence-number": 5}',
                                  'json'),
            'SequenceNumber': D(5, 'int'), 'Offset': D('10', 'string'),
            'PartitionKey': D('pk', 'string'),
            'EnqueuedTimeUtc': D('2024-01-01T00:00:00Z', 'string')})
        plain = C.decode(D('y', 'string'), trigger_metadata={'SystemProperties': D('{}', 'json')})
        result = [e.get_body().decode(), e.iothub_metadata, e.sequence_number, e.offset,
                  e.partition_key, e.enqueued_time.isoformat(), plain.iothub_metadata,
                  sorted(e.metadata), e.metadata['SequenceNumber'],
                  e.metadata['SystemProperties']]
        """
    ),
    "event hub batch": textwrap.dedent(
        """
        import types
        from azure.functions.eventhub import EventHubTriggerConverter as C
        D = func.meta.Datum
        events = C.decode(D(types.SimpleNamespace(string=['a', 'b']), 'collection_string'),
            trigger_metadata={'SystemPropertiesArray': D(
                '[{"SequenceNumber": 1, "Offset": "1", "PartitionKey": "p1", '
                '"EnqueuedTimeUtc": "2024-01-01T00:00:00Z", '
                '"iothub-connection-device-id": "d1"}, '
                '{"SequenceNumber": 2, "PartitionKey": "p2", '
                '"EnqueuedTimeUtc": "2024-01-02T00:00:00Z"}]', 'json')})
        result = [[e.get_body().decode(), e.sequence_number, e.partition_key,
                   e.enqueued_time.isoformat(), e.iothub_metadata] for e in events]
        """
    ),
    "kafka batch": textwrap.dedent(
        """
        import types
        from azure.functions.kafka import KafkaTriggerConverter as C
        D = func.meta.Datum
        events = C.decode(D(types.SimpleNamespace(string=['a', 'b']), 'collection_string'),
            trigger_metadata={
                'OffsetArray': D(types.SimpleNamespace(sint64=[1, 2]), 'collection_sint64'),
                'PartitionArray': D('[0, 1]', 'json'),
                'TimestampArray': D('["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]',
                                    'json'),
                'KeyArray': D('["k1", "k2"]', 'json'),
                'TopicArray': D(types.SimpleNamespace(string=['t', 'u']),
                                'collection_string'),
                'HeadersArray': D('[[], [{"Key": "h", "Value": "dg=="}]]', 'json')})
        result = [[e.get_body().decode(), e.offset, e.partition, e.timestamp, e.key, e.topic,
                   e.headers] for e in events]
        """
    ),
    "service bus batch": textwrap.dedent(
        """
        import types
        from azure.functions.servicebus import ServiceBusMessageInConverter as C
        D = func.meta.Datum
        messages = C.decode(D(types.SimpleNamespace(string=['a', 'b']), 'collection_string'),
            trigger_metadata={
                'MessageIdArray': D('["m1", "m2"]', 'json'),
                'DeliveryCountArray': D('[1, 2]', 'json'),
                'UserPropertiesArray': D('[{"a": 1}, {"b": 2}]', 'json'),
                'ContentTypeArray': D('["text/plain"]', 'json'),
                'SequenceNumberArray': D(types.SimpleNamespace(sint64=[7, 8]),
                                         'collection_sint64'),
                'EnqueuedTimeUtcArray': D('["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]',
                                          'json')})
        result = [[m.get_body().decode(), m.message_id, m.delivery_count, m.user_properties,
                   m.content_type, m.sequence_number, m.enqueued_time_utc.isoformat()]
                  for m in messages]
        """
    ),
    "event metadata holds plain values": textwrap.dedent(
        """
        from azure.functions.servicebus import ServiceBusMessageInConverter as SB
        from azure.functions.kafka import KafkaTriggerConverter as K
        D = func.meta.Datum
        m = SB.decode(D('x', 'string'), trigger_metadata={
            'UserProperties': D('{"k": "v"}', 'json'), 'MessageId': D('m1', 'string'),
            'DeliveryCount': D(3, 'int')})
        k = K.decode(D('v', 'string'), trigger_metadata={
            'Partition': D(1, 'int'), 'Headers': D('[]', 'json')})
        result = [sorted(m.metadata.items()), sorted(k.metadata.items())]
        """
    ),
    "activity output error keeps its cause": textwrap.dedent(
        """
        from azure.functions.durable_functions import ActivityTriggerConverter as C
        try:
            C.encode(object(), expected_type=None)
        except ValueError as error:
            result = [error.__cause__ is not None, type(error.__cause__).__name__]
        """
    ),
    "worker-level http request with a body type": textwrap.dedent(
        """
        from azure.functions.http import HttpRequest
        r = HttpRequest('POST', 'http://h/x', headers={}, params={}, route_params={},
                        body_type='json', body='{"a": 1}')
        result = [r.get_body().decode(), r.get_json(), r.method]
        """
    ),
    "http response cookies are sent apart": textwrap.dedent(
        """
        from azure.functions.http import HttpResponseConverter as C
        r = func.HttpResponse('x')
        r.headers.add('Set-Cookie', 'a=1; Path=/')
        r.headers.add('Set-Cookie', 'b=2')
        d = C.encode(r, expected_type=None)
        plain = C.encode(func.HttpResponse('y'), expected_type=None)
        result = [sorted(d.value), [c.output() for c in d.value['cookies']],
                  sorted(k.lower() for k in d.value['headers']), plain.value['cookies']]
        """
    ),
    "converters raise NotImplementedError for what they do not handle": textwrap.dedent(
        """
        import importlib
        D = func.meta.Datum
        def outcome(call):
            try:
                call()
                return 'no error'
            except NotImplementedError:
                return 'NotImplementedError'
        outputs = [('queue', 'QueueMessageOutConverter'), ('blob', 'BlobConverter'),
                   ('servicebus', 'ServiceBusMessageOutConverter'),
                   ('eventgrid', 'EventGridEventOutConverter'), ('kafka', 'KafkaConverter'),
                   ('cosmosdb', 'CosmosDBConverter'), ('sql', 'SqlConverter'),
                   ('http', 'HttpResponseConverter')]
        inputs = [('queue', 'QueueMessageInConverter'), ('timer', 'TimerRequestConverter'),
                  ('eventgrid', 'EventGridEventInConverter'),
                  ('kafka', 'KafkaTriggerConverter'), ('cosmosdb', 'CosmosDBConverter'),
                  ('http', 'HttpRequestConverter')]
        def converter(module, name):
            return getattr(importlib.import_module(func.__name__ + '.' + module), name)
        result = [
            [name, outcome(lambda: converter(m, name).encode(object(), expected_type=None))]
            for m, name in outputs
        ] + [
            [name, outcome(lambda: converter(m, name).decode(D(1, 'int'), trigger_metadata={}))]
            for m, name in inputs
        ]
        """
    ),
    # MCP SDK results (a stand-in mcp.types module: the SDK is not needed to tell them).
    "mcp tool results of the MCP SDK": textwrap.dedent(
        """
        import asyncio, json, sys, types
        fake = types.ModuleType('mcp.types')
        class _Model:
            def __init__(self, **fields):
                self.__dict__.update(fields)
            def model_dump(self, mode='python', exclude_none=False):
                def dump(value):
                    if isinstance(value, _Model):
                        return value.model_dump(mode=mode, exclude_none=exclude_none)
                    if isinstance(value, list):
                        return [dump(item) for item in value]
                    return value
                return {k: dump(v) for k, v in self.__dict__.items()
                        if not (exclude_none and v is None)}
        class TextContent(_Model):
            pass
        class CallToolResult(_Model):
            pass
        for cls in (_Model, TextContent, CallToolResult):
            cls.__module__ = 'mcp.types'
        fake.TextContent, fake.CallToolResult = TextContent, CallToolResult
        package = types.ModuleType('mcp')
        package.types = fake
        saved = {name: sys.modules.get(name) for name in ('mcp', 'mcp.types')}
        sys.modules['mcp'], sys.modules['mcp.types'] = package, fake
        try:
            app = func.FunctionApp()
            @app.mcp_tool(use_result_schema=True)
            def full(q: str):
                return CallToolResult(content=[TextContent(type='text', text='hi ' + q)],
                                      structuredContent={'answer': q}, isError=False, meta=None)
            @app.mcp_tool(use_result_schema=True)
            def blocks(q: str):
                return [TextContent(type='text', text='a'), TextContent(type='text', text=q)]
            @app.mcp_tool(use_result_schema=True)
            def block(q: str):
                return TextContent(type='text', text=q)
            @app.mcp_tool()
            def plain(q: str):
                return 'plain ' + q
            context = json.dumps({'arguments': {'q': 'x'}})
            result = {}
            for f in app.get_functions():
                out = asyncio.run(f.get_user_function()(context=context))
                result[f.get_function_name()] = json.loads(out) if out.startswith('{') else out
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
            import importlib
            mcp_module = importlib.import_module(func.__name__ + '.mcp')
            for attribute in ('_MCP_SDK_AVAILABLE', '_mcp_types'):
                # The real package caches the SDK module it found: forget the stand-in.
                if hasattr(mcp_module, attribute):
                    reset = False if attribute == '_MCP_SDK_AVAILABLE' else None
                    setattr(mcp_module, attribute, reset)
        """
    ),
    "function app module names": textwrap.dedent(
        """
        from azure.functions.decorators import function_app as fa
        result = [fa.Context is func.Context, fa.AsgiMiddleware is func.AsgiMiddleware,
                  fa.WsgiMiddleware is func.WsgiMiddleware]
        """
    ),
}

# Case -> (the real outcome, ours): our deliberate differences.
# Cases where the 2.x line (the reference on Python 3.13) changed what 1.26 does; this package
# matches 1.26, so against 2.x they are skipped, saying why.
ONLY_1_X: dict[str, str] = {
    "the version is the azure-functions release matched": "this package reports 1.26",
    "mcp tool results of the MCP SDK": "2.x refuses CallToolResult and content lists",
}

DIFFERENT: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # A bad body is refused when the context is made, not on first reading of .body.
    "orchestration from None": ({"raises": "AttributeError"}, {"raises": "TypeError"}),
    "orchestration from an int": ({"raises": "AttributeError"}, {"raises": "TypeError"}),
    "orchestration from invalid UTF-8": (
        {"raises": "UnicodeDecodeError"},
        {"raises": "ValueError"},
    ),
    # docs/differences.md, "Decorator model": a 500 is the application's answer, returned.
    "wsgi app answering 500 with a body": (
        {"value": ["Exception", "b'database down'"]},
        {"value": [500, "database down"]},
    ),
    # docs/differences.md, "Decorator model": refused where the middleware is made.
    "middleware given an app that is not callable": (
        {"value": ["first request", "first request"]},
        {"value": ["constructor", "constructor"]},
    ),
}

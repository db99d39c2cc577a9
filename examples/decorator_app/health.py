"""A blueprint: functions defined apart from the app, added with ``app.register_functions``."""

import azure.functions as func

bp = func.Blueprint()


@bp.route(route="health", methods=["GET", "HEAD"])
def health(req: func.HttpRequest) -> func.HttpResponse:
    """Answer 200 while the app is up."""
    return func.HttpResponse("ok")

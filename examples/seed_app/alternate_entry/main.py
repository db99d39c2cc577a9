import azure.functions as func


def customentry(req: func.HttpRequest) -> str:
    return 'Hello from customentry() in main.py'

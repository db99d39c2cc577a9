import azure.functions as func

from __app__.SharedCode import mySecondHelperFunction


def main(req: func.HttpRequest) -> str:
    return mySecondHelperFunction.whisper('HELLO FROM MySecondFunction')

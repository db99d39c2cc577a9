import azure.functions as func

from __app__.SharedCode import myFirstHelperFunction
from . import example


def main(req: func.HttpRequest) -> str:
    return myFirstHelperFunction.shout(example.GREETING)

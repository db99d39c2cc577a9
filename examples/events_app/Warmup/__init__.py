import logging

import azure.functions as func


def main(warmupContext: func.WarmUpContext) -> None:
    logging.info("Function App instance is warm")

import logging

# Where the real azure-functions 1.x is installed, WarmUpContext is only in this module.
from azure.functions.warmup import WarmUpContext


def main(warmupContext: WarmUpContext) -> None:
    logging.info("Function App instance is warm")

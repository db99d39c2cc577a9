import logging


def main(req):
    logging.info('Python HTTP trigger function processed a request.')

GREETING = 'hello from example.py'

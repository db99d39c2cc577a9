import azure.durable_functions as df


def entity_function(context: df.DurableEntityContext):
    current = context.get_state(lambda: 0)
    if context.operation_name == "add":
        context.set_state(current + context.get_input())
    elif context.operation_name == "get":
        context.set_result(current)


main = df.Entity.create(entity_function)

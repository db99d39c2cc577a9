import azure.durable_functions as df


def orchestrator_function(context: df.DurableOrchestrationContext):
    names = context.get_input()
    greetings = yield context.task_all([context.call_activity("Hello", name) for name in names])
    entity = df.EntityId("Counter", "greetings")
    for _ in greetings:
        context.signal_entity(entity, "add", 1)
    count = yield context.call_entity(entity, "get")
    return {"greetings": greetings, "count": count}


main = df.Orchestrator.create(orchestrator_function)

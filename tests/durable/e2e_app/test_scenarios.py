"""The Durable Functions samples end to end: started over HTTP through the real
DurableOrchestrationClient (or the Python test API), run by the in-process task hub."""

from __future__ import annotations

from pathlib import Path

import azure.durable_functions as df
import pytest

from azure_functions_compat.host import load_app

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def app():
    loaded = load_app(HERE)
    yield loaded
    loaded.durable.close()
    loaded.close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def start(client, name, payload=None):
    response = client.post(f"/api/orchestrators/{name}", json=payload)
    assert response.status_code == 202, response.text
    links = response.json()
    assert response.headers["Location"] == links["statusQueryGetUri"]
    return links


def final(client, links):
    response = client.get(links["statusQueryGetUri"])
    assert response.status_code == 200, response.text
    return response.json()


def test_function_chaining(client):
    status = final(client, start(client, "chaining", ["Tokyo", "Seattle"]))
    assert status["runtimeStatus"] == "Completed"
    assert status["output"] == ["Hello Tokyo!", "Hello Seattle!"]
    assert status["input"] == ["Tokyo", "Seattle"]


def test_check_status_response_points_at_the_requests_origin(client):
    links = start(client, "chaining")
    assert links["statusQueryGetUri"].startswith(
        "http://localhost:7071/runtime/webhooks/durabletask/instances/"
    )
    assert set(links) >= {"sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri"}


def test_fan_out_fan_in(client):
    status = final(client, start(client, "fan_out_fan_in", 50))
    assert status["output"] == sum(n * n for n in range(1, 51))


def test_wait_for_completion_answers_200_with_the_output(client):
    response = client.post("/api/run/chaining", json=["Lima"])
    assert response.status_code == 200
    assert response.json() == ["Hello Lima!"]


def test_human_interaction_approved_by_an_event(client):
    links = start(client, "approval", "budget")
    raised = client.post(f"/api/events/{links['id']}/Approval", json={"by": "Ada"})
    assert raised.status_code == 202, raised.text
    assert final(client, links)["output"] == "Approved by Ada"


def test_human_interaction_times_out_on_the_virtual_clock(client):
    status = final(client, start(client, "approval", "budget"))
    assert status["output"] == "Escalated"


def test_event_sent_to_the_webhook_url(client):
    links = start(client, "waiter")
    url = links["sendEventPostUri"].replace("{eventName}", "Go")
    assert client.post(url, json={"n": 1}).status_code == 202
    assert final(client, links)["output"] == {"n": 1}


def test_monitor_loops_with_timers_and_continue_as_new(client):
    status = final(client, start(client, "monitor", {"round": 0, "finish_at": 4}))
    assert status["output"] == "job finished after 4 rounds"
    assert status["customStatus"] == {"round": 4, "state": "done"}


def test_entity_counter_through_an_orchestration_and_the_client(client):
    status = final(client, start(client, "counter_user", "e2e"))
    assert status["output"] == {"total": 6, "error": "the counter refuses"}
    assert client.post("/api/counter/e2e?op=add", json=10).status_code == 202
    assert client.get("/api/counter/e2e").json() == {"exists": True, "state": 16}
    assert client.get("/api/counter/never-used").json() == {"exists": False, "state": None}


def test_entity_operations_run_in_order(app):
    for step in range(20):
        app.durable.signal_entity("Counter", "ordered", "add", step)
    app.durable.signal_entity("Counter", "ordered", "reset")
    app.durable.signal_entity("Counter", "ordered", "add", 7)
    assert app.durable.entity_state("Counter", "ordered") == (True, 7)


def test_sub_orchestrations(client):
    status = final(client, start(client, "parent"))
    assert status["output"]["first"] == ["Hello Oslo!"]
    assert status["output"]["both"] == [["Hello Rome!"], 14]


def test_retried_activity_fails_twice_then_succeeds(client):
    status = final(client, start(client, "retrying", "http-retry"))
    assert status["output"] == ["http-retry worked on attempt 3", "Hello after retries!"]


def test_retries_exhausted_surface_the_last_failure(client):
    output = final(client, start(client, "retrying_too_few", "too-few"))["output"]
    assert output.startswith("gave up: Activity function 'flaky' failed: RuntimeError: attempt 2")


def test_failing_orchestration(client):
    status = final(client, start(client, "failing"))
    assert status["runtimeStatus"] == "Failed"
    assert "the orchestrator gave up" in status["output"]


def test_failing_activity_fails_the_orchestration(client):
    status = final(client, start(client, "activity_fails"))
    assert status["runtimeStatus"] == "Failed"
    assert "KeyError" in status["output"]
    assert "no such thing" in status["output"]


def test_failed_run_answers_500_through_wait_for_completion(client):
    response = client.post("/api/run/failing")
    assert response.status_code == 500
    assert response.json()["runtimeStatus"] == "Failed"


def test_terminate_and_purge(client):
    links = start(client, "waiter")
    assert client.post(f"/api/manage/{links['id']}/terminate").status_code == 202
    status = final(client, links)
    assert (status["runtimeStatus"], status["output"]) == ("Terminated", "stopped by a test")
    assert client.post(f"/api/manage/{links['id']}/purge").text == "1"
    assert client.get(links["statusQueryGetUri"]).status_code == 404
    assert client.post(f"/api/manage/{links['id']}/purge").text == "0"


def test_suspend_and_resume(client):
    links = start(client, "waiter")
    client.post(f"/api/manage/{links['id']}/suspend")
    client.post(f"/api/events/{links['id']}/Go", json="later")
    response = client.get(links["statusQueryGetUri"])
    assert (response.status_code, response.json()["runtimeStatus"]) == (202, "Suspended")
    client.post(f"/api/manage/{links['id']}/resume")
    assert final(client, links)["output"] == "later"


def test_get_status_with_history_through_the_client(client):
    links = start(client, "chaining", ["Kyiv"])
    final(client, links)
    payload = client.get(f"/api/status/{links['id']}?history=1").json()
    kinds = [event["EventType"] for event in payload["history"]]
    assert kinds[:2] == ["OrchestratorStarted", "ExecutionStarted"]
    assert "TaskCompleted" in kinds
    assert kinds[-1] == "ExecutionCompleted"


def test_get_status_all_and_by(client):
    running = start(client, "waiter")["id"]
    assert running in client.get("/api/instances").json()
    assert running in client.get("/api/instances?status=Running").json()
    assert running not in client.get("/api/instances?status=Completed").json()


def test_raise_event_for_a_finished_instance_is_410(client):
    links = start(client, "chaining")
    final(client, links)
    response = client.post(f"/api/events/{links['id']}/Go", json=1)
    assert response.status_code == 409
    assert "is gone" in response.text


def test_unknown_orchestrator_is_a_clean_400(client):
    response = client.post("/runtime/webhooks/durabletask/orchestrators/nope", json=None)
    assert response.status_code == 400
    message = response.json()["ExceptionMessage"]
    assert message.startswith("The function 'nope' doesn't exist, is disabled, or is not an")
    assert "'chaining'" in message


def test_unknown_instance_is_404(client):
    assert client.get("/runtime/webhooks/durabletask/instances/nope").status_code == 404
    assert client.post("/runtime/webhooks/durabletask/instances/nope/terminate").status_code == 404
    assert (
        client.post(
            "/runtime/webhooks/durabletask/instances/nope/raiseEvent/x", json=1
        ).status_code
        == 404
    )


def test_malformed_json_input_is_400(client):
    response = client.post(
        "/runtime/webhooks/durabletask/orchestrators/chaining",
        data="{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["Message"] == "Invalid JSON content"


def test_python_api_start_wait_history(app):
    instance_id = app.durable.start("chaining", ["Paris"])
    status = app.durable.wait(instance_id, timeout=5)
    assert (status.runtime_status, status.output) == ("Completed", ["Hello Paris!"])
    kinds = [event["EventType"] for event in app.durable.history(instance_id)]
    assert (kinds.count(4), kinds.count(5)) == (1, 1)  # TaskScheduled, TaskCompleted


def test_python_api_raise_event(app):
    instance_id = app.durable.start("waiter")
    app.durable.raise_event(instance_id, "Go", [1, 2])
    assert app.durable.wait(instance_id).output == [1, 2]


def test_python_api_wait_times_out_on_an_instance_waiting_for_an_event(app):
    instance_id = app.durable.start("waiter")
    with pytest.raises(TimeoutError, match="waits for an external event"):
        app.durable.wait(instance_id, timeout=0.2)
    app.durable.terminate(instance_id)


def test_replay_runs_the_code_again_with_is_replaying_and_history_time(app):
    output = app.durable.wait(app.durable.start("replay_probe")).output
    assert output == {"replaying_at_start": True, "replaying_at_end": False, "times_advance": True}


def test_non_serialisable_input_is_refused(app):
    with pytest.raises(ValueError, match="input"):
        app.durable.start("chaining", object())


def test_the_real_client_refuses_a_non_serialisable_input_before_sending(client, app):
    import asyncio

    import azure.durable_functions as df

    durable_client = df.DurableOrchestrationClient(app.durable.client_json())
    with pytest.raises(TypeError):
        asyncio.run(durable_client.start_new("chaining", client_input=object()))


def test_two_apps_use_their_clients_at_the_same_moment(app, client):
    # Each app runs its async functions on an event loop of its own; the SDK shares one HTTP
    # session per process, so without a session per loop one app's starters failed (500).
    import threading

    other = load_app(HERE)
    try:
        clients = {"first": client, "second": other.test_client()}
        hubs = {"first": app.durable, "second": other.durable}
        barrier = threading.Barrier(2)
        answers: dict[str, list] = {name: [] for name in clients}

        def start_several(name):
            barrier.wait()
            for number in range(8):
                started = clients[name].post(
                    "/api/orchestrators/chaining", json=[f"{name}-{number}"]
                )
                answers[name].append((started.status_code, started.json().get("id")))

        threads = [threading.Thread(target=start_several, args=(name,)) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for name, started in answers.items():
            assert [code for code, _ in started] == [202] * 8, name
            others = hubs["second" if name == "first" else "first"]
            for number, (_, instance_id) in enumerate(started):
                status = hubs[name].wait(instance_id)
                assert status.output == [f"Hello {name}-{number}!"]
                with pytest.raises(LookupError):
                    others.status(instance_id)
    finally:
        other.durable.close()
        other.close()


def test_rewind_runs_a_failed_orchestration_on_from_its_failure(client, app):
    links = start(client, "rewindable", "rewind-1")  # "flaky" fails twice, then works
    assert "attempt 1 failed" in final(client, links)["output"]
    assert client.post(f"/api/manage/{links['id']}/rewind").status_code == 202
    assert "attempt 2 failed" in final(client, links)["output"]
    assert client.post(f"/api/manage/{links['id']}/rewind").status_code == 202
    status = final(client, links)
    assert status["runtimeStatus"] == "Completed"
    assert status["output"] == ["Hello before!", "rewind-1 worked on attempt 3"]
    scheduled = [
        event["Name"] for event in app.durable.history(links["id"]) if event["EventType"] == 4
    ]
    assert scheduled == ["say_hello", "flaky"]  # what succeeded did not run again


def test_rewind_of_a_parent_rewinds_its_failed_sub_orchestration(client):
    links = start(client, "rewindable_parent", "rewind-2")
    for attempt in (1, 2):
        status = final(client, links)
        assert (status["runtimeStatus"], f"attempt {attempt} failed" in status["output"]) == (
            "Failed",
            True,
        )
        assert client.post(f"/api/manage/{links['id']}/rewind").status_code == 202
    assert final(client, links)["output"] == ["Hello before!", "rewind-2 worked on attempt 3"]


def test_rewind_refuses_an_instance_that_has_not_failed_or_is_unknown(client):
    links = start(client, "waiter")
    refused = client.post(f"/api/manage/{links['id']}/rewind")
    assert (refused.status_code, refused.text) == (
        409,
        'This orchestration has status Running, but only orchestrations in the "Failed" '
        "state can be rewound.",
    )
    unknown = client.post("/api/manage/no-such-instance/rewind")
    assert unknown.text == "No instance with ID no-such-instance found."
    client.post(f"/api/manage/{links['id']}/terminate")


needs_restart = pytest.mark.skipif(
    not hasattr(df.DurableOrchestrationClient, "restart"),
    reason="this release of the SDK has no client.restart",
)


@needs_restart
def test_restart_starts_the_orchestration_again_with_its_input(client):
    links = start(client, "chaining", ["Lima"])
    assert final(client, links)["output"] == ["Hello Lima!"]
    # The client returns what the API answers: the new instance's management URLs.
    restarted = client.post(f"/api/manage/{links['id']}/restart").json()
    assert restarted["id"] != links["id"]
    assert restarted["statusQueryGetUri"].endswith(
        f"/instances/{restarted['id']}?" + ("taskHub=TestHubName&connection=Storage")
    )
    again = final(client, {"statusQueryGetUri": restarted["statusQueryGetUri"]})
    assert (again["output"], again["input"]) == (["Hello Lima!"], ["Lima"])
    same = client.post(f"/api/manage/{links['id']}/restart?new=false").json()
    assert same["id"] == links["id"]
    assert final(client, links)["output"] == ["Hello Lima!"]


@needs_restart
def test_restart_refuses_an_unknown_instance_and_a_running_one_under_its_id(client):
    unknown = client.post("/api/manage/no-such-instance/restart")
    assert unknown.text == "The operation failed with an unexpected status code 400"
    links = start(client, "waiter")
    running = client.post(f"/api/manage/{links['id']}/restart?new=false")
    assert running.text == "The operation failed with an unexpected status code 409"
    client.post(f"/api/manage/{links['id']}/terminate")

-- ComputerSystem.Reset On of a running VM: the whole action path (authorization, body, planner) without a
-- power transition, so that every request does the same work.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"ResetType":"On"}'

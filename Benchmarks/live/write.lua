-- wrk: one reflection per request through the HTTP write API (the server makes the ids).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
dofile(os.getenv("FIGURES"))

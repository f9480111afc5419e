wrk.headers["Cookie"] = os.getenv("COOKIE")
dofile(os.getenv("FIGURES"))

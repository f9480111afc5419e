"""One peer's run of the benchmark job, timed in-process after the library
import (as the issue measured them); prints 'seconds <s>'. The harness reads
the process's peak memory itself.

usage: peers.py pm4py-xes|r4pm-xes|pm4py-ocel|r4pm-ocel FILE
"""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
job, path = sys.argv[1], sys.argv[2]

if job.startswith("pm4py"):
    import pm4py
else:
    import r4pm

started = time.perf_counter()
if job == "pm4py-xes":
    # Read + DFG + performance DFG + variants + hand-over + case durations.
    df = pm4py.read_xes(path)
    pm4py.discover_dfg(df)
    pm4py.discover_performance_dfg(df)
    pm4py.get_variants(df)
    # pm4py stops on events without a resource (it sorts names and NaN together); name them as Ambidex does.
    df["org:resource"] = df["org:resource"].fillna("(no resource)").astype(str)
    pm4py.discover_handover_of_work_network(df)
    pm4py.get_all_case_durations(df)
elif job == "r4pm-xes":
    # Read + DFG + variants (what r4pm offers of the job).
    log = r4pm.import_item("EventLog", path)
    r4pm.call_binding("process_mining::discovery::case_centric::dfg::discover_dfg", json.dumps({"event_log": log}))
    projection = r4pm.call_binding(
        "process_mining::core::event_data::case_centric::utils::activity_projection::log_to_activity_projection", json.dumps({"log": log}))
    r4pm.call_binding("process_mining::core::event_data::case_centric::utils::activity_projection::get_variants",
                      json.dumps({"projection": json.loads(projection)}))
elif job == "pm4py-ocel":
    ocel = pm4py.read_ocel2(path)
    pm4py.discover_ocdfg(ocel)
elif job == "r4pm-ocel":
    ocel = r4pm.import_item("SlimLinkedOCEL", path)
    r4pm.call_binding("process_mining::core::process_models::object_centric::ocdfg::object_centric_dfg_struct::discover_dfg_from_ocel",
                      json.dumps({"ocel": ocel}))
else:
    sys.exit(f"unknown job {job}")
print(f"seconds {time.perf_counter() - started:.4f}", flush=True)

"""pm4py's numbers for one log, as JSON on stdout: the reference that
AmbidexMiningTests compares with. Run with a Python that has pm4py 2.7.

usage: pm4py_reference.py xes LOG | ocel LOG [NAIVE_OFFSET_SECONDS]
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import pandas as pd
import pm4py


def finite(x):
    x = float(x)
    return None if x != x else x


def case_centric(path):
    df = pm4py.read_xes(path, variant="iterparse")
    df["case:concept:name"] = df["case:concept:name"].astype(str)
    if not pd.api.types.is_datetime64_any_dtype(df["time:timestamp"]):
        df["time:timestamp"] = pd.to_datetime(df["time:timestamp"], utc=True, format="mixed")
    # Ambidex mines every case sorted by time with a stable sort; give pm4py the same order.
    df["@@file_order"] = range(len(df))
    df = df.sort_values(["case:concept:name", "time:timestamp", "@@file_order"], kind="stable").reset_index(drop=True)
    dfg, start, end = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    variants = pm4py.get_variants(df)
    durations = pm4py.get_all_case_durations(df)
    if "org:resource" in df.columns:
        df["org:resource"] = df["org:resource"].fillna("(no resource)").astype(str)
    else:
        df["org:resource"] = "(no resource)"
    handover = pm4py.discover_handover_of_work_network(df, beta=0)
    return {
        "dfg": [[a, b, int(n)] for (a, b), n in dfg.items()],
        "performance": [[a, b, {k: finite(v) for k, v in stats.items()}] for (a, b), stats in perf.items()],
        "start": {k: int(v) for k, v in start.items()},
        "end": {k: int(v) for k, v in end.items()},
        "variants": [[list(v), int(n)] for v, n in variants.items()],
        "durations": [float(d) for d in durations],
        "handover": [[a, b, float(v)] for (a, b), v in handover.connections.items()],
    }


def object_centric(path):
    ocel = pm4py.read_ocel2(path)
    ocdfg = pm4py.discover_ocdfg(ocel)
    edges = []
    for ot, couples in ocdfg["edges"]["event_couples"].items():
        for (a, b), s in couples.items():
            edges.append([ot, a, b, len(s), len(ocdfg["edges"]["unique_objects"][ot][(a, b)]),
                          len(ocdfg["edges"]["total_objects"][ot][(a, b)]),
                          sorted(float(x) for x in ocdfg["edges_performance"]["total_objects"][ot][(a, b)])])

    def counts(section):
        out = []
        for ot, acts in ocdfg[section]["events"].items():
            for a, evs in acts.items():
                out.append([ot, a, len(evs), len(ocdfg[section]["unique_objects"][ot][a]), len(ocdfg[section]["total_objects"][ot][a])])
        return out

    return {
        "events": int(len(ocel.events)),
        "objects": int(len(ocel.objects)),
        "relations": int(len(ocel.relations)),
        "edges": edges,
        "activities": counts("activities_ot"),
        "start": counts("start_activities"),
        "end": counts("end_activities"),
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    # pm4py may print a banner; the result is the one line that starts with '{'.
    print(json.dumps(case_centric(path) if kind == "xes" else object_centric(path)), flush=True)

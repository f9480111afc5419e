"""Writes a seeded OCEL 2.0 log shaped like the order-management running
example (about 21,000 events and 10,000 objects: orders, items, packages,
customers, products, employees; qualified relations, some event linked to one
object under two qualifiers; object-to-object relations) in all three
encodings, through pm4py's own writers. Run with the pm4py venv's Python.

usage: make_ocel.py OUT_DIR [ORDERS=2000]
"""
import os
import random
import sys
import warnings

warnings.filterwarnings("ignore")
import pandas as pd
import pm4py
from pm4py.objects.ocel.obj import OCEL

out = sys.argv[1]
orders = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
os.makedirs(out, exist_ok=True)
rng = random.Random(2023)
t0 = pd.Timestamp("2023-01-01T08:00:00", tz="UTC")

customers = [f"cust-{i}" for i in range(orders // 10)]
products = [f"prod-{i}" for i in range(20)]
employees = [f"emp-{i}" for i in range(30)]
objects = [(c, "customers") for c in customers] + [(p, "products") for p in products] + [(e, "employees") for e in employees]
events, relations, o2o = [], [], []
eid = 0


def event(activity, time, links):
    global eid
    eid += 1
    e = f"e{eid}"
    events.append((e, activity, time))
    for oid, otype, qualifier in links:
        relations.append((e, activity, time, oid, otype, qualifier))


for n in range(orders):
    order = f"o-{n}"
    objects.append((order, "orders"))
    customer = rng.choice(customers)
    o2o.append((customer, order, "places"))
    items = []
    for k in range(rng.randint(1, 6)):
        item = f"i-{n}-{k}"
        objects.append((item, "items"))
        items.append(item)
        o2o.append((order, item, "comprises"))
        o2o.append((item, rng.choice(products), "is a"))
    t = t0 + pd.Timedelta(minutes=37 * n + rng.randint(0, 30))
    sales = rng.choice(employees)
    event("place order", t, [(order, "orders", "order"), (customer, "customers", "customer")] + [(i, "items", "item") for i in items])
    t += pd.Timedelta(minutes=rng.randint(10, 600))
    # Confirmed orders are linked twice: as the order and as what was confirmed.
    event("confirm order", t, [(order, "orders", "order"), (order, "orders", "confirmed"), (sales, "employees", "sales person")])
    for i in items:
        t += pd.Timedelta(minutes=rng.randint(5, 240))
        if rng.random() < 0.1:
            event("item out of stock", t, [(i, "items", "item")])
            t += pd.Timedelta(hours=rng.randint(4, 48))
            event("reorder item", t, [(i, "items", "item"), (rng.choice(employees), "employees", "warehouse")])
        event("pick item", t, [(i, "items", "item"), (rng.choice(employees), "employees", "picker")])
    package = f"p-{n}"
    objects.append((package, "packages"))
    t += pd.Timedelta(minutes=rng.randint(30, 300))
    event("create package", t, [(package, "packages", "package")] + [(i, "items", "packed item") for i in items])
    t += pd.Timedelta(hours=rng.randint(1, 30))
    event("send package", t, [(package, "packages", "package"), (rng.choice(employees), "employees", "shipper")])
    t += pd.Timedelta(hours=rng.randint(12, 96))
    event("package delivered", t, [(package, "packages", "package")] + [(i, "items", "delivered item") for i in items])
    if rng.random() < 0.2:
        t += pd.Timedelta(days=rng.randint(7, 20))
        event("payment reminder", t, [(order, "orders", "order")])
    t += pd.Timedelta(days=rng.randint(1, 10))
    event("pay order", t, [(order, "orders", "order")])

ocel = OCEL(
    events=pd.DataFrame(events, columns=["ocel:eid", "ocel:activity", "ocel:timestamp"]),
    objects=pd.DataFrame(objects, columns=["ocel:oid", "ocel:type"]),
    relations=pd.DataFrame(relations, columns=["ocel:eid", "ocel:activity", "ocel:timestamp", "ocel:oid", "ocel:type", "ocel:qualifier"]),
    o2o=pd.DataFrame(o2o, columns=["ocel:oid", "ocel:oid_2", "ocel:qualifier"]),
)
pm4py.write_ocel2_json(ocel, os.path.join(out, "orders.jsonocel"))
pm4py.write_ocel2_xml(ocel, os.path.join(out, "orders.xmlocel"))
pm4py.write_ocel2_sqlite(ocel, os.path.join(out, "orders.sqlite"))
print(f"{len(events)} events, {len(objects)} objects, {len(relations)} relations in {out}")

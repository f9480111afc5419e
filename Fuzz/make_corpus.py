#!/usr/bin/env python3
"""Writes the bad-file corpus: small broken logs of every kind the readers
must refuse cleanly, and a manifest.json naming, for each file, the reader
and words its error must contain. Used by AmbidexLogTests (every file must
fail with a clear error) and as the seed of the fuzz targets.

usage: make_corpus.py OUT_DIR
"""
import gzip
import json
import os
import sqlite3
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
manifest = []


def put(name, data, reader, expect):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    manifest.append({"file": name, "reader": reader, "expect": expect})


EVENT = ('<event><string key="concept:name" value="a"/>'
         '<date key="time:timestamp" value="2020-01-01T00:00:00Z"/></event>')
GOOD_XES = '<?xml version="1.0" encoding="UTF-8"?>\n<log>\n<trace><string key="concept:name" value="c1"/>\n' + EVENT + "\n</trace>\n</log>\n"

# XES
MANY = GOOD_XES.replace("</log>", "".join('<trace><string key="concept:name" value="c%d"/>%s</trace>\n' % (i, EVENT) for i in range(2, 200)) + "</log>")
put("truncated.xes.gz", gzip.compress(MANY.encode())[:-30], "xes", "truncated gzip")
g = bytearray(gzip.compress(MANY.encode()))
g[20:40] = b"\xff" * 20
put("corrupt.xes.gz", bytes(g), "xes", "corrupt gzip")
put("cut.xes", GOOD_XES[: GOOD_XES.index("</trace>") + 3], "xes", "end of file")
put("unclosed.xes", GOOD_XES.replace("</log>", ""), "xes", "is not closed")
put("mismatched.xes", GOOD_XES.replace("</trace>", "</event>"), "xes", "does not match")
put("entity-bomb.xes", '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<log><trace><string key="concept:name" value="&c;"/></trace></log>\n',
    "xes", "DOCTYPE")
put("external-entity.xes", '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<log>&x;</log>\n',
    "xes", "DOCTYPE")
put("undefined-entity.xes", GOOD_XES.replace('value="c1"', 'value="&x;"'), "xes", "undefined entity")
put("not-utf8.xes", GOOD_XES.encode().replace(b'value="c1"', b'value="c\xff\xfe1"'), "xes", "not UTF-8")
put("latin1-declared.xes", GOOD_XES.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "xes", "not supported")
put("wrong-int.xes", GOOD_XES.replace(EVENT, EVENT.replace("</event>", '<int key="n" value="abc"/></event>')), "xes", "is not an int")
put("wrong-float.xes", GOOD_XES.replace(EVENT, EVENT.replace("</event>", '<float key="n" value="1.2.3"/></event>')), "xes", "is not a float")
put("wrong-bool.xes", GOOD_XES.replace(EVENT, EVENT.replace("</event>", '<boolean key="n" value="maybe"/></event>')), "xes", "is not a boolean")
put("bad-date.xes", GOOD_XES.replace("2020-01-01T00:00:00Z", "yesterday at noon"), "xes", "unknown time format")
put("bad-month.xes", GOOD_XES.replace("2020-01-01T00:00:00Z", "2020-13-01T00:00:00Z"), "xes", "unknown time format")
put("no-activity.xes", GOOD_XES.replace('<string key="concept:name" value="a"/>', ""), "xes", "without concept:name")
put("no-timestamp.xes", GOOD_XES.replace('<date key="time:timestamp" value="2020-01-01T00:00:00Z"/>', ""), "xes", "without time:timestamp")
put("no-case-name.xes", GOOD_XES.replace('<string key="concept:name" value="c1"/>', ""), "xes", "without concept:name")
put("duplicate-case.xes", GOOD_XES.replace("</log>", '<trace><string key="concept:name" value="c1"/>' + EVENT + "</trace></log>"),
    "xes", "duplicate case id")
put("event-outside-trace.xes", GOOD_XES.replace("</log>", EVENT + "</log>"), "xes", "outside any trace")
put("empty.xes", "", "xes", "no root element")
put("only-declaration.xes", '<?xml version="1.0"?>\n', "xes", "no root element")
put("two-roots.xes", GOOD_XES + "<log></log>", "xes", "second root")
put("text-after-root.xes", GOOD_XES + "garbage", "xes", "outside the root")
put("not-xes.xes", "<html><body>hello</body></html>", "xes", "not an XES log")
put("deep.xes", "<log>" + "<x>" * 5000 + "</x>" * 5000 + "</log>", "xes", "deeper than 256")
put("unquoted.xes", GOOD_XES.replace('value="c1"', "value=c1"), "xes", "without quotes")
put("unclosed-quote.xes", GOOD_XES[: GOOD_XES.index('value="c1"') + 9], "xes", "end of file")
put("lt-in-value.xes", GOOD_XES.replace('value="c1"', 'value="c<1"'), "xes", "inside an attribute value")
put("key-missing.xes", GOOD_XES.replace('<string key="concept:name" value="a"/>', '<string value="a"/>'), "xes", "without a key")
put("timestamp-int.xes", GOOD_XES.replace('<date key="time:timestamp"', '<int key="time:timestamp"'), "xes", "must be a date")

# OCEL 2.0 JSON
ocel = {
    "objectTypes": [{"name": "Order", "attributes": [{"name": "price", "type": "float"}]}],
    "eventTypes": [{"name": "place", "attributes": [{"name": "by", "type": "string"}]}],
    "objects": [{"id": "o1", "type": "Order", "attributes": [{"name": "price", "time": "1970-01-01T00:00:00Z", "value": 10.5}]}],
    "events": [{"id": "e1", "type": "place", "time": "2022-01-01T10:00:00Z", "attributes": [{"name": "by", "value": "Ann"}],
                "relationships": [{"objectId": "o1", "qualifier": "placed"}]}],
}


def variant(change):
    d = json.loads(json.dumps(ocel))
    change(d)
    return json.dumps(d)


good_json = json.dumps(ocel)
put("cut.jsonocel", good_json[: len(good_json) // 2], "ocel-json", "end of file")
put("trailing-comma.jsonocel", good_json.replace("]}]}", "],}]}", 1) if "]}]}" in good_json else good_json[:-1] + ",}", "ocel-json", "expected a key")
put("not-object.jsonocel", "[1, 2, 3]", "ocel-json", "is an object")
put("events-not-array.jsonocel", variant(lambda d: d.update(events={"e1": 1})), "ocel-json", "must be an array")
put("bad-time.jsonocel", variant(lambda d: d["events"][0].update(time="01/02/2022 10:00")), "ocel-json", "unknown time format")
put("duplicate-event.jsonocel", variant(lambda d: d["events"].append(d["events"][0])), "ocel-json", "duplicate event id")
put("duplicate-object.jsonocel", variant(lambda d: d["objects"].append(d["objects"][0])), "ocel-json", "duplicate object id")
put("dangling-object.jsonocel", variant(lambda d: d["events"][0]["relationships"].append({"objectId": "nope", "qualifier": "x"})),
    "ocel-json", "does not declare")
put("undeclared-type.jsonocel", variant(lambda d: d["events"][0].update(type="unknown")), "ocel-json", "does not declare")
put("missing-id.jsonocel", variant(lambda d: d["events"][0].pop("id")), "ocel-json", "without an id")
put("missing-events.jsonocel", variant(lambda d: d.pop("events")), "ocel-json", "has no \"events\"")
put("wrong-value-type.jsonocel", variant(lambda d: d["objects"][0]["attributes"][0].update(value="ten")), "ocel-json", "is not a valid float")
put("id-not-string.jsonocel", variant(lambda d: d["events"][0].update(id=5)), "ocel-json", "must be a string")
put("not-utf8.jsonocel", good_json.encode().replace(b'"Ann"', b'"A\xffn"'), "ocel-json", "not UTF-8")
put("bad-escape.jsonocel", good_json.replace('"Ann"', '"A\\qn"'), "ocel-json", "invalid escape")
put("deep.jsonocel", '{"extra": ' + "[" * 5000 + "]" * 5000 + "}", "ocel-json", "deeper than 256")
put("control-char.jsonocel", good_json.replace('"Ann"', '"A\x01n"'), "ocel-json", "control character")
put("empty.jsonocel", "", "ocel-json", "no JSON value")
put("garbage-after.jsonocel", good_json + " {}", "ocel-json", "after the end")

# OCEL 2.0 XML
GOOD_XML = """<?xml version="1.0" encoding="UTF-8"?>
<log>
<object-types><object-type name="Order"><attributes><attribute name="price" type="float"/></attributes></object-type></object-types>
<event-types><event-type name="place"><attributes><attribute name="by" type="string"/></attributes></event-type></event-types>
<objects><object id="o1" type="Order"><attributes><attribute name="price" time="1970-01-01T00:00:00Z">10.5</attribute></attributes></object></objects>
<events><event id="e1" type="place" time="2022-01-01T10:00:00"><attributes><attribute name="by">Ann</attribute></attributes>
<objects><relationship object-id="o1" qualifier="placed"/></objects></event></events>
</log>
"""
put("cut.xmlocel", GOOD_XML[: len(GOOD_XML) // 2], "ocel-xml", "end of file")
put("dangling.xmlocel", GOOD_XML.replace('object-id="o1"', 'object-id="o9"'), "ocel-xml", "does not declare")
put("duplicate-event.xmlocel", GOOD_XML.replace("</events>", '<event id="e1" type="place" time="2022-01-01T10:00:00"/></events>'),
    "ocel-xml", "duplicate event id")
put("bad-time.xmlocel", GOOD_XML.replace('time="2022-01-01T10:00:00"', 'time="tomorrow"'), "ocel-xml", "unknown time format")
put("bad-float.xmlocel", GOOD_XML.replace(">10.5<", ">ten<"), "ocel-xml", "is not a valid float")
put("entity-bomb.xmlocel", '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<log>&b;</log>',
    "ocel-xml", "DOCTYPE")
put("missing-time.xmlocel", GOOD_XML.replace(' time="2022-01-01T10:00:00"', ""), "ocel-xml", "without time")
put("wrong-root.xmlocel", "<ocel></ocel>", "ocel-xml", "not an OCEL 2.0 XML log")
put("unknown-type.xmlocel", GOOD_XML.replace('type="float"', 'type="money"'), "ocel-xml", "unknown attribute type")


# OCEL 2.0 SQLite
def sqlite_log(name, change=None):
    path = os.path.join(out, name)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.executescript("""
    CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
    CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
    CREATE TABLE event_place (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP, "by" TEXT);
    CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
    CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
    CREATE TABLE object_Order (ocel_id TEXT, price REAL, ocel_time TIMESTAMP, ocel_changed_field TEXT);
    CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
    CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
    INSERT INTO event VALUES ('e1', 'place');
    INSERT INTO event_map_type VALUES ('place', 'place');
    INSERT INTO event_place VALUES ('e1', '2022-01-01 10:00:00', 'Ann');
    INSERT INTO object VALUES ('o1', 'Order');
    INSERT INTO object_map_type VALUES ('Order', 'Order');
    INSERT INTO object_Order VALUES ('o1', 10.5, '1970-01-01 00:00:00', NULL);
    INSERT INTO event_object VALUES ('e1', 'o1', 'placed');
    """)
    if change:
        db.executescript(change)
    db.commit()
    db.close()


sqlite_log("dangling.sqlite", "INSERT INTO event_object VALUES ('e1', 'o9', 'x');")
manifest.append({"file": "dangling.sqlite", "reader": "ocel-sqlite", "expect": "does not declare"})
sqlite_log("missing-table.sqlite", "DROP TABLE object_object;")
manifest.append({"file": "missing-table.sqlite", "reader": "ocel-sqlite", "expect": "is missing"})
sqlite_log("bad-time.sqlite", "UPDATE event_place SET ocel_time = 'noon';")
manifest.append({"file": "bad-time.sqlite", "reader": "ocel-sqlite", "expect": "unknown time format"})
sqlite_log("duplicate-object.sqlite", "DROP TABLE object; CREATE TABLE object (ocel_id TEXT, ocel_type TEXT);"
           "INSERT INTO object VALUES ('o1','Order'); INSERT INTO object VALUES ('o1','Order');")
manifest.append({"file": "duplicate-object.sqlite", "reader": "ocel-sqlite", "expect": "duplicate object id"})
sqlite_log("no-time-row.sqlite", "DELETE FROM event_place;")
manifest.append({"file": "no-time-row.sqlite", "reader": "ocel-sqlite", "expect": "has no row with its time"})
with open(os.path.join(out, "dangling.sqlite"), "rb") as f:
    whole = f.read()
put("truncated.sqlite", whole[: len(whole) // 3], "ocel-sqlite", "cannot")
put("not-a-database.sqlite", b"this is not a database, only text" * 10, "ocel-sqlite", "cannot")

# CSV (mapping: case = case, activity = activity, timestamp = time, resource = resource)
GOOD_CSV = "case,activity,time,resource\nc1,register,2022-01-01T10:00:00Z,Ann\nc1,check,2022-01-01T11:00:00Z,Bob\n"
put("ragged.csv", GOOD_CSV + "c2,register\n", "csv", "ragged row")
put("unclosed-quote.csv", GOOD_CSV + 'c2,"register,2022-01-01T10:00:00Z,Ann\n', "csv", "never closed")
put("bad-time.csv", GOOD_CSV.replace("2022-01-01T11:00:00Z", "11 o'clock"), "csv", "unknown time format")
put("missing-column.csv", GOOD_CSV.replace("resource", "user").replace("time,", "when,"), "csv", "no column")
put("empty-case.csv", GOOD_CSV + ",register,2022-01-01T10:00:00Z,Ann\n", "csv", "case id is empty")
put("not-utf8.csv", GOOD_CSV.encode() + b"c3,r\xe9gister,2022-01-01T10:00:00Z,Ann\n", "csv", "not UTF-8")
put("empty.csv", "", "csv", "empty")
put("text-after-quote.csv", GOOD_CSV + 'c2,"reg"ister,2022-01-01T10:00:00Z,Ann\n', "csv", "after the closing quote")

with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)
print(f"{len(manifest)} bad files in {out}")

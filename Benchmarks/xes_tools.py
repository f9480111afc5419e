"""Helpers the benchmark scripts share."""
import gzip
import re


def concatenate(src, dst, times):
    """The log `times` times over, case ids suffixed, so every trace stays unique."""
    text = gzip.open(src, "rt", encoding="utf-8").read()
    first, last = text.index("<trace>"), text.rindex("</trace>") + len("</trace>")
    head, body, tail = text[:first], text[first:last], text[last:]
    name = re.compile(r'(<trace>(?:(?!<event>).)*?<string key="concept:name" value=")([^"]*)(")', re.S)
    with gzip.open(dst, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write(head)
        for k in range(times):
            out.write(name.sub(lambda m: f"{m.group(1)}{m.group(2)}-{k}{m.group(3)}", body))
            out.write("\n")
        out.write(tail)


if __name__ == "__main__":
    import sys
    concatenate(sys.argv[1], sys.argv[2], int(sys.argv[3]))

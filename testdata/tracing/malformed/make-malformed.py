#!/usr/bin/env python3
"""Writes nul.log, long-line.log and journal.log (hand-made, see README.md): a NUL inside
a message as JSON writes it, and a line over the fuzzer's 4096-byte limit
between two good ones. Run from this folder."""
import json

GOOD = ('{"timestamp":"2026-11-29T23:55:51.000002Z","level":"INFO",'
        '"fields":{"message":"ok"},"target":"filament_server"}')
NUL = ('{"timestamp":"2026-11-29T23:55:51.000001Z","level":"INFO",'
       '"fields":{"message":"before\\u0000after","event":"nul.test"},"target":"filament_server"}')

with open("nul.log", "w") as f:
    f.write(NUL + "\n" + GOOD + "\n")

big = json.dumps({"timestamp": "2026-11-29T23:55:52.000001Z", "level": "INFO",
                  "fields": {"message": "x" * 5000}, "target": "t"}, separators=(",", ":"))
with open("long-line.log", "w") as f:
    f.write(GOOD + "\n" + big + "\n" + GOOD.replace("000002Z", "000003Z") + "\n")

# journal.log: journalctl -o json entries, good and bad (README.md)
JOURNAL = [
    '{"__REALTIME_TIMESTAMP":"1795993753802956","MESSAGE":"2026-11-29T23:09:13.802956Z  INFO filament_server: ok","_PID":"4242"}',
    '{"__REALTIME_TIMESTAMP":"1795993753802957","_PID":"4242"}',
    '{"__REALTIME_TIMESTAMP":"soon","MESSAGE":"x"}',
    '{"__REALTIME_TIMESTAMP":"1795993753802958","MESSAGE":[27,300]}',
    '{"__REALTIME_TIMESTAMP":"1795993753802959","MESSAGE":"cut',
    '{"__REALTIME_TIMESTAMP":"1795993753802960","MESSAGE":" INFO filament_server: no time of its own"}',
]
with open("journal.log", "w") as f:
    f.write("\n".join(JOURNAL) + "\n")

# bunyan.log: tracing-bunyan-formatter lines, good and bad (README.md)
BUNYAN = [
    '{"v":0,"name":"app","msg":"ok","level":30,"time":"2026-11-29T23:09:13.802956Z","target":"t"}',
    '{"v":0,"name":"app","msg":"","level":30,"time":"","target":"","file":""}',
    '{"v":0,"name":"app","msg":"x","level":"INFO","time":"2026-11-29T23:09:13Z"}',
    '{"v":0,"name":"app","msg":"x","level":30}',
    '{"v":0,"name":"app","msg":"x","level":30,"time":"2026-11-29T23:09:13Z","password":"hunter2"',
    '{"v":0,"name":"app","msg":"[REQUEST - EVENT] y","level":40,"time":"2026-11-29T23:09:13.5Z","headers":{"authorization":"Bearer abcdefgh1234"}}',
]
with open("bunyan.log", "w") as f:
    f.write("\n".join(BUNYAN) + "\n")

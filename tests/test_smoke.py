"""The seeds build end to end and hold the headline facts of the story."""

import json


def test_seeds_build_has_singapore_summit(seeds_export):
    data = json.loads((seeds_export / "events.json").read_text())
    summits = [e for e in data["events"] if e["type"] == "Summit" and e["date"] == "2018-06-12"]
    assert summits, "the Singapore summit of 2018-06-12 is missing"
    assert {"donald-trump", "kim-jong-un"} <= set(summits[0]["participants"])

"""What scripts/gen_hard_cases.py and scripts/gen_near_ties.py share: the spread of inputs a
fixture keeps, and writing the fixture."""
import json
import os


def spread(found, limit):
    """Up to `limit` of the (sorted) found inputs: the first, and every k-th after."""
    step = max(1, len(found) // limit)
    return found[::step][:limit]


def write_fixture(name, script, cases):
    """Tests/KinkCheckTests/Fixtures/NAME: {"generated_by": script, "cases": cases}."""
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "KinkCheckTests", "Fixtures", name)
    with open(out, "w") as f:
        json.dump({"generated_by": script, "cases": cases}, f, indent=1)
        f.write("\n")

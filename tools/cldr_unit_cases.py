"""Refresh kb/data/cldr_unit_cases.json, CLDR's unit patterns per grammatical case.

  python tools/cldr_unit_cases.py CLDR_JSON   (a checkout of unicode-org/cldr-json; builds and tests need none)

Babel gives each unit's patterns per width and plural form, but not CLDR's patterns per
grammatical case ("{0} Tagen", the German dative; "{0} днях", the Russian locative).
This copies them from the cldr-json release Babel was made from (Babel 2.18: CLDR 47),
for every locale and duration unit whose case forms differ from the plain ones, with each
language's grammatical cases (supplemental/grammaticalFeatures.json)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import babel

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kb" / "data" / "cldr_unit_cases.json"
PLAIN = "unitPattern"
# The units facts are counted in: kb.data.facts renders them, kb.checks.durations reads them.
DURATIONS = tuple(f"duration-{name}" for name in ("day", "week", "month", "year", "hour", "minute"))


def unit_cases(units: dict) -> dict[str, dict[str, dict[str, str]]]:
    """unit -> case -> plural form -> pattern (long width), for each duration unit whose case forms differ
    from its plain ones, which are the nominative's."""
    found = {}
    for unit, entry in units.get("long", {}).items():
        if unit not in DURATIONS:
            continue
        plain = {key.rpartition("-")[2]: value for key, value in entry.items() if key.startswith(f"{PLAIN}-count-")}
        cases: dict[str, dict[str, str]] = {}
        for key, value in entry.items():
            case, marker, count = key.partition("-count-")
            if marker and case != PLAIN:
                cases.setdefault(case, {})[count] = value
        if any(plain.get(count) != value for forms in cases.values() for count, value in forms.items()):
            found[unit] = {"nominative": plain, **cases}
    return found


def main(cldr_json: Path) -> None:
    version = json.loads((cldr_json / "cldr-json" / "cldr-core" / "package.json").read_text())["version"]
    expected = babel.core.get_cldr_version()
    if version.split(".")[0] != expected:
        sys.exit(f"{cldr_json} holds CLDR {version}; Babel {babel.__version__} is made from CLDR {expected}")
    grammar = json.loads(
        (cldr_json / "cldr-json" / "cldr-core" / "supplemental" / "grammaticalFeatures.json").read_text()
    )
    cases = {
        name.partition("-")[0]: features["grammaticalCase"]
        for name, features in grammar["supplemental"]["grammaticalData"].items()
        if name.endswith("-targets-nominal") and "grammaticalCase" in features
    }
    locales: dict[str, dict] = {}
    for folder in sorted((cldr_json / "cldr-json" / "cldr-units-full" / "main").iterdir()):
        data = json.loads((folder / "units.json").read_text())
        found = unit_cases(data["main"][folder.name]["units"])
        language = folder.name.partition("-")[0]
        if found and (folder.name == language or found != locales.get(language)):
            locales[folder.name.replace("-", "_")] = found
    out = {"cldr": version, "cases": dict(sorted(cases.items())), "units": locales}
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}" for key, value in out.items()
    ]
    OUT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
